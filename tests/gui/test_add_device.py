""" "Add a device…" from the Account menu with a recording backend: the code, then the
words, and the link only after "Same words" is clicked; "differ" and closing say no."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_backend import FakeBackend
from PySide6.QtCore import Qt

from app.gui.backend.interface import AccountInfo
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.devices import AddDeviceDialog
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers


@pytest.fixture
def window(qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    shown = MainWindow(
        backend,
        workers,
        AccountInfo("alice#127.0.0.1:4711", "127.0.0.1:4711"),
        Settings(download_folder=str(tmp_path)),
    )
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _open(qtbot, window: MainWindow) -> AddDeviceDialog:  # type: ignore[no-untyped-def]
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Account")
    next(a for a in menu.actions() if a.text() == "Add a device…").trigger()
    dialog = window.findChild(AddDeviceDialog)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "laptop")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.same_button.isEnabled, timeout=10_000)
    return dialog


def test_the_code_then_the_words_then_the_link(
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window)
    assert dialog.code.text() == "7-guitar-ocean"
    assert "privshare device join alice#127.0.0.1:4711 7-guitar-ocean" in dialog.hint.text()
    assert dialog.words.text() == "ankle coffee pledge have"
    assert backend.called("add_device") == []  # nothing linked before the answer
    qtbot.mouseClick(dialog.same_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Linked"), timeout=10_000)
    assert backend.called("add_device") == [("add_device", "laptop")]


def test_different_words_link_nothing(qtbot, window: MainWindow, backend: FakeBackend) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window)
    qtbot.mouseClick(dialog.differ_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text.text() != "", timeout=10_000)
    assert "nothing was linked" in dialog.error.text.text()
    assert backend.called("add_device") == []


def test_closing_while_waiting_links_nothing(
    qtbot, window: MainWindow, backend: FakeBackend, workers: Workers
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window)
    dialog.reject()
    assert workers.wait(10_000)
    assert backend.called("add_device") == []
