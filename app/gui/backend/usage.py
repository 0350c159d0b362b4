"""Storage used and folder sizes for `ServicesBackend`, over app.services.usage.

The account's use is the server's count of its ciphertext; a folder's size and newest
date are added up here from the signed, verified metadata below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.services.files.service import EntryInfo
from app.services.sharing.router import FileRouter
from app.services.usage import account_usage, folder_size

__all__ = ["FolderStats", "StorageUsed", "folder_stats", "storage_used"]


@dataclass(frozen=True)
class StorageUsed:
    used_bytes: int
    quota: int


@dataclass(frozen=True)
class FolderStats:
    """Everything below a folder: plaintext bytes, files, and the newest file's time
    (seconds; 0 when it holds no file)."""

    path: str
    size: int
    files: int
    modified: float


def storage_used(files: FileRouter) -> StorageUsed:
    usage = account_usage(files.home.api)
    return StorageUsed(usage.used_bytes, usage.quota)


def folder_stats(files: FileRouter, paths: Sequence[str]) -> list[FolderStats]:
    stats = []
    for path in paths:
        newest = 0

        def visit(entry: EntryInfo) -> None:
            nonlocal newest
            newest = max(newest, entry.modified or 0)

        size = folder_size(files, path, visit=visit)
        stats.append(FolderStats(path, size.bytes, size.files, newest / 1000))
    return stats
