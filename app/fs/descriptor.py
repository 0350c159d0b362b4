"""Descriptor payloads (FORMAT.md §7): the server object behind a file or folder.

A descriptor is `{blocks, extra}` plus the item key's signature, which the server
checks on every write (it holds the public key; descriptor id = its address). The
signature covers

    label("fs/descriptor") ‖ u8 format ‖ lp(descriptor id) ‖ u32 n ‖ block id × n
        ‖ lp(SHA-256(extra))

where a block id is the 32-byte hash of the block that the file's metadata names
(SHA-256 or BLAKE3, FORMAT.md §3). The previous signature is the
compare-and-swap token of the next update (the server compares it; it is not signed).
"""

from __future__ import annotations

from dataclasses import dataclass

import msgpack

from app.fs.errors import FormatVersionError, FsUsageError, InjectedObjectError, IntegrityError
from app.fs.keys import ItemKey
from app.wire.encoding import FORMAT_V1, pack, u8, unpack_map, want
from app.wire.objects import BLOCK_ID_SIZE, descriptor_signed_bytes

__all__ = ["DescriptorPayload"]


@dataclass(frozen=True)
class DescriptorPayload:
    """What an item's descriptor holds: its blocks (files) and its `extra` (metadata)."""

    descriptor_id: str
    block_ids: tuple[bytes, ...]
    extra: bytes

    def __post_init__(self) -> None:
        if any(len(bid) != BLOCK_ID_SIZE for bid in self.block_ids):
            raise FsUsageError(f"a block id is {BLOCK_ID_SIZE} bytes")

    def signed_bytes(self) -> bytes:
        return descriptor_signed_bytes(self.descriptor_id, self.block_ids, self.extra)

    def sign(self, key: ItemKey) -> bytes:
        """The 64-byte signature the server checks; needs the item's xprv."""
        if key.item_id != self.descriptor_id:
            raise FsUsageError("a descriptor is signed by its own item key")
        return key.sign(self.signed_bytes())

    def verify(self, key: ItemKey, signature: bytes, signer: bytes | None = None) -> None:
        """Check the descriptor against the key the reader expects for it.

        `signer` is the public key the server stored with the descriptor, if it sent one.
        """
        if self.descriptor_id != key.item_id or (signer is not None and signer != key.public_bytes):
            raise InjectedObjectError(
                f"the descriptor served for {key.item_id} belongs to another key: injected"
            )
        if not key.verifies(signature, self.signed_bytes()):
            raise IntegrityError(f"the descriptor {key.item_id} is not signed by its item key")

    def to_bytes(self) -> bytes:
        body = {"id": self.descriptor_id, "blocks": list(self.block_ids), "extra": self.extra}
        return u8(FORMAT_V1) + pack(body)

    @classmethod
    def from_bytes(cls, data: bytes) -> DescriptorPayload:
        if not data:
            raise IntegrityError("an empty descriptor payload")
        if data[0] != FORMAT_V1:
            raise FormatVersionError("a descriptor payload", data[0])
        try:
            body = unpack_map(data[1:], frozenset({"id", "blocks", "extra"}))
            blocks = tuple(want(body, "blocks", list))
            if not all(isinstance(bid, bytes) for bid in blocks):
                raise TypeError("a block id is bytes")
            return cls(want(body, "id", str), blocks, want(body, "extra", bytes))
        except (ValueError, TypeError, msgpack.UnpackException):
            raise IntegrityError("the descriptor payload is malformed") from None
