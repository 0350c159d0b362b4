"""The client lookup verifier against honest and misbehaving in-memory logs
(security checklist items 9-11)."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from app.crypto.ecc import PrivateKey
from app.pki import heads, merkle, openpgp
from app.pki.errors import KTConsistencyError, UnknownUserError, UntrustedKeyError
from app.pki.verify import (
    Checkpoint,
    LookupResponse,
    RevisionProof,
    leaf_data,
    verify_lookup,
)

T0 = 1_700_000_000


def key(label: str) -> PrivateKey:
    return PrivateKey.from_bytes(hashlib.sha256(label.encode()).digest())


SERVER, ALICE_ID, EVE = key("server"), key("alice id"), key("eve")
WITNESSES = [key(f"witness {i}") for i in range(3)]
NAME = "alice#example.org"


class MemoryLog:
    """Just enough of a log to answer lookups; tests bend it to misbehave."""

    def __init__(self) -> None:
        self.tree = merkle.MerkleTree()
        self.entries: list[tuple[str, int, bytes]] = []
        self.heads = [self._sign(0, heads.GENESIS_PREV)]

    def _sign(self, ts: int, prev: bytes) -> heads.TreeHead:
        return heads.sign_head(
            SERVER, size=self.tree.size, root=self.tree.root(), timestamp=ts, prev_head_hash=prev
        )

    def publish(self, name: str, keystore: bytes, revision: int | None = None) -> None:
        if revision is None:
            revision = 1 + sum(1 for n, _, _ in self.entries if n == name)
        self.entries.append((name, revision, keystore))
        self.tree.append(merkle.leaf_hash(leaf_data(name, revision, keystore)))
        self.heads.append(self._sign(self.heads[-1].timestamp + 1000, self.heads[-1].hash))

    def lookup(self, name: str, checkpoint: Checkpoint) -> LookupResponse:
        head = self.heads[-1]
        start = checkpoint.first_revision_needed(name)
        revs = tuple(
            RevisionProof(rev, ks, i, tuple(self.tree.inclusion_proof(i, head.size)))
            for i, (n, rev, ks) in enumerate(self.entries)
            if n == name and rev >= start
        )
        old = 0 if checkpoint.head is None else checkpoint.head.size
        # A rolled-back log cannot prove anything about a size it no longer has.
        proof = self.tree.consistency_proof(old) if old <= self.tree.size else []
        return LookupResponse(name, head, tuple(proof), revs)


def revision1() -> bytes:
    ks = openpgp.new_keystore(ALICE_ID, NAME, created=T0)
    return openpgp.emit_keystore(openpgp.add_sink(ks, ALICE_ID, key("s1").public_key, created=T0))


def next_revision(prev: bytes, sink: str, t: int) -> bytes:
    ks = openpgp.add_sink(openpgp.parse_keystore(prev), ALICE_ID, key(sink).public_key, created=t)
    return openpgp.emit_keystore(openpgp.succeed(prev, ALICE_ID, ks, ALICE_ID, now=t))


REV1 = revision1()
REV2 = next_revision(REV1, "s2", T0 + 10)
REV3 = next_revision(REV2, "s3", T0 + 20)


def honest_log() -> MemoryLog:
    log = MemoryLog()
    log.publish("bob#example.org", b"not looked at")
    log.publish(NAME, REV1)
    log.publish("carol#example.org", b"nor this")
    log.publish(NAME, REV2)
    return log


def verify(log_or_response: MemoryLog | LookupResponse, checkpoint: Checkpoint, **kw):  # type: ignore[no-untyped-def]
    response = (
        log_or_response.lookup(NAME, checkpoint)
        if isinstance(log_or_response, MemoryLog)
        else log_or_response
    )
    now = response.head.timestamp + 1000
    return verify_lookup(
        NAME, response, server_key=SERVER.public_key, checkpoint=checkpoint, now_ms=now, **kw
    )


def test_first_lookup_then_update() -> None:
    log = honest_log()
    result = verify(log, Checkpoint())
    assert result.revision == 2 and result.keystore_bytes == REV2
    assert len(result.keystore.sink_keys) == 2
    cp = result.advance(Checkpoint())
    log.publish("dave#example.org", b"d")
    log.publish(NAME, REV3)
    response = log.lookup(NAME, cp)
    assert [r.revision for r in response.revisions] == [2, 3]
    again = verify(response, cp)
    assert again.revision == 3 and again.advance(cp).known[NAME].revision == 3


def test_unknown_user() -> None:
    with pytest.raises(UnknownUserError):
        verify(MemoryLog(), Checkpoint())


def test_key_substitution_is_untrusted() -> None:
    """Checklist 9: the server swaps Alice's key for one it controls."""
    eve = openpgp.emit_keystore(openpgp.new_keystore(EVE, NAME, created=T0))
    log = MemoryLog()
    log.publish(NAME, REV1)
    log.publish(NAME, eve)  # revision 2, not signed by Alice's key
    with pytest.raises(UntrustedKeyError, match="not signed by the previous"):
        verify(log, Checkpoint())
    # Or serves Eve's keystore in place of revision 1 with Alice's proof.
    honest = honest_log()
    good = honest.lookup(NAME, Checkpoint())
    swapped = dataclasses.replace(good.revisions[0], keystore=eve)
    with pytest.raises(UntrustedKeyError, match="inclusion proof"):
        verify(dataclasses.replace(good, revisions=(swapped, good.revisions[1])), Checkpoint())


