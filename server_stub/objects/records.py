"""What the object store reads and writes: versions, descriptors, write requests."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Descriptor", "Version", "Write"]


@dataclass(frozen=True)
class Write:
    """A signed new version of a descriptor, as a client sends it."""

    descriptor_id: str
    block_ids: tuple[bytes, ...]
    extra: bytes
    signature: bytes


@dataclass(frozen=True)
class Version:
    """One stored version of a descriptor."""

    seq: int
    block_ids: tuple[bytes, ...]
    extra: bytes
    signature: bytes
    server_time: float


@dataclass(frozen=True)
class Descriptor:
    """A descriptor with its current version; `lock_expires` is None when unlocked."""

    descriptor_id: str
    public_key: bytes
    current: Version
    lock_expires: float | None
