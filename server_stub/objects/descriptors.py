"""Descriptor writes and reads in SQL, each inside the caller's transaction.

Every write is checked here against what is stored, in one transaction: the item key's
signature (with the stored public key), the lock, the compare-and-swap token, and that
each listed block is in a kept version of this descriptor or in the named transfer.
Writers return the ids of blocks whose rows they deleted; the caller removes those files
after COMMIT.
"""

from __future__ import annotations

import hmac
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from app.crypto.ecc import PublicKey
from app.crypto.errors import CryptoError
from app.wire.objects import (
    descriptor_signed_bytes,
    join_block_ids,
    split_block_ids,
)
from server_stub.objects import transfers
from server_stub.objects.config import ObjectLimits
from server_stub.objects.errors import (
    BadSignatureError,
    BlockMissingError,
    CasMismatchError,
    IdTakenError,
    LockedError,
    LoginRequiredError,
    NotFoundError,
    QuotaExceededError,
    TransferUnknownError,
)
from server_stub.objects.records import Descriptor, Version, Write
from server_stub.objects.refs import (
    add_version_refs,
    collect_garbage,
    ensure_owner,
    owner_usage,
    remove_version_refs,
)

__all__ = ["Stored", "Uploads", "create", "insert_version", "load", "remove", "verify"]


@dataclass(frozen=True)
class Stored:
    """A descriptor row with its current version."""

    descriptor: Descriptor
    owner: str
    lock_id: bytes | None

    def lock_holds(self, now: float) -> bool:
        expires = self.descriptor.lock_expires
        return self.lock_id is not None and expires is not None and expires > now

    def check_lock(self, lock_id: bytes | None, now: float) -> None:
        """Refuse a write while another lock id holds the descriptor."""
        if not self.lock_holds(now):
            return
        if (
            lock_id is None
            or self.lock_id is None
            or not hmac.compare_digest(lock_id, self.lock_id)
        ):
            left = (self.descriptor.lock_expires or now) - now
            raise LockedError(f"the descriptor is locked for {left:.0f} more seconds")


@dataclass(frozen=True)
class Uploads:
    """Where new blocks of a write may come from: a transfer of the logged-in caller, or
    one tied to a parent (then of the written descriptor's owner, and of `parent_id`
    when the write is authorised by a parent)."""

    transfer_id: bytes | None
    user: str | None
    parent_id: str | None = None


def verify(public_key: bytes, signature: bytes, message: bytes) -> None:
    """Check an item-key signature (low-S, strict); else BadSignatureError."""
    try:
        PublicKey.from_bytes(public_key).verify(signature, message)
    except (CryptoError, ValueError):
        raise BadSignatureError("the signature does not verify with the item key") from None


