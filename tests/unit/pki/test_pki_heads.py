"""Signed tree heads: signatures, chain, checkpoints, split views, witnesses."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from app.crypto.ecc import PrivateKey
from app.pki import heads, merkle
from app.pki.errors import KTConsistencyError, PKIUsageError, ProofError, UntrustedKeyError

SERVER = PrivateKey.from_bytes(hashlib.sha256(b"server key").digest())
OTHER = PrivateKey.from_bytes(hashlib.sha256(b"some other key").digest())
WITNESSES = [PrivateKey.from_bytes(hashlib.sha256(b"witness %d" % i).digest()) for i in range(3)]


def _signed(size: int, root: bytes, timestamp: int, prev: bytes) -> heads.TreeHead:
    return heads.sign_head(SERVER, size=size, root=root, timestamp=timestamp, prev_head_hash=prev)


class Log:
    """A tiny honest log for the tests: a tree and its chain of heads."""

    def __init__(self, key: PrivateKey = SERVER, entries: list[bytes] | None = None) -> None:
        self.key = key
        self.tree = merkle.MerkleTree()
        self.heads = [self._sign(0, heads.GENESIS_PREV)]
        for e in entries or []:
            self.add(e)

    def _sign(self, timestamp: int, prev: bytes) -> heads.TreeHead:
        return heads.sign_head(
            self.key,
            size=self.tree.size,
            root=self.tree.root(),
            timestamp=timestamp,
            prev_head_hash=prev,
        )

    def add(self, entry: bytes) -> heads.TreeHead:
        self.tree.append(merkle.leaf_hash(entry))
        head = self._sign(self.heads[-1].timestamp + 1000, self.heads[-1].hash)
        self.heads.append(head)
        return head


def test_signed_bytes_are_labelled_and_length_prefixed() -> None:
    head = _signed(5, b"\x11" * 32, 7, b"\x22" * 32)
    expected = (
        (21).to_bytes(4, "big")
        + b"privshare/v1/pki/head"
        + (8).to_bytes(4, "big")
        + (5).to_bytes(8, "big")
        + (32).to_bytes(4, "big")
        + b"\x11" * 32
        + (8).to_bytes(4, "big")
        + (7).to_bytes(8, "big")
        + (32).to_bytes(4, "big")
        + b"\x22" * 32
    )
    assert head.signed_bytes() == expected
    assert head.hash == hashlib.sha256(expected).digest()
    # An independent ECDSA implementation accepts the signature over SHA-256(bytes).
    r, s = int.from_bytes(head.signature[:32], "big"), int.from_bytes(head.signature[32:], "big")
    pub = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256K1(), SERVER.public_key.to_bytes(compressed=False)
    )
    pub.verify(encode_dss_signature(r, s), expected, ec.ECDSA(hashes.SHA256()))


def test_head_signature_and_encoding() -> None:
    log = Log(entries=[b"a", b"b", b"c"])
    head = log.heads[-1]
    heads.verify_head(head, SERVER.public_key)
    with pytest.raises(UntrustedKeyError):
        heads.verify_head(head, OTHER.public_key)
    for forged in (
        dataclasses.replace(head, size=head.size + 1),
        dataclasses.replace(head, root=b"\x00" * 32),
        dataclasses.replace(head, timestamp=head.timestamp + 1),
        dataclasses.replace(head, prev_head_hash=b"\x00" * 32),
    ):
        with pytest.raises(UntrustedKeyError):
            heads.verify_head(forged, SERVER.public_key)
    assert heads.decode_head(heads.encode_head(head)) == head
    wire = heads.encode_head(heads.add_cosignature(head, heads.cosign(head, WITNESSES[0])))
    assert heads.encode_head(heads.decode_head(wire)) == wire
    for bad in (wire[:-1], wire + b"\x00", b"", wire[:4] + b"X" + wire[5:]):
        with pytest.raises(ProofError):
            heads.decode_head(bad)


def test_honest_chain_verifies_and_every_checkpoint_advances() -> None:
    log = Log(entries=[b"e%d" % i for i in range(12)])
    proofs = [log.tree.consistency_proof(a.size, b.size) for a, b in itertools.pairwise(log.heads)]
    heads.verify_chain(log.heads, proofs, SERVER.public_key)
    for old in log.heads:
        new = log.heads[-1]
        heads.check_successor(old, new, log.tree.consistency_proof(old.size), SERVER.public_key)


def test_broken_chain_link_detected() -> None:
    log = Log(entries=[b"x", b"y"])
    unlinked = _signed(2, log.tree.root(2), 5000, log.heads[0].hash)
    chain = [*log.heads, unlinked]
    proofs = [log.tree.consistency_proof(a.size, b.size) for a, b in itertools.pairwise(chain)]
    with pytest.raises(KTConsistencyError):
        heads.verify_chain(chain, proofs, SERVER.public_key)
    with pytest.raises(PKIUsageError):
        heads.verify_chain(chain, proofs[:-1], SERVER.public_key)


def test_rollback_detected() -> None:
    log = Log(entries=[b"1", b"2", b"3"])
    latest, earlier = log.heads[-1], log.heads[1]
    with pytest.raises(KTConsistencyError, match="went back"):
        heads.check_successor(latest, earlier, [], SERVER.public_key)
    # Same size, older timestamp re-signed: still a step back in time.
    stale = _signed(latest.size, latest.root, latest.timestamp - 1, latest.prev_head_hash)
    with pytest.raises(KTConsistencyError):
        heads.check_successor(latest, stale, [], SERVER.public_key)


def test_fork_detected_by_checkpoint_and_by_two_clients() -> None:
    honest = Log(entries=[b"k%d" % i for i in range(6)])
    forked = Log(entries=[b"k%d" % i for i in range(4)] + [b"evil", b"k5", b"k6"])
    seen_by_alice, seen_by_bob = honest.heads[-1], forked.heads[-1]
    # Bob's server proves consistency within its own fork; Alice's head is not a prefix.
    with pytest.raises(KTConsistencyError, match="forked"):
        heads.compare_views(
            seen_by_alice, seen_by_bob, forked.tree.consistency_proof(6), SERVER.public_key
        )
    # Same size, different roots: a fork with no proof needed.
    same_size = Log(entries=[b"k%d" % i for i in range(5)] + [b"other"])
    with pytest.raises(KTConsistencyError):
        heads.compare_views(seen_by_alice, same_size.heads[-1], [], SERVER.public_key)
    # Two different heads for one instant.
    twin = _signed(seen_by_alice.size, seen_by_alice.root, seen_by_alice.timestamp, b"\x01" * 32)
    with pytest.raises(KTConsistencyError, match="same instant"):
        heads.compare_views(seen_by_alice, twin, [], SERVER.public_key)
    # Honest views of different ages agree.
    heads.compare_views(
        honest.heads[-1], honest.heads[2], honest.tree.consistency_proof(2), SERVER.public_key
    )


def test_witness_majority_rule() -> None:
    head = Log(entries=[b"w"]).heads[-1]
    pubs = [w.public_key for w in WITNESSES]
    cos = [heads.cosign(head, w) for w in WITNESSES]
    heads.verify_witnesses(head, [])  # no witnesses configured: nothing required
    two = heads.add_cosignature(heads.add_cosignature(head, cos[0]), cos[1])
    heads.verify_witnesses(two, pubs)
    one = heads.add_cosignature(head, cos[2])
    with pytest.raises(UntrustedKeyError, match="1 of 3"):
        heads.verify_witnesses(one, pubs)
    duplicated = heads.add_cosignature(one, cos[2])
    with pytest.raises(UntrustedKeyError):
        heads.verify_witnesses(duplicated, pubs)
    other_head = Log(entries=[b"v"]).heads[-1]
    bad = heads.Cosignature(cos[2].witness, heads.cosign(other_head, WITNESSES[2]).signature)
    with pytest.raises(UntrustedKeyError, match="does not verify"):
        heads.verify_witnesses(heads.add_cosignature(two, bad), pubs)
    stranger = heads.cosign(head, OTHER)
    heads.verify_witnesses(heads.add_cosignature(two, stranger), pubs)
    with pytest.raises(UntrustedKeyError):
        heads.verify_witnesses(heads.add_cosignature(one, stranger), pubs)
