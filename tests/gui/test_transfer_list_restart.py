"""The transfer list survives a restart: two uploads are in flight when the window
closes; a new window on the same profile (a new backend, the vault opened again) shows
both as interrupted, Resume finishes one from its journal with every byte right, and
Remove takes the other off the list, all by mouse against a real server process."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess, start_server
from PySide6.QtCore import Qt

from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.transfers.manager import TransferState
from app.gui.window.main_window import MainWindow
from app.services.events import CancelToken, TransferEvent, TransferProgress
from app.services.transfers.store import LIST_FILE

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
STEP_MS = 45_000


def _held_after_the_first_block(backend: ServicesBackend, release: threading.Event) -> None:
    """Uploads stop after their first block until `release` (as if the program were
    closed in the middle of them)."""
    upload = backend.upload

    def held(paths, folder, on_event, cancel):  # type: ignore[no-untyped-def]
        def first_block_waits(event: TransferEvent) -> None:
            on_event(event)
            if isinstance(event, TransferProgress) and event.done > 0:
                release.wait(STEP_MS / 1000)

        return upload(paths, folder, first_block_waits, cancel)

    backend.upload = held  # type: ignore[method-assign]


def _window(qtbot, backend: ServicesBackend, workers) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(
        backend, workers, backend.account_info(), backend.settings, watch_inbox=False
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _click_row(qtbot, window: MainWindow, position: int) -> None:  # type: ignore[no-untyped-def]
    table = window.transfers_panel.table
    cell = table.visualRect(window.transfers_model.index(position, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)


def test_unfinished_uploads_come_back_after_a_restart_to_resume_or_remove(  # type: ignore[no-untyped-def]
    qtbot, workers, tmp_path: Path
) -> None:
    server: ServerProcess = start_server(tmp_path / "server", "--open-registration")
    profile, release = tmp_path / "alice", threading.Event()
    first = ServicesBackend(profile, Settings())
    second: ServicesBackend | None = None
    files = {name: tmp_path / name for name in ("video.mov", "backup.tar")}
    for path in files.values():
        path.write_bytes(os.urandom(40 << 20))  # more than the 16 blocks in flight
    try:
        first.create_account(f"alice#{server.host}", PASSWORD)
        _held_after_the_first_block(first, release)
        window = _window(qtbot, first, workers)
        tokens = [window.file_actions.upload([path], "/") for path in files.values()]
        model = window.transfers_model
        qtbot.waitUntil(
            lambda: len(model.rows) == 2 and all(row.done > 0 for row in model.rows),
            timeout=STEP_MS,
        )
        qtbot.waitUntil(lambda: len(first.remembered_transfers()) == 2, timeout=STEP_MS)
        window.quit()  # closed with both in flight
        for token in tokens:  # the program ends: nothing of it writes the list again
            token.cancel()
        release.set()
        assert workers.wait(STEP_MS)
        qtbot.waitUntil(
            lambda: all(row.state is TransferState.CANCELLED for row in model.rows),
            timeout=STEP_MS,
        )
        first.stop()
        assert b"video" not in (profile / LIST_FILE).read_bytes()  # sealed, as TRANSFERS.md says
        assert any((profile / "transfers").iterdir())  # the upload journal has the first

        second = ServicesBackend(profile, Settings())
        second.resume(PASSWORD)  # a new start of the program on the same profile
        window = _window(qtbot, second, workers)
        model = window.transfers_model
        qtbot.waitUntil(lambda: len(model.rows) == 2, timeout=STEP_MS)
        assert all(row.state is TransferState.INTERRUPTED for row in model.rows)
        assert model.index(0, 4).data().startswith("Interrupted: Privshare closed")
        window.show_section("transfers")
        panel = window.transfers_panel
        assert not panel.retry_button.isEnabled() and not panel.remove_button.isEnabled()

        video = next(n for n, row in enumerate(model.rows) if row.name == "video.mov")
        _click_row(qtbot, window, video)
        assert panel.retry_button.text() == "Resume" and panel.remove_button.isEnabled()
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: (
                (row := model.row_for("/video.mov")) is not None
                and row.state is TransferState.FINISHED
            ),
            timeout=STEP_MS,
        )
        back = second.download("/video.mov", tmp_path / "back", lambda _e: None, CancelToken())
        assert back.read_bytes() == files["video.mov"].read_bytes()

        backup = next(n for n, row in enumerate(model.rows) if row.name == "backup.tar")
        _click_row(qtbot, window, backup)
        qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
        assert [row.name for row in model.rows] == ["video.mov"]
        qtbot.waitUntil(lambda: second.remembered_transfers() == [], timeout=STEP_MS)
        window.quit()
    finally:
        release.set()
        assert workers.wait(STEP_MS)
        first.stop()
        if second is not None:
            second.stop()
        server.stop()
