"""Upload sessions: a user's transfer collects blocks a descriptor write may then list.

`obj_transfers.bytes` counts the bytes of received blocks not yet listed by a
descriptor write naming the transfer (`used = 0`): that is what the quota check of
`blockPut` adds to the owner's committed bytes. Expiry is sliding: each block renews it.
A transfer opened by parent authorisation (parents.py) is tied to that parent in
`obj_parent_transfers`: its id is then the capability (128 random bits, only ever sent
inside the channel), usable without a login; its owner is the parent's owner.
All functions run inside the caller's transaction unless they say otherwise.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from server_stub.objects.config import ObjectLimits
from server_stub.objects.errors import (
    LimitExceededError,
    LoginRequiredError,
    QuotaExceededError,
    TransferUnknownError,
)
from server_stub.objects.refs import collect_garbage, owner_usage

__all__ = [
    "LiveTransfer",
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
    connection: sqlite3.Connection,
    limits: ObjectLimits,
    owner: str,
    transfer_id: bytes,
    now: float,
    session: bytes = b"",
) -> tuple[float, list[bytes]]:
    """Start a transfer for `session`; returns its expiry and the blocks whose files must
    go. At the cap of open transfers the owner's transfer idle the longest that another
    session opened is reclaimed first (a killed client's session never comes back; its
    next run resumes from a transfer it still holds, or starts again); a session whose
    own transfers fill the cap is refused."""
    (count,) = connection.execute(
        "SELECT COUNT(*) FROM obj_transfers WHERE owner = ? AND expires > ?", (owner, now)
    ).fetchone()
    garbage: list[bytes] = []
    if count >= limits.max_transfers:
        stale = connection.execute(
            "SELECT id FROM obj_transfers WHERE owner = ? AND expires > ? AND session != ? "
            "ORDER BY expires LIMIT ?",
            (owner, now, session, count - limits.max_transfers + 1),
        ).fetchall()
        if len(stale) <= count - limits.max_transfers:
            raise LimitExceededError(
                f"at most {limits.max_transfers} open transfers per user and session"
            )
        garbage = delete_transfers(connection, [bytes(row[0]) for row in stale])
    expires = now + limits.transfer_ttl
    connection.execute(
        "INSERT INTO obj_transfers (id, owner, expires, bytes, blocks, session) "
        "VALUES (?, ?, ?, 0, 0, ?)",
        (transfer_id, owner, expires, session),
    )
    return expires, garbage


@dataclass(frozen=True)
class LiveTransfer:
    """An open transfer: pending bytes, block count, owner, and the parent it is tied to."""

    pending: int
    blocks: int
    owner: str
    parent_id: str | None


def require_live(
    connection: sqlite3.Connection, caller: str | None, transfer_id: bytes, now: float
) -> LiveTransfer:
    """An open transfer that `caller` may use: its own, or one tied to a parent (anyone
    holding its id); else TransferUnknown."""
    row = connection.execute(
        "SELECT t.bytes, t.blocks, t.owner, p.parent_id FROM obj_transfers t "
        "LEFT JOIN obj_parent_transfers p ON p.transfer_id = t.id "
        "WHERE t.id = ? AND t.expires > ?",
        (transfer_id, now),
    ).fetchone()
    if caller is None and (row is None or row[3] is None):
        raise LoginRequiredError("this transfer needs a logged-in session")
    if row is None or (row[3] is None and row[2] != caller):
        raise TransferUnknownError("no open transfer with this id: open a new one")
    parent = None if row[3] is None else str(row[3])
    return LiveTransfer(int(row[0]), int(row[1]), str(row[2]), parent)


def add_block(
    connection: sqlite3.Connection,
    limits: ObjectLimits,
    caller: str | None,
    transfer_id: bytes,
    block: tuple[bytes, int],
    now: float,
) -> float:
    """Record that the transfer received `block` = (id, size); returns the new expiry.
    The transfer's owner is charged."""
    block_id, size = block
    live = require_live(connection, caller, transfer_id, now)
    owner, count = live.owner, live.blocks
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
            "INSERT INTO obj_blocks VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING",
            (block_id, size, now),
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
        connection.execute("DELETE FROM obj_parent_transfers WHERE transfer_id = ?", (transfer_id,))
    return collect_garbage(connection, candidates)
