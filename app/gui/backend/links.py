"""Share links of `ServicesBackend`, over app.services.links.service (server_stub/LINKS.md)."""

from __future__ import annotations

from pathlib import PurePosixPath

from app.gui.backend.interface import Entry, LinkRow
from app.services.links.service import LinkInfo, LinkService

__all__ = ["link_entries", "link_rows"]


def link_rows(service: LinkService) -> list[LinkRow]:
    return [_row(info) for info in service.owned()]


def _row(info: LinkInfo) -> LinkRow:
    return LinkRow(
        info.link_id,
        info.path,
        info.mode,
        info.state,
        info.url or "",
        info.downloads,
        info.max_downloads,
        info.expires,
        info.password,
        info.drops,
        info.kind,
    )


def link_entries(rows: list[LinkRow]) -> list[Entry]:
    """Shared by me: one row per live link ("Can view: anyone with the link …")."""
    entries = []
    for row in rows:
        if row.state in ("revoked", "pending") or not row.path:
            continue
        if row.mode == "request":
            detail = f"file request, {row.drops} dropped"
        else:
            limit = f"/{row.max_downloads}" if row.max_downloads else ""
            detail = f"{row.state}, {row.downloads}{limit} downloads"
        name = PurePosixPath(row.path).name or row.path
        entries.append(
            Entry(
                name,
                row.path,
                row.kind != "file",
                shared=f"read to anyone with the link ({detail})",
            )
        )
    return entries
