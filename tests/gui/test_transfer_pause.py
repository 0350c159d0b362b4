"""Pause and Resume in the Transfers panel, clicked, against a real server: a 48 MiB
upload paused mid-way says "Paused" (not failed), keeps its resume journal, and Resume
brings it to the server byte for byte."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.transfers.manager import TransferManager, TransfersModel, TransferState
from app.gui.transfers.panel import TransfersPanel
from app.gui.workers import Workers
from app.services.events import CancelToken, TransferEvent, TransferProgress

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]


def test_pause_then_resume_uploads_every_byte(qtbot, tmp_path: Path, server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    profile = tmp_path / "alice"
    backend = ServicesBackend(profile, Settings(server=server.host))
    workers = Workers()
    try:
        backend.create_account(f"alice#{server.host}", "correct horse battery staple")
        model = TransfersModel()
        manager = TransferManager(backend, workers, model)
        panel = TransfersPanel(model, manager)
        qtbot.addWidget(panel)
        panel.show()
        local = tmp_path / "archive.bin"
        local.write_bytes(os.urandom(48 << 20))
        upload = backend.upload

        def held_after_its_first_block(paths, folder, on_event, cancel):  # type: ignore[no-untyped-def]
            def wait_for_pause(event: TransferEvent) -> None:
                on_event(event)
                if isinstance(event, TransferProgress) and event.done > 0:
                    deadline = time.monotonic() + 60  # the person's click, on any machine
                    while not cancel.cancelled and time.monotonic() < deadline:
                        time.sleep(0.01)

            return upload(paths, folder, wait_for_pause, cancel)

        backend.upload = held_after_its_first_block  # type: ignore[method-assign]
        manager.upload([local], "/")
        qtbot.waitUntil(lambda: bool(model.rows) and model.rows[0].done > 0, timeout=30_000)
        cell = panel.table.visualRect(model.index(0, 0)).center()
        QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        qtbot.waitUntil(panel.pause_button.isEnabled, timeout=30_000)
        QTest.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: model.rows[0].state is TransferState.PAUSED, timeout=30_000)
        row = model.rows[0]
        assert 0 < row.done < row.event.total
        status = model.index(0, 4).data()
        assert status.startswith("Paused") and "Failed" not in status
        assert panel.retry_button.isEnabled() and panel.retry_button.text() == "Resume"
        assert not panel.pause_button.isEnabled()
        journal = profile / "transfers"
        assert len(list(journal.iterdir())) == 1  # what the server has is remembered

        backend.upload = upload  # type: ignore[method-assign]
        QTest.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: model.rows[0].state is TransferState.FINISHED, timeout=60_000)
        assert len(model.rows) == 1  # Resume reused the row
        assert list(journal.iterdir()) == []
        back = backend.download("/archive.bin", tmp_path / "back", lambda _e: None, CancelToken())
        assert back.read_bytes() == local.read_bytes()
    finally:
        assert workers.wait(60_000)
        manager.close()
        assert manager.keeper.wait(60_000)
        backend.stop()
