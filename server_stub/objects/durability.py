"""Block files written without fsync, remembered until a commit that references them.

`blockPut` writes a block file without fsync (BlockFiles.write_unsynced) and records it
here. The durability point is the COMMIT of a record that references blocks (a
descriptor version, a message): before it, every block it references that is still
recorded here is fsynced (file, directory). A crash before that COMMIT leaves blocks
that only transfers hold; start-up recovery drops those (`drop_transfer_only_blocks`),
so a block that may be partial is never offered for resume nor referenced.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable

from server_stub.objects.refs import collect_garbage
from server_stub.ports import BlockStore

__all__ = ["UnsyncedBlocks", "drop_transfer_only_blocks", "referenced"]

_CHUNK = 500  # ids per `IN (...)` query, below SQLite's variable limit everywhere


class UnsyncedBlocks:
    """The set of block ids whose files are not yet known to be on disk."""

    def __init__(self, files: BlockStore) -> None:
        self._files = files
        self._lock = threading.Lock()
        self._generation = 0
        self._pending: dict[bytes, int] = {}

    def add(self, block_id: bytes) -> None:
        """`block_id`'s file was just written without fsync."""
        with self._lock:
            self._generation += 1
            self._pending[block_id] = self._generation

    def pending(self) -> list[bytes]:
        with self._lock:
            return list(self._pending)

    def any_pending(self, block_ids: Iterable[bytes]) -> bool:
        with self._lock:
            return any(block_id in self._pending for block_id in block_ids)

    def sync(self, block_ids: Iterable[bytes]) -> None:
        """fsync those of `block_ids` that are pending; they are then no longer pending."""
        with self._lock:
            wanted = {b: self._pending[b] for b in set(block_ids) if b in self._pending}
        if not wanted:
            return
        self._files.sync(wanted)
        with self._lock:
            for block_id, generation in wanted.items():
                if self._pending.get(block_id) == generation:  # not written again since
                    del self._pending[block_id]

    def forget(self, block_ids: Iterable[bytes]) -> None:
        """These blocks' files were removed (garbage): nothing to sync any more."""
        with self._lock:
            for block_id in block_ids:
                self._pending.pop(block_id, None)

    def sync_referenced(self, connection: sqlite3.Connection, candidates: Iterable[bytes]) -> None:
        """Inside a transaction, before COMMIT: fsync the pending blocks among
        `candidates` that a record references (obj_blocks.refs > 0)."""
        with self._lock:
            pending = [b for b in candidates if b in self._pending]
        if pending:
            self.sync(referenced(connection, pending))


def referenced(connection: sqlite3.Connection, block_ids: list[bytes]) -> list[bytes]:
    """The ids of `block_ids` that some descriptor version or message references."""
    found: list[bytes] = []
    for start in range(0, len(block_ids), _CHUNK):
        chunk = block_ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = connection.execute(
            f"SELECT id FROM obj_blocks WHERE refs > 0 AND id IN ({marks})", chunk
        ).fetchall()
        found.extend(bytes(row[0]) for row in rows)
    return found


def drop_transfer_only_blocks(connection: sqlite3.Connection) -> list[bytes]:
    """Start-up (inside a transaction): remove from open transfers the blocks no record
    references, whose files a crash may have left partial (they were never fsynced);
    returns the block rows deleted, whose files the caller removes after COMMIT. Their
    transfers stay open: `transferStatus` no longer lists them, clients send them again."""
    rows = connection.execute(
        "DELETE FROM obj_transfer_blocks WHERE block_id IN "
        "(SELECT id FROM obj_blocks WHERE refs = 0) RETURNING transfer_id, block_id"
    ).fetchall()
    touched = {bytes(row[0]) for row in rows}
    for transfer_id in touched:
        connection.execute(
            "UPDATE obj_transfers SET "
            "bytes = (SELECT COALESCE(SUM(b.size), 0) FROM obj_transfer_blocks t "
            "JOIN obj_blocks b ON b.id = t.block_id WHERE t.transfer_id = ?1 AND t.used = 0), "
            "blocks = (SELECT COALESCE(MAX(seq) + 1, 0) FROM obj_transfer_blocks "
            "WHERE transfer_id = ?1) WHERE id = ?1",
            (transfer_id,),
        )
    return collect_garbage(connection, [bytes(row[1]) for row in rows])
