"""The server's PKI log (app/pki/SPEC.md §1-§2): keystore revisions in a Merkle tree,
a chained signed head at every change and at least hourly, proofs, SQLite persistence.

`PKILog(path, server_key, now_ms=...)` opens (or creates) its own tables `pki_entries`
and `pki_heads` in the SQLite file at `path`, reloads every leaf and checks that the
stored head still matches the tree and the key. Time is always passed in (`now_ms`).
Publishing checks the keystore and its continuity with the name's previous revision.
Calls are serialised by a lock; each write is one transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from app.crypto.ecc import PrivateKey
from app.pki import heads, merkle
from app.pki.errors import KeystoreError, PKIError
from app.pki.openpgp import check_continuity, parse_keystore
from app.pki.verify import LookupResponse, RevisionProof, leaf_data

HEAD_INTERVAL_MS = 3600 * 1000

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


class PKILog:
    def __init__(self, path: str | Path, server_key: PrivateKey, *, now_ms: int) -> None:
        self._key = server_key
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._tree = merkle.MerkleTree()
        for name, revision, keystore in self._db.execute(
            "SELECT name, revision, keystore FROM pki_entries ORDER BY leaf_index"
        ):
            self._tree.append(merkle.leaf_hash(leaf_data(name, revision, keystore)))
        row = self._db.execute("SELECT head FROM pki_heads ORDER BY seq DESC LIMIT 1").fetchone()
        if row is None:
            self._head = self._store_head(now_ms, heads.GENESIS_PREV)
        else:
            self._head = heads.decode_head(row[0])
            self._check_stored_head()

    def close(self) -> None:
        self._db.close()

    def _check_stored_head(self) -> None:
        try:
            heads.verify_head(self._head, self._key.public_key)
        except PKIError:
            raise LogCorruptedError("the stored head is not signed by this server key") from None
        if self._head.size != self._tree.size or self._head.root != self._tree.root():
            raise LogCorruptedError("the stored entries do not match the last signed head")

    def _store_head(self, now_ms: int, prev: bytes, last_ts: int = -1) -> heads.TreeHead:
        head = heads.sign_head(
            self._key,
            size=self._tree.size,
            root=self._tree.root(),
            timestamp=max(now_ms, last_ts + 1),
            prev_head_hash=prev,
        )
        self._db.execute("INSERT INTO pki_heads (head) VALUES (?)", (heads.encode_head(head),))
        return head

    def _next_head(self, now_ms: int) -> heads.TreeHead:
        return self._store_head(now_ms, self._head.hash, self._head.timestamp)

    @property
    def size(self) -> int:
        return self._tree.size

    def head(self) -> heads.TreeHead:
        return self._head

    def tick(self, now_ms: int) -> heads.TreeHead | None:
        """Sign a fresh head if the last one is an hour old; return it, or None."""
        with self._lock:
            if now_ms - self._head.timestamp < HEAD_INTERVAL_MS:
                return None
            self._head = self._next_head(now_ms)
            return self._head

    def publish(self, keystore: bytes, *, now_ms: int) -> tuple[int, heads.TreeHead]:
        """Append the next revision of the keystore's user ID; `KeystoreError` if the
        keystore is invalid or not signed by the previous revision's key."""
        ks = parse_keystore(keystore)
        with self._lock:
            previous = self._latest(ks.user_id)
            if previous is None:
                if ks.continuity is not None:
                    raise KeystoreError("a first revision cannot name a predecessor")
                revision = 1
            else:
                check_continuity(previous[1], ks)
                revision = previous[0] + 1
            leaf = merkle.leaf_hash(leaf_data(ks.user_id, revision, keystore))
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT INTO pki_entries VALUES (?, ?, ?, ?)",
                    (self._tree.size, ks.user_id, revision, keystore),
                )
                self._tree.append(leaf)
                self._head = self._next_head(now_ms)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                self._reload_tree()
                raise
            return revision, self._head

    def _reload_tree(self) -> None:
        tree = merkle.MerkleTree()
        for name, revision, keystore in self._db.execute(
            "SELECT name, revision, keystore FROM pki_entries ORDER BY leaf_index"
        ):
            tree.append(merkle.leaf_hash(leaf_data(name, revision, keystore)))
        self._tree = tree

    def _latest(self, name: str) -> tuple[int, bytes] | None:
        row = self._db.execute(
            "SELECT revision, keystore FROM pki_entries WHERE name = ? "
            "ORDER BY revision DESC LIMIT 1",
            (name,),
        ).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

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
        last = (1 << 63) - 1 if until is None else until
        with self._lock:
            head = self._head
            rows = self._db.execute(
                "SELECT leaf_index, revision, keystore FROM pki_entries "
                "WHERE name = ? AND revision >= ? AND revision <= ? ORDER BY revision",
                (name, since, last),
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
            return self._tree.consistency_proof(old_size, new_size)

    def heads_since(self, timestamp: int) -> list[heads.TreeHead]:
        """Every head signed at or after `timestamp`, oldest first (for audits)."""
        rows = self._db.execute("SELECT head FROM pki_heads ORDER BY seq").fetchall()
        found = [heads.decode_head(r[0]) for r in rows]
        return [h for h in found if h.timestamp >= timestamp]
