"""Moving an item to another folder: it gets a new key there (FORMAT.md §2).

A child's key is derived from its folder's key, and listings check that derivation,
so an item that changes folder is re-created under a fresh index of the new folder:
a file's encrypted blocks are copied server-side through this client unchanged (the
content key lives in its metadata, so nothing is re-encrypted), a folder's children
keep their indices under the new folder key, recursively. The new copy is added to the
destination before the old entry is removed, so a crash midway leaves two copies,
never none; then the old objects are deleted.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace

from app.client.objects_api import ObjectsApi
from app.fs import DescriptorPayload, FolderListing, IntegrityError, ItemKey, ListingEntry
from app.fs.chunks import blocks_digest
from app.services.fs_download import DEFAULT_IN_FLIGHT
from app.services.fs_tree import File, FileTree, Folder, Item, join_path

__all__ = ["Copier"]


@dataclass
class Copier:
    tree: FileTree
    in_flight: int = DEFAULT_IN_FLIGHT

    @property
    def api(self) -> ObjectsApi:
        return self.tree.api

    def copy_into(self, item: Item, kind: str, destination: Folder, name: str) -> ListingEntry:
        """Re-create `item` under a fresh child key of `destination`; returns its entry
        (not yet in the destination's listing)."""
        taken = destination.listing.taken_indices()
        entry, key = ListingEntry.create(
            destination.key, name, "folder" if kind == "folder" else "file", taken
        )
        self._copy(item, key, destination.item_id, join_path(destination.path, name))
        return entry

    def _copy(self, item: Item, key: ItemKey, parent_id: str, path: str) -> None:
        if isinstance(item, File):
            self._copy_file(item, key, parent_id, path.rpartition("/")[2])
            return
        entries = []
        for child_entry in item.listing.entries:
            child = self.tree.open_entry(item, child_entry)
            child_key = key.child(child_entry.index)
            self._copy(child, child_key, key.item_id, join_path(path, child_entry.name))
            entries.append(replace(child_entry, xpub=child_key.to_xpub()))
        listing = FolderListing(key.item_id, parent_id, 1, tuple(entries))
        extra = listing.seal(key)
        signature = DescriptorPayload(key.item_id, (), extra).sign(key)
        self.api.descriptor_create(key.item_id, key.public_bytes, (), extra, signature)
        self.tree.note(key.item_id, 1)

    def _copy_file(self, file: File, key: ItemKey, parent_id: str, name: str) -> None:
        block_ids = file.record.block_ids
        if blocks_digest(block_ids) != file.metadata.blocks_digest:
            raise IntegrityError(f"the block list of {file.path} does not match its metadata")
        transfer = self.api.transfer_open()
        try:
            for bid in block_ids:
                self.api.block_put(transfer, self.api.block_get(file.item_id, bid), bid)
            metadata = replace(file.metadata, name=name, parent_id=parent_id, version=1)
            extra = metadata.seal(key)
            signature = DescriptorPayload(key.item_id, block_ids, extra).sign(key)
            self.api.descriptor_create(
                key.item_id, key.public_bytes, block_ids, extra, signature, transfer
            )
        finally:
            with contextlib.suppress(Exception):
                self.api.transfer_close(transfer)
