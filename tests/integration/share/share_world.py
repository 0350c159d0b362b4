"""Helpers of the sharing tests: a user on the real server process with its services
(the malicious server seam, `Rewriter`, is world.py's).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from world import Account

from app.services.sharing.inbox import InboxService
from app.services.sharing.router import FileRouter
from app.services.sharing.service import SharingService


@dataclass
class User(Account):
    """An account with the sharing services at hand."""

    @property
    def files(self) -> FileRouter:
        return FileRouter(self.session.channel, self.session.vault)

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
