"""Periodic jobs of a multi-process server, run by exactly one process: the leader.

Every process runs `Leader.run()`; each round it tries `pg_try_advisory_lock(LEADER_LOCK)`
on a connection of its own (a session lock: it stays held while that connection lives,
and PostgreSQL frees it when the process dies). The holder runs the jobs; the others
only retry. Nothing runs at process start: a process that joins a running fleet must
not sweep blocks another process is uploading (backends/SPEC.md §4).

Jobs, each round:
* expired transfers are closed and the blocks only they held lose their rows;
* inboxes whose registered expiry passed more than their grace period ago lose their
  messages (server_stub/SINKS.md "Drop inboxes"; `SinkStore.collect_expired`);
* orphan blocks: objects in the bucket older than `grace` seconds that no row names are
  deleted, under the global mutation lock (a `blockPut` of the same block records its
  row under that lock and re-uploads if the object is gone, so it never loses it);
* the key log signs a fresh head once the last one is an hour old.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from server_stub.backends.postgres.database import connect
from server_stub.backends.s3.blocks import S3Blocks
from server_stub.objects.store import ObjectStore

__all__ = ["LEADER_LOCK", "Leader", "collect_orphans"]

LEADER_LOCK = 0x70727602
_log = logging.getLogger("server_stub.leader")


def collect_orphans(store: ObjectStore, blocks: S3Blocks, cutoff: float) -> int:
    """Delete the bucket's blocks last written before `cutoff` that no row names;
    returns how many."""
    candidates = blocks.older_than(cutoff)
    if not candidates:
        return 0

    def body(connection: Any) -> tuple[list[bytes], list[bytes]]:
        known = connection.execute(
            "SELECT id FROM obj_blocks WHERE id = ANY(?)", (candidates,)
        ).fetchall()
        orphans = sorted(set(candidates) - {bytes(row[0]) for row in known})
        blocks.delete(orphans)  # inside the transaction: under the mutation lock
        return orphans, []

    orphans = store.mutate_now(body)
    if orphans:
        _log.info("deleted %d orphan blocks from the bucket", len(orphans))
    return len(orphans)


class Leader:
    """Tries to lead every `interval` seconds; runs the jobs while leading."""

    def __init__(
        self,
        url: str,
        store: ObjectStore,
        blocks: S3Blocks,
        *,
        tick_heads: Callable[[int], object] | None = None,
        collect_sinks: Callable[[float], object] | None = None,
        interval: float = 60.0,
        grace: float = 24 * 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._url = url
        self._store = store
        self._blocks = blocks
        self._tick_heads = tick_heads
        self._collect_sinks = collect_sinks
        self.interval = interval
        self.grace = grace
        self._clock = clock
        self._connection: Any = None
        self.leading = False

    def round(self) -> bool:
        """One round (blocking): take or keep the lead, then run the jobs; True if led."""
        if self._connection is None or self._connection.closed:
            self._connection = connect(self._url)
            self.leading = False
        if not self.leading:
            row = self._connection.execute(
                "SELECT pg_try_advisory_lock(%s)", (LEADER_LOCK,)
            ).fetchone()
            self.leading = bool(row[0])
        if self.leading:
            now = self._clock()
            self._store.collect_expired(now)
            if self._collect_sinks is not None:  # before the orphans: frees their blocks
                self._collect_sinks(now)
            collect_orphans(self._store, self._blocks, now - self.grace)
            if self._tick_heads is not None:
                self._tick_heads(int(now * 1000))
        return self.leading

    async def run(self) -> None:
        """Rounds until cancelled; a failing round is logged and retried next time."""
        try:
            while True:
                await asyncio.sleep(self.interval)
                try:
                    await asyncio.to_thread(self.round)
                except Exception:
                    _log.exception("leader round failed")
                    self.close()
        finally:
            self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self.leading = False
