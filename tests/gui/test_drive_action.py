"""Files > Open as drive on the real window against a real server process: the drive
serves the account's files (here `gio mount` is unavailable, so the URL is shown),
and locking the window stops it and wipes its spool (issue 17)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from integration.server_harness import ServerProcess, start_server
from PySide6.QtGui import QAction

from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.vault import Profile

pytestmark = [pytest.mark.integration, pytest.mark.gui]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    running = start_server(tmp_path / "server", "--open-registration")
    yield running
    assert running.stop() == 0, running.log()[-3000:]


@pytest.fixture
def backend(tmp_path: Path, server: ServerProcess) -> Iterator[ServicesBackend]:
    made = ServicesBackend(Profile(tmp_path / "alice"), Settings(server=server.host))
    made.create_account(f"alice{secrets.token_hex(3)}#{server.host}", PASSWORD)
    yield made
    made.stop()


def test_open_as_drive_serves_the_files_until_the_window_locks(
    qtbot, backend: ServicesBackend, workers: Workers, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(
        backend, workers, backend.account_info(), Settings(download_folder=str(tmp_path)),
        watch_inbox=False,
    )  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&Files"]
    [action] = [a for a in menu.actions() if a.text() == "Open as drive"]  # type: ignore[union-attr]
    assert isinstance(action, QAction)
    with qtbot.waitSignal(window.drive.url_shown, timeout=30_000) as shown:
        action.trigger()
    url = urlsplit(shown.args[0])
    assert url.hostname == "127.0.0.1" and url.username == "privshare"
    assert (
        window.drive.dialog is not None and shown.args[0] in window.drive.dialog.informativeText()
    )
    base, auth = f"http://127.0.0.1:{url.port}", (url.username, url.password)

    put = requests.put(f"{base}/from-the-drive.txt", data=b"hello", auth=auth, timeout=30)
    assert put.status_code == 201
    assert requests.get(f"{base}/from-the-drive.txt", auth=auth, timeout=30).content == b"hello"
    server = window.drive.server
    assert server is not None and server.spool.folder.is_dir()

    window.drive.dialog.close()
    window.lock()
    window.drive.wait_stopped()
    assert window.drive.server is None and server.spool.wiped
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{base}/from-the-drive.txt", auth=auth, timeout=5)
