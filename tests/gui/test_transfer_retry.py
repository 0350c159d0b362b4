"""An upload interrupted in the window (cancelled mid-way) is retried from the Transfers
panel against a real server and ends with the right bytes; with the server gone, an
upload that never got going still gets its row, failed with one plain line (Retry)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess

from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.transfers.manager import TransferManager, TransfersModel, TransferState
from app.gui.workers import Workers
from app.services.events import CancelToken, TransferEvent, TransferProgress

pytestmark = [pytest.mark.integration, pytest.mark.gui]


def test_cancel_then_retry_uploads_every_byte(qtbot, tmp_path: Path, server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    backend = ServicesBackend(tmp_path / "alice", Settings(server=server.host))
    workers = Workers()
    try:
        backend.create_account(f"alice#{server.host}", "correct horse battery staple")
        model = TransfersModel()
        manager = TransferManager(backend, workers, model)
        local = tmp_path / "archive.bin"
        local.write_bytes(os.urandom(48 << 20))  # more than the 16 blocks in flight + a batch
        upload = backend.upload

        def cancelled_after_its_first_block(paths, folder, on_event, cancel):  # type: ignore[no-untyped-def]
            def first_block_cancels(event: TransferEvent) -> None:
                if isinstance(event, TransferProgress) and event.done > 0:
                    cancel.cancel()  # as the Cancel button would, mid-way on any machine
                on_event(event)

            return upload(paths, folder, first_block_cancels, cancel)

        backend.upload = cancelled_after_its_first_block  # type: ignore[method-assign]
        manager.upload([local], "/")
        qtbot.waitUntil(
            lambda: bool(model.rows) and model.rows[0].state is TransferState.CANCELLED,
            timeout=30_000,
        )
        assert 0 < model.rows[0].done < model.rows[0].event.total
        backend.upload = upload  # type: ignore[method-assign]
        manager.retry(model.rows[0])
        qtbot.waitUntil(lambda: model.rows[0].state is TransferState.FINISHED, timeout=60_000)
        assert len(model.rows) == 1  # the retry reused the row
        back = backend.download("/archive.bin", tmp_path / "back", lambda _e: None, CancelToken())
        assert back.read_bytes() == local.read_bytes()

        server.stop()  # the network drops
        again = tmp_path / "later.bin"
        again.write_bytes(os.urandom(1 << 20))
        manager.upload([again], "/")
        qtbot.waitUntil(
            lambda: (row := model.row_for("/later.bin")) is not None and row.finished,
            timeout=60_000,
        )
        row = model.row_for("/later.bin")
        assert row is not None and row.state is TransferState.FAILED
        status = model.index(model.rows.index(row), 4).data()
        assert status.startswith("Failed: ") and "\n" not in status and "Traceback" not in status
    finally:
        assert workers.wait(60_000)
        backend.stop()
