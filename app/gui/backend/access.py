"""Who may change a place: the own tree always, a share only when it was shared with
write access (the services' rule, `SharedMounts.may_write`), the list of shares never."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.sharing.mounts import is_shared_path
from app.services.sharing.router import FileRouter

__all__ = ["PlaceAccess", "place_access"]


@dataclass(frozen=True)
class PlaceAccess:
    """`share` and `sender` name the share a path is in ("" outside shares)."""

    path: str
    writable: bool
    share: str = ""
    sender: str = ""


def place_access(files: FileRouter, path: str) -> PlaceAccess:
    if not is_shared_path(path):
        return PlaceAccess(path, True)
    writable, mount = files.mounts.may_write(path)
    if mount is None:
        return PlaceAccess(path, False)
    return PlaceAccess(path, writable, mount.name, mount.sender)
