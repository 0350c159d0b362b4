"""The open sessions of every account: one row per login (SESSIONS.md).

A session is a ticket family opened by a login (app/protocol/SPEC.md §3): it lives while
it holds unexpired tickets. The endpoint reports a login (`opened`), each ticket batch and
now and then a request (`used`), and a logout (`closed`). `end` deletes a session's row
and every ticket of it in one transaction, so its next request is refused; `end_for_key`
does that for every session a login key opened (a removed device). Clients see a session
by its public id, a hash of the secret-free session id that never leaves the server.

The SQL is the kind both engines accept (backends/SPEC.md §1), so `SqlSessions` runs on
the embedded SQLite file, where the table is made here (`CREATE TABLE IF NOT EXISTS`),
and on the PostgreSQL database of a fleet (backends/postgres/schema.py), where every
process reads and ends the same rows.
"""

from __future__ import annotations

import hashlib
import ipaddress
import sqlite3
from dataclasses import dataclass

from server_stub.ports import SqlDatabase

__all__ = [
    "MAX_LISTED",
    "PUBLIC_ID_SIZE",
    "NoSuchSessionError",
    "SessionError",
    "SqlSessions",
    "StoredSession",
    "address_bucket",
    "public_id",
]

MAX_LISTED = 200
PUBLIC_ID_SIZE = 8

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sessions (session_id BLOB PRIMARY KEY, "
    "public_id BLOB NOT NULL, username TEXT NOT NULL, login_key BLOB, "
    "started REAL NOT NULL, last_used REAL NOT NULL, expires REAL NOT NULL, "
    "address TEXT NOT NULL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions(username, public_id)",
)


class SessionError(Exception):
    code = 2300


class NoSuchSessionError(SessionError):
    """No open session of the caller's account has that id (another account's session
    gets the same answer: its existence is not revealed)."""

    code = 2301


@dataclass(frozen=True)
class StoredSession:
    session_id: bytes
    public_id: bytes
    login_key: bytes | None  # None: a password (SRP) login
    started: float
    last_used: float
    address: str


def public_id(session_id: bytes) -> bytes:
    """What clients call a session: 8 bytes of SHA-256 over a label and the id."""
    return hashlib.sha256(b"privshare/v1/session-id\x00" + session_id).digest()[:PUBLIC_ID_SIZE]


def address_bucket(peer: str) -> str:
    """The client's network, not its address: IPv4 /24, IPv6 /48, else "unknown"."""
    try:
        ip = ipaddress.ip_address(peer)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


class SqlSessions:
    def __init__(self, database: SqlDatabase) -> None:
        self._db = database
        database.call(_ensure_schema)

    async def opened(
        self,
        session_id: bytes,
        username: str,
        login_key: bytes | None,
        peer: str,
        now: float,
        expires: float,
    ) -> None:
        row = (session_id, public_id(session_id), username, login_key, now, now, expires)
        await self._db.run(_open, (*row, address_bucket(peer)), now)

    async def used(self, session_id: bytes, now: float, expires: float | None = None) -> bool:
        """Note a use (and, with `expires`, a new ticket batch); False if it has ended."""
        return await self._db.run(_use, session_id, now, expires)

    async def closed(self, session_id: bytes) -> None:
        await self._db.run(_close, session_id)

    async def list(self, username: str, now: float) -> list[StoredSession]:
        return await self._db.run(_list, username, now)

    async def end(self, username: str, public: bytes, now: float) -> None:
        """End the caller's account's session `public` (NoSuchSessionError if none)."""
        if not await self._db.run(_end, username, public, now):
            raise NoSuchSessionError("no open session of this account has that id")

    async def end_for_key(self, username: str, login_key: bytes) -> int:
        """End every session `login_key` opened for `username`; how many there were."""
        return await self._db.run(_end_for_key, username, login_key)


def _ensure_schema(connection: sqlite3.Connection) -> None:
    for statement in _SCHEMA:
        connection.execute(statement)


def _open(connection: sqlite3.Connection, row: tuple[object, ...], now: float) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("DELETE FROM sessions WHERE expires <= ?", (now,))
        connection.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) "
            "DO UPDATE SET public_id = excluded.public_id, username = excluded.username, "
            "login_key = excluded.login_key, started = excluded.started, "
            "last_used = excluded.last_used, expires = excluded.expires, "
            "address = excluded.address",
            row,
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _use(
    connection: sqlite3.Connection, session_id: bytes, now: float, expires: float | None
) -> bool:
    if expires is None:
        cursor = connection.execute(
            "UPDATE sessions SET last_used = CASE WHEN last_used < ?1 THEN ?1 ELSE last_used END "
            "WHERE session_id = ?2",
            (now, session_id),
        )
    else:
        cursor = connection.execute(
            "UPDATE sessions SET last_used = CASE WHEN last_used < ?1 THEN ?1 ELSE last_used END, "
            "expires = CASE WHEN expires < ?2 THEN ?2 ELSE expires END WHERE session_id = ?3",
            (now, expires, session_id),
        )
    return cursor.rowcount > 0


def _close(connection: sqlite3.Connection, session_id: bytes) -> None:
    connection.execute("DELETE FROM sessions WHERE session_id = ?", (session_id,))


def _list(connection: sqlite3.Connection, username: str, now: float) -> list[StoredSession]:
    rows = connection.execute(
        "SELECT session_id, public_id, login_key, started, last_used, address FROM sessions "
        "WHERE username = ? AND expires > ? ORDER BY last_used DESC LIMIT ?",
        (username, now, MAX_LISTED),
    ).fetchall()
    return [
        StoredSession(
            bytes(sid), bytes(pid), None if key is None else bytes(key), float(s), float(u), str(a)
        )
        for sid, pid, key, s, u, a in rows
    ]


def _end(connection: sqlite3.Connection, username: str, public: bytes, now: float) -> bool:
    connection.execute("BEGIN IMMEDIATE")
    try:
        row = connection.execute(
            "SELECT session_id FROM sessions WHERE username = ? AND public_id = ? AND expires > ?",
            (username, public, now),
        ).fetchone()
        if row is not None:
            _delete(connection, [bytes(row[0])])
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return row is not None


def _end_for_key(connection: sqlite3.Connection, username: str, login_key: bytes) -> int:
    connection.execute("BEGIN IMMEDIATE")
    try:
        rows = connection.execute(
            "SELECT session_id FROM sessions WHERE username = ? AND login_key = ?",
            (username, login_key),
        ).fetchall()
        _delete(connection, [bytes(row[0]) for row in rows])
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return len(rows)


def _delete(connection: sqlite3.Connection, session_ids: list[bytes]) -> None:
    """The rows and every ticket of these sessions: their next request is refused."""
    for session_id in session_ids:
        connection.execute("DELETE FROM tickets WHERE session_id = ?", (session_id,))
        connection.execute("DELETE FROM sessions WHERE session_id = ?", (session_id,))
