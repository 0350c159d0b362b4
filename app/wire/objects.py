"""Ids and signed bytes of the server's file objects (app/wire/SPEC.md §2).

Both the client (app.fs) and the server need these exact bytes: the client signs them
with an item key, the server verifies them with the stored public key.

    write  = label("fs/descriptor") ‖ 0x01 ‖ lp(id) ‖ u32 n ‖ block id × n ‖ lp(SHA-256(extra))
    delete = label("objects/descriptor-delete") ‖ lp(id) ‖ lp(current signature)
    lock   = label("objects/descriptor-lock") ‖ lp(id) ‖ lp(lock id) ‖ u32 ttl
             ‖ lp(current signature)
    unlock = label("objects/descriptor-unlock") ‖ lp(id) ‖ lp(lock id) ‖ lp(current signature)
    parent = label("objects/parent-authorisation") ‖ lp(action) ‖ lp(parent id)
             ‖ lp(subject) ‖ u64 window

`parent` authorises a write by the key of an existing descriptor (the parent item): action
is "descriptorCreate" (subject = the new descriptor id, UTF-8) or "transferOpen"
(subject = the server's single-use nonce); window = floor(server time / 300 s).
`lp(x)` = u32 big-endian length ‖ x; `label(p)` = `lp("privshare/v1/" ‖ p)`. A block id
is the 32-byte hash of the block: SHA-256, or BLAKE3 for content whose signed metadata
names it (app/fs/FORMAT.md §3); `blockPut` names the function (SPEC.md §2).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from blake3 import blake3

from app.crypto.kdf import LABEL_PREFIX

__all__ = [
    "BLAKE3",
    "BLOCK_HASHES",
    "BLOCK_ID_SIZE",
    "DESCRIPTOR_FORMAT",
    "PARENT_ACTIONS",
    "PARENT_WINDOW_SECONDS",
    "SHA256",
    "block_hasher",
    "block_id",
    "block_id_matches",
    "delete_signed_bytes",
    "descriptor_signed_bytes",
    "join_block_ids",
    "lock_signed_bytes",
    "parent_signed_bytes",
    "parent_window",
    "split_block_ids",
    "unlock_signed_bytes",
]

BLOCK_ID_SIZE = 32
DESCRIPTOR_FORMAT = 0x01
PARENT_WINDOW_SECONDS = 300
PARENT_ACTIONS = ("descriptorCreate", "transferOpen")
_U32_MAX = 2**32 - 1
_U64_MAX = 2**64 - 1


SHA256 = "sha256"
BLAKE3 = "blake3"
BlockHasher = Callable[[bytes | bytearray | memoryview], bytes]
BLOCK_HASHES: dict[str, BlockHasher] = {
    SHA256: lambda block: hashlib.sha256(block).digest(),
    BLAKE3: lambda block: blake3(block).digest(),
}


def block_hasher(name: str) -> BlockHasher:
    """The function that computes block ids of kind `name` (a key of `BLOCK_HASHES`)."""
    try:
        return BLOCK_HASHES[name]
    except KeyError:
        raise ValueError(f"no block-id hash {name!r}") from None


def block_id(block: bytes | bytearray | memoryview, hash_name: str = SHA256) -> bytes:
    """A block's content address: the hash `hash_name` of its bytes (SHA-256 by default)."""
    return block_hasher(hash_name)(block)


def block_id_matches(block_id: bytes, block: bytes | bytearray | memoryview) -> bool:
    """Whether `block` hashes to `block_id` with any known block-id hash (for checks that
    do not know which one wrote it: scrub, a read from a bucket). BLAKE3 first: cheaper."""
    return any(BLOCK_HASHES[name](block) == block_id for name in (BLAKE3, SHA256))


def descriptor_signed_bytes(descriptor_id: str, block_ids: Sequence[bytes], extra: bytes) -> bytes:
    """What the item key signs for each version of a descriptor (FORMAT.md §7)."""
    if any(len(bid) != BLOCK_ID_SIZE for bid in block_ids):
        raise ValueError(f"a block id is {BLOCK_ID_SIZE} bytes")
    return b"".join(
        (
            _label("fs/descriptor"),
            bytes([DESCRIPTOR_FORMAT]),
            _lp(descriptor_id.encode("utf-8")),
            _u32(len(block_ids)),
            *block_ids,
            _lp(hashlib.sha256(extra).digest()),
        )
    )


def delete_signed_bytes(descriptor_id: str, current_signature: bytes) -> bytes:
    """What the item key signs to delete the descriptor whose stored version is signed so."""
    return b"".join(
        (
            _label("objects/descriptor-delete"),
            _lp(descriptor_id.encode("utf-8")),
            _lp(current_signature),
        )
    )


def lock_signed_bytes(
    descriptor_id: str, lock_id: bytes, ttl: int, current_signature: bytes
) -> bytes:
    """What the item key signs to take or renew a lock for `ttl` seconds."""
    return b"".join(
        (
            _label("objects/descriptor-lock"),
            _lp(descriptor_id.encode("utf-8")),
            _lp(lock_id),
            _u32(ttl),
            _lp(current_signature),
        )
    )


def unlock_signed_bytes(descriptor_id: str, lock_id: bytes, current_signature: bytes) -> bytes:
    """What the item key signs to release a lock."""
    return b"".join(
        (
            _label("objects/descriptor-unlock"),
            _lp(descriptor_id.encode("utf-8")),
            _lp(lock_id),
            _lp(current_signature),
        )
    )


def parent_window(server_time: float) -> int:
    """The time window a parent authorisation names: whole 300-second steps since 1970."""
    if server_time < 0:
        raise ValueError("a server time is not negative")
    return int(server_time // PARENT_WINDOW_SECONDS)


def parent_signed_bytes(action: str, parent_id: str, subject: bytes, window: int) -> bytes:
    """What the parent item's key signs to authorise `action` on its server (SPEC.md §2)."""
    if action not in PARENT_ACTIONS:
        raise ValueError(f"no parent-authorised action {action!r}")
    if not 0 <= window <= _U64_MAX:
        raise ValueError(f"{window} does not fit an unsigned 64-bit field")
    return b"".join(
        (
            _label("objects/parent-authorisation"),
            _lp(action.encode("ascii")),
            _lp(parent_id.encode("utf-8")),
            _lp(subject),
            window.to_bytes(8, "big"),
        )
    )


def join_block_ids(block_ids: Sequence[bytes]) -> bytes:
    """The wire form of a block list: the 32-byte ids back to back."""
    if any(len(bid) != BLOCK_ID_SIZE for bid in block_ids):
        raise ValueError(f"a block id is {BLOCK_ID_SIZE} bytes")
    return b"".join(block_ids)


def split_block_ids(joined: bytes) -> tuple[bytes, ...]:
    """The block ids of a wire block list (ValueError unless a multiple of 32 bytes)."""
    if len(joined) % BLOCK_ID_SIZE:
        raise ValueError(f"a block list is a multiple of {BLOCK_ID_SIZE} bytes")
    view = bytes(joined)
    return tuple(view[i : i + BLOCK_ID_SIZE] for i in range(0, len(view), BLOCK_ID_SIZE))


def _u32(value: int) -> bytes:
    if not 0 <= value <= _U32_MAX:
        raise ValueError(f"{value} does not fit an unsigned 32-bit field")
    return value.to_bytes(4, "big")


def _lp(data: bytes) -> bytes:
    return _u32(len(data)) + bytes(data)


def _label(purpose: str) -> bytes:
    return _lp(LABEL_PREFIX + purpose.encode("ascii"))
