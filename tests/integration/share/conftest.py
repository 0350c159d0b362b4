"""Fixtures for the sharing tests: accounts on the real server process (two users on one
server). Helpers (User, Rewriter, tree) live in share_world.py, importable by name."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from server_harness import ServerProcess
from share_world import PASSWORD, User

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
    made: list[User] = []

    def make(name: str = "u") -> User:
        connector = Connector(transport=transport, allow_http=True)
        profile = tmp_path / f"profile-{name}-{len(made)}"
        address = f"{name}{secrets.token_hex(4)}#{server.host}"
        created = account.create(
            address, PASSWORD, Profile(profile), connector, now=time.time(), vault_kdf=KDF_FLOOR
        )
        user = User(address, profile, created.session, connector)
        made.append(user)
        return user

    yield make
    for user in made:
        user.session.close()


@pytest.fixture
def alice(new_user: Callable[..., User]) -> User:
    return new_user("alice")


@pytest.fixture
def bob(new_user: Callable[..., User]) -> User:
    return new_user("bob")
