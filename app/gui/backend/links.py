"""Share links of `ServicesBackend`, over app.services.links.service (server_stub/LINKS.md)."""

from __future__ import annotations

from pathlib import PurePosixPath

from app.client.links_api import LinksApi
from app.gui.backend.interface import Entry, LinkRow
from app.services.account import AccountSession
from app.services.files.service import FileService
from app.services.links.service import LinkInfo, LinkService

__all__ = ["API_SUFFIX", "link_entries", "link_rows", "link_service"]

API_SUFFIX = "/privmx/api/v1"


def link_service(session: AccountSession) -> LinkService:
    """Links of the session's account, with URLs on its own server."""
    endpoint = session.config.endpoint
    base = endpoint.removesuffix(API_SUFFIX)
    files = FileService(session.channel, session.vault)
    return LinkService(files, LinksApi(session.channel), session.vault, base)


def link_rows(service: LinkService) -> list[LinkRow]:
    return [_row(info) for info in service.owned()]


def _row(info: LinkInfo) -> LinkRow:
    return LinkRow(
        info.link_id, info.path, info.mode, info.state, info.url or "", info.downloads,
        info.max_downloads, info.expires, info.password, info.drops, info.kind,
    )  # fmt: skip


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
