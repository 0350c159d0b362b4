"""The server's PKI log (app/pki/SPEC.md §1-§2): keystore revisions in a Merkle tree,
a chained signed head at every change and at least hourly, and their proofs.

One algorithm, two storage ports. `KeyLogRows` is where the rows live: the tables
`pki_entries` and `pki_heads`, reached with SQLite's SQL (`?` placeholders) through a
connection, plus how a snapshot read and a locked write transaction begin there.
`PKILog(path, server_key, now_ms=...)` keeps them in its own SQLite file (one process);
`server_stub.backends.postgres.pki_log.PgPKILog` in PostgreSQL, shared by every process
of a fleet (backends/SPEC.md §2).

The log keeps the Merkle tree in memory as a cache of the rows. Before every answer
it catches up, in one snapshot, with the leaves appended since (`leaf_index >= its
size`) and the newest head, and checks that head (signed by the server key, its size and
root those of the tree) whenever either changed: a stored log that does not match its
own signed head is refused with `LogCorruptedError`. A publish, in one write
transaction, catches up, checks the keystore and its continuity with the name's
previous revision, appends the leaf at the next index and signs the next head; appends
from every process holding the rows form one gap-free sequence and one hash chain of
heads. A failed write forgets the cache (the next call reloads it whole). Time is
always passed in (`now_ms`); calls on one log object are serialised by a lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from app.crypto.ecc import PrivateKey
from app.pki import heads, merkle
from app.pki.errors import KeystoreError, PKIError
from app.pki.openpgp import check_continuity, parse_keystore
from app.pki.verify import LookupResponse, RevisionProof, leaf_data

__all__ = ["HEAD_INTERVAL_MS", "KeyLogRows", "LogCorruptedError", "PKILog", "SqliteLogRows"]

HEAD_INTERVAL_MS = 3600 * 1000
NO_LIMIT = (1 << 63) - 1
T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pki_entries (
    leaf_index  INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    keystore    BLOB NOT NULL,
    UNIQUE (name, revision)
);
CREATE TABLE IF NOT EXISTS pki_heads (
    seq         INTEGER PRIMARY KEY,
    head        BLOB NOT NULL
);
"""


class LogCorruptedError(PKIError):
    """The stored log does not match its own signed head (storage damaged or edited)."""


class KeyLogRows(Protocol):
    """Where a key log's rows live (the module doc)."""

    @property
    def connection(self) -> Any:
        """`execute(sql, params)` with SQLite's SQL, returning a cursor (`fetchone`,
        `fetchall`); COMMIT and ROLLBACK end what `begin_*` started."""

    def begin_read(self) -> None:
        """Start a read-only snapshot in which entries and head are committed together."""

    def begin_write(self) -> None:
        """Start a transaction that holds the log's write lock (for every process)."""

    def close(self) -> None: ...


