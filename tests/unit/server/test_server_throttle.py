"""LoginThrottle: 16 failures per (subject, address bucket), 64 per bucket, in 64 minutes;
password and key logins counted apart; nothing counted per name alone."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from server_stub.database import Database
from server_stub.throttle import (
    ADDRESS_FACTOR,
    MAX_FAILURES,
    WINDOW,
    LoginMethod,
    SqliteLoginThrottle,
    address_bucket,
)


@pytest.fixture
def throttle(tmp_path: Path) -> Iterator[SqliteLoginThrottle]:
    database = Database(tmp_path / "t.sqlite", threads=1)
    yield SqliteLoginThrottle(database)
    database.close()


def may(
    throttle: SqliteLoginThrottle,
    user: str,
    address: str,
    now: float,
    method: LoginMethod = "password",
) -> bool:
    return asyncio.run(throttle.may_attempt(method, user, address, now))


def fail(
    throttle: SqliteLoginThrottle,
    user: str,
    address: str,
    now: float,
    method: LoginMethod = "password",
) -> None:
    asyncio.run(throttle.record_failure(method, user, address, now))


def test_limits_are_the_documented_ones() -> None:
    assert (MAX_FAILURES, ADDRESS_FACTOR, WINDOW) == (16, 4, 64 * 60)


def test_sixteen_failures_block_that_name_from_that_address_only(
    throttle: SqliteLoginThrottle,
) -> None:
    for n in range(15):
        fail(throttle, "alice", "10.0.0.1", now=100 + n)
        assert may(throttle, "alice", "10.0.0.1", now=200)
    fail(throttle, "alice", "10.0.0.1", now=150)
    assert not may(throttle, "alice", "10.0.0.1", now=200)
    assert may(throttle, "alice", "10.9.9.9", now=200), "the owner's own address"
    assert may(throttle, "bob", "10.0.0.1", now=200)


def test_failures_spread_over_addresses_never_lock_a_name(
    throttle: SqliteLoginThrottle,
) -> None:
    for n in range(200):
        fail(throttle, "alice", f"10.0.{n // 10}.{n % 10}", now=100)
    assert may(throttle, "alice", "198.51.100.1", now=101)


def test_an_address_is_paused_after_many_failures_over_many_names(
    throttle: SqliteLoginThrottle,
) -> None:
    for n in range(MAX_FAILURES * ADDRESS_FACTOR - 1):
        fail(throttle, f"user{n}", "192.0.2.7", now=100)
    assert may(throttle, "someone-new", "192.0.2.7", now=101)
    fail(throttle, "last", "192.0.2.7", now=100)
    assert not may(throttle, "someone-new", "192.0.2.7", now=101)
    assert may(throttle, "someone-new", "192.0.2.8", now=101)


def test_password_failures_never_block_key_login(throttle: SqliteLoginThrottle) -> None:
    for n in range(MAX_FAILURES * ADDRESS_FACTOR):
        fail(throttle, "alice" if n < MAX_FAILURES else f"u{n}", "192.0.2.1", now=0)
    assert not may(throttle, "alice", "192.0.2.1", now=1)
    assert may(throttle, "alice", "192.0.2.1", now=1, method="key")
    for _ in range(MAX_FAILURES):
        fail(throttle, "02ab", "192.0.2.9", now=0, method="key")
    assert not may(throttle, "02ab", "192.0.2.9", now=1, method="key")
    assert may(throttle, "alice", "192.0.2.9", now=1)


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
    assert not may(throttle, "no-such-user", "192.0.2.1", now=1)


def test_success_forgets_that_pair_only(throttle: SqliteLoginThrottle) -> None:
    for _ in range(16):
        fail(throttle, "alice", "192.0.2.1", now=0)
        fail(throttle, "alice", "192.0.2.2", now=0)
    asyncio.run(throttle.record_success("password", "alice", "192.0.2.1", now=2))
    assert may(throttle, "alice", "192.0.2.1", now=3)
    assert not may(throttle, "alice", "192.0.2.2", now=3)


def test_ipv6_counts_per_64(throttle: SqliteLoginThrottle) -> None:
    for n in range(16):
        fail(throttle, "u", f"2001:db8:1:2::{n + 1:x}", now=0)
    assert not may(throttle, "u", "2001:db8:1:2:ffff::1", now=1)
    assert may(throttle, "u", "2001:db8:1:3::1", now=1)


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
