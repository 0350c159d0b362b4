"""LoginThrottle: 16 failures per user and per address in 64 minutes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from server_stub.database import Database
from server_stub.throttle import MAX_FAILURES, WINDOW, SqliteLoginThrottle, address_bucket


@pytest.fixture
def throttle(tmp_path: Path) -> Iterator[SqliteLoginThrottle]:
    database = Database(tmp_path / "t.sqlite", threads=1)
    yield SqliteLoginThrottle(database)
    database.close()


def may(throttle: SqliteLoginThrottle, user: str, address: str, now: float) -> bool:
    return asyncio.run(throttle.may_attempt(user, address, now))


def fail(throttle: SqliteLoginThrottle, user: str, address: str, now: float) -> None:
    asyncio.run(throttle.record_failure(user, address, now))


def test_limits_are_the_documented_ones() -> None:
    assert (MAX_FAILURES, WINDOW) == (16, 64 * 60)


def test_sixteen_failures_of_a_user_block_that_user_everywhere(
    throttle: SqliteLoginThrottle,
) -> None:
    for n in range(15):
        fail(throttle, "alice", f"10.0.0.{n}", now=100 + n)
        assert may(throttle, "alice", "10.9.9.9", now=200)
    fail(throttle, "alice", "10.0.0.99", now=150)
    assert not may(throttle, "alice", "10.9.9.9", now=200)
    assert may(throttle, "bob", "10.9.9.9", now=200)


def test_sixteen_failures_from_an_address_block_every_user_there(
    throttle: SqliteLoginThrottle,
) -> None:
    for n in range(16):
        fail(throttle, f"user{n}", "192.0.2.7", now=100)
    assert not may(throttle, "someone-new", "192.0.2.7", now=101)
    assert may(throttle, "someone-new", "192.0.2.8", now=101)


def test_block_lifts_when_the_window_passes(throttle: SqliteLoginThrottle) -> None:
    for n in range(16):
        fail(throttle, "alice", "192.0.2.1", now=1000 + n)
    assert not may(throttle, "alice", "192.0.2.1", now=1000 + WINDOW - 1)
    assert may(throttle, "alice", "192.0.2.1", now=1000 + WINDOW), "oldest failure aged out"
    fail(throttle, "alice", "192.0.2.1", now=1000 + WINDOW)
    assert not may(throttle, "alice", "192.0.2.1", now=1000 + WINDOW + 0.5)


def test_unknown_users_count_like_known_ones(throttle: SqliteLoginThrottle) -> None:
    for _ in range(16):
        fail(throttle, "no-such-user", "192.0.2.1", now=0)
    assert not may(throttle, "no-such-user", "198.51.100.1", now=1)


def test_success_forgets_that_pair_only(throttle: SqliteLoginThrottle) -> None:
    for _ in range(10):
        fail(throttle, "alice", "192.0.2.1", now=0)
    for _ in range(6):
        fail(throttle, "alice", "192.0.2.2", now=0)
    assert not may(throttle, "alice", "192.0.2.3", now=1)
    asyncio.run(throttle.record_success("alice", "192.0.2.1", now=2))
    assert may(throttle, "alice", "192.0.2.3", now=3)


def test_ipv6_counts_per_64(throttle: SqliteLoginThrottle) -> None:
    for n in range(16):
        fail(throttle, f"u{n}", f"2001:db8:1:2::{n + 1:x}", now=0)
    assert not may(throttle, "x", "2001:db8:1:2:ffff::1", now=1)
    assert may(throttle, "x", "2001:db8:1:3::1", now=1)


@pytest.mark.parametrize(
    ("address", "bucket"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("2001:db8::1", "2001:db8::/64"),
        ("not-an-ip", "not-an-ip"),
    ],
)
def test_address_bucket(address: str, bucket: str) -> None:
    assert address_bucket(address) == bucket
