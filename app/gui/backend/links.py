"""Share links of `ServicesBackend`, over app.services.links.service (server_stub/LINKS.md)."""

from __future__ import annotations

from pathlib import PurePosixPath

from PySide6.QtCore import QCoreApplication

from app.gui.backend.interface import Entry, LinkRow
from app.gui.i18n import QT_TRANSLATE_NOOP
from app.services.links.service import LinkInfo, LinkService

# the states a link row shows (the server's words), translated where they are shown
_LINK_STATES = (
    QT_TRANSLATE_NOOP("Links", "live"),
    QT_TRANSLATE_NOOP("Links", "expired"),
    QT_TRANSLATE_NOOP("Links", "used-up"),
    QT_TRANSLATE_NOOP("Links", "revoked"),
    QT_TRANSLATE_NOOP("Links", "pending"),
)

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
    translate = QCoreApplication.translate
    entries = []
    for row in rows:
        if row.state in ("revoked", "pending") or not row.path:
            continue
        if row.mode == "request":
            detail = translate("FileModel", "file request, %n dropped", "", row.drops)
        else:
            limit = f"/{row.max_downloads}" if row.max_downloads else ""
            detail = (
                translate("FileModel", "%1, %2 downloads")
                .replace("%1", translate("Links", row.state))
                .replace("%2", f"{row.downloads}{limit}")
            )
        name = PurePosixPath(row.path).name or row.path
        entries.append(
            Entry(
                name,
                row.path,
                row.kind != "file",
                shared="read to "
                + translate("FileModel", "anyone with the link (%1)").replace("%1", detail),
            )
        )
    return entries
