"""Reference counts of blocks, kept in the transaction of every descriptor write.

Three counters, each changed only here:
- `obj_links(descriptor, block).refs`: kept versions of that descriptor listing the block
  (a `blockGet` through the descriptor is allowed while the row exists);
- `obj_blocks.refs`: descriptors with a link to the block (0 and in no transfer: the
  block is garbage);
- `obj_usage(owner, block).refs`: that owner's descriptors linking the block; going
  0 -> 1 charges the block's size to `obj_owners.bytes`, 1 -> 0 refunds it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from server_stub.objects import packed

__all__ = [
    "add_version_refs",
    "collect_garbage",
    "ensure_owner",
    "owner_usage",
    "remove_version_refs",
    "transaction",
]


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def ensure_owner(connection: sqlite3.Connection, owner: str) -> None:
    connection.execute("INSERT INTO obj_owners VALUES (?, 0, 0) ON CONFLICT DO NOTHING", (owner,))


def owner_usage(connection: sqlite3.Connection, owner: str) -> tuple[int, int]:
    """(bytes, descriptors) charged to `owner`."""
    row = connection.execute(
        "SELECT bytes, descriptors FROM obj_owners WHERE owner = ?", (owner,)
    ).fetchone()
    return (0, 0) if row is None else (int(row[0]), int(row[1]))


def add_version_refs(
    connection: sqlite3.Connection, descriptor_id: str, owner: str, block_ids: Iterable[bytes]
) -> None:
    """Count one more kept version of `descriptor_id` listing each of `block_ids`."""
    for block in set(block_ids):
        (links,) = connection.execute(
            "INSERT INTO obj_links VALUES (?, ?, 1) ON CONFLICT (descriptor_id, block_id) "
            "DO UPDATE SET refs = obj_links.refs + 1 RETURNING refs",
            (descriptor_id, block),
        ).fetchone()
        if links != 1:
            continue
        connection.execute("UPDATE obj_blocks SET refs = refs + 1 WHERE id = ?", (block,))
        (used,) = connection.execute(
            "INSERT INTO obj_usage VALUES (?, ?, 1) ON CONFLICT (owner, block_id) "
            "DO UPDATE SET refs = obj_usage.refs + 1 RETURNING refs",
            (owner, block),
        ).fetchone()
        if used == 1:
            _charge(connection, owner, block, +1)


def remove_version_refs(
    connection: sqlite3.Connection, descriptor_id: str, owner: str, block_ids: Iterable[bytes]
) -> list[bytes]:
    """Undo `add_version_refs` for one version; returns blocks now listed by no descriptor."""
    unreferenced: list[bytes] = []
    for block in set(block_ids):
        (links,) = connection.execute(
            "UPDATE obj_links SET refs = refs - 1 WHERE descriptor_id = ? AND block_id = ? "
            "RETURNING refs",
            (descriptor_id, block),
        ).fetchone()
        if links:
            continue
        connection.execute(
            "DELETE FROM obj_links WHERE descriptor_id = ? AND block_id = ?", (descriptor_id, block)
        )
        (refs,) = connection.execute(
            "UPDATE obj_blocks SET refs = refs - 1 WHERE id = ? RETURNING refs", (block,)
        ).fetchone()
        if refs == 0:
            unreferenced.append(block)
        (used,) = connection.execute(
            "UPDATE obj_usage SET refs = refs - 1 WHERE owner = ? AND block_id = ? RETURNING refs",
            (owner, block),
        ).fetchone()
        if used == 0:
            connection.execute(
                "DELETE FROM obj_usage WHERE owner = ? AND block_id = ?", (owner, block)
            )
            _charge(connection, owner, block, -1)
    return unreferenced


def collect_garbage(connection: sqlite3.Connection, candidates: Iterable[bytes]) -> list[bytes]:
    """Delete the rows of candidate blocks no descriptor and no transfer holds (a packed
    block's bytes with them); their ids are returned so the caller removes the files
    after COMMIT."""
    deleted: list[bytes] = []
    for block in set(candidates):
        row = connection.execute(
            "DELETE FROM obj_blocks WHERE id = ? AND refs = 0 AND NOT EXISTS "
            "(SELECT 1 FROM obj_transfer_blocks WHERE block_id = ?) RETURNING id",
            (block, block),
        ).fetchone()
        if row is not None:
            deleted.append(block)
    packed.delete(connection, deleted)
    return deleted


def _charge(connection: sqlite3.Connection, owner: str, block: bytes, sign: int) -> None:
    connection.execute(
        "UPDATE obj_owners SET bytes = bytes + ? * (SELECT size FROM obj_blocks WHERE id = ?) "
        "WHERE owner = ?",
        (sign, block, owner),
    )
