"""Fixtures of the drive tests: users on the real server process and `privshare drive`
runs that are stopped (Ctrl-C) after each test, their spool checked gone."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from drive_world import PASSWORD, Drive, User, start_drive
from server_harness import ServerProcess

from app.client.transport import HttpTransport
from app.services import account
from app.services.connection import Connector
from app.vault import KDF_FLOOR, Profile


@pytest.fixture
def transport() -> Iterator[HttpTransport]:
    with HttpTransport() as t:
        yield t


@pytest.fixture
def new_user(
    server: ServerProcess, transport: HttpTransport, tmp_path: Path
) -> Iterator[Callable[..., User]]:
    """A new account (`name`), or with `like=user` a second device of that account."""
    made: list[User] = []

    def make(name: str = "u", like: User | None = None) -> User:
        connector = Connector(transport=transport, allow_http=True)
        profile = tmp_path / f"profile-{name}-{len(made)}"
        if like is None:
            address = f"{name}{secrets.token_hex(4)}#{server.host}"
            session = account.create(
                address, PASSWORD, Profile(profile), connector, now=time.time(), vault_kdf=KDF_FLOOR
            ).session
        else:
            address = like.address
            session = account.login(
                address, PASSWORD, Profile(profile), connector, now=time.time(), vault_kdf=KDF_FLOOR
            )
        user = User(address, profile, session, connector)
        made.append(user)
        return user

    yield make
    for user in made:
        user.session.close()


@pytest.fixture
def drive_for(tmp_path: Path) -> Iterator[Callable[[User], Drive]]:
    """Starts `privshare drive` for a user (whose in-process session is closed first:
    the command opens the vault itself); stopped after the test, exit 130, spool gone."""
    running: list[Drive] = []

    def start(user: User) -> Drive:
        user.session.close()
        drive = start_drive(user.profile, tmp_path / f"tmp-{len(running)}")
        running.append(drive)
        return drive

    yield start
    for drive in running:
        status = drive.stop()
        assert status == 130, f"privshare drive exited with {status}: {drive.stderr}"
        assert list(drive.temp_dir.iterdir()) == [], "the spool was not wiped"
