"""A failed transfer looks failed and goes again by itself: the window against a real
server process that stops in the middle and comes back on the same port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess, start_server
from keys import press
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.transfers.manager import TransferState
from app.gui.window.main_window import MainWindow

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
STEP_MS = 30_000


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[ServerProcess]]:
    running = [start_server(tmp_path / "server", "--open-registration")]
    yield running
    for server in running:
        server.stop()


def test_a_failed_upload_says_why_and_goes_again_when_the_server_is_back(  # type: ignore[no-untyped-def]
    qtbot, workers, servers: list[ServerProcess], tmp_path: Path, monkeypatch
) -> None:
    server = servers[0]
    backend = ServicesBackend(tmp_path / "alice", Settings())
    try:
        backend.create_account(f"alice#{server.host}", PASSWORD)
        account = backend.account_info()  # no inbox long-poll: the server stops at once
        window = MainWindow(backend, workers, account, backend.settings, watch_inbox=False)
        qtbot.addWidget(window)
        window.offline.timer.setInterval(300)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        local = tmp_path / "report.txt"
        local.write_text("quarterly numbers")

        server.stop()  # the server goes away
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a: ([str(local)], ""))
        window.files.view.setFocus()
        press(Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
        model = window.transfers_model
        qtbot.waitUntil(
            lambda: bool(model.rows) and model.rows[0].state is TransferState.FAILED,
            timeout=STEP_MS,
        )
        row = model.rows[0]
        assert row.fraction == 0.0 and model.index(0, 1).data() == "—"  # no full bar
        name = model.index(0, 0)
        assert name.data(Qt.ItemDataRole.AccessibleTextRole) == "report.txt, Upload to /"
        assert name.data(Qt.ItemDataRole.DecorationRole) is not None  # the direction's icon
        assert model.index(0, 4).data().startswith("Failed: ")
        qtbot.waitUntil(lambda: window.offline.offline, timeout=STEP_MS)

        window.show_section("transfers")
        panel = window.transfers_panel
        assert not panel.retry_button.isEnabled() and not panel.cancel_button.isEnabled()
        cell = panel.table.visualRect(model.index(0, 0)).center()
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        assert panel.retry_button.isEnabled() and not panel.cancel_button.isEnabled()

        port = server.host.rsplit(":", 1)[1]
        servers.append(start_server(tmp_path / "server", "--port", port))  # it is back
        qtbot.waitUntil(lambda: not window.offline.offline, timeout=STEP_MS)
        qtbot.waitUntil(lambda: model.rows[0].state is TransferState.FINISHED, timeout=STEP_MS)
        assert len(model.rows) == 1  # the retry reused the failed row
        window.show_section("my-files")
        qtbot.waitUntil(
            lambda: [e.name for e in window.files.model.entries] == ["report.txt"],
            timeout=STEP_MS,
        )
    finally:
        assert workers.wait(STEP_MS)
        backend.stop()
