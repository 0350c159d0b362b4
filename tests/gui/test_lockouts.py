"""Issue 15's three lock-outs, each driven with real keys and clicks against a real
server process: the 24 words typed the natural way into the recovery page; a connection
setting that cannot reach the server (offline, retried, the old setting restored, the
lock screen's Settings); and the "This computer" server (only for its own accounts, a
real server stored for the others, closed registration, an orphan replaced)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess
from keys import press, type_text
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from app.gui.app import Application
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import LOCAL_SERVER, Settings, load_settings
from app.gui.window.lock import LockScreen
from app.gui.window.main_window import MainWindow
from app.gui.wizard.flow import Flow
from app.gui.wizard.wizard import Wizard
from app.services.errors import ServiceError
from app.services.session import Session

pytestmark = [pytest.mark.integration, pytest.mark.gui]
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new long password"
STEP_MS = 30_000


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


# ---- 1. a connection setting that cannot reach the server ---------------------------


def _unlock(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    """Click the password field, type the password, press Enter."""
    screen.window().activateWindow()
    qtbot.waitUntil(screen.window().isActiveWindow)
    qtbot.mouseClick(screen.password, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.password)
    type_text(PASSWORD)
    press(Qt.Key.Key_Return)


def _start(qtbot, folder: Path) -> Application:  # type: ignore[no-untyped-def]
    application = Application(folder)
    application.start()
    window = application.window
    assert isinstance(window, LockScreen)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    window.activateWindow()
    return application


def _opened(qtbot, application: Application) -> MainWindow:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: application.main is not None, timeout=STEP_MS)
    window = application.main
    assert window is not None
    qtbot.addWidget(window)
    window.offline.timer.setInterval(300)  # retry often here (5 s in use)
    return window


def _names(window: MainWindow) -> list[str]:
    return [window.files.model.index(row, 0).data() for row in range(window.files.model.rowCount())]


def _set_proxy(qtbot, dialog, *, steps: int, port: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Choose the proxy mode with the arrow keys (0 system, 1 none, 2 http), type a
    proxy, press OK."""
    dialog.proxy_mode.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.proxy_mode)
    for _ in range(3):
        press(Qt.Key.Key_Up)
    for _ in range(steps):
        press(Qt.Key.Key_Down)
    if port:
        qtbot.mouseClick(dialog.proxy_host, Qt.MouseButton.LeftButton)
        type_text("127.0.0.1")
        qtbot.mouseClick(dialog.proxy_port, Qt.MouseButton.LeftButton)
        press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(str(port))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


