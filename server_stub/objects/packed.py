"""Packed blocks: small blocks kept as rows of `obj_packed_blocks`, not as files.

A block of at most `pack_max` bytes (PACK_MAX in a server's data directory; 0 in a
fleet, whose bucket keeps every block) that `blockPut`/`blockPutMany`
receives is inserted in the same transaction as its transfer rows, so a request of many
small blocks costs no file, no directory and no fsync of its own. Its durability point is
the same as a block file's: the durable COMMIT (`synchronous=FULL`) of the first record
that references it syncs the write-ahead log, which holds every earlier commit, the
block's row included (OBJECTS.md, Storage). A crash before that may lose the row: start-up
recovery then drops the block from its transfer as it does for an unsynced file, and the
client sends it again. Rows are deleted in the transaction that deletes the block's
`obj_blocks` row (refs.collect_garbage), so nothing is removed after COMMIT.

Blocks stored as files before this layout (schema 10) stay files and are read as before:
a read looks here first, then in the block directory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from app.wire.objects import block_id_matches

__all__ = [
    "PACK_MAX",
    "delete",
    "drop_unknown",
    "is_packed",
    "put",
    "quarantine",
    "read",
]

PACK_MAX = 64 * 1024  # bench/analysis/transfer.md "Small blocks packed": why this bound
_CHUNK = 500  # ids per `IN (...)`, below SQLite's variable limit everywhere


def put(connection: sqlite3.Connection, block_id: bytes, data: bytes | memoryview) -> None:
    """Store the block's row unless it has one (the caller checked the hash)."""
    connection.execute(
        "INSERT INTO obj_packed_blocks VALUES (?, ?) ON CONFLICT DO NOTHING",
        (block_id, bytes(data)),
    )


def read(connection: sqlite3.Connection, block_id: bytes) -> bytes | None:
    """The packed block's bytes, or None when it is not packed."""
    row = connection.execute(
        "SELECT data FROM obj_packed_blocks WHERE id = ?", (block_id,)
    ).fetchone()
    return None if row is None else bytes(row[0])


def is_packed(connection: sqlite3.Connection, block_id: bytes) -> bool:
    row = connection.execute("SELECT 1 FROM obj_packed_blocks WHERE id = ?", (block_id,))
    return row.fetchone() is not None


def delete(connection: sqlite3.Connection, block_ids: Iterable[bytes]) -> None:
    """Inside the transaction that deletes the blocks' `obj_blocks` rows."""
    ids = list(block_ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        connection.execute(f"DELETE FROM obj_packed_blocks WHERE id IN ({marks})", chunk)


def drop_unknown(connection: sqlite3.Connection) -> int:
    """Start-up: delete rows whose block the database no longer knows; returns how many."""
    cursor = connection.execute(
        "DELETE FROM obj_packed_blocks WHERE id NOT IN (SELECT id FROM obj_blocks)"
    )
    return int(cursor.rowcount)


def quarantine(connection: sqlite3.Connection, block_id: bytes, folder: Path) -> Path | None:
    """Scrub: if the packed block no longer hashes to its id, write its bytes into
    `folder` and delete the row (it reads as unavailable until it is sent again); returns
    where it went, or None when it is intact or not packed."""
    data = read(connection, block_id)
    if data is None or block_id_matches(block_id, data):
        return None
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / block_id.hex()
    target.write_bytes(data)
    connection.execute("DELETE FROM obj_packed_blocks WHERE id = ?", (block_id,))
    return target
