"""The server's PKI log: append, heads, proofs a client accepts, persistence."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import sqlite3
from pathlib import Path

import pytest

from app.crypto.ecc import PrivateKey
from app.pki import heads, openpgp
from app.pki.errors import KeystoreError, KTConsistencyError
from app.pki.verify import Checkpoint, verify_lookup
from server_stub.pki.log import HEAD_INTERVAL_MS, LogCorruptedError, PKILog

T0 = 1_700_000_000
NOW = T0 * 1000


def key(label: str) -> PrivateKey:
    return PrivateKey.from_bytes(hashlib.sha256(label.encode()).digest())


SERVER = key("server")


def keystore(user: str, t: int = T0) -> bytes:
    ident = key(user)
    ks = openpgp.add_sink(
        openpgp.new_keystore(ident, user, created=t),
        ident,
        key(user + "/sink").public_key,
        created=t,
    )
    return openpgp.emit_keystore(ks)


def revise(prev: bytes, user: str, t: int) -> bytes:
    ident = key(user)
    ks = openpgp.add_sink(
        openpgp.parse_keystore(prev), ident, key(f"{user}/{t}").public_key, created=t
    )
    return openpgp.emit_keystore(openpgp.succeed(prev, ident, ks, ident, now=t))


def lookup(log: PKILog, name: str, cp: Checkpoint, now: int):  # type: ignore[no-untyped-def]
    old = 0 if cp.head is None else cp.head.size
    response = log.lookup(name, since=cp.first_revision_needed(name), old_size=old)
    return verify_lookup(name, response, server_key=SERVER.public_key, checkpoint=cp, now_ms=now)


def test_publish_lookup_restart(tmp_path: Path) -> None:
    db = tmp_path / "pki.sqlite"
    log = PKILog(db, SERVER, now_ms=NOW)
    assert log.head().size == 0 and log.head().prev_head_hash == heads.GENESIS_PREV
    alice1 = keystore("alice#h")
    assert log.publish(alice1, now_ms=NOW)[0] == 1
    log.publish(keystore("bob#h"), now_ms=NOW)  # same millisecond: timestamps still rise
    alice2 = revise(alice1, "alice#h", T0 + 5)
    rev, head = log.publish(alice2, now_ms=NOW + 10)
    assert rev == 2 and head.size == 3
    chain = log.heads_since(0)
    assert [h.size for h in chain] == [0, 1, 2, 3]
    proofs = [log.consistency(a.size, b.size) for a, b in itertools.pairwise(chain)]
    heads.verify_chain(chain, proofs, SERVER.public_key)
    result = lookup(log, "alice#h", Checkpoint(), NOW + 20)
    assert result.revision == 2 and result.keystore_bytes == alice2
    cp = result.advance(Checkpoint())
    log.close()

    reopened = PKILog(db, SERVER, now_ms=NOW + 30)
    assert reopened.head() == head
    reopened.publish(keystore("carol#h"), now_ms=NOW + 40)
    again = lookup(reopened, "alice#h", cp, NOW + 50)
    assert again.revision == 2 and again.head.size == 4
    reopened.close()


def test_hourly_heads(tmp_path: Path) -> None:
    log = PKILog(tmp_path / "pki.sqlite", SERVER, now_ms=NOW)
    assert log.tick(NOW + HEAD_INTERVAL_MS - 1) is None
    fresh = log.tick(NOW + HEAD_INTERVAL_MS)
    assert (
        fresh is not None and fresh.size == 0 and fresh.prev_head_hash == log.heads_since(0)[0].hash
    )
    assert log.head() == fresh


def test_publish_refuses_bad_keystores(tmp_path: Path) -> None:
    log = PKILog(tmp_path / "pki.sqlite", SERVER, now_ms=NOW)
    alice1 = keystore("alice#h")
    log.publish(alice1, now_ms=NOW)
    with pytest.raises(KeystoreError):
        log.publish(b"junk", now_ms=NOW)
    impostor = openpgp.emit_keystore(openpgp.new_keystore(key("eve"), "alice#h", created=T0))
    with pytest.raises(KeystoreError, match="previous revision"):
        log.publish(impostor, now_ms=NOW)
    orphan = revise(keystore("zed#h"), "zed#h", T0 + 1)
    with pytest.raises(KeystoreError, match="predecessor"):
        log.publish(orphan, now_ms=NOW)
    assert log.size == 1


def test_tampered_storage_is_detected(tmp_path: Path) -> None:
    db = tmp_path / "pki.sqlite"
    log = PKILog(db, SERVER, now_ms=NOW)
    log.publish(keystore("alice#h"), now_ms=NOW)
    log.publish(keystore("bob#h"), now_ms=NOW)
    log.close()
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM pki_entries WHERE name = 'bob#h'")
    with pytest.raises(LogCorruptedError):
        PKILog(db, SERVER, now_ms=NOW)
    clean = tmp_path / "clean.sqlite"
    PKILog(clean, SERVER, now_ms=NOW).close()
    with pytest.raises(LogCorruptedError, match="server key"):
        PKILog(clean, key("another server"), now_ms=NOW)


def test_rows_added_behind_an_open_logs_back_are_refused_at_its_next_answer(
    tmp_path: Path,
) -> None:
    """The open log reads what was appended since (as every process of a fleet does) and
    checks it against the newest signed head: an entry no head covers is refused."""
    db = tmp_path / "pki.sqlite"
    log = PKILog(db, SERVER, now_ms=NOW)
    try:
        log.publish(keystore("alice#h"), now_ms=NOW)
        assert log.lookup("alice#h").head.size == 1
        with contextlib.closing(sqlite3.connect(db)) as conn, conn:
            conn.execute("INSERT INTO pki_entries VALUES (1, 'eve#h', 1, ?)", (keystore("eve#h"),))
        with pytest.raises(LogCorruptedError, match="do not match the last signed head"):
            log.lookup("eve#h")
        with pytest.raises(LogCorruptedError):
            log.head()
    finally:
        log.close()


def test_two_clients_detect_a_forked_server(tmp_path: Path) -> None:
    honest = PKILog(tmp_path / "a.sqlite", SERVER, now_ms=NOW)
    forked = PKILog(tmp_path / "b.sqlite", SERVER, now_ms=NOW)  # same key, other history
    for log in (honest, forked):
        log.publish(keystore("alice#h"), now_ms=NOW)
    honest.publish(keystore("bob#h"), now_ms=NOW + 1)
    forked.publish(keystore("mallory#h"), now_ms=NOW + 1)
    forked.publish(keystore("carol#h"), now_ms=NOW + 2)
    alice_view = lookup(honest, "alice#h", Checkpoint(), NOW + 5)
    bob_view = lookup(forked, "alice#h", Checkpoint(), NOW + 5)
    with pytest.raises(KTConsistencyError):
        heads.compare_views(
            alice_view.head,
            bob_view.head,
            forked.consistency(alice_view.head.size),
            SERVER.public_key,
        )
    # And a client that saw the honest log then talks to the forked one.
    with pytest.raises(KTConsistencyError):
        lookup(forked, "alice#h", alice_view.advance(Checkpoint()), NOW + 6)
