"""Helpers of the sharing tests: a user on the real server process with its services,
and a `Rewriter` that plays the malicious server by rewriting
answers after the channel decrypted them (only the server could change them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.services.account import AccountSession
from app.services.connection import Connector
from app.services.files.service import FileService
from app.services.sharing.inbox import InboxService
from app.services.sharing.service import SharingService

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


def tree(root: Path, layout: dict[str, bytes]) -> Path:
    """Write files given as relative paths ("a/b/c.txt": bytes) under `root`."""
    for relative, data in layout.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root
