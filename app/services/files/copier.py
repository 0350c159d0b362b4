"""Re-creating a subtree under a fresh child key of a folder (FORMAT.md §2).

A child's key is derived from its folder's key, so a copy gets new keys all the way
down: each folder is re-created with its children at their old indices under the new
folder key. How a file is carried over is the subclass's (`_copy_file`): a move
(files/move.py) copies its encrypted blocks, an unshare (sharing/rekey.py) re-encrypts them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace

from app.client.objects_api import ObjectsApi
from app.fs import EntryType, FolderListing, ItemKey, ListingEntry
from app.services.files.tree import File, FileTree, Folder, Item, join_path

__all__ = ["SubtreeCopier"]


@dataclass
class SubtreeCopier(ABC):
    """Copies an item (a folder with all below it) under a new key."""

    tree: FileTree

    @property
    def api(self) -> ObjectsApi:
        return self.tree.api

    def copy_into(self, item: Item, kind: str, destination: Folder, name: str) -> ListingEntry:
        """Re-create `item` under a fresh child key of `destination`; returns its entry
        (not yet in the destination's listing)."""
        taken = destination.listing.taken_indices()
        entry_type: EntryType = "folder" if kind == "folder" else "file"
        entry, key = ListingEntry.create(destination.key, name, entry_type, taken)
        self._copy(item, key, destination.item_id, join_path(destination.path, name))
        return entry

    def _copy(self, item: Item, key: ItemKey, parent_id: str, path: str) -> None:
        if isinstance(item, File):
            self._copy_file(item, key, parent_id, path)
        else:
            self._copy_folder(item, key, parent_id, path)

    def _copy_folder(self, folder: Folder, key: ItemKey, parent_id: str, path: str) -> None:
        entries = []
        for child_entry in folder.listing.entries:
            child = self.tree.open_entry(folder, child_entry)
            child_key = key.child(child_entry.index)
            self._copy(child, child_key, key.item_id, join_path(path, child_entry.name))
            entries.append(replace(child_entry, xpub=child_key.to_xpub()))
        self.tree.write_listing(key, FolderListing(key.item_id, parent_id, 1, tuple(entries)))

    @abstractmethod
    def _copy_file(self, file: File, key: ItemKey, parent_id: str, path: str) -> None:
        """Create the file's new descriptor under `key`, at `path` in folder `parent_id`."""
