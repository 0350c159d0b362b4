"""Login throttling: failures per (credential, address bucket) and per address bucket.

A failed login is counted against the pair (what it tried, where it came from) and
against its address bucket: the IPv4 address, or the IPv6 /64 (one host usually owns a
whole /64). In the last `WINDOW` seconds a pair may fail `MAX_FAILURES` times and a
bucket `ADDRESS_FACTOR` times as often (one address may be a NAT with many users);
past either, attempts are refused until the oldest failure leaves the window. Nothing
is counted per name alone, so guessing a name's password from other addresses never
locks its owner out at their own address.

Password and key logins are counted apart (`method`): a password login counts under the
user name (existing or not, so the answer never tells which names exist), a key login
under the key. Password failures therefore never block a key login, and the other way
round. A success forgets that pair's failures. Failures older than the window are
pruned as new ones are written.
"""

from __future__ import annotations

import ipaddress
import sqlite3
from typing import Literal

from server_stub.ports import SqlDatabase

__all__ = [
    "ADDRESS_FACTOR",
    "MAX_FAILURES",
    "WINDOW",
    "LoginMethod",
    "SqliteLoginThrottle",
    "address_bucket",
]

MAX_FAILURES = 16
ADDRESS_FACTOR = 4
WINDOW = 64 * 60.0

LoginMethod = Literal["password", "key"]


def address_bucket(address: str) -> str:
    """The unit an address is counted in: the IPv4 address, or the IPv6 /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


class SqliteLoginThrottle:
    """`LoginThrottle` on SQLite."""

    def __init__(
        self, database: SqlDatabase, *, max_failures: int = MAX_FAILURES, window: float = WINDOW
    ) -> None:
        self._db = database
        self._max = max_failures
        self._window = window

    async def may_attempt(
        self, method: LoginMethod, subject: str, address: str, now: float
    ) -> bool:
        since = now - self._window
        limits = (self._max, self._max * ADDRESS_FACTOR)
        bucket = address_bucket(address)
        return await self._db.run(_under_limits, method, subject, bucket, since, limits)

    async def record_failure(
        self, method: LoginMethod, subject: str, address: str, now: float
    ) -> None:
        bucket = address_bucket(address)
        await self._db.run(_add_failure, method, subject, bucket, now, self._window)

    async def record_success(
        self, method: LoginMethod, subject: str, address: str, now: float
    ) -> None:
        await self._db.run(_forget, method, subject, address_bucket(address))


def _under_limits(
    connection: sqlite3.Connection,
    method: str,
    subject: str,
    bucket: str,
    since: float,
    limits: tuple[int, int],
) -> bool:
    per_pair, per_bucket = limits
    (by_pair,) = connection.execute(
        "SELECT COUNT(*) FROM login_failures"
        " WHERE method = ? AND address = ? AND username = ? AND at > ?",
        (method, bucket, subject, since),
    ).fetchone()
    if by_pair >= per_pair:
        return False
    (by_bucket,) = connection.execute(
        "SELECT COUNT(*) FROM login_failures WHERE method = ? AND address = ? AND at > ?",
        (method, bucket, since),
    ).fetchone()
    return bool(by_bucket < per_bucket)


def _add_failure(
    connection: sqlite3.Connection,
    method: str,
    subject: str,
    bucket: str,
    now: float,
    window: float,
) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("DELETE FROM login_failures WHERE at <= ?", (now - window,))
        connection.execute(
            "INSERT INTO login_failures (username, address, at, method) VALUES (?, ?, ?, ?)",
            (subject, bucket, now, method),
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _forget(connection: sqlite3.Connection, method: str, subject: str, bucket: str) -> None:
    connection.execute(
        "DELETE FROM login_failures WHERE method = ? AND username = ? AND address = ?",
        (method, subject, bucket),
    )
