"""Open as drive when the drive cannot start: the window's error line says why, and no
server is left behind (recording backend; issue 17)."""

from __future__ import annotations

from pathlib import Path

from fake_backend import FakeBackend

from app.gui.backend.interface import AccountInfo
from app.gui.backend.settings_store import Settings
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.errors import ServerUnreachableError


def test_a_drive_that_cannot_start_shows_the_reason_in_the_error_line(
    qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    def unreachable() -> None:
        raise ServerUnreachableError("the server 127.0.0.1:4711 did not answer; try again")

    backend.drive_files = unreachable  # type: ignore[attr-defined]
    window = MainWindow(
        backend,
        workers,
        AccountInfo("alice#127.0.0.1:4711", "127.0.0.1:4711"),
        Settings(download_folder=str(tmp_path)),
    )
    qtbot.addWidget(window)
    window.show()
    window.drive.open()
    error = window.files.error
    assert error.isVisible() and "did not answer" in error.message
    assert window.drive.server is None
