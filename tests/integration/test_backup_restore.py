"""Backups as docs/deploy.md says: packaging/server/backup.py on the data directory
(online, while the server writes; or with the server stopped), the copy restored into a
new folder, a new server started there on the same address, every file read back and
compared. Also: the request log of a real server is one key=value line per request,
naming no file."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from server_harness import ServerProcess
from world import PASSWORD, create_account, sign_in

from app.client.transport import HttpTransport
from app.services import account
from app.services.connection import Connector
from app.services.errors import TamperingDetectedError
from app.services.files.service import FileService
from app.vault import Profile, Vault

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
LOG_LINE = re.compile(r"method=[A-Z-]+ route=\S+ status=\d{3} in=(\d+|-) out=(\d+|-) ms=\d+\.\d")


def _backup_module() -> ModuleType:
    path = ROOT / "packaging" / "server" / "backup.py"
    spec = importlib.util.spec_from_file_location("privshare_backup", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def connector() -> Iterator[Connector]:
    with HttpTransport() as transport:
        yield Connector(transport=transport, allow_http=True)


def _samples(folder: Path) -> dict[str, bytes]:
    """remote path -> content: empty, small, several chunks, nested, odd names."""
    contents = {
        "/empty.bin": b"",
        "/note-canary7f3a.txt": b"hello " * 100,
        "/Documents/report-canary7f3a.pdf": os.urandom(3 * 1024 * 1024 + 17),
        "/Documents/2024/zażółć gęślą.txt": "zażółć".encode() * 1000,
    }
    for remote, data in contents.items():
        local = folder / "upload" / remote.lstrip("/")
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(data)
    return contents


def _upload(files: FileService, folder: Path, contents: dict[str, bytes]) -> None:
    for remote in contents:
        parent = remote.rsplit("/", 1)[0] or "/"
        files.put([folder / "upload" / remote.lstrip("/")], parent)
    files.put([folder / "upload" / "note-canary7f3a.txt"], "/")  # a second version


def _read_all(files: FileService, contents: dict[str, bytes], into: Path) -> None:
    for number, (remote, data) in enumerate(contents.items()):
        target = into / str(number)
        target.mkdir(parents=True)
        copy = files.get(remote, target)
        assert copy.read_bytes() == data, f"{remote} differs after the restore"


@pytest.mark.parametrize("online", [True, False], ids=["server-running", "server-stopped"])
def test_restored_backup_serves_every_file(
    tmp_path: Path,
    spawn_server: Callable[..., ServerProcess],
    connector: Connector,
    online: bool,
) -> None:
    data_dir = tmp_path / "data"
    original = spawn_server(data_dir, "--open-registration")
    created = create_account("bk", original, connector.transport, tmp_path / "device1")
    address = created.address
    contents = _samples(tmp_path)
    files = FileService(created.session.channel, created.session.vault)
    _upload(files, tmp_path, contents)
    server_key = created.session.config.server_key
    if not online:
        assert original.stop() == 0
    _backup_module().backup(data_dir, tmp_path / "backup")
    if online:  # the live server moves on after the backup: the restore must not see it
        files.remove("/empty.bin")
        assert original.stop() == 0
    created.session.close()
    log = original.log()

    restored = tmp_path / "restored"
    shutil.copytree(tmp_path / "backup", restored)
    port = original.host.rsplit(":", 1)[1]
    again = spawn_server(restored, "--open-registration", "--port", port)
    assert again.host == original.host

    # a new device signs in with the password: privData, SRP verifier and PKI came back
    second = sign_in(address, tmp_path / "device2", connector)
    with second:
        assert second.config.server_key == server_key  # the same key: no client warns
        restored_files = FileService(second.channel, second.vault)
        listed = {entry.path for entry in restored_files.ls("/Documents")}
        assert listed == {"/Documents/report-canary7f3a.pdf", "/Documents/2024"}
        _read_all(restored_files, contents, tmp_path / "read-back")
        assert len(restored_files.versions("/note-canary7f3a.txt")) == 2

    _check_first_device(tmp_path / "device1", connector, contents, online)
    _check_request_log(log)


def _check_first_device(
    profile: Path, connector: Connector, contents: dict[str, bytes], online: bool
) -> None:
    """The device that saw the state after the backup takes the restore for a rollback
    (docs/deploy.md says so); a device that saw nothing newer reads on."""
    vault = Vault.open(Profile(profile))
    vault.unlock(PASSWORD)
    with account.resume(vault, connector) as session:
        files = FileService(session.channel, session.vault)
        if online:
            with pytest.raises(TamperingDetectedError):
                files.ls("/")
        else:
            _read_all(files, contents, profile / "read-back")


def _check_request_log(log: str) -> None:
    lines = [line for line in log.splitlines() if "server_stub.http:" in line]
    assert len(lines) > 10
    for line in lines:
        message = line.split("server_stub.http: ", 1)[1]
        assert LOG_LINE.fullmatch(message), message
    assert "canary7f3a" not in log and "zażółć" not in log
