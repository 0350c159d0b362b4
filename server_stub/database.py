"""SQLite plumbing: WAL mode, versioned schema, blocking calls run off the event loop.

`Database` owns a small thread pool; each pool thread keeps its own connection
(autocommit; multi-statement work uses `BEGIN IMMEDIATE`). `run(fn, *args)` awaits
`fn(connection, *args)` on a pool thread; `call(fn, *args)` runs it on the calling thread
with that thread's own connection (tests, command-line tools).

Measured here (2 vCPU, 8 concurrent ticket consumes, WAL, synchronous=NORMAL): 5,000-
10,000 consumes/s with 1 thread, and no gain from 2 or 4 (SQLite serialises writers; the
extra hops cost more than they give), so the server defaults to 1 thread; more threads
only help read-heavy work, which WAL lets run beside a writer.

The schema is versioned with `PRAGMA user_version`; `MIGRATIONS[i]` upgrades version
`i` to `i + 1`, each in one transaction.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Database", "DatabaseError"]

T = TypeVar("T")

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: accounts, tickets, login failures, invitations
    """
    CREATE TABLE users (
        name            TEXT PRIMARY KEY,
        srp_salt        BLOB NOT NULL,
        srp_verifier    BLOB NOT NULL,
        srp_group       TEXT NOT NULL,
        kdf_algorithm   TEXT NOT NULL,
        kdf_iterations  INTEGER NOT NULL,
        kdf_salt        BLOB NOT NULL,
        created         REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE login_keys (
        public_key  BLOB PRIMARY KEY,
        username    TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE TABLE tickets (
        id              BLOB PRIMARY KEY,
        family_master   BLOB NOT NULL,
        session_id      BLOB NOT NULL,
        username        TEXT,
        expires         REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX tickets_by_session ON tickets(session_id);
    CREATE INDEX tickets_by_expiry ON tickets(expires);
    CREATE TABLE login_failures (
        username    TEXT NOT NULL,
        address     TEXT NOT NULL,
        at          REAL NOT NULL
    );
    CREATE INDEX failures_by_user ON login_failures(username, at);
    CREATE INDEX failures_by_address ON login_failures(address, at);
    CREATE TABLE invitations (
        token_hash  BLOB PRIMARY KEY,
        created     REAL NOT NULL
    ) WITHOUT ROWID;
    """,
    # 1 -> 2: account data (privData; server_stub/accounts.py)
    """
    CREATE TABLE account_data (
        username    TEXT PRIMARY KEY REFERENCES users(name) ON DELETE CASCADE,
        priv_data   BLOB NOT NULL,
        updated     REAL NOT NULL
    ) WITHOUT ROWID;
    """,
    # 2 -> 3: file objects (server_stub/objects, OBJECTS.md)
    """
    CREATE TABLE obj_blocks (
        id          BLOB PRIMARY KEY,
        size        INTEGER NOT NULL,
        refs        INTEGER NOT NULL,
        created     REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE obj_descriptors (
        id              TEXT PRIMARY KEY,
        public_key      BLOB NOT NULL,
        owner           TEXT NOT NULL,
        seq             INTEGER NOT NULL,
        lock_id         BLOB,
        lock_expires    REAL
    ) WITHOUT ROWID;
    CREATE INDEX obj_descriptors_by_owner ON obj_descriptors(owner);
    CREATE TABLE obj_versions (
        descriptor_id   TEXT NOT NULL,
        seq             INTEGER NOT NULL,
        blocks          BLOB NOT NULL,
        extra           BLOB NOT NULL,
        signature       BLOB NOT NULL,
        server_time     REAL NOT NULL,
        PRIMARY KEY (descriptor_id, seq)
    );
    CREATE TABLE obj_links (
        descriptor_id   TEXT NOT NULL,
        block_id        BLOB NOT NULL,
        refs            INTEGER NOT NULL,
        PRIMARY KEY (descriptor_id, block_id)
    ) WITHOUT ROWID;
    CREATE TABLE obj_usage (
        owner       TEXT NOT NULL,
        block_id    BLOB NOT NULL,
        refs        INTEGER NOT NULL,
        PRIMARY KEY (owner, block_id)
    ) WITHOUT ROWID;
    CREATE TABLE obj_owners (
        owner           TEXT PRIMARY KEY,
        bytes           INTEGER NOT NULL,
        descriptors     INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE obj_transfers (
        id          BLOB PRIMARY KEY,
        owner       TEXT NOT NULL,
        expires     REAL NOT NULL,
        bytes       INTEGER NOT NULL,
        blocks      INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX obj_transfers_by_owner ON obj_transfers(owner);
    CREATE INDEX obj_transfers_by_expiry ON obj_transfers(expires);
    CREATE TABLE obj_transfer_blocks (
        transfer_id     BLOB NOT NULL,
        block_id        BLOB NOT NULL,
        seq             INTEGER NOT NULL,
        used            INTEGER NOT NULL,
        PRIMARY KEY (transfer_id, block_id)
    ) WITHOUT ROWID;
    CREATE INDEX obj_transfer_blocks_by_block ON obj_transfer_blocks(block_id);
    """,
    # 3 -> 4: inboxes and messages (server_stub/sinks, SINKS.md)
    """
    CREATE TABLE sink_sinks (
        id          TEXT PRIMARY KEY,
        public_key  BLOB NOT NULL,
        owner       TEXT NOT NULL,
        acl         TEXT NOT NULL,
        data        BLOB NOT NULL,
        is_default  INTEGER NOT NULL,
        last_seq    INTEGER NOT NULL,
        messages    INTEGER NOT NULL,
        bytes       INTEGER NOT NULL,
        created     REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sink_sinks_by_owner ON sink_sinks(owner);
    CREATE TABLE sink_messages (
        sink_id     TEXT NOT NULL,
        seq         INTEGER NOT NULL,
        envelope    BLOB NOT NULL,
        blocks      BLOB NOT NULL,
        verified    INTEGER NOT NULL,
        size        INTEGER NOT NULL,
        server_time REAL NOT NULL,
        PRIMARY KEY (sink_id, seq)
    ) WITHOUT ROWID;
    """,
    # 4 -> 5: share links (server_stub/links, LINKS.md)
    """
    CREATE TABLE links_links (
        id              TEXT PRIMARY KEY,
        owner           TEXT NOT NULL,
        mode            TEXT NOT NULL,
        state           TEXT NOT NULL,
        created         REAL NOT NULL,
        expires         INTEGER,
        max_downloads   INTEGER,
        downloads       INTEGER NOT NULL,
        size            INTEGER NOT NULL,
        drops           INTEGER NOT NULL,
        note            BLOB NOT NULL,
        kdf_salt        BLOB,
        kdf_iterations  INTEGER,
        access_hash     BLOB NOT NULL,
        counts          TEXT NOT NULL,
        manifest        BLOB,
        failures        INTEGER NOT NULL,
        failure_start   REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX links_links_by_owner ON links_links(owner);
    CREATE TABLE links_blocks (
        link_id     TEXT NOT NULL,
        file        INTEGER NOT NULL,
        idx         INTEGER NOT NULL,
        size        INTEGER NOT NULL,
        PRIMARY KEY (link_id, file, idx)
    ) WITHOUT ROWID;
    CREATE TABLE links_drops (
        link_id     TEXT NOT NULL,
        number      INTEGER NOT NULL,
        header      BLOB NOT NULL,
        blocks      INTEGER NOT NULL,
        size        INTEGER NOT NULL,
        complete    INTEGER NOT NULL,
        created     REAL NOT NULL,
        PRIMARY KEY (link_id, number)
    ) WITHOUT ROWID;
    CREATE TABLE links_grants (
        hash        BLOB PRIMARY KEY,
        link_id     TEXT NOT NULL,
        expires     REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE links_failures (
        address     TEXT NOT NULL,
        at          REAL NOT NULL
    );
    CREATE INDEX links_failures_by_address ON links_failures(address, at);
    """,
    # 5 -> 6: login failures counted per method and (subject, address bucket) (throttle.py)
    """
    ALTER TABLE login_failures ADD COLUMN method TEXT NOT NULL DEFAULT 'password';
    DROP INDEX failures_by_user;
    DROP INDEX failures_by_address;
    CREATE INDEX failures_by_address ON login_failures(method, address, username, at);
    """,
    # 6 -> 7: the session that opened a transfer, so that at the cap another session's
    # stale transfer is reclaimed (server_stub/objects/transfers.py, OBJECTS.md)
    """
    ALTER TABLE obj_transfers ADD COLUMN session BLOB NOT NULL DEFAULT x'';
    """,
    # 7 -> 8: device-linking mailboxes in the database, not one process's memory
    # (server_stub/rendezvous.py)
    """
    CREATE TABLE rendezvous_boxes (
        number      INTEGER PRIMARY KEY,
        token       BLOB NOT NULL,
        expires     REAL NOT NULL
    );
    CREATE TABLE rendezvous_messages (
        number      INTEGER NOT NULL,
        side        TEXT NOT NULL,
        phase       TEXT NOT NULL,
        body        BLOB NOT NULL,
        expires     REAL NOT NULL,
        PRIMARY KEY (number, side, phase)
    ) WITHOUT ROWID;
    CREATE TABLE rendezvous_spends (
        kind        TEXT NOT NULL,
        peer        TEXT NOT NULL,
        at          REAL NOT NULL
    );
    CREATE INDEX rendezvous_spends_by_peer ON rendezvous_spends(kind, peer, at);
    """,
    # 8 -> 9: the expiry and byte limit an owner may register for an inbox (drop
    # inboxes; server_stub/SINKS.md "Drop inboxes"); NULL: none
    """
    ALTER TABLE sink_sinks ADD COLUMN expires REAL;
    ALTER TABLE sink_sinks ADD COLUMN max_bytes INTEGER;
    """,
    # 9 -> 10: small blocks packed as rows, committed with their transfer rows, instead
    # of one file each (server_stub/objects/packed.py, OBJECTS.md Storage)
    """
    CREATE TABLE obj_packed_blocks (
        id          BLOB PRIMARY KEY,
        data        BLOB NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class DatabaseError(Exception):
    """The database file cannot be used (newer schema, corrupt, not writable)."""


class Database:
    """A SQLite file shared by a pool of threads, one connection each."""

    def __init__(self, path: Path, *, threads: int = 1) -> None:
        self._path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sqlite")
        self.call(_migrate)

    def call(self, fn: Callable[..., T], *args: object) -> T:
        """Run `fn(connection, *args)` now, on this thread's connection."""
        return fn(self._connection(), *args)

    def call_nowait(self, fn: Callable[..., T], *args: object) -> T:
        """`call` on this thread's second connection, whose busy timeout is 0: a
        statement that needs a lock another connection holds raises
        `sqlite3.OperationalError` at once instead of waiting (for work on the event
        loop, which must never wait for a lock)."""
        connection: sqlite3.Connection | None = getattr(self._local, "nowait", None)
        if connection is None:
            connection = self._open(timeout=0)
            self._local.nowait = connection
        return fn(connection, *args)

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run `fn(connection, *args)` on a pool thread and await its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self.call, fn, *args)

    def close(self) -> None:
        """Wait for running work, then close every connection."""
        self._pool.shutdown(wait=True)
        with self._lock:
            self._closed = True
            for connection in self._connections:
                connection.close()
            self._connections.clear()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._open()
            self._local.connection = connection
        return connection

    def _open(self, *, timeout: float = 30) -> sqlite3.Connection:
        with self._lock:
            if self._closed:
                raise DatabaseError("the database is closed")
            try:
                connection = sqlite3.connect(
                    self._path, isolation_level=None, check_same_thread=False, timeout=timeout
                )
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.execute("PRAGMA foreign_keys=ON")
            except sqlite3.Error as exc:
                raise DatabaseError(f"cannot open {self._path}: {exc}") from None
            self._connections.append(connection)
            return connection


def _migrate(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"database schema {version} is newer than this server ({SCHEMA_VERSION})"
            )
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number + 1}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
