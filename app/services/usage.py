"""Storage used: the server's count of the account's ciphertext, and folder sizes.

    usage = StorageReport(files.home.api).account()   -> AccountUsage (bytes, quota, ...)
    folder_size(files, "/Documents")                  -> FolderSize (bytes, files, folders)

The server knows only ciphertext: `account()` is its count (OBJECTS.md, every kept
version's distinct blocks, trash included) and the quota it enforces. A folder's size is
computed here, from the signed and verified metadata of every file below it (plaintext
sizes of the current versions); the server learns nothing it does not see for `ls`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.client.objects_api import ObjectsApi
from app.services.files.service import EntryInfo
from app.services.files.tree import split_path

__all__ = ["AccountUsage", "FolderSize", "Lister", "account_usage", "folder_size"]


class Lister(Protocol):
    """FileService or FileRouter: `ls` of a path."""

    def ls(self, path: str = "/") -> list[EntryInfo]: ...


@dataclass(frozen=True)
class AccountUsage:
    """The server's count for the logged-in account."""

    used_bytes: int
    quota: int
    objects: int
    max_objects: int

    @property
    def free_bytes(self) -> int:
        return max(0, self.quota - self.used_bytes)

    @property
    def percent(self) -> float:
        return 100.0 * self.used_bytes / self.quota if self.quota else 100.0


@dataclass(frozen=True)
class FolderSize:
    """Plaintext bytes and counts of everything below a folder (or of one file)."""

    path: str
    bytes: int
    files: int
    folders: int


def account_usage(api: ObjectsApi) -> AccountUsage:
    usage = api.usage()
    return AccountUsage(
        usage.used_bytes, usage.quota, usage.used_descriptors, usage.max_descriptors
    )


def folder_size(
    files: Lister, path: str = "/", *, visit: Callable[[EntryInfo], None] | None = None
) -> FolderSize:
    """The size of `path` from the verified metadata below it; `visit` sees every entry."""
    start = "/" + "/".join(split_path(path))
    total = file_count = folder_count = 0
    pending = [start]
    first = True
    while pending:
        current = pending.pop()
        for entry in files.ls(current):
            if first and entry.path == current and entry.type == "file":
                return FolderSize(start, entry.size or 0, 1, 0)  # `path` is a file
            if visit is not None:
                visit(entry)
            if entry.type == "file":
                total += entry.size or 0
                file_count += 1
            else:
                folder_count += 1
                pending.append(entry.path)
        first = False
    return FolderSize(start, total, file_count, folder_count)
