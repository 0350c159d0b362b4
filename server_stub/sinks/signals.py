"""Wake-ups for long polls: each waiting `sinkPoll` owns one asyncio.Event, registered
under every sink it watches; `messagePost` sets the events of its sink. Used on the
event loop's thread only (handlers), so no lock is needed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

__all__ = ["SinkSignals"]


class SinkSignals:
    def __init__(self) -> None:
        self._waiting: dict[str, set[asyncio.Event]] = {}
        self.closed = False

    @contextmanager
    def listening(self, sink_ids: Iterable[str]) -> Iterator[asyncio.Event]:
        """An event set by the next `notify` of any of `sink_ids` while inside."""
        event = asyncio.Event()
        ids = set(sink_ids)
        for sink_id in ids:
            self._waiting.setdefault(sink_id, set()).add(event)
        try:
            yield event
        finally:
            for sink_id in ids:
                events = self._waiting.get(sink_id)
                if events is not None:
                    events.discard(event)
                    if not events:
                        del self._waiting[sink_id]

    def notify(self, sink_id: str) -> None:
        for event in self._waiting.get(sink_id, ()):
            event.set()

    def close(self) -> None:
        """Wake every waiting poll and let no new one wait (the server is stopping)."""
        self.closed = True
        for events in self._waiting.values():
            for event in events:
                event.set()

    def waiting(self, sink_id: str) -> int:
        """How many polls wait on `sink_id` now (for tests and metrics)."""
        return len(self._waiting.get(sink_id, ()))