def load(connection: sqlite3.Connection, descriptor_id: str) -> Stored:
    row = connection.execute(
        "SELECT d.public_key, d.owner, d.lock_id, d.lock_expires, v.seq, v.blocks, v.extra, "
        "v.signature, v.server_time FROM obj_descriptors d JOIN obj_versions v "
        "ON v.descriptor_id = d.id AND v.seq = d.seq WHERE d.id = ?",
        (descriptor_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError("no such descriptor")
    public_key, owner, lock_id, lock_expires, *version = row
    current = _version(version)
    descriptor = Descriptor(descriptor_id, bytes(public_key), current, lock_expires)
    return Stored(descriptor, str(owner), None if lock_id is None else bytes(lock_id))


def load_many(connection: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Descriptor]:
    """The current descriptors of those `ids` that exist (one query; at most 256 ids)."""
    if not ids:
        return {}
    rows = connection.execute(
        "SELECT d.id, d.public_key, d.lock_expires, v.seq, v.blocks, v.extra, v.signature, "
        "v.server_time FROM obj_descriptors d JOIN obj_versions v "
        f"ON v.descriptor_id = d.id AND v.seq = d.seq WHERE d.id IN ({','.join('?' * len(ids))})",
        list(ids),
    ).fetchall()
    found = {}
    for descriptor_id, public_key, lock_expires, *version in rows:
        found[str(descriptor_id)] = Descriptor(
            str(descriptor_id), bytes(public_key), _version(version), lock_expires
        )
    return found


def signatures_many(connection: sqlite3.Connection, ids: Sequence[str]) -> dict[str, bytes]:
    """The current signatures of those `ids` that exist (one query, no extra or block
    list loaded; at most 256 ids)."""
    if not ids:
        return {}
    rows = connection.execute(
        "SELECT d.id, v.signature FROM obj_descriptors d JOIN obj_versions v "
        f"ON v.descriptor_id = d.id AND v.seq = d.seq WHERE d.id IN ({','.join('?' * len(ids))})",
        list(ids),
    ).fetchall()
    return {str(descriptor_id): bytes(signature) for descriptor_id, signature in rows}


def history(connection: sqlite3.Connection, descriptor_id: str, below: int) -> list[Version]:
    rows = connection.execute(
        "SELECT seq, blocks, extra, signature, server_time FROM obj_versions "
        "WHERE descriptor_id = ? AND seq < ? ORDER BY seq DESC",
        (descriptor_id, below),
    ).fetchall()
    return [_version(row) for row in rows]


def links(connection: sqlite3.Connection, descriptor_id: str, block_id: bytes) -> bool:
    """Whether a kept version of the descriptor lists the block."""
    row = connection.execute(
        "SELECT 1 FROM obj_links WHERE descriptor_id = ? AND block_id = ?",
        (descriptor_id, block_id),
    ).fetchone()
    return row is not None


def linked_sizes(
    connection: sqlite3.Connection, descriptor_id: str, block_ids: Sequence[bytes]
) -> dict[bytes, int]:
    """The stored size of each of `block_ids` that a kept version of the descriptor lists
    (one query; the others are absent)."""
    wanted = list(dict.fromkeys(block_ids))
    rows = connection.execute(
        "SELECT l.block_id, b.size FROM obj_links l JOIN obj_blocks b ON b.id = l.block_id "
        f"WHERE l.descriptor_id = ? AND l.block_id IN ({','.join('?' * len(wanted))})",
        [descriptor_id, *wanted],
    ).fetchall()
    return {bytes(block_id): int(size) for block_id, size in rows}


def create(
    connection: sqlite3.Connection,
    limits: ObjectLimits,
    stored: tuple[str, bytes],
    write: Write,
    uploads: Uploads,
    now: float,
) -> Version:
    """Insert a new descriptor owned by `stored[0]` with public key `stored[1]`."""
    owner, public_key = stored
    if connection.execute(
        "SELECT 1 FROM obj_descriptors WHERE id = ?", (write.descriptor_id,)
    ).fetchone():
        raise IdTakenError("a descriptor with this id exists")
    ensure_owner(connection, owner)
    _, count = owner_usage(connection, owner)
    if count >= limits.max_descriptors:
        raise QuotaExceededError(f"at most {limits.max_descriptors} descriptors per user")
    require_blocks(connection, write, uploads, owner, now)
    connection.execute(
        "INSERT INTO obj_descriptors VALUES (?, ?, ?, 1, NULL, NULL)",
        (write.descriptor_id, public_key, owner),
    )
    connection.execute(
        "UPDATE obj_owners SET descriptors = descriptors + 1 WHERE owner = ?", (owner,)
    )
    version = insert_version(connection, owner, write, 1, now)
    _check_bytes(connection, limits, owner, before=0)
    return version


def update(
    connection: sqlite3.Connection,
    limits: ObjectLimits,
    write: Write,
    guards: tuple[bytes, bytes | None],
    uploads: Uploads,
    now: float,
) -> tuple[Version, list[bytes]]:
    """Append a version if `guards` = (previous signature, lock id) allow it."""
    previous_signature, lock_id = guards
    stored = load(connection, write.descriptor_id)
    message = descriptor_signed_bytes(write.descriptor_id, write.block_ids, write.extra)
    verify(stored.descriptor.public_key, write.signature, message)
    stored.check_lock(lock_id, now)
    if not hmac.compare_digest(previous_signature, stored.descriptor.current.signature):
        raise CasMismatchError("the descriptor changed since you read it: re-read and retry")
    require_blocks(connection, write, uploads, stored.owner, now)
    before, _ = owner_usage(connection, stored.owner)
    seq = stored.descriptor.current.seq + 1
    connection.execute(
        "UPDATE obj_descriptors SET seq = ? WHERE id = ?", (seq, write.descriptor_id)
    )
    version = insert_version(connection, stored.owner, write, seq, now)
    garbage = _prune(connection, stored.owner, write.descriptor_id, seq - limits.versions_kept)
    _check_bytes(connection, limits, stored.owner, before)
    return version, garbage


def remove(connection: sqlite3.Connection, descriptor_id: str, owner: str) -> list[bytes]:
    """Delete a descriptor and all its versions; returns garbage block ids."""
    garbage = _prune(connection, owner, descriptor_id, 2**62)
    connection.execute("DELETE FROM obj_descriptors WHERE id = ?", (descriptor_id,))
    connection.execute(
        "UPDATE obj_owners SET descriptors = descriptors - 1 WHERE owner = ?", (owner,)
    )
    return garbage


def require_blocks(
    connection: sqlite3.Connection, write: Write, uploads: Uploads, owner: str, now: float
) -> None:
    """Each listed block is in a kept version of this descriptor or in the transfer."""
    if uploads.transfer_id is not None:
        _require_transfer(connection, uploads, owner, now)
    for block in dict.fromkeys(write.block_ids):
        if links(connection, write.descriptor_id, block):
            continue
        if uploads.transfer_id is not None and _in_transfer(connection, uploads.transfer_id, block):
            transfers.mark_used(connection, uploads.transfer_id, block)
            continue
        raise BlockMissingError(f"block {block.hex()} was not uploaded in this transfer")


def _require_transfer(
    connection: sqlite3.Connection, uploads: Uploads, owner: str, now: float
) -> None:
    """The caller's own transfer, or one tied to a parent: of this descriptor's owner and,
    for a parent-authorised create, of that same parent."""
    assert uploads.transfer_id is not None
    try:
        live = transfers.require_live(connection, uploads.user, uploads.transfer_id, now)
    except LoginRequiredError:
        raise TransferUnknownError("naming a transfer needs a logged-in session") from None
    if live.parent_id is not None and (
        live.owner != owner or uploads.parent_id not in (None, live.parent_id)
    ):
        raise TransferUnknownError("this transfer was opened for another folder")


def insert_version(
    connection: sqlite3.Connection, owner: str, write: Write, seq: int, now: float
) -> Version:
    blocks = join_block_ids(write.block_ids)
    connection.execute(
        "INSERT INTO obj_versions VALUES (?, ?, ?, ?, ?, ?)",
        (write.descriptor_id, seq, blocks, write.extra, write.signature, now),
    )
    add_version_refs(connection, write.descriptor_id, owner, write.block_ids)
    return Version(seq, write.block_ids, write.extra, write.signature, now)


def _in_transfer(connection: sqlite3.Connection, transfer_id: bytes, block: bytes) -> bool:
    row = connection.execute(
        "SELECT 1 FROM obj_transfer_blocks WHERE transfer_id = ? AND block_id = ?",
        (transfer_id, block),
    ).fetchone()
    return row is not None


def _prune(
    connection: sqlite3.Connection, owner: str, descriptor_id: str, up_to: int
) -> list[bytes]:
    """Drop versions with seq <= up_to; returns garbage block ids."""
    rows = connection.execute(
        "DELETE FROM obj_versions WHERE descriptor_id = ? AND seq <= ? RETURNING blocks",
        (descriptor_id, up_to),
    ).fetchall()
    candidates: list[bytes] = []
    for (blocks,) in rows:
        ids = split_block_ids(bytes(blocks))
        candidates.extend(remove_version_refs(connection, descriptor_id, owner, ids))
    return collect_garbage(connection, candidates)


def _check_bytes(
    connection: sqlite3.Connection, limits: ObjectLimits, owner: str, before: int
) -> None:
    """Refuse a write that leaves the owner above quota with more bytes than before."""
    after, _ = owner_usage(connection, owner)
    if after > limits.quota and after > before:
        raise QuotaExceededError(f"quota exceeded: {after} of {limits.quota} bytes")


def _version(row: tuple[object, ...] | list[object]) -> Version:
    seq, blocks, extra, signature, server_time = row
    assert isinstance(seq, int) and isinstance(server_time, float)
    assert isinstance(blocks, bytes) and isinstance(extra, bytes) and isinstance(signature, bytes)
    return Version(seq, split_block_ids(blocks), extra, signature, server_time)
