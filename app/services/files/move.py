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

from app.fs import IntegrityError, ItemKey
from app.fs.chunks import blocks_digest
from app.services.files.copier import SubtreeCopier
from app.services.files.download import DEFAULT_IN_FLIGHT
from app.services.files.tree import File

__all__ = ["Copier"]


@dataclass
class Copier(SubtreeCopier):
    in_flight: int = DEFAULT_IN_FLIGHT

    def _copy_file(self, file: File, key: ItemKey, parent_id: str, path: str) -> None:
        name = path.rpartition("/")[2]
        block_ids = file.record.block_ids
        if blocks_digest(block_ids) != file.metadata.blocks_digest:
            raise IntegrityError(f"the block list of {file.path} does not match its metadata")
        transfer = self.api.transfer_open()
        try:
            for bid in block_ids:
                block = self.api.block_get(file.item_id, bid)
                self.api.block_put(transfer, block, bid, file.metadata.content.block_hash)
            metadata = replace(file.metadata, name=name, parent_id=parent_id, version=1)
            self.tree.write_version(key, metadata, block_ids, transfer_id=transfer)
        finally:
            with contextlib.suppress(Exception):
                self.api.transfer_close(transfer)
