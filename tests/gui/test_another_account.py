"""The lock screen's "Use another account…", clicked on a real profile against a real
server process: Privshare opens one profile folder per run, so it says in one line how
to start on a new folder, and leaves this profile's vault untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from integration.server_harness import ServerProcess
from PySide6.QtCore import Qt

from app.gui.app import Application
from app.gui.window.lock import LockScreen
from app.services.session import Session

pytestmark = [pytest.mark.integration, pytest.mark.gui]
PASSWORD = "correct horse battery staple"


def test_use_another_account_says_how_and_keeps_this_one(  # type: ignore[no-untyped-def]
    qtbot, server: ServerProcess, tmp_path: Path
) -> None:
    folder = tmp_path / "alice"
    Session(folder).create(f"alice#{server.host}", PASSWORD).session.close()
    before = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    application = Application(folder)
    application.start()
    try:
        screen = application.window
        assert isinstance(screen, LockScreen)
        qtbot.addWidget(screen)
        qtbot.waitExposed(screen)
        assert not screen.other_account.isVisible()
        qtbot.mouseClick(screen.other_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(screen.other_account.isVisible, timeout=30_000)
        line = screen.other_account.text()
        assert "privshare --profile NEW-FOLDER gui" in line and "\n" not in line
        assert application.window is screen  # still this profile's lock screen
        after = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
        assert after == before
    finally:
        application.shutdown()
