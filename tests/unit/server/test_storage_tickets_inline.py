"""`SqliteTickets.consume` runs inline on the event loop but never waits there for a
lock another connection holds: it then finishes on the database pool."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from server_stub.database import Database
from server_stub.ports import TicketRecord
from server_stub.storage import SqliteTickets

NOW = 100.0


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "server.sqlite")
    yield db
    db.close()


def record(n: int) -> TicketRecord:
    return TicketRecord(n.to_bytes(32, "big"), b"m" * 32, b"s" * 16, "alice", NOW + 60)


def test_a_free_database_is_used_on_the_loop_thread(database: Database) -> None:
    tickets = SqliteTickets(database)

    async def go() -> tuple[TicketRecord | None, TicketRecord | None, set[str]]:
        await tickets.store([record(1)], NOW)
        threads: set[str] = set()
        original = database.call_nowait

        def spy(fn: object, *args: object) -> object:
            threads.add(threading.current_thread().name)
            return original(fn, *args)  # type: ignore[arg-type]

        database.call_nowait = spy  # type: ignore[method-assign, assignment]
        first = await tickets.consume(record(1).ticket_id, NOW)
        second = await tickets.consume(record(1).ticket_id, NOW)
        return first, second, threads

    first, second, threads = asyncio.run(go())
    assert first == record(1) and second is None, "consumed exactly once"
    assert threads == {threading.current_thread().name}, "no pool hop"
    timeout = database.call(lambda c: c.execute("PRAGMA busy_timeout").fetchone()[0])
    assert timeout == 30_000, "the loop thread's connection keeps its busy timeout"
    nowait = database.call_nowait(lambda c: c.execute("PRAGMA busy_timeout").fetchone()[0])
    assert nowait == 0, "the consume's own connection never waits for a lock"


def test_a_held_write_lock_never_blocks_the_event_loop(database: Database, tmp_path: Path) -> None:
    tickets = SqliteTickets(database)
    writer = sqlite3.connect(tmp_path / "server.sqlite", isolation_level=None)

    async def go() -> tuple[TicketRecord | None, int]:
        await tickets.store([record(2)], NOW)
        writer.execute("BEGIN IMMEDIATE")  # another connection is writing
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.005)

        running = asyncio.create_task(ticker())
        consuming = asyncio.create_task(tickets.consume(record(2).ticket_id, NOW))
        await asyncio.sleep(0.2)
        assert not consuming.done(), "it waits for the writer (on the pool)"
        writer.execute("COMMIT")
        found = await consuming
        running.cancel()
        return found, ticks

    found, ticks = asyncio.run(go())
    writer.close()
    assert found == record(2)
    assert ticks >= 10, "the event loop kept running while the ticket waited for the lock"
