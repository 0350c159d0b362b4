"""The PKI log (app/pki/SPEC.md §1-§2) shared by every process through PostgreSQL.

Same tables and the same public interface as `server_stub.pki.log.PKILog`. Each
process keeps a copy of the Merkle tree as a cache: before any answer it loads the
leaves appended since (`leaf_index >= its size`) and the newest head, in one snapshot,
and checks that head against the tree and the server key. A publish takes
`pg_advisory_xact_lock(PKI_LOCK)`, catches up, appends the leaf at the next index and
signs the next head in the same transaction: appends from every process form one
gap-free sequence and one hash chain of heads (backends/SPEC.md §2).
"""

from __future__ import annotations

import threading
from typing import Any

from app.crypto.ecc import PrivateKey
from app.pki import heads, merkle
from app.pki.errors import KeystoreError
from app.pki.openpgp import check_continuity, parse_keystore
from app.pki.verify import LookupResponse, RevisionProof, leaf_data
from server_stub.backends.postgres.database import connect
from server_stub.pki.log import HEAD_INTERVAL_MS, LogCorruptedError

__all__ = ["PKI_LOCK", "PgPKILog"]

PKI_LOCK = 0x70727603


class PgPKILog:
    """`PKILog` over PostgreSQL; one connection per process, calls serialised."""

    def __init__(self, url: str, server_key: PrivateKey, *, now_ms: int) -> None:
        self._key = server_key
        self._lock = threading.Lock()
        self._db = connect(url)
        self._tree = merkle.MerkleTree()
        self._head: heads.TreeHead | None = None
        try:
            with self._lock:
                self._write(lambda: self._genesis(now_ms))
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    # --- the shared state ---

    def _catch_up(self) -> None:
        """Load what other processes appended; check the newest head against it."""
        rows = self._db.execute(
            "SELECT name, revision, keystore FROM pki_entries WHERE leaf_index >= %s "
            "ORDER BY leaf_index",
            (self._tree.size,),
        ).fetchall()
        for name, revision, keystore in rows:
            self._tree.append(merkle.leaf_hash(leaf_data(name, revision, bytes(keystore))))
        row = self._db.execute("SELECT head FROM pki_heads ORDER BY seq DESC LIMIT 1").fetchone()
        self._head = None if row is None else heads.decode_head(bytes(row[0]))
        if self._head is not None:
            self._check_head(self._head)

    def _check_head(self, head: heads.TreeHead) -> None:
        try:
            heads.verify_head(head, self._key.public_key)
        except Exception:
            raise LogCorruptedError("the stored head is not signed by this server key") from None
        if head.size != self._tree.size or head.root != self._tree.root():
            raise LogCorruptedError("the stored entries do not match the last signed head")

    def _read(self) -> heads.TreeHead:
        """Catch up in one snapshot (entries and head committed together)."""
        self._db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            self._catch_up()
        finally:
            self._db.execute("COMMIT")
        assert self._head is not None, "a log always has its genesis head"
        return self._head

    def _write(self, work: Any) -> Any:
        """`work()` in a transaction holding the log's lock, after catching up."""
        self._db.execute("BEGIN")
        try:
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (PKI_LOCK,))
            self._catch_up()
            result = work()
            self._db.execute("COMMIT")
            return result
        except BaseException:
            self._db.execute("ROLLBACK")
            self._tree = merkle.MerkleTree()  # reloaded whole by the next call
            self._head = None
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
        self._db.execute("INSERT INTO pki_heads (head) VALUES (%s)", (heads.encode_head(head),))
        return head

    def _next_head(self, now_ms: int) -> heads.TreeHead:
        assert self._head is not None
        return self._store_head(now_ms, self._head.hash, self._head.timestamp)

    # --- PKILog's interface ---

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
            result: heads.TreeHead | None = self._write(work)
            return result

    def publish(self, keystore: bytes, *, now_ms: int) -> tuple[int, heads.TreeHead]:
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
                "INSERT INTO pki_entries VALUES (%s, %s, %s, %s)",
                (self._tree.size, ks.user_id, revision, keystore),
            )
            self._tree.append(merkle.leaf_hash(leaf_data(ks.user_id, revision, keystore)))
            self._head = self._next_head(now_ms)
            return revision, self._head

        with self._lock:
            published: tuple[int, heads.TreeHead] = self._write(work)
            return published

    def _latest(self, name: str) -> tuple[int, bytes] | None:
        row = self._db.execute(
            "SELECT revision, keystore FROM pki_entries WHERE name = %s "
            "ORDER BY revision DESC LIMIT 1",
            (name,),
        ).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

    def latest_revision(self, name: str) -> int:
        with self._lock:
            latest = self._latest(name)
            return 0 if latest is None else latest[0]

    def lookup(
        self, name: str, *, since: int = 1, old_size: int = 0, until: int | None = None
    ) -> LookupResponse:
        last = (1 << 63) - 1 if until is None else until
        with self._lock:
            head = self._read()
            rows = self._db.execute(
                "SELECT leaf_index, revision, keystore FROM pki_entries "
                "WHERE name = %s AND revision >= %s AND revision <= %s AND leaf_index < %s "
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
        with self._lock:
            rows = self._db.execute("SELECT head FROM pki_heads ORDER BY seq").fetchall()
        found = [heads.decode_head(bytes(r[0])) for r in rows]
        return [h for h in found if h.timestamp >= timestamp]
