"""Helpers of the link tests (the fixtures are in this folder's conftest.py): the owner
account with its services, and putting local files into its drive."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services.account import AccountSession
from app.services.files.service import FileService
from app.services.links.service import LinkService


@dataclass
class Owner:
    address: str
    profile: Path
    session: AccountSession
    files: FileService
    links: LinkService
    base: str


def upload(owner: Owner, tmp_path: Path, layout: dict[str, bytes], remote: str = "/") -> None:
    """Put files given as relative paths ("a/b.txt": bytes) into the owner's drive."""
    local = tmp_path / "upload"
    for relative, data in layout.items():
        target = local / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    owner.files.put(sorted(local.iterdir()), remote)
