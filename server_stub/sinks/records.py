"""Plain records of the sink store."""

from __future__ import annotations

from dataclasses import dataclass

from app.wire.messages import Envelope

__all__ = ["Post", "PostResult", "SinkInfo", "StoredMessage"]


@dataclass(frozen=True)
class SinkInfo:
    sink_id: str
    public_key: bytes
    owner: str
    acl: str
    data: bytes
    is_default: bool
    last_seq: int
    messages: int
    bytes: int
    created: float
    expires: float | None = None  # registered by the owner: posts refused from then on
    max_bytes: int | None = None  # registered by the owner: the most one message may hold

    def expired(self, now: float) -> bool:
        return self.expires is not None and now >= self.expires


@dataclass(frozen=True)
class StoredMessage:
    seq: int
    envelope: bytes
    block_ids: tuple[bytes, ...]
    verified: bool
    size: int
    server_time: float


@dataclass(frozen=True)
class Post:
    """One checked `messagePost`: the raw and parsed envelope, its inline blocks
    (id -> bytes), the transfer of the poster's session (if any) and who posts."""

    raw: bytes
    envelope: Envelope
    inline: dict[bytes, bytes]
    transfer_id: bytes | None
    session_user: str | None
    peer: str


@dataclass(frozen=True)
class PostResult:
    seq: int
    server_time: float
    verified: bool
