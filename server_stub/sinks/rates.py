"""Sliding-window post counters per sender key and per client address, and the bytes
each address posted from senders the server could not verify (in memory).

One server process keeps them; a restart forgets them, which only ever lets a sender
post sooner. Memory stays bounded: empty and stale keys are dropped when the table
grows past `max_keys`.
"""

from __future__ import annotations

import math
from collections import deque

__all__ = ["PostRates", "UnverifiedBytes"]


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


class _ByteWindow:
    """Bytes posted per key within the last `window` seconds."""

    def __init__(self, limit: int, window: float, max_keys: int) -> None:
        self.limit = limit
        self.window = window
        self._max_keys = max_keys
        self._hits: dict[str, deque[tuple[float, int]]] = {}

    def wait(self, key: str, now: float) -> float:
        """Seconds until `key` is below its byte limit again (0.0: it is now)."""
        hits = self._hits.get(key)
        if hits is None:
            return 0.0
        self._drop_old(hits, now)
        total = sum(size for _, size in hits)
        for at, size in hits:  # oldest first: the total falls as they leave the window
            if total < self.limit:
                break
            total -= size
            if total < self.limit:
                return at + self.window - now
        return 0.0

    def record(self, key: str, size: int, now: float) -> None:
        if key not in self._hits and len(self._hits) >= self._max_keys:
            for old in list(self._hits):
                self._drop_old(self._hits[old], now)
                if not self._hits[old]:
                    del self._hits[old]
        self._hits.setdefault(key, deque()).append((now, size))

    def _drop_old(self, hits: deque[tuple[float, int]], now: float) -> None:
        while hits and hits[0][0] <= now - self.window:
            hits.popleft()


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


class UnverifiedBytes:
    """The bytes each client address posted from senders the server could not verify:
    `wait(address, now)` -> seconds until it may post another (0.0: now); `record`
    counts a stored message. Kept by each process (a fleet multiplies the limit)."""

    def __init__(self, limit: int, window: float = 60.0, *, max_keys: int = 100_000) -> None:
        self._window = _ByteWindow(limit, window, max_keys)

    def wait(self, address: str, now: float) -> float:
        wait = self._window.wait(address, now)
        return math.ceil(wait * 10) / 10 if wait > 0 else 0.0

    def record(self, address: str, size: int, now: float) -> None:
        self._window.record(address, size, now)
