"""Fixtures for the file-system tests: accounts on the real server process, devices,
a malicious RPC layer, direct tampering with the server's SQLite rows, and the CLI.

A `Device` is one profile of an account with a logged-in channel and a `FileService`.
`Rewriter` sits between the service and the channel and may rewrite any answer: it is
the malicious server (the channel's encryption ends at the server, so only the server
can change answers; rewriting them after decryption models exactly that).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from files_world import CliResult, Device, ServerRows
from server_harness import ServerProcess
from world import PASSWORD, Account, Rewriter, Rule, sign_in

from app.cli.commands import files as cmd_files
from app.cli.main import main as cli_main
from app.client.transport import HttpTransport
from app.services.account import AccountSession
from app.services.connection import Connector
from app.services.sharing.router import FileRouter


@pytest.fixture
def new_device(
    new_account: Callable[..., Account], transport: HttpTransport, tmp_path: Path
) -> Iterator[Callable[..., Device]]:
    """Makes a new account (first device), or with `like=device` a second device of it."""
    seconds: list[AccountSession] = []

    def make(like: Device | None = None, on: ServerProcess | None = None) -> Device:
        if like is None:
            made = new_account("f", on=on)
            return Device(made.address, made.profile, made.session, made.connector)
        profile = tmp_path / f"profile-second-{len(seconds)}"
        connector = Connector(transport=transport, allow_http=True)
        seconds.append(sign_in(like.address, profile, connector))
        return Device(like.address, profile, seconds[-1], connector)

    yield make
    for session in seconds:
        session.close()


@pytest.fixture
def alice(new_device: Callable[..., Device]) -> Device:
    return new_device()


@pytest.fixture
def rows(server: ServerProcess) -> ServerRows:
    return ServerRows(server.data_dir)


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., CliResult]:
    """Runs `privshare --profile P ARGS` in this process (so a test may put a `Rewriter`
    under it with `rules=`) and returns the exit code and what it printed."""

    def run(device: Device, *args: str, rules: tuple[Rule, ...] = ()) -> CliResult:
        monkeypatch.setenv("PRIVSHARE_PASSWORD", PASSWORD)

        def router(channel: Any, vault: Any, mounts: Any, **options: Any) -> FileRouter:
            caller = Rewriter(channel)
            caller.rules.extend(rules)
            return FileRouter(caller, vault, mounts, **options)

        monkeypatch.setattr(cmd_files, "FileRouter", router)
        capsys.readouterr()
        code = cli_main(["--profile", str(device.profile), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
