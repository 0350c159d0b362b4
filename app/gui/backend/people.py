"""Sharing and inbox operations of `ServicesBackend`, over app.services.sharing.service and
app.services.sharing.inbox (the inbox list itself is app/gui/backend/inbox.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath

from app.gui.backend.interface import Entry, Grant
from app.services import pki
from app.services.account import AccountSession
from app.services.connection import Connector
from app.services.sharing.inbox import InboxService
from app.services.sharing.service import SharingService

__all__ = [
    "FILES_ACCESS",
    "accept",
    "grants",
    "mark_shared",
    "senders_by_name",
    "shared_by_me",
    "wait_for_inbox",
]

FILES_ACCESS = "copy"  # an inbox item that carries files (privshare send), not a share


def sharing(
    session: AccountSession, connector: Connector, identities: pki.IdentityCache
) -> SharingService:
    return SharingService(session, connector, identities=identities)


def inbox(
    session: AccountSession, connector: Connector, identities: pki.IdentityCache
) -> InboxService:
    return InboxService(session, connector, identities=identities)


def shared_by_me(service: SharingService) -> list[Entry]:
    """One row per grant: the item, whom it goes to and with what access."""
    return [
        Entry(
            PurePosixPath(grant.path).name or grant.path,
            grant.path,
            grant.type == "folder",
            modified=grant.when / 1000,
            shared=f"{grant.access} to {grant.to}",
        )
        for grant in service.shares().granted
    ]


def mark_shared(entries: list[Entry], service: SharingService) -> list[Entry]:
    """My files: the items I granted to someone say "read" or "write" (the most any
    grant gives) and to whom."""
    access: dict[str, str] = {}
    people: dict[str, list[str]] = {}
    for grant in service.shares().granted:
        if access.get(grant.path) != "write":
            access[grant.path] = grant.access
        people.setdefault(grant.path, []).append(grant.to)
    return [
        replace(e, shared=access[e.path], shared_with=tuple(people[e.path]))
        if e.path in access
        else e
        for e in entries
    ]


def senders_by_name(service: SharingService) -> dict[str, str]:
    """/Shared/<name> -> who shared it."""
    return {received.name: received.sender for received in service.shares().received}


def grants(service: SharingService, path: str) -> list[Grant]:
    return [Grant(g.to, g.access) for g in service.shares().granted if g.path == path]


def accept(service: InboxService, item_id: str, name: str, download_folder: Path) -> str:
    """Accept a share as /Shared/<name>, or save a delivery's files; says where it went."""
    opened = service.message(item_id)
    if opened.reference is None:
        download_folder.mkdir(parents=True, exist_ok=True)
        saved = service.save_files(item_id, download_folder)
        return ", ".join(str(path) for path in saved)
    received = service.accept(item_id, name or None)
    return f"/Shared/{received.name}"


def wait_for_inbox(
    service: InboxService, timeout: float, after: dict[str, int] | None
) -> dict[str, int]:
    """Long-poll; returns the new cursor (equal to `after` when nothing arrived)."""
    return service.wait(timeout, after)
