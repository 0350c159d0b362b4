"""Inbox state a fleet shares through PostgreSQL (backends/SPEC.md §2): long-poll
wake-ups and post rates.

`PgSinkSignals` keeps `SinkSignals`' local events and adds the other processes: after
a post commits, `notify` also sends `pg_notify('sink_posted', sink_id)`; one LISTEN
connection per process (`listen`, an asyncio task) wakes the local polls of every
sink id it hears. A poll that misses a wake-up still answers at its timeout, with the
messages read then.

`PgPostRates` counts posts per sender key and per client address in `rate_hits`, the
check and the count under `pg_advisory_xact_lock(hashtext(key))`, so racing processes
admit exactly the limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import sqlite3
from typing import Any

from server_stub.backends.postgres.database import check_url
from server_stub.ports import SqlDatabase
from server_stub.sinks.signals import SinkSignals

__all__ = ["CHANNEL", "PgPostRates", "PgSinkSignals"]

CHANNEL = "sink_posted"
_log = logging.getLogger("server_stub.sinks")


class PgSinkSignals(SinkSignals):
    def __init__(self, database: SqlDatabase, url: str) -> None:
        super().__init__()
        self._db = database
        self._url = check_url(url)
        self._sending: set[asyncio.Task[None]] = set()
        self.listening_ready = asyncio.Event()

    def notify(self, sink_id: str) -> None:
        super().notify(sink_id)
        task = asyncio.get_running_loop().create_task(self._db.run(_notify, sink_id))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def listen(self) -> None:
        """Wake local polls on every NOTIFY of any process, until cancelled."""
        import psycopg

        while not self.closed:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self._url, autocommit=True
                ) as connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    self.listening_ready.set()
                    async for message in connection.notifies():
                        SinkSignals.notify(self, message.payload)
            except psycopg.Error:
                _log.warning("the LISTEN connection failed; reconnecting in 1 s")
                await asyncio.sleep(1)

    async def drain(self) -> None:
        """Wait for the NOTIFYs in flight (shutdown, tests)."""
        with contextlib.suppress(Exception):
            await asyncio.gather(*self._sending)


def _notify(connection: sqlite3.Connection, sink_id: str) -> None:
    connection.execute("SELECT pg_notify(?, ?)", (CHANNEL, sink_id))


class PgPostRates:
    """`PostRates` over PostgreSQL: `admit(sender_key, address, now)` -> seconds to wait
    (0.0: admitted and counted). A blocking call (one short transaction)."""

    def __init__(
        self, database: SqlDatabase, per_key: int, per_address: int, window: float = 60.0
    ) -> None:
        self._db = database
        self._limits = (per_key, per_address)
        self._window = window

    def admit(self, sender_key: bytes, address: str, now: float) -> float:
        keys = (f"post-key:{sender_key.hex()}", f"post-address:{address}")
        wait: float = self._db.call(_admit, keys, self._limits, self._window, now)
        return math.ceil(wait * 10) / 10 if wait > 0 else 0.0


def _admit(
    connection: Any, keys: tuple[str, str], limits: tuple[int, int], window: float, now: float
) -> float:
    connection.execute("BEGIN")
    try:
        wait = 0.0
        for key, limit in zip(keys, limits, strict=True):
            connection.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (key,))
            connection.execute(
                "DELETE FROM rate_hits WHERE key = ? AND at <= ?", (key, now - window)
            )
            rows = connection.execute(
                "SELECT at FROM rate_hits WHERE key = ? ORDER BY at LIMIT ?", (key, limit)
            ).fetchall()
            if len(rows) >= limit:
                wait = max(wait, float(rows[0][0]) + window - now)
        if wait <= 0:
            for key in keys:
                connection.execute("INSERT INTO rate_hits VALUES (?, ?)", (key, now))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return wait
