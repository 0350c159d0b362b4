"""Limits of the object store, with defaults and environment overrides (OBJECTS.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from server_stub.limits import check_positive, environ_overrides

__all__ = ["ENV_NAMES", "MAX_BLOCK", "ObjectLimits"]

MiB = 1024 * 1024
GiB = 1024 * MiB
MAX_BLOCK = 16 * MiB + 4096


@dataclass(frozen=True)
class ObjectLimits:
    """Every limit the store enforces; all are positive integers."""

    max_block: int = 4 * MiB + 4096  # a client's 4 MiB chunks (26 bytes of overhead each)
    max_extra: int = 4 * MiB
    max_blocks: int = 65_536
    max_descriptors: int = 1_000_000
    quota: int = 10 * GiB
    versions_kept: int = 10
    transfer_ttl: int = 3600
    max_transfers: int = 32
    max_ids: int = 1024  # per descriptorGet (256 before issue 14)
    max_lock_ttl: int = 3600
    max_inline_blocks: int = 8
    challenge_ttl: int = 120
    parent_rate: int = 600

    def __post_init__(self) -> None:
        check_positive(self, "object")
        if self.max_block > MAX_BLOCK:
            raise ValueError(
                f"object limit max_block must be at most {MAX_BLOCK} bytes (16 MiB chunks, "
                "the format's largest, plus 4 KiB; a request body is at most 33 MiB)"
            )

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ObjectLimits:
        """The defaults, overridden by `PRIVSHARE_OBJECTS_*` variables that are set."""
        return replace(cls(), **environ_overrides(environ, ENV_NAMES))


ENV_NAMES: dict[str, str] = {
    "max_block": "PRIVSHARE_OBJECTS_MAX_BLOCK",
    "max_extra": "PRIVSHARE_OBJECTS_MAX_EXTRA",
    "max_blocks": "PRIVSHARE_OBJECTS_MAX_BLOCKS",
    "max_descriptors": "PRIVSHARE_OBJECTS_MAX_DESCRIPTORS",
    "quota": "PRIVSHARE_OBJECTS_QUOTA",
    "versions_kept": "PRIVSHARE_OBJECTS_VERSIONS",
    "transfer_ttl": "PRIVSHARE_OBJECTS_TRANSFER_TTL",
    "parent_rate": "PRIVSHARE_OBJECTS_PARENT_RATE",
    "max_ids": "PRIVSHARE_OBJECTS_MAX_IDS",
}
