"""Account data on SQLite: privData, credential changes and account deletion.

Table `account_data(username, priv_data, updated)` (migration 1 -> 2) holds the opaque
`privData` blob the client sealed (app/services/ACCOUNTS.md). Every write runs in one
`BEGIN IMMEDIATE` transaction:
- `create` inserts the user (storage.py's rules: invitation spent, name and key unique)
  and its privData together;
- `set_credentials` replaces the SRP record, the KDF parameters, privData and optionally
  the login key, and deletes the tickets of the user's *other* sessions;
- `delete` removes the user, its login keys and privData (cascade), its tickets and its
  login-failure records.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from server_stub.ports import SqlDatabase, SrpRecord
from server_stub.storage import LoginKeyTakenError, NewUser, _insert_user, _token_hash

__all__ = ["AccountInfo", "Credentials", "SqliteAccounts"]

T = TypeVar("T")


@dataclass(frozen=True)
class Credentials:
    """What `setCredentials` replaces."""

    srp: SrpRecord
    priv_data: bytes
    login_key: bytes | None


@dataclass(frozen=True)
class AccountInfo:
    """What `accountInfo` tells a logged-in user about their own account."""

    created: float
    login_keys: tuple[bytes, ...]
    has_priv_data: bool
    updated: float | None


class SqliteAccounts:
    """Account data beside `SqliteUsers`, on the same database."""

    def __init__(self, database: SqlDatabase) -> None:
        self._db = database

    async def create(
        self, user: NewUser, priv_data: bytes | None, token: str | None, now: float
    ) -> None:
        """Store the user and its privData in one transaction (a `RegistrationError`)."""
        await self._db.run(_create, user, priv_data, _token_hash(token), now)

    async def priv_data(self, username: str) -> bytes | None:
        return await self._db.run(_priv_data, username)

    async def set_credentials(
        self, username: str, credentials: Credentials, keep_session: bytes, now: float
    ) -> bool:
        """Replace the credentials; False if the user no longer exists."""
        return await self._db.run(_set_credentials, username, credentials, keep_session, now)

    async def info(self, username: str) -> AccountInfo | None:
        return await self._db.run(_info, username)

    async def login_keys(self, username: str) -> tuple[bytes, ...]:
        return await self._db.run(_login_keys, username)

    async def delete(self, username: str) -> bool:
        """Remove the user and everything of theirs in this database; False if absent."""
        return await self._db.run(_delete, username)


def _transaction(connection: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    connection.execute("BEGIN IMMEDIATE")
    try:
        result = work(connection)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return result


def _create(
    connection: sqlite3.Connection,
    user: NewUser,
    priv_data: bytes | None,
    token_hash: bytes | None,
    now: float,
) -> None:
    def work(conn: sqlite3.Connection) -> None:
        _insert_user(conn, user, token_hash, now)
        if priv_data is not None:
            conn.execute("INSERT INTO account_data VALUES (?, ?, ?)", (user.name, priv_data, now))

    _transaction(connection, work)


def _priv_data(connection: sqlite3.Connection, username: str) -> bytes | None:
    row = connection.execute(
        "SELECT priv_data FROM account_data WHERE username = ?", (username,)
    ).fetchone()
    return None if row is None else bytes(row[0])


def _set_credentials(
    connection: sqlite3.Connection,
    username: str,
    new: Credentials,
    keep_session: bytes,
    now: float,
) -> bool:
    def work(conn: sqlite3.Connection) -> bool:
        srp = new.srp
        verifier = srp.verifier.to_bytes((srp.verifier.bit_length() + 7) // 8 or 1, "big")
        changed = conn.execute(
            "UPDATE users SET srp_salt = ?, srp_verifier = ?, srp_group = ?, kdf_algorithm = ?, "
            "kdf_iterations = ?, kdf_salt = ? WHERE name = ?",
            (
                srp.salt,
                verifier,
                srp.group,
                srp.kdf.algorithm,
                srp.kdf.iterations,
                srp.kdf.salt,
                username,
            ),
        ).rowcount
        if not changed:
            return False
        conn.execute(
            "INSERT INTO account_data VALUES (?, ?, ?) ON CONFLICT (username) DO UPDATE SET "
            "priv_data = excluded.priv_data, updated = excluded.updated",
            (username, new.priv_data, now),
        )
        if new.login_key is not None:
            _replace_login_key(conn, username, new.login_key)
        conn.execute(
            "DELETE FROM tickets WHERE username = ? AND session_id != ?", (username, keep_session)
        )
        return True

    return _transaction(connection, work)


def _replace_login_key(connection: sqlite3.Connection, username: str, key: bytes) -> None:
    connection.execute("DELETE FROM login_keys WHERE username = ?", (username,))
    try:
        connection.execute("INSERT INTO login_keys VALUES (?, ?)", (key, username))
    except sqlite3.IntegrityError:
        raise LoginKeyTakenError("this login key is already registered") from None


def _login_keys(connection: sqlite3.Connection, username: str) -> tuple[bytes, ...]:
    rows = connection.execute(
        "SELECT public_key FROM login_keys WHERE username = ? ORDER BY public_key", (username,)
    ).fetchall()
    return tuple(bytes(row[0]) for row in rows)


def _info(connection: sqlite3.Connection, username: str) -> AccountInfo | None:
    row = connection.execute(
        "SELECT u.created, a.updated FROM users u "
        "LEFT JOIN account_data a ON a.username = u.name WHERE u.name = ?",
        (username,),
    ).fetchone()
    if row is None:
        return None
    created, updated = row
    return AccountInfo(created, _login_keys(connection, username), updated is not None, updated)


def _delete(connection: sqlite3.Connection, username: str) -> bool:
    def work(conn: sqlite3.Connection) -> bool:
        conn.execute("DELETE FROM tickets WHERE username = ?", (username,))
        conn.execute("DELETE FROM login_failures WHERE username = ?", (username,))
        conn.execute("DELETE FROM login_keys WHERE username = ?", (username,))
        conn.execute("DELETE FROM account_data WHERE username = ?", (username,))
        return conn.execute("DELETE FROM users WHERE name = ?", (username,)).rowcount > 0

    return _transaction(connection, work)
