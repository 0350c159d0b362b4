"""The main flows with the keyboard alone, against a real server process: upload with
Ctrl+U, and share with bob (Home picks the file, Ctrl+Shift+S opens the dialog, Tab and
Space do the rest); lock with Ctrl+L, a wrong password, then the right one, and the
files are back. Only the platform's own file chooser is replaced: it is not the app's
window."""

from __future__ import annotations

from pathlib import Path

import pytest
from a11y_helpers import describe
from integration.server_harness import ServerProcess
from keys import press, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.share import ShareDialog
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
STEP_MS = 60_000  # a busy machine: key derivation and logins take their time


def _tab_to(widget: QWidget) -> None:
    for _ in range(40):
        if QApplication.focusWidget() is widget:
            return
        press(Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    raise AssertionError(f"Tab does not reach {describe(widget)} (at {focused})")


def test_upload_and_share_with_the_keyboard_alone(  # type: ignore[no-untyped-def]
    qtbot, workers: Workers, server: ServerProcess, tmp_path: Path, monkeypatch
) -> None:
    report = tmp_path / "report.txt"
    report.write_text("quarterly numbers\n")
    alice = ServicesBackend(tmp_path / "alice", Settings())
    bob = ServicesBackend(tmp_path / "bob", Settings())
    try:
        alice.create_account(f"alice#{server.host}", PASSWORD)
        bob.create_account(f"bob#{server.host}", PASSWORD)
        window = MainWindow(alice, workers, alice.account_info(), alice.settings, watch_inbox=False)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=STEP_MS)
        files = window.files
        files.view.setFocus()

        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a: ([str(report)], ""))
        _tab_to(files.view)
        press(Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)  # upload
        qtbot.waitUntil(
            lambda: [e.name for e in files.model.entries] == ["report.txt"], timeout=STEP_MS
        )

        _tab_to(files.view)
        press(Qt.Key.Key_Home)  # the first row becomes the current and selected one
        assert [entry.name for entry in files.view.selected_entries()] == ["report.txt"]
        press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: bool(window.findChildren(ShareDialog)), timeout=STEP_MS)
        dialog = window.findChildren(ShareDialog)[0]
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.recipient, timeout=STEP_MS)
        type_text("bob\t")  # leaving the field looks the key up
        qtbot.waitUntil(dialog.compared.isVisible, timeout=STEP_MS)
        assert dialog.recipient.text() == f"bob#{server.host}"
        assert len(dialog.words.text().split()) == 8
        _tab_to(dialog.compared)
        press(Qt.Key.Key_Space)  # "I compared the check words"
        _tab_to(dialog.share_button)
        press(Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: dialog.people.count() == 1, timeout=STEP_MS)
        assert dialog.people.item(0).text().startswith(f"bob#{server.host}")
        offers = bob.inbox()
        assert [(offer.sender, offer.name) for offer in offers] == [
            (f"alice#{server.host}", "report.txt")
        ]
    finally:
        assert workers.wait(STEP_MS)
        alice.stop()
        bob.stop()


def test_lock_and_unlock_with_the_keyboard_alone(  # type: ignore[no-untyped-def]
    qtbot, workers: Workers, server: ServerProcess, tmp_path: Path, monkeypatch
) -> None:
    said: list[str] = []

    def record(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            said.append(event.message())

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    alice = ServicesBackend(tmp_path / "alice", Settings())
    try:
        alice.create_account(f"alice#{server.host}", PASSWORD)
        alice.mkdir("/Plans")
        window = MainWindow(alice, workers, alice.account_info(), alice.settings, watch_inbox=False)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=STEP_MS)
        names = lambda: [e.name for e in window.files.model.entries]  # noqa: E731
        qtbot.waitUntil(lambda: names() == ["Plans"], timeout=STEP_MS)
        window.files.view.setFocus()
        press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.locked, timeout=STEP_MS)
        assert names() == []  # nothing of the account shows while locked
        assert QApplication.focusWidget() is window.lock_screen.password
        type_text("not my password\n")
        qtbot.waitUntil(lambda: bool(window.lock_screen.error.message), timeout=STEP_MS)
        assert window.locked and "password" in window.lock_screen.error.message
        assert said == [window.lock_screen.error.message]  # read out, not only shown
        assert QApplication.focusWidget() is window.lock_screen.password
        type_text(PASSWORD + "\n")  # the wrong one was selected: typing replaces it
        qtbot.waitUntil(lambda: not window.locked, timeout=STEP_MS)
        qtbot.waitUntil(lambda: names() == ["Plans"], timeout=STEP_MS)
        assert not window.lock_screen.error.message
    finally:
        assert workers.wait(STEP_MS)
        alice.stop()