class SqliteLogRows:
    """The rows in their own SQLite file (WAL), created at first use."""

    def __init__(self, path: str | Path) -> None:
        self.connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.executescript(_SCHEMA)

    def begin_read(self) -> None:
        self.connection.execute("BEGIN")

    def begin_write(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def close(self) -> None:
        self.connection.close()


class MerkleKeyLog:
    """The key log over `rows` (the module doc); the `KeyLog` port of server_stub/ports.py."""

    def __init__(self, rows: KeyLogRows, server_key: PrivateKey, *, now_ms: int) -> None:
        self._rows = rows
        self._key = server_key
        self._lock = threading.Lock()
        self._tree = merkle.MerkleTree()
        self._head: heads.TreeHead | None = None
        self._checked: tuple[int, bytes] | None = None  # (tree size, head hash) checked
        try:
            with self._lock:
                self._write(lambda: self._genesis(now_ms))
        except BaseException:
            rows.close()
            raise

    def close(self) -> None:
        self._rows.close()

    # --- the stored state ---

    @property
    def _db(self) -> Any:
        return self._rows.connection

    def _catch_up(self) -> None:
        """Load what was appended since (by any process); check the newest head."""
        for name, revision, keystore in self._db.execute(
            "SELECT name, revision, keystore FROM pki_entries WHERE leaf_index >= ? "
            "ORDER BY leaf_index",
            (self._tree.size,),
        ).fetchall():
            self._tree.append(merkle.leaf_hash(leaf_data(name, revision, bytes(keystore))))
        row = self._db.execute("SELECT head FROM pki_heads ORDER BY seq DESC LIMIT 1").fetchone()
        self._head = None if row is None else heads.decode_head(bytes(row[0]))
        if self._head is not None and self._checked != (self._tree.size, self._head.hash):
            self._check_head(self._head)
            self._checked = (self._tree.size, self._head.hash)

    def _check_head(self, head: heads.TreeHead) -> None:
        try:
            heads.verify_head(head, self._key.public_key)
        except Exception:
            raise LogCorruptedError("the stored head is not signed by this server key") from None
        if head.size != self._tree.size or head.root != self._tree.root():
            raise LogCorruptedError("the stored entries do not match the last signed head")

    def _read(self) -> heads.TreeHead:
        """Catch up in one snapshot; the newest head."""
        self._rows.begin_read()
        try:
            self._catch_up()
        finally:
            self._db.execute("COMMIT")
        assert self._head is not None, "a log always has its genesis head"
        return self._head

    def _write(self, work: Callable[[], T]) -> T:
        """`work()` in a write transaction, after catching up."""
        self._rows.begin_write()
        try:
            self._catch_up()
            result = work()
            self._db.execute("COMMIT")
            return result
        except BaseException:
            self._db.execute("ROLLBACK")
            self._tree, self._head, self._checked = merkle.MerkleTree(), None, None
            raise

    def _genesis(self, now_ms: int) -> None:
        if self._head is None:
            self._head = self._store_head(now_ms, heads.GENESIS_PREV)

    def _store_head(self, now_ms: int, prev: bytes, last_ts: int = -1) -> heads.TreeHead:
        head = heads.sign_head(
            self._key,
            size=self._tree.size,
            root=self._tree.root(),
            timestamp=max(now_ms, last_ts + 1),
            prev_head_hash=prev,
        )
        self._db.execute("INSERT INTO pki_heads (head) VALUES (?)", (heads.encode_head(head),))
        self._checked = (head.size, head.hash)
        return head

    def _next_head(self, now_ms: int) -> heads.TreeHead:
        assert self._head is not None
        return self._store_head(now_ms, self._head.hash, self._head.timestamp)

    def _latest(self, name: str) -> tuple[int, bytes] | None:
        row = self._db.execute(
            "SELECT revision, keystore FROM pki_entries WHERE name = ? "
            "ORDER BY revision DESC LIMIT 1",
            (name,),
        ).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

    # --- the KeyLog port ---

    @property
    def size(self) -> int:
        with self._lock:
            return self._read().size

    def head(self) -> heads.TreeHead:
        with self._lock:
            return self._read()

    def tick(self, now_ms: int) -> heads.TreeHead | None:
        """Sign a fresh head if the last one is an hour old; return it, or None."""

        def work() -> heads.TreeHead | None:
            assert self._head is not None
            if now_ms - self._head.timestamp < HEAD_INTERVAL_MS:
                return None
            self._head = self._next_head(now_ms)
            return self._head

        with self._lock:
            return self._write(work)

    def publish(self, keystore: bytes, *, now_ms: int) -> tuple[int, heads.TreeHead]:
        """Append the next revision of the keystore's user ID; `KeystoreError` if the
        keystore is invalid or not signed by the previous revision's key."""
        ks = parse_keystore(keystore)

        def work() -> tuple[int, heads.TreeHead]:
            previous = self._latest(ks.user_id)
            if previous is None:
                if ks.continuity is not None:
                    raise KeystoreError("a first revision cannot name a predecessor")
                revision = 1
            else:
                check_continuity(previous[1], ks)
                revision = previous[0] + 1
            self._db.execute(
                "INSERT INTO pki_entries VALUES (?, ?, ?, ?)",
                (self._tree.size, ks.user_id, revision, keystore),
            )
            self._tree.append(merkle.leaf_hash(leaf_data(ks.user_id, revision, keystore)))
            self._head = self._next_head(now_ms)
            return revision, self._head

        with self._lock:
            return self._write(work)

    def latest_revision(self, name: str) -> int:
        """The newest revision number of `name`, 0 if it has none."""
        with self._lock:
            latest = self._latest(name)
            return 0 if latest is None else latest[0]

    def lookup(
        self, name: str, *, since: int = 1, old_size: int = 0, until: int | None = None
    ) -> LookupResponse:
        """Revisions `since`..`until` (default: the newest) of `name` with inclusion proofs
        in the current head, and the consistency proof from `old_size` (the client's
        checkpoint) to it."""
        last = NO_LIMIT if until is None else until
        with self._lock:
            head = self._read()
            rows = self._db.execute(
                "SELECT leaf_index, revision, keystore FROM pki_entries "
                "WHERE name = ? AND revision >= ? AND revision <= ? AND leaf_index < ? "
                "ORDER BY revision",
                (name, since, last, head.size),
            ).fetchall()
            revisions = tuple(
                RevisionProof(rev, bytes(ks), i, tuple(self._tree.inclusion_proof(i, head.size)))
                for i, rev, ks in rows
            )
            old = min(max(old_size, 0), head.size)
            proof = tuple(self._tree.consistency_proof(old, head.size))
            return LookupResponse(name, head, proof, revisions)

    def consistency(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        with self._lock:
            self._read()
            return self._tree.consistency_proof(old_size, new_size)

    def heads_since(self, timestamp: int) -> list[heads.TreeHead]:
        """Every head signed at or after `timestamp`, oldest first (for audits)."""
        with self._lock:
            rows = self._db.execute("SELECT head FROM pki_heads ORDER BY seq").fetchall()
        found = [heads.decode_head(bytes(r[0])) for r in rows]
        return [h for h in found if h.timestamp >= timestamp]


class PKILog(MerkleKeyLog):
    """The key log in its own SQLite file at `path` (one process)."""

    def __init__(self, path: str | Path, server_key: PrivateKey, *, now_ms: int) -> None:
        super().__init__(SqliteLogRows(path), server_key, now_ms=now_ms)
