"""Limits of the inboxes, with defaults and environment overrides (SINKS.md "Limits")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from server_stub.limits import check_positive, environ_overrides

__all__ = ["ENV_NAMES", "SinkLimits"]

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True)
class SinkLimits:
    """Every limit the sink store and handlers enforce; all are positive integers."""

    max_sinks: int = 64
    max_data: int = 64 * KiB
    max_envelope: int = MiB + 4 * KiB
    max_blocks: int = 4096
    max_inline_blocks: int = 16
    max_inline_bytes: int = 16 * MiB
    max_messages: int = 10_000
    quota: int = GiB  # bytes of messages from senders the server verified, per owner
    unverified_quota: int = 64 * MiB  # the slice of all other senders, per owner
    unverified_messages: int = 1000  # messages from them kept per sink
    rate_per_key: int = 30
    rate_per_address: int = 300
    unverified_bytes_per_address: int = 16 * MiB  # per rate_window, from unverified senders
    rate_window: int = 60
    max_poll_sinks: int = 64
    max_poll_seqs: int = 1000
    max_wait_ms: int = 25_000
    max_ids: int = 256
    expired_grace: int = 30 * 24 * 3600  # seconds an expired inbox keeps its messages

    def __post_init__(self) -> None:
        check_positive(self, "sink")

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> SinkLimits:
        """The defaults, overridden by `PRIVSHARE_SINKS_*` variables that are set."""
        return replace(cls(), **environ_overrides(environ, ENV_NAMES))


ENV_NAMES: dict[str, str] = {
    "max_sinks": "PRIVSHARE_SINKS_MAX_SINKS",
    "max_envelope": "PRIVSHARE_SINKS_MAX_ENVELOPE",
    "max_messages": "PRIVSHARE_SINKS_MAX_MESSAGES",
    "quota": "PRIVSHARE_SINKS_QUOTA",
    "unverified_quota": "PRIVSHARE_SINKS_UNVERIFIED_QUOTA",
    "unverified_messages": "PRIVSHARE_SINKS_UNVERIFIED_MESSAGES",
    "unverified_bytes_per_address": "PRIVSHARE_SINKS_UNVERIFIED_BYTES_PER_ADDRESS",
    "rate_per_key": "PRIVSHARE_SINKS_RATE_PER_KEY",
    "rate_per_address": "PRIVSHARE_SINKS_RATE_PER_ADDRESS",
    "expired_grace": "PRIVSHARE_SINKS_EXPIRED_GRACE",
}
