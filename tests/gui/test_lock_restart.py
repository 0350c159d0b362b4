"""Lock, the server restarts, unlock: the window against a real server process that is
stopped and started again on the same port between the lock and the typed password,
while every worker of the window's pool is taken (as by long transfers).

The lock and the unlock used to be two jobs in that pool: a busy pool kept the keys in
memory behind "Privshare is locked", and a lock that ran late closed the vault in the
middle of the unlock's login, so the unlock failed and the window stayed locked."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess, start_server
from keys import press, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.main_window import MainWindow
from app.services.session import SessionState

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
STEP_MS = 45_000


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[ServerProcess]]:
    running = [start_server(tmp_path / "server", "--open-registration")]
    yield running
    for server in running:
        server.stop()


def test_unlock_after_the_server_restarted_while_every_worker_is_busy(  # type: ignore[no-untyped-def]
    qtbot, workers, servers: list[ServerProcess], tmp_path: Path
) -> None:
    server = servers[0]
    backend = ServicesBackend(tmp_path / "alice", Settings())
    release = threading.Event()
    try:
        backend.create_account(f"alice#{server.host}", PASSWORD)
        backend.mkdir("/Project")
        window = MainWindow(
            backend, workers, backend.account_info(), backend.settings, watch_inbox=False
        )
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=STEP_MS)
        names = lambda: [entry.name for entry in window.files.model.entries]  # noqa: E731
        qtbot.waitUntil(lambda: names() == ["Project"], timeout=STEP_MS)
        for _ in range(workers.pool.maxThreadCount()):
            workers.run(release.wait, STEP_MS / 1000)  # every worker taken

        window.files.view.setFocus()
        press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Lock now
        assert window.locked
        qtbot.waitUntil(lambda: backend.session.state is SessionState.LOCKED, timeout=STEP_MS)

        port = server.host.rsplit(":", 1)[1]
        assert server.stop() == 0
        servers.append(start_server(tmp_path / "server", "--port", port))

        screen = window.lock_screen
        qtbot.mouseClick(screen.password, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.password, timeout=STEP_MS)
        type_text(PASSWORD)
        press(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not window.locked, timeout=STEP_MS)
        assert screen.error.message == ""
        assert backend.session.state is SessionState.ONLINE

        release.set()  # the pool is free again: the file list comes back
        qtbot.waitUntil(lambda: names() == ["Project"], timeout=STEP_MS)
        backend.mkdir("/Project/after the restart")  # the new login works on the new server
        assert [e.name for e in backend.list_folder(window.files.view_kind, "/Project")] == [
            "after the restart"
        ]
        window.quit()
    finally:
        release.set()
        assert workers.wait(STEP_MS)
        backend.stop()
