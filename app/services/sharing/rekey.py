"""Re-keying a subtree for `unshare` (SHARING.md §5): new keys AND new content keys.

The item is re-created under a fresh hardened index of its folder, so every key of its
subtree is new (a child's key derives from its parent's). Unlike a move (files/move.py),
file contents are re-encrypted too: the removed recipient could read every content key
(they sit in metadata it could open), so the new objects share no key and no block with
the old ones, and a server that colludes with the removed recipient cannot even link
them. Only each file's current version is carried over; the old objects, with their
kept versions, are deleted afterwards by the caller.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.fs import (
    ContentEncryptor,
    ContentKeys,
    FileMetadata,
    ItemKey,
)
from app.services.files.copier import SubtreeCopier
from app.services.files.download import content_chunks
from app.services.files.tree import File, Item

__all__ = ["Rekeyer"]


@dataclass
class Rekeyer(SubtreeCopier):
    """Copies a subtree under new keys; `renamed` maps each old item id to its new key."""

    renamed: dict[str, ItemKey] = field(default_factory=dict)

    def _copy(self, item: Item, key: ItemKey, parent_id: str, path: str) -> None:
        self.renamed[item.item_id] = key
        super()._copy(item, key, parent_id, path)

    def _copy_file(self, file: File, key: ItemKey, parent_id: str, path: str) -> None:
        old = file.metadata
        # re-sealed content takes the server's block-id hash: re-keying moves a file
        # written with SHA-256 ids to BLAKE3 (FORMAT.md §3)
        keys = ContentKeys.generate(old.content.chunk_size, block_hash=self.api.block_hash())
        encryptor = ContentEncryptor(keys)
        transfer = self.api.transfer_open()
        try:
            for block in encryptor.blocks(self._plaintext(file)):
                self.api.block_put(transfer, block, block_hash=keys.block_hash)
            metadata = FileMetadata.for_content(
                old.name,
                keys,
                encryptor.summary(),
                created=old.created,
                modified=old.modified,
                mime=old.mime,
                parent_id=parent_id,
                version=1,
            )
            block_ids = tuple(encryptor.block_ids)
            self.tree.write_version(key, metadata, block_ids, transfer_id=transfer)
        finally:
            with contextlib.suppress(Exception):
                self.api.transfer_close(transfer)

    def _plaintext(self, file: File) -> Iterator[bytes]:
        """The file's current content, chunk by chunk, each one authenticated first."""
        yield from content_chunks(self.api, file)
