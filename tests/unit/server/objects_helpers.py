"""Helpers of the object-store tests (no tests here): real item keys that sign real bytes."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from app.crypto import base58
from app.crypto.ecc import PrivateKey
from app.wire.objects import (
    SHA256,
    block_id,
    delete_signed_bytes,
    descriptor_signed_bytes,
    lock_signed_bytes,
    unlock_signed_bytes,
)
from server_stub.objects import ObjectStore, Version, Write

T = TypeVar("T")
NOW = 1_000_000.0


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


@dataclass
class Item:
    """An item key and the descriptor writes it signs."""

    key: PrivateKey = field(default_factory=PrivateKey.generate)

    @property
    def public(self) -> bytes:
        return self.key.public_key.to_bytes()

    @property
    def id(self) -> str:
        return base58.address(self.public)

    def write(
        self, blocks: list[bytes], extra: bytes = b"extra", block_hash: str = SHA256
    ) -> Write:
        ids = tuple(block_id(b, block_hash) for b in blocks)
        signature = self.key.sign(descriptor_signed_bytes(self.id, ids, extra))
        return Write(self.id, ids, extra, signature)

    def delete(self, current: bytes) -> bytes:
        return self.key.sign(delete_signed_bytes(self.id, current))

    def lock(self, lock_id: bytes, ttl: int, current: bytes) -> bytes:
        return self.key.sign(lock_signed_bytes(self.id, lock_id, ttl, current))

    def unlock(self, lock_id: bytes, current: bytes) -> bytes:
        return self.key.sign(unlock_signed_bytes(self.id, lock_id, current))


def upload(
    store: ObjectStore,
    user: str,
    blocks: list[bytes],
    now: float = NOW,
    block_hash: str = SHA256,
) -> bytes:
    """Open a transfer of `user`, put `blocks` (ids made with `block_hash`), return the
    transfer id."""

    async def go() -> bytes:
        transfer_id, _ = await store.open_transfer(user, now)
        for data in blocks:
            bid = block_id(data, block_hash)
            await store.put_block(user, transfer_id, bid, data, now, block_hash)
        return transfer_id

    return run(go())


def create(
    store: ObjectStore,
    user: str,
    item: Item,
    blocks: list[bytes],
    extra: bytes = b"extra",
    block_hash: str = SHA256,
) -> Version:
    """Upload `blocks`, create the descriptor, close the transfer (as a client does)."""
    transfer_id = upload(store, user, blocks, block_hash=block_hash) if blocks else None
    write = item.write(blocks, extra, block_hash)
    version = run(store.create(user, item.public, write, transfer_id, NOW))
    if transfer_id is not None:
        run(store.close_transfer(user, transfer_id, NOW))
    return version


def new_block(size: int = 100) -> bytes:
    return secrets.token_bytes(size)
