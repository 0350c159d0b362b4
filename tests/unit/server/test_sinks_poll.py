"""SinkStore long polls (wake on post, time out without spinning) and post rate limits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sinks_helpers import (
    LIMITS,
    NOW,
    World,
    anonymous_post,
    create_sink,
    open_world,
    post,
    post_async,
    run,
)

from app.crypto.ecc import PrivateKey
from server_stub.sinks import RateLimitedError, SinkNotFoundError, SinkStore
from server_stub.sinks.rates import PostRates


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    opened = open_world(tmp_path)
    yield opened
    opened.log.close()
    opened.database.close()


@pytest.fixture
def store(world: World) -> SinkStore:
    return world.sinks()


def test_poll_answers_at_once_when_something_is_newer(store: SinkStore) -> None:
    first, second = create_sink(store, "bob", "anonymous"), create_sink(store, "bob", "anonymous")
    for _ in range(3):
        anonymous_post(store, first)
    started = time.monotonic()
    found = run(store.poll("bob", {first.sink_id: 1, second.sink_id: 0}, 20_000))
    assert time.monotonic() - started < 2
    assert found == {first.sink_id: (3, [2, 3]), second.sink_id: (0, [])}
    with pytest.raises(SinkNotFoundError):  # every sink must be the caller's
        run(store.poll("mallory", {first.sink_id: 0}, 0))
    assert store.signals.waiting(first.sink_id) == 0


def test_poll_wakes_when_a_message_arrives(store: SinkStore) -> None:
    watched, other = create_sink(store, "bob", "anonymous"), create_sink(store, "bob", "anonymous")

    async def scenario() -> tuple[dict[str, tuple[int, list[int]]], float, bool]:
        started = time.monotonic()
        waiting = asyncio.create_task(store.poll("bob", {watched.sink_id: 0}, 20_000))
        await asyncio.sleep(0.3)
        await post_async(store, PrivateKey.generate(), "anonymous", other)  # not watched
        await asyncio.sleep(0.3)
        still_waiting = not waiting.done()
        await post_async(store, PrivateKey.generate(), "anonymous", watched)
        found = await asyncio.wait_for(waiting, 5)
        return found, time.monotonic() - started, still_waiting

    found, elapsed, still_waiting_after_other_post = run(scenario())
    assert still_waiting_after_other_post
    assert found == {watched.sink_id: (1, [1])}
    assert 0.5 < elapsed < 3
    assert store.signals.waiting(watched.sink_id) == 0


def test_poll_times_out_without_spinning(store: SinkStore) -> None:
    sink = create_sink(store, "bob")
    cpu, wall = time.process_time(), time.monotonic()
    found = run(store.poll("bob", {sink.sink_id: 0}, 2000))
    cpu_used, waited = time.process_time() - cpu, time.monotonic() - wall
    assert found == {sink.sink_id: (0, [])}
    assert 1.9 < waited < 4
    assert cpu_used < 0.25, f"{cpu_used:.3f} s of CPU during a 2 s wait: a busy loop?"
    assert store.signals.waiting(sink.sink_id) == 0


def test_poll_wait_zero_answers_at_once(store: SinkStore) -> None:
    sink = create_sink(store, "bob")
    started = time.monotonic()
    assert run(store.poll("bob", {sink.sink_id: 0}, 0)) == {sink.sink_id: (0, [])}
    assert time.monotonic() - started < 1


def test_rate_limit_per_sender_key(world: World) -> None:
    store = world.sinks(replace(LIMITS, rate_per_key=3, rate_per_address=100))
    sink = create_sink(store, "bob", "anonymous")
    sender = PrivateKey.generate()
    for n in range(3):
        post(store, sender, "anonymous", sink, peer=f"192.0.2.{n}", now=NOW + n)
    with pytest.raises(RateLimitedError) as refused:  # same key from yet another address
        post(store, sender, "anonymous", sink, peer="192.0.2.9", now=NOW + 3)
    assert "57" in str(refused.value)  # seconds to wait until the first post leaves the window
    post(store, PrivateKey.generate(), "anonymous", sink, now=NOW + 3)  # other keys still post
    post(store, sender, "anonymous", sink, now=NOW + 61)  # the window slid past the first


def test_rate_limit_per_client_address(world: World) -> None:
    store = world.sinks(replace(LIMITS, rate_per_key=100, rate_per_address=4))
    sink = create_sink(store, "bob", "anonymous")
    for _ in range(4):
        anonymous_post(store, sink, peer="198.51.100.7")
    with pytest.raises(RateLimitedError):  # fresh keys do not escape the address limit
        anonymous_post(store, sink, peer="198.51.100.7")
    anonymous_post(store, sink, peer="198.51.100.8")
    assert run(store.info("bob", sink.sink_id)).last_seq == 5


def test_rate_table_stays_bounded() -> None:
    rates = PostRates(per_key=1, per_address=1000, window=60, max_keys=50)
    for n in range(500):
        assert rates.admit(n.to_bytes(33, "big"), "a", NOW + n) == 0.0
    assert len(rates._keys._hits) <= 61  # keys older than the window were swept
