"""`get`: download a file, or a folder recursively, to the local disk.

A file goes to a temporary name beside the target and is renamed into place once it
has fully verified (download.py). A folder is built inside a temporary folder beside
the target and renamed into place only when every file in it verified, so a tampered
file anywhere leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.client.objects_api import ObjectsApi
from app.services.events import CancelToken, ProgressCallback, TransferFinished, tracked
from app.services.files.download import (
    DEFAULT_IN_FLIGHT,
    download_file,
    write_content,
)
from app.services.files.errors import FilesUsageError
from app.services.files.partials import new_part_folder, remove_leftovers
from app.services.files.tree import File, FileTree, Folder, Item

__all__ = ["Downloader"]


@dataclass
class Downloader:
    tree: FileTree
    progress: ProgressCallback
    in_flight: int = DEFAULT_IN_FLIGHT
    cancel: CancelToken = field(default_factory=CancelToken)

    @property
    def api(self) -> ObjectsApi:
        return self.tree.api

    def get(self, item: Item, local: Path) -> Path:
        """Write `item` to `local` (or inside it, when it is an existing folder)."""
        name = item.metadata.name if isinstance(item, File) else _folder_name(item)
        target = local / _listed_name(item, name) if local.is_dir() else local
        if not target.parent.is_dir():
            raise FilesUsageError(f"{target.parent}: no such local folder")
        if isinstance(item, File):
            self._get_file(item, target)
        else:
            self._get_folder(item, target)
        return target

    def _get_file(self, file: File, target: Path) -> None:
        if target.is_dir():
            raise FilesUsageError(f"{target} is a folder")
        size = file.metadata.size
        with tracked(self.progress, file.path, "download", size) as progress:
            download_file(self.api, file, target, progress, self.in_flight, self.cancel)
            progress(TransferFinished(file.path, "download", size))

    def _get_folder(self, folder: Folder, target: Path) -> None:
        if target.exists():
            raise FilesUsageError(f"{target} exists already")
        remove_leftovers(target.parent)
        with new_part_folder(target) as part:
            self._fill(folder, part)
            part.rename(target)

    def _fill(self, folder: Folder, into: Path) -> None:
        for entry in folder.listing.entries:
            child = self.tree.open_entry(folder, entry)
            where = into / entry.name
            if isinstance(child, Folder):
                where.mkdir(mode=0o700)
                self._fill(child, where)
                continue
            size = child.metadata.size
            with tracked(self.progress, child.path, "download", size) as progress:
                with open(where, "xb") as sink:  # inside the 0700 part folder
                    write_content(
                        self.api,
                        child,
                        sink,
                        progress,
                        self.in_flight,
                        self.cancel,
                        write_back=True,
                    )
                progress(TransferFinished(child.path, "download", size))


def _folder_name(folder: Folder) -> str:
    return folder.path.rstrip("/").rpartition("/")[2] or "Privshare"


def _listed_name(item: Item, fallback: str) -> str:
    """The name the item has in its folder's listing (the path's last part)."""
    return item.path.rstrip("/").rpartition("/")[2] or fallback
