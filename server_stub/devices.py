"""The devices of an account: named login keys (app/services/devices/DEVICES.md §4).

A device key is a login key like the one registered with the account (the identity
key m/2'), kept in `login_keys`, plus a row of `devices(public_key, username, name,
added)` that names it. Removing a device deletes both in one transaction, so the key
cannot log in any more. `setCredentials` with a new login key (a recovery) replaces all
login keys of the account; the device rows without a key are then stale and are
neither listed nor counted. The table is made here (`CREATE TABLE IF NOT EXISTS`),
beside the migrations of database.py, when the server opens.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from server_stub.ports import SqlDatabase

__all__ = [
    "MAX_DEVICES",
    "DeviceError",
    "DeviceExistsError",
    "NoSuchDeviceError",
    "SqliteDevices",
    "StoredDevice",
]

MAX_DEVICES = 32

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS devices (public_key BLOB PRIMARY KEY, "
    "username TEXT NOT NULL, name TEXT NOT NULL, added REAL NOT NULL) WITHOUT ROWID",
    "CREATE UNIQUE INDEX IF NOT EXISTS devices_by_name ON devices(username, name)",
)


class DeviceError(Exception):
    code = 1900


class DeviceExistsError(DeviceError):
    """A device of that name, or that key, exists; or the account has too many."""

    code = 1901


class NoSuchDeviceError(DeviceError):
    code = 1902


@dataclass(frozen=True)
class StoredDevice:
    name: str
    public_key: bytes
    added: float


class SqliteDevices:
    def __init__(self, database: SqlDatabase) -> None:
        self._db = database
        database.call(_ensure_schema)

    async def add(self, username: str, name: str, public_key: bytes, now: float) -> None:
        await self._db.run(_add, username, name, public_key, now)

    async def list(self, username: str) -> list[StoredDevice]:
        return await self._db.run(_list, username)

    async def remove(self, username: str, name: str) -> bytes:
        """Forget the device; its login key is returned (its sessions end too)."""
        return await self._db.run(_remove, username, name)


def _ensure_schema(connection: sqlite3.Connection) -> None:
    for statement in _SCHEMA:
        connection.execute(statement)


def _add(connection: sqlite3.Connection, username: str, name: str, key: bytes, now: float) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        _drop_stale(connection, username)
        if len(_list(connection, username)) >= MAX_DEVICES:
            raise DeviceExistsError(f"an account has at most {MAX_DEVICES} linked devices")
        try:
            connection.execute("INSERT INTO login_keys VALUES (?, ?)", (key, username))
            connection.execute(
                "INSERT INTO devices VALUES (?, ?, ?, ?)", (key, username, name, now)
            )
        except sqlite3.IntegrityError:
            raise DeviceExistsError(f"a device named {name!r} (or with that key) exists") from None
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _drop_stale(connection: sqlite3.Connection, username: str) -> None:
    connection.execute(
        "DELETE FROM devices WHERE username = ? AND public_key NOT IN "
        "(SELECT public_key FROM login_keys WHERE username = ?)",
        (username, username),
    )


def _list(connection: sqlite3.Connection, username: str) -> list[StoredDevice]:
    rows = connection.execute(
        "SELECT d.name, d.public_key, d.added FROM devices d JOIN login_keys k "
        "ON k.public_key = d.public_key AND k.username = d.username "
        "WHERE d.username = ? ORDER BY d.added, d.name",
        (username,),
    ).fetchall()
    return [StoredDevice(str(name), bytes(key), float(added)) for name, key, added in rows]


def _remove(connection: sqlite3.Connection, username: str, name: str) -> bytes:
    connection.execute("BEGIN IMMEDIATE")
    try:
        row = connection.execute(
            "SELECT public_key FROM devices WHERE username = ? AND name = ?", (username, name)
        ).fetchone()
        if row is None:
            raise NoSuchDeviceError(f"no device named {name!r}")
        connection.execute(
            "DELETE FROM login_keys WHERE public_key = ? AND username = ?", (row[0], username)
        )
        connection.execute("DELETE FROM devices WHERE public_key = ?", (row[0],))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return bytes(row[0])
