"""Fixtures for the sharing tests: accounts on the real server process (two users on one
server), their services, and a `Rewriter` that plays the malicious server by rewriting
answers after the channel decrypted them (only the server could change them).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from server_harness import ServerProcess

from app.client.transport import HttpTransport
from app.services import account
from app.services.account import AccountSession
from app.services.connection import Connector
from app.services.files import FileService
from app.services.inbox import InboxService
from app.services.sharing import SharingService
from app.vault import KDF_FLOOR, Profile

PASSWORD = "correct horse battery staple"
Rule = Callable[[str, dict[str, Any], Any], Any]


class Rewriter:
    """An RPC caller forwarding to a channel; `rules` may rewrite answers (or requests,
    by replacing `params` in place before the call, via `before`)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.rules: list[Rule] = []
        self.before: list[Callable[[str, dict[str, Any]], None]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []

    @property
    def server_key(self) -> bytes | None:
        return self.inner.server_key  # type: ignore[no-any-return]

    def call(self, method: str, **params: Any) -> Any:
        for hook in self.before:
            hook(method, params)
        self.calls.append((method, params))
        result = self.inner.call(method, **params)
        for rule in self.rules:
            result = rule(method, params, result)
        return result


@dataclass
class User:
    address: str
    profile: Path
    session: AccountSession
    connector: Connector

    @property
    def files(self) -> FileService:
        return FileService(self.session.channel, self.session.vault)

    def sharing(self, **options: Any) -> SharingService:
        return SharingService(self.session, self.connector, **options)

    def inbox(self, **options: Any) -> InboxService:
        return InboxService(self.session, self.connector, **options)


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


def tree(root: Path, layout: dict[str, bytes]) -> Path:
    """Write files given as relative paths ("a/b/c.txt": bytes) under `root`."""
    for relative, data in layout.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root
