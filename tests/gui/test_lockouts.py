"""Issue 15's three lock-outs, each driven with real keys and clicks against a real
server process: the 24 words typed the natural way into the recovery page; a connection
setting that cannot reach the server (offline, retried, the old setting restored, the
lock screen's Settings); and the "This computer" server (only for its own accounts, a
real server stored for the others, closed registration, an orphan replaced)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess, start_server
from keys import press, type_text
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.gui.app import Application
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import LOCAL_SERVER, Settings, load_settings
from app.gui.window.main_window import MainWindow
from app.gui.wizard.flow import Flow
from app.gui.wizard.wizard import Wizard
from app.services.session import Session

pytestmark = [pytest.mark.integration, pytest.mark.gui]
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new long password"
STEP_MS = 30_000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    running = start_server(tmp_path / "server", "--open-registration")
    yield running
    assert running.stop() == 0, running.log()[-3000:]


def _account(folder: Path, host: str) -> list[str]:
    """An account made as the command line makes it (no window settings)."""
    created = Session(folder).create(f"alice#{host}", PASSWORD)
    created.session.close()
    return created.phrase.split()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _next(qtbot, wizard: Wizard, step: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.step_changed, timeout=STEP_MS):
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.state.step == step, wizard.error.message


def _click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


# ---- 3. the 24 words, typed -----------------------------------------------------------


def test_the_24_words_typed_with_spaces_recover_the_account(  # type: ignore[no-untyped-def]
    qtbot, workers, server: ServerProcess, tmp_path: Path
) -> None:
    words = _account(tmp_path / "old", server.host)
    backend = ServicesBackend(tmp_path / "new", Settings())
    wizard = Wizard(backend, workers)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    _click(qtbot, wizard.page("start").buttons[Flow.RECOVER])
    _next(qtbot, wizard, "server")
    _click(qtbot, wizard.page("server").remote)
    qtbot.keyClicks(wizard.page("server").host, server.host)
    _next(qtbot, wizard, "recover-phrase")
    page = wizard.page("recover-phrase")
    qtbot.keyClicks(page.username, "alice")
    entry = page.entry
    entry.fields[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is entry.fields[0])

    type_text(" ".join(words[:6]) + " ")  # as read off the paper, with spaces
    assert entry.words()[:6] == words[:6]
    assert QApplication.focusWidget() is entry.fields[6]
    type_text(words[6] + "x")  # a slip: Backspace takes it back
    press(Qt.Key.Key_Backspace)
    press(Qt.Key.Key_Tab)  # Tab moves on as everywhere
    assert QApplication.focusWidget() is entry.fields[7]
    type_text(words[7][:3])  # the completer offers the rest: Down, Enter
    qtbot.waitUntil(lambda: entry.fields[7].completer().popup().isVisible())
    while entry.fields[7].completer().popup().currentIndex().data() != words[7]:
        press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
    assert entry.fields[7].text() == words[7]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is entry.fields[8])
    type_text("zz")  # an empty field's Backspace goes back, and nothing is injected
    press(Qt.Key.Key_Backspace)
    press(Qt.Key.Key_Backspace)
    press(Qt.Key.Key_Backspace)
    assert QApplication.focusWidget() is entry.fields[7]
    assert entry.fields[8].text() == "" and entry.fields[7].text() == words[7]
    press(Qt.Key.Key_Tab)
    type_text(" ".join(words[8:]))
    assert entry.words() == words, entry.words()
    assert entry.feedback.text() == "" and entry.phrase == " ".join(words)

    _next(qtbot, wizard, "recover-password")
    passwords = wizard.page("recover-password").passwords
    qtbot.keyClicks(passwords.password, NEW_PASSWORD)
    qtbot.keyClicks(passwords.again, NEW_PASSWORD)
    _next(qtbot, wizard, "finish")
    with qtbot.waitSignal(wizard.completed, timeout=STEP_MS) as done:
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert done.args[0].address == f"alice#{server.host}"
    saved = load_settings(tmp_path / "new")
    assert saved.server == server.host  # the real server, not "This computer"
    assert backend.local_server is None
    backend.stop()
