"""Limits of the inboxes, with defaults and environment overrides (SINKS.md "Limits")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

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
    quota: int = GiB
    rate_per_key: int = 30
    rate_per_address: int = 300
    rate_window: int = 60
    max_poll_sinks: int = 64
    max_poll_seqs: int = 1000
    max_wait_ms: int = 25_000
    max_ids: int = 256

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"sink limit {field.name} must be a positive integer")

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> SinkLimits:
        """The defaults, overridden by `PRIVSHARE_SINKS_*` variables that are set."""
        changes: dict[str, int] = {}
        for name, variable in ENV_NAMES.items():
            text = environ.get(variable)
            if text is None:
                continue
            try:
                changes[name] = int(text)
            except ValueError:
                raise ValueError(f"{variable} must be an integer, not {text!r}") from None
        return replace(cls(), **changes)


ENV_NAMES: dict[str, str] = {
    "max_sinks": "PRIVSHARE_SINKS_MAX_SINKS",
    "max_envelope": "PRIVSHARE_SINKS_MAX_ENVELOPE",
    "max_messages": "PRIVSHARE_SINKS_MAX_MESSAGES",
    "quota": "PRIVSHARE_SINKS_QUOTA",
    "rate_per_key": "PRIVSHARE_SINKS_RATE_PER_KEY",
    "rate_per_address": "PRIVSHARE_SINKS_RATE_PER_ADDRESS",
}
