"""Fixtures for the file-system tests: accounts on the real server process, devices,
a malicious RPC layer, direct tampering with the server's SQLite rows, and the CLI.

A `Device` is one profile of an account with a logged-in channel and a `FileService`.
`Rewriter` sits between the service and the channel and may rewrite any answer: it is
the malicious server (the channel's encryption ends at the server, so only the server
can change answers; rewriting them after decryption models exactly that).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from server_harness import ServerProcess

from app.cli import cmd_files
from app.cli.main import main as cli_main
from app.client.transport import HttpTransport
from app.services import account
from app.services.account import AccountSession
from app.services.connection import Connector
from app.services.events import TransferEvent
from app.services.files import FileService
from app.vault import KDF_FLOOR, Profile

PASSWORD = "correct horse battery staple"
Rule = Callable[[str, dict[str, Any], Any], Any]


class Rewriter:
    """An RPC caller that forwards to the channel and lets `rules` rewrite the answers."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.rules: list[Rule] = []
        self.calls: list[str] = []

    def call(self, method: str, **params: Any) -> Any:
        self.calls.append(method)
        result = self.inner.call(method, **params)
        for rule in self.rules:
            result = rule(method, params, result)
        return result


@dataclass
class Device:
    address: str
    profile: Path
    session: AccountSession
    caller: Rewriter
    files: FileService
    events: list[TransferEvent] = field(default_factory=list)

    def service(self, **options: Any) -> FileService:
        """Another FileService over the same (rewritable) caller and vault."""
        return FileService(self.caller, self.session.vault, progress=self.events.append, **options)


@pytest.fixture
def transport() -> Iterator[HttpTransport]:
    with HttpTransport() as t:
        yield t


def _device(address: str, profile: Path, session: AccountSession) -> Device:
    caller = Rewriter(session.channel)
    device = Device(address, profile, session, caller, None)  # type: ignore[arg-type]
    device.files = device.service()
    return device


@pytest.fixture
def new_device(
    server: ServerProcess, transport: HttpTransport, tmp_path: Path
) -> Iterator[Callable[..., Device]]:
    """Makes a new account (first device), or with `like=device` a second device of it."""
    made: list[Device] = []

    def make(like: Device | None = None, on: ServerProcess | None = None) -> Device:
        connector = Connector(transport=transport, allow_http=True)
        profile = tmp_path / f"profile-{len(made)}"
        if like is None:
            address = f"f{secrets.token_hex(5)}#{(on or server).host}"
            created = account.create(
                address, PASSWORD, Profile(profile), connector, now=time.time(), vault_kdf=KDF_FLOOR
            )
            session = created.session
        else:
            address = like.address
            session = account.login(
                address, PASSWORD, Profile(profile), connector, now=time.time(), vault_kdf=KDF_FLOOR
            )
        device = _device(address, profile, session)
        made.append(device)
        return device

    yield make
    for device in made:
        device.session.close()


@pytest.fixture
def alice(new_device: Callable[..., Device]) -> Device:
    return new_device()


def write_random(path: Path, size: int, marker: bytes = b"") -> bytes:
    data = (marker + os.urandom(size))[:size] if marker else os.urandom(size)
    path.write_bytes(data)
    return data


class ServerRows:
    """Direct access to the server's SQLite file: how a malicious operator edits it."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "privshare.sqlite"

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def current(self, descriptor_id: str) -> dict[str, Any]:
        with self.connect() as db:
            row = db.execute(
                "SELECT v.seq, v.blocks, v.extra, v.signature FROM obj_versions v JOIN "
                "obj_descriptors d ON d.id = v.descriptor_id AND d.seq = v.seq WHERE d.id = ?",
                (descriptor_id,),
            ).fetchone()
        assert row is not None, f"no descriptor {descriptor_id}"
        return {"seq": row[0], "blocks": row[1], "extra": row[2], "signature": row[3]}

    def set_current(self, descriptor_id: str, **values: Any) -> None:
        seq = self.current(descriptor_id)["seq"]
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self.connect() as db:
            db.execute(
                f"UPDATE obj_versions SET {assignments} WHERE descriptor_id = ? AND seq = ?",
                (*values.values(), descriptor_id, seq),
            )

    def set_public_key(self, descriptor_id: str, public_key: bytes) -> None:
        with self.connect() as db:
            sql = "UPDATE obj_descriptors SET public_key = ? WHERE id = ?"
            db.execute(sql, (public_key, descriptor_id))

    def drop(self, descriptor_id: str) -> None:
        with self.connect() as db:
            db.execute("DELETE FROM obj_descriptors WHERE id = ?", (descriptor_id,))
            db.execute("DELETE FROM obj_versions WHERE descriptor_id = ?", (descriptor_id,))


@pytest.fixture
def rows(server: ServerProcess) -> ServerRows:
    return ServerRows(server.data_dir)


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., CliResult]:
    """Runs `privshare --profile P ARGS` in this process (so a test may put a `Rewriter`
    under it with `rules=`) and returns the exit code and what it printed."""

    def run(device: Device, *args: str, rules: tuple[Rule, ...] = ()) -> CliResult:
        monkeypatch.setenv("PRIVSHARE_PASSWORD", PASSWORD)

        def service(channel: Any, vault: Any, **options: Any) -> FileService:
            caller = Rewriter(channel)
            caller.rules.extend(rules)
            return FileService(caller, vault, **options)

        monkeypatch.setattr(cmd_files, "FileService", service)
        capsys.readouterr()
        code = cli_main(["--profile", str(device.profile), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def leftovers(folder: Path) -> list[str]:
    """Names in `folder` that a failed download must not leave behind."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