@pytest.mark.slow
def test_a_proxy_that_cannot_reach_the_server_never_locks_the_user_out(  # type: ignore[no-untyped-def]
    qtbot, server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "alice"
    _account(folder, server.host)  # made by the command line: no window settings yet
    application = _start(qtbot, folder)
    try:
        _unlock(qtbot, application.window)
        window = _opened(qtbot, application)
        assert not window.offline.offline
        saved = load_settings(folder)
        assert saved.server == server.host and saved.address == f"alice#{server.host}"
        assert application.backend.local_server is None  # no embedded server for it
        application.backend.mkdir("/Project")
        window.files.refresh()
        qtbot.waitUntil(lambda: _names(window) == ["Project"], timeout=STEP_MS)

        _set_proxy(qtbot, window.menus.open_settings(), steps=2, port=_closed_port())
        qtbot.waitUntil(lambda: window.offline.offline, timeout=STEP_MS)
        assert not window.locked and window.menuBar().isEnabled()
        assert window.offline.restore_button.isVisible()
        assert "Privshare keeps trying" in window.offline.text.text()

        window.lock()  # locking and unlocking while offline opens the window, offline
        _unlock(qtbot, window.lock_screen)
        qtbot.waitUntil(lambda: not window.locked, timeout=STEP_MS)
        qtbot.waitUntil(lambda: window.offline.offline, timeout=STEP_MS)

        qtbot.mouseClick(window.offline.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.offline.offline, timeout=STEP_MS)
        qtbot.waitUntil(lambda: _names(window) == ["Project"], timeout=STEP_MS)
        assert load_settings(folder).proxy_mode == "system"

        _set_proxy(qtbot, window.menus.open_settings(), steps=2, port=_closed_port())
        qtbot.waitUntil(lambda: window.offline.offline, timeout=STEP_MS)
    finally:
        application.shutdown()

    restarted = _start(qtbot, folder)  # the bad setting was saved: a restart still opens
    try:
        screen = restarted.window
        assert isinstance(screen, LockScreen)
        qtbot.mouseClick(screen.settings_button, Qt.MouseButton.LeftButton)
        dialog = screen.findChild(QDialog)
        assert dialog is not None and dialog.isVisible()
        _set_proxy(qtbot, dialog, steps=0)  # back to the system's settings
        qtbot.waitUntil(lambda: load_settings(folder).proxy_mode == "system", timeout=STEP_MS)
        _unlock(qtbot, screen)
        window = _opened(qtbot, restarted)
        qtbot.waitUntil(lambda: _names(window) == ["Project"], timeout=STEP_MS)
        assert not window.offline.offline
    finally:
        restarted.shutdown()


# ---- 2. "This computer" ---------------------------------------------------------------


@pytest.mark.slow
def test_this_computer_is_closed_to_strangers_and_an_orphan_server_is_replaced(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    folder = tmp_path / "me"
    first = ServicesBackend(folder, Settings())
    host = first.start_local_server()
    first.create_account(f"me#{host}", PASSWORD)  # the first account: with an invitation
    saved = load_settings(folder)
    assert saved.server == LOCAL_SERVER and host == f"127.0.0.1:{saved.local_port}"
    with pytest.raises(ServiceError, match="invitation"):  # nobody else signs up on it
        Session(tmp_path / "stranger").create(f"eve#{host}", PASSWORD)

    assert first.local_server is not None
    orphan = first.local_server._process  # the window dies; its server runs on
    first.local_server._process = None
    assert orphan is not None and orphan.poll() is None
    application = _start(qtbot, folder)
    try:
        _unlock(qtbot, application.window)
        window = _opened(qtbot, application)
        assert orphan.wait(10) is not None  # stopped, its port taken over
        server = application.backend.local_server
        assert server is not None and server.running and server.host == host
        assert not window.offline.offline and window.account.address == f"me#{host}"
    finally:
        application.shutdown()
        if orphan.poll() is None:
            orphan.kill()
        orphan.wait()
        if orphan.stdout is not None:
            orphan.stdout.close()
    assert not (folder / "server" / "server.pid").exists()


# ---- a forgotten password -------------------------------------------------------------


@pytest.mark.slow
def test_a_forgotten_password_is_recovered_from_the_lock_screen(  # type: ignore[no-untyped-def]
    qtbot, server: ServerProcess, tmp_path: Path
) -> None:
    folder = tmp_path / "alice"
    words = _account(folder, server.host)
    application = _start(qtbot, folder)
    try:
        screen = application.window
        assert isinstance(screen, LockScreen)
        assert str(folder) in screen.account.text()  # a CLI profile: which one, at least
        qtbot.mouseClick(screen.forgot_button, Qt.MouseButton.LeftButton)
        wizard = application.window
        assert isinstance(wizard, Wizard)
        qtbot.addWidget(wizard)
        qtbot.waitExposed(wizard)
        wizard.activateWindow()
        assert wizard.page("start").buttons[Flow.RECOVER].isChecked()
        _next(qtbot, wizard, "server")
        _click(qtbot, wizard.page("server").remote)
        qtbot.keyClicks(wizard.page("server").host, server.host)
        _next(qtbot, wizard, "recover-phrase")
        page = wizard.page("recover-phrase")
        qtbot.keyClicks(page.username, "alice")
        page.entry.fields[0].setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is page.entry.fields[0])
        type_text(" ".join(words))
        _next(qtbot, wizard, "recover-password")
        passwords = wizard.page("recover-password").passwords
        qtbot.keyClicks(passwords.password, NEW_PASSWORD)
        qtbot.keyClicks(passwords.again, NEW_PASSWORD)
        _next(qtbot, wizard, "finish")
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
        window = _opened(qtbot, application)
        assert window.account.address == f"alice#{server.host}"
        assert (folder / "vault.bin.forgotten").exists()  # the old vault is kept, not lost
        assert Session(folder).open(NEW_PASSWORD).address.name == "alice"
    finally:
        application.shutdown()
