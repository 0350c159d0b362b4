"""Upload sessions: a user's transfer collects blocks a descriptor write may then list.

`obj_transfers.bytes` counts the bytes of received blocks not yet listed by a
descriptor write naming the transfer (`used = 0`): that is what the quota check of
`blockPut` adds to the owner's committed bytes. Expiry is sliding: each block renews it.
All functions run inside the caller's transaction unless they say otherwise.
"""

from __future__ import annotations

import sqlite3

from server_stub.objects.config import ObjectLimits
from server_stub.objects.errors import LimitExceededError, QuotaExceededError, TransferUnknownError
from server_stub.objects.refs import collect_garbage, owner_usage

__all__ = [
    "add_block",
    "delete_transfers",
    "expired_transfers",
    "mark_used",
    "open_transfer",
    "require_live",
    "transfer_blocks",
    "transfers_of",
]


def open_transfer(
    connection: sqlite3.Connection, limits: ObjectLimits, owner: str, transfer_id: bytes, now: float
) -> float:
    """Start a transfer; returns its expiry."""
    (count,) = connection.execute(
        "SELECT COUNT(*) FROM obj_transfers WHERE owner = ? AND expires > ?", (owner, now)
    ).fetchone()
    if count >= limits.max_transfers:
        raise LimitExceededError(f"at most {limits.max_transfers} open transfers per user")
    expires = now + limits.transfer_ttl
    connection.execute(
        "INSERT INTO obj_transfers VALUES (?, ?, ?, 0, 0)", (transfer_id, owner, expires)
    )
    return expires


def require_live(
    connection: sqlite3.Connection, owner: str, transfer_id: bytes, now: float
) -> tuple[int, int]:
    """(bytes pending, block count) of an open transfer of `owner`; else TransferUnknown."""
    row = connection.execute(
        "SELECT bytes, blocks FROM obj_transfers WHERE id = ? AND owner = ? AND expires > ?",
        (transfer_id, owner, now),
    ).fetchone()
    if row is None:
        raise TransferUnknownError("no open transfer with this id: open a new one")
    return int(row[0]), int(row[1])


def add_block(
    connection: sqlite3.Connection,
    limits: ObjectLimits,
    owner: str,
    transfer_id: bytes,
    block: tuple[bytes, int],
    now: float,
) -> float:
    """Record that the transfer received `block` = (id, size); returns the new expiry."""
    block_id, size = block
    _, count = require_live(connection, owner, transfer_id, now)
    expires = now + limits.transfer_ttl
    known = connection.execute(
        "SELECT 1 FROM obj_transfer_blocks WHERE transfer_id = ? AND block_id = ?",
        (transfer_id, block_id),
    ).fetchone()
    if known is None:
        if count >= limits.max_blocks:
            raise LimitExceededError(f"at most {limits.max_blocks} blocks per transfer")
        _check_quota(connection, limits, owner, size, now)
        connection.execute(
            "INSERT OR IGNORE INTO obj_blocks VALUES (?, ?, 0, ?)", (block_id, size, now)
        )
        connection.execute(
            "INSERT INTO obj_transfer_blocks VALUES (?, ?, ?, 0)", (transfer_id, block_id, count)
        )
        connection.execute(
            "UPDATE obj_transfers SET bytes = bytes + ?, blocks = blocks + 1 WHERE id = ?",
            (size, transfer_id),
        )
    connection.execute("UPDATE obj_transfers SET expires = ? WHERE id = ?", (expires, transfer_id))
    return expires


def _check_quota(
    connection: sqlite3.Connection, limits: ObjectLimits, owner: str, size: int, now: float
) -> None:
    committed, _ = owner_usage(connection, owner)
    (pending,) = connection.execute(
        "SELECT COALESCE(SUM(bytes), 0) FROM obj_transfers WHERE owner = ? AND expires > ?",
        (owner, now),
    ).fetchone()
    if committed + pending + size > limits.quota:
        raise QuotaExceededError(
            f"quota exceeded: {committed + pending} of {limits.quota} bytes used, "
            f"a block of {size} bytes does not fit"
        )


def transfer_blocks(connection: sqlite3.Connection, transfer_id: bytes) -> list[bytes]:
    """The block ids a transfer received, in arrival order."""
    rows = connection.execute(
        "SELECT block_id FROM obj_transfer_blocks WHERE transfer_id = ? ORDER BY seq",
        (transfer_id,),
    ).fetchall()
    return [bytes(row[0]) for row in rows]


def mark_used(connection: sqlite3.Connection, transfer_id: bytes, block_id: bytes) -> None:
    """A descriptor write listed this block of the transfer: stop counting it as pending."""
    row = connection.execute(
        "UPDATE obj_transfer_blocks SET used = 1 WHERE transfer_id = ? AND block_id = ? "
        "AND used = 0 RETURNING (SELECT size FROM obj_blocks WHERE id = ?)",
        (transfer_id, block_id, block_id),
    ).fetchone()
    if row is not None:
        connection.execute(
            "UPDATE obj_transfers SET bytes = bytes - ? WHERE id = ?", (row[0], transfer_id)
        )


def expired_transfers(connection: sqlite3.Connection, now: float) -> list[bytes]:
    rows = connection.execute("SELECT id FROM obj_transfers WHERE expires <= ?", (now,))
    return [bytes(row[0]) for row in rows.fetchall()]


def transfers_of(connection: sqlite3.Connection, owner: str) -> list[bytes]:
    rows = connection.execute("SELECT id FROM obj_transfers WHERE owner = ?", (owner,))
    return [bytes(row[0]) for row in rows.fetchall()]


def delete_transfers(connection: sqlite3.Connection, transfer_ids: list[bytes]) -> list[bytes]:
    """Drop transfers; returns the blocks (rows already deleted) whose files must go."""
    candidates: list[bytes] = []
    for transfer_id in transfer_ids:
        rows = connection.execute(
            "DELETE FROM obj_transfer_blocks WHERE transfer_id = ? RETURNING block_id",
            (transfer_id,),
        ).fetchall()
        candidates.extend(bytes(row[0]) for row in rows)
        connection.execute("DELETE FROM obj_transfers WHERE id = ?", (transfer_id,))
    return collect_garbage(connection, candidates)
