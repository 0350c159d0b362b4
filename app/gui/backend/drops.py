"""Drop inboxes for `ServicesBackend`, over app.services.sharing.drops."""

from __future__ import annotations

from app.gui.backend.interface import DropRow
from app.services.sharing.drops import DropInbox, DropService

__all__ = ["create", "rows"]


def row(drop: DropInbox) -> DropRow:
    return DropRow(
        drop.address, drop.label, drop.created, drop.expires, drop.max_bytes, drop.messages
    )


def rows(service: DropService) -> list[DropRow]:
    return [row(drop) for drop in service.list()]


def create(
    service: DropService, label: str, expires_in: float | None, max_bytes: int | None
) -> DropRow:
    return row(service.create(label, expires_in=expires_in, max_bytes=max_bytes))
