"""The key log on SQLite (one process) and on PostgreSQL (any number): the same
answers, and on PostgreSQL appends racing from independent processes' handles form
one gap-free log whose heads every handle agrees on."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import pytest
from backend_helpers import Backend

from app.crypto.ecc import PrivateKey
from app.pki import heads, merkle, openpgp
from app.pki.errors import KeystoreError
from app.pki.verify import leaf_data
from server_stub.backends.postgres.pki_log import PgPKILog
from server_stub.pki.log import HEAD_INTERVAL_MS, PKILog
from server_stub.ports import KeyLog

NOW_MS = 1_700_000_000_000
SERVER_KEY = PrivateKey.generate()


def keystore(name: str) -> bytes:
    entry = openpgp.new_keystore(PrivateKey.generate(), name, created=NOW_MS // 1000)
    return openpgp.emit_keystore(entry)


def open_log(backend: Backend, tmp_path: Path) -> KeyLog:
    if backend.name == "sqlite":
        return PKILog(tmp_path / "pki.sqlite", SERVER_KEY, now_ms=NOW_MS)
    return PgPKILog(backend.location, SERVER_KEY, now_ms=NOW_MS)


def test_publish_lookup_and_hourly_heads(backend: Backend, tmp_path: Path) -> None:
    log = open_log(backend, tmp_path)
    try:
        revision, head = log.publish(keystore("alice#h"), now_ms=NOW_MS)
        assert revision == 1 and head.size == 1 and log.size == 1
        heads.verify_head(head, SERVER_KEY.public_key)
        found = log.lookup("alice#h")
        assert [r.revision for r in found.revisions] == [1]
        leaf = merkle.leaf_hash(leaf_data("alice#h", 1, found.revisions[0].keystore))
        merkle.verify_inclusion(0, head.size, leaf, found.revisions[0].inclusion, head.root)
        with pytest.raises(KeystoreError):  # a second "first" revision
            log.publish(keystore("alice#h"), now_ms=NOW_MS)
        assert log.tick(NOW_MS + 1000) is None
        ticked = log.tick(NOW_MS + HEAD_INTERVAL_MS + 1)
        assert ticked is not None and ticked.prev_head_hash == head.hash
    finally:
        log.close()


def test_racing_processes_append_one_gap_free_log(backend: Backend) -> None:
    if backend.name != "postgres":
        pytest.skip("the SQLite log belongs to one process")
    logs = [PgPKILog(backend.location, SERVER_KEY, now_ms=NOW_MS) for _ in range(4)]
    try:
        barrier = threading.Barrier(4)

        def publish(slot: int) -> None:
            barrier.wait()
            for n in range(10):
                logs[slot].publish(keystore(f"u{slot}x{n}#h"), now_ms=NOW_MS)

        threads = [threading.Thread(target=publish, args=(slot,)) for slot in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        newest = [log.head() for log in logs]
        assert {h.size for h in newest} == {40} and len({h.hash for h in newest}) == 1
        chain = logs[0].heads_since(0)
        proofs = [logs[0].consistency(a.size, b.size) for a, b in itertools.pairwise(chain)]
        heads.verify_chain(chain, proofs, SERVER_KEY.public_key)
        for log in logs:  # every process proves every entry against the same head
            found = log.lookup("u3x9#h")
            assert found.head == newest[0] and len(found.revisions) == 1
        assert logs[1].consistency(7, 40) == logs[2].consistency(7, 40)
    finally:
        for log in logs:
            log.close()


def test_a_log_whose_rows_were_edited_is_refused(backend: Backend) -> None:
    if backend.name != "postgres":
        pytest.skip("the SQLite log's own tests cover its file")
    log = PgPKILog(backend.location, SERVER_KEY, now_ms=NOW_MS)
    log.publish(keystore("alice#h"), now_ms=NOW_MS)
    log.close()
    backend.database.call(
        lambda c: c.execute("UPDATE pki_entries SET name = ? WHERE name = ?", ("eve#h", "alice#h"))
    )
    from server_stub.pki.log import LogCorruptedError

    with pytest.raises(LogCorruptedError):
        PgPKILog(backend.location, SERVER_KEY, now_ms=NOW_MS)