def test_name_binding() -> None:
    log = MemoryLog()
    log.publish(NAME, openpgp.emit_keystore(openpgp.new_keystore(EVE, "eve#x", created=T0)))
    with pytest.raises(UntrustedKeyError, match="not 'alice"):
        verify(log, Checkpoint())
    response = honest_log().lookup(NAME, Checkpoint())
    with pytest.raises(UntrustedKeyError, match="answered for"):
        verify(dataclasses.replace(response, name="bob#example.org"), Checkpoint())


def test_bad_proofs_and_signatures_are_untrusted() -> None:
    response = honest_log().lookup(NAME, Checkpoint())
    rev = response.revisions[1]
    broken = dataclasses.replace(rev, inclusion=(b"\x00" * 32, *rev.inclusion[1:]))
    cases = [
        dataclasses.replace(response, revisions=(response.revisions[0], broken)),
        dataclasses.replace(
            response, revisions=(response.revisions[0], dataclasses.replace(rev, leaf_index=2))
        ),
        dataclasses.replace(response, head=dataclasses.replace(response.head, root=b"\x01" * 32)),
        dataclasses.replace(response, head=heads.sign_head(EVE, **_fields(response.head))),
        dataclasses.replace(
            response, revisions=(dataclasses.replace(response.revisions[0], keystore=b"junk"),)
        ),
    ]
    for bad in cases:
        with pytest.raises(UntrustedKeyError):
            verify(bad, Checkpoint())


def _fields(h: heads.TreeHead) -> dict[str, object]:
    return {
        "size": h.size,
        "root": h.root,
        "timestamp": h.timestamp,
        "prev_head_hash": h.prev_head_hash,
    }


def test_stale_head_rejected() -> None:
    response = honest_log().lookup(NAME, Checkpoint())
    with pytest.raises(UntrustedKeyError, match="stale"):
        verify_lookup(
            NAME,
            response,
            server_key=SERVER.public_key,
            checkpoint=Checkpoint(),
            now_ms=response.head.timestamp + 2 * 3600 * 1000,
        )


def test_rollback_detected() -> None:
    """Checklist 11: the server rolls its log back to before revision 3."""
    log = honest_log()
    log.publish(NAME, REV3)
    cp = verify(log, Checkpoint()).advance(Checkpoint())
    old = honest_log()  # the log as it was before revision 3
    with pytest.raises(KTConsistencyError):
        verify(old.lookup(NAME, cp), cp)


def test_dropped_revision_detected() -> None:
    """A revision the client has seen vanishes, or a gap appears in the numbering."""
    log = honest_log()
    cp = verify(log, Checkpoint()).advance(Checkpoint())
    log.publish(NAME, REV3)
    response = log.lookup(NAME, cp)
    without_user = dataclasses.replace(response, revisions=())
    with pytest.raises(KTConsistencyError, match="dropped"):
        verify(without_user, cp)
    gap = dataclasses.replace(response, revisions=(response.revisions[1],))
    with pytest.raises(KTConsistencyError, match="skip"):
        verify(gap, cp)
    # A log that published revision 3 without 2: the numbering shows it to a new client.
    skipping = MemoryLog()
    skipping.publish(NAME, REV1, revision=1)
    skipping.publish(NAME, REV3, revision=3)
    with pytest.raises(KTConsistencyError, match="skip"):
        verify(skipping, Checkpoint())


def test_rewritten_revision_detected() -> None:
    log = honest_log()
    cp = verify(log, Checkpoint()).advance(Checkpoint())
    response = log.lookup(NAME, cp)
    other = openpgp.emit_keystore(openpgp.new_keystore(ALICE_ID, NAME, created=T0 + 1))
    rewritten = dataclasses.replace(
        response, revisions=(dataclasses.replace(response.revisions[0], keystore=other),)
    )
    with pytest.raises(KTConsistencyError, match="rewrote"):
        verify(rewritten, cp)


def test_forked_log_detected_against_checkpoint() -> None:
    """Checklist 10: after a client saw one tree, the server shows it another."""
    log = honest_log()
    cp = verify(log, Checkpoint()).advance(Checkpoint())
    fork = MemoryLog()
    fork.publish("bob#example.org", b"not looked at")
    fork.publish(NAME, REV1)
    fork.publish("carol#example.org", b"a different entry")
    fork.publish(NAME, REV2)
    fork.publish(NAME, REV3)
    with pytest.raises(KTConsistencyError, match="forked"):
        verify(fork.lookup(NAME, cp), cp)


def test_revoked_identity_is_untrusted() -> None:
    dead = openpgp.revoke_keystore(openpgp.parse_keystore(REV2), ALICE_ID, now=T0 + 30)
    rev3 = openpgp.emit_keystore(openpgp.succeed(REV2, ALICE_ID, dead, ALICE_ID, now=T0 + 31))
    log = honest_log()
    log.publish(NAME, rev3)
    with pytest.raises(UntrustedKeyError, match="revoked"):
        verify(log, Checkpoint())


def test_witnesses() -> None:
    log = honest_log()
    response = log.lookup(NAME, Checkpoint())
    pubs = [w.public_key for w in WITNESSES]
    with pytest.raises(UntrustedKeyError, match="0 of 3"):
        verify(response, Checkpoint(), witnesses=pubs)
    head = response.head
    for w in WITNESSES[:2]:
        head = heads.add_cosignature(head, heads.cosign(head, w))
    verify(dataclasses.replace(response, head=head), Checkpoint(), witnesses=pubs)
