"""Inbox wake-ups and post rates: one process's (memory) and a fleet's (PostgreSQL)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from backend_helpers import Backend

from server_stub.backends.postgres.sinks_state import PgPostRates, PgSinkSignals
from server_stub.ports import PostRateLimiter
from server_stub.sinks.rates import PostRates

NOW = 1_000_000.0


def test_racing_posts_are_admitted_up_to_the_limit(backend: Backend) -> None:
    others = [backend.reopen() for _ in range(2)] if backend.name == "postgres" else []
    shared = PostRates(5, 100, 60.0)
    limiters: list[PostRateLimiter] = (
        [PgPostRates(db, 5, 100, 60.0) for db in others] if others else [shared, shared]
    )
    admitted: list[float] = []
    barrier = threading.Barrier(4)

    def post(slot: int) -> None:
        barrier.wait()
        for _ in range(5):
            admitted.append(limiters[slot % 2].admit(b"K" * 33, f"10.0.0.{slot}", NOW))

    threads = [threading.Thread(target=post, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for database in others:
        database.close()
    assert sorted(wait == 0.0 for wait in admitted) == [False] * 15 + [True] * 5
    assert all(wait == 60.0 for wait in admitted if wait)


def test_a_post_in_one_process_wakes_a_poll_in_another(backend: Backend) -> None:
    if backend.name != "postgres":
        pytest.skip("one process: SinkSignals' own tests cover the local wake-up")
    other = backend.reopen()

    async def scenario() -> float:
        poster = PgSinkSignals(backend.database, backend.location)
        poller = PgSinkSignals(other, backend.location)
        listener = asyncio.create_task(poller.listen())
        await asyncio.wait_for(poller.listening_ready.wait(), 10)
        loop = asyncio.get_running_loop()
        with poller.listening(["sink-1"]) as event:
            assert poller.waiting("sink-1") == 1
            started = loop.time()
            poster.notify("sink-2")  # another sink: no wake-up
            await asyncio.sleep(0.3)
            assert not event.is_set()
            poster.notify("sink-1")
            await asyncio.wait_for(event.wait(), 5)
            woken = loop.time() - started - 0.3
        await poster.drain()
        poller.close()
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)
        return woken

    try:
        assert asyncio.run(scenario()) < 2.0
    finally:
        other.close()
