"""Sliding-window post counters per sender key and per client address (in memory).

One server process keeps them; a restart forgets them, which only ever lets a sender
post sooner. Memory stays bounded: empty and stale keys are dropped when the table
grows past `max_keys`.
"""

from __future__ import annotations

import math
from collections import deque

__all__ = ["PostRates"]


class _Window:
    """Hit times of one key within the last `window` seconds."""

    def __init__(self, limit: int, window: float, max_keys: int) -> None:
        self.limit = limit
        self.window = window
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}

    def wait(self, key: str, now: float) -> float:
        """Seconds until `key` may post again (0.0: it may now)."""
        hits = self._hits.get(key)
        if hits is None:
            return 0.0
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) < self.limit:
            return 0.0
        return hits[0] + self.window - now

    def record(self, key: str, now: float) -> None:
        if key not in self._hits and len(self._hits) >= self._max_keys:
            self._sweep(now)
        self._hits.setdefault(key, deque()).append(now)

    def _sweep(self, now: float) -> None:
        for key in list(self._hits):
            hits = self._hits[key]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if not hits:
                del self._hits[key]


class PostRates:
    """`admit(sender_key, address, now)` -> seconds to wait (0.0 = admitted and counted)."""

    def __init__(
        self, per_key: int, per_address: int, window: float = 60.0, *, max_keys: int = 100_000
    ) -> None:
        self._keys = _Window(per_key, window, max_keys)
        self._addresses = _Window(per_address, window, max_keys)

    def admit(self, sender_key: bytes, address: str, now: float) -> float:
        key = sender_key.hex()
        wait = max(self._keys.wait(key, now), self._addresses.wait(address, now))
        if wait > 0:
            return math.ceil(wait * 10) / 10
        self._keys.record(key, now)
        self._addresses.record(address, now)
        return 0.0
