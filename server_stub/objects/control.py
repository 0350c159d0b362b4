"""Signed control operations on a descriptor: delete, lock, unlock (OBJECTS.md).

Each signature covers the descriptor's current signature, so it is good for the
version stored now only. All run inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3

from app.wire.objects import delete_signed_bytes, lock_signed_bytes, unlock_signed_bytes
from server_stub.objects.config import ObjectLimits
from server_stub.objects.descriptors import load, remove, verify

__all__ = ["delete", "lock", "unlock"]


def delete(
    connection: sqlite3.Connection,
    descriptor_id: str,
    signature: bytes,
    lock_id: bytes | None,
    now: float,
) -> list[bytes]:
    """Remove the descriptor; returns garbage block ids."""
    stored = load(connection, descriptor_id)
    current = stored.descriptor.current.signature
    verify(stored.descriptor.public_key, signature, delete_signed_bytes(descriptor_id, current))
    stored.check_lock(lock_id, now)
    return remove(connection, descriptor_id, stored.owner)


def lock(
    connection: sqlite3.Connection,
    limits: ObjectLimits,
    request: tuple[str, bytes, int],
    signature: bytes,
    now: float,
) -> float:
    """Take or renew the lock `request` = (descriptor id, lock id, ttl); returns its expiry."""
    descriptor_id, lock_id, ttl = request
    if not 1 <= ttl <= limits.max_lock_ttl:
        raise ValueError("lock ttl out of range")
    stored = load(connection, descriptor_id)
    current = stored.descriptor.current.signature
    message = lock_signed_bytes(descriptor_id, lock_id, ttl, current)
    verify(stored.descriptor.public_key, signature, message)
    stored.check_lock(lock_id, now)
    expires = now + ttl
    connection.execute(
        "UPDATE obj_descriptors SET lock_id = ?, lock_expires = ? WHERE id = ?",
        (lock_id, expires, descriptor_id),
    )
    return expires


def unlock(
    connection: sqlite3.Connection,
    descriptor_id: str,
    lock_id: bytes,
    signature: bytes,
    now: float,
) -> None:
    """Release the lock held by `lock_id` (a free descriptor stays free)."""
    stored = load(connection, descriptor_id)
    current = stored.descriptor.current.signature
    message = unlock_signed_bytes(descriptor_id, lock_id, current)
    verify(stored.descriptor.public_key, signature, message)
    stored.check_lock(lock_id, now)
    connection.execute(
        "UPDATE obj_descriptors SET lock_id = NULL, lock_expires = NULL WHERE id = ?",
        (descriptor_id,),
    )
