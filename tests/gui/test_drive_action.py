"""Files > Open as drive on the real window against a real server process: the drive
serves the account's files; with gio and GVfs on a session bus it is mounted (files
copied in with gio reach the account), else its URL is shown; locking the window
unmounts it, stops it and wipes its spool (issue 17)."""

from __future__ import annotations

import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from integration.server_harness import ServerProcess
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction

from app.gui import drive as gui_drive
from app.gui.backend.interface import View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]  # an account: ~5 s
PASSWORD = "correct horse battery staple"
GVFSD_DAV = "/usr/libexec/gvfsd-dav"


@pytest.fixture
def backend(tmp_path: Path, server: ServerProcess) -> Iterator[ServicesBackend]:
    made = ServicesBackend(tmp_path / "alice", Settings(server=server.host))
    made.create_account(f"alice{secrets.token_hex(3)}#{server.host}", PASSWORD)
    yield made
    made.stop()


def test_open_as_drive_serves_the_files_until_the_window_locks(
    qtbot,
    backend: ServicesBackend,
    workers: Workers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)  # no GVfs: gio cannot mount
    window = MainWindow(
        backend,
        workers,
        backend.account_info(),
        Settings(download_folder=str(tmp_path)),
        watch_inbox=False,
    )
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


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A D-Bus session bus of its own, on which GVfs (gio's daemons) starts on demand."""
    assert shutil.which("dbus-daemon") and Path(GVFSD_DAV).exists(), (
        "gio mount needs dbus-daemon and GVfs's WebDAV backend: run scripts/sysdeps.sh"
    )
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    yield address
    daemon.terminate()
    daemon.wait(10)
    daemon.stdout.close()


def _gio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["gio", *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )


def test_open_as_drive_mounts_it_with_gio_and_lock_unmounts_it(
    qtbot,
    backend: ServicesBackend,
    workers: Workers,
    tmp_path: Path,
    session_bus: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []

    class FileManager:
        @staticmethod
        def openUrl(url: QUrl) -> bool:
            opened.append(url.toString())
            return True

    monkeypatch.setattr(gui_drive, "QDesktopServices", FileManager)
    window = MainWindow(
        backend,
        workers,
        backend.account_info(),
        Settings(download_folder=str(tmp_path)),
        watch_inbox=False,
    )
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.drive.mounted, timeout=60_000) as mounted:
        window.drive.open()
    location = mounted.args[0]
    assert location.startswith("dav://privshare@127.0.0.1:") and opened == [location]
    assert location.rstrip("/") in _gio("mount", "-l").stdout

    local = tmp_path / "through gio.txt"
    local.write_bytes(b"copied in by gio")
    assert _gio("copy", str(local), location + "through%20gio.txt").returncode == 0
    assert _gio("cat", location + "through%20gio.txt").stdout == "copied in by gio"
    listing = backend.list_folder(View.MY_FILES, "/")
    assert [entry.name for entry in listing] == ["through gio.txt"]

    window.lock()
    window.drive.wait_stopped()
    qtbot.waitUntil(lambda: location.rstrip("/") not in _gio("mount", "-l").stdout, timeout=30_000)
