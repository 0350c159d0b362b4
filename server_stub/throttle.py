"""Login throttling: 16 failures per user and per client address in 64 minutes.

A user name (existing or not: unknown names are counted the same way, so the answer
never tells which names exist) or a client address with `MAX_FAILURES` failures in the
last `WINDOW` seconds is refused until the oldest of them leaves the window. IPv6
clients are counted per /64, since one host usually owns a whole /64. A success
forgets that user's failures from that address. Failures older than the window are
pruned as new ones are written.
"""

from __future__ import annotations

import ipaddress
import sqlite3

from server_stub.ports import SqlDatabase

__all__ = ["MAX_FAILURES", "WINDOW", "SqliteLoginThrottle", "address_bucket"]

MAX_FAILURES = 16
WINDOW = 64 * 60.0


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

    async def may_attempt(self, username: str, address: str, now: float) -> bool:
        since = now - self._window
        return await self._db.run(_under_limit, username, address_bucket(address), since, self._max)

    async def record_failure(self, username: str, address: str, now: float) -> None:
        await self._db.run(_add_failure, username, address_bucket(address), now, self._window)

    async def record_success(self, username: str, address: str, now: float) -> None:
        await self._db.run(_forget, username, address_bucket(address))


def _under_limit(
    connection: sqlite3.Connection, username: str, bucket: str, since: float, limit: int
) -> bool:
    (by_user,) = connection.execute(
        "SELECT COUNT(*) FROM login_failures WHERE username = ? AND at > ?", (username, since)
    ).fetchone()
    if by_user >= limit:
        return False
    (by_address,) = connection.execute(
        "SELECT COUNT(*) FROM login_failures WHERE address = ? AND at > ?", (bucket, since)
    ).fetchone()
    return bool(by_address < limit)


def _add_failure(
    connection: sqlite3.Connection, username: str, bucket: str, now: float, window: float
) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("DELETE FROM login_failures WHERE at <= ?", (now - window,))
        connection.execute("INSERT INTO login_failures VALUES (?, ?, ?)", (username, bucket, now))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _forget(connection: sqlite3.Connection, username: str, bucket: str) -> None:
    connection.execute(
        "DELETE FROM login_failures WHERE username = ? AND address = ?", (username, bucket)
    )
