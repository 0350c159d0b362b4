"""Signed tree heads, their hash chain, checkpoints and split-view detection (SPEC.md §2).

A head states `{size, root, timestamp (ms), prev_head_hash}`; its signed bytes are
domain-labelled and length-prefixed, signed by the server's static secp256k1 key
(ECDSA over SHA-256 of those bytes, compact r‖s). `head_hash` is SHA-256 of the signed
bytes, so each head names its predecessor and the heads form a hash chain. Witnesses
countersign a head's hash under their own label.

Errors: a signature that does not verify -> `UntrustedKeyError`; heads that cannot all
be true of one append-only log (fork, rollback) -> `KTConsistencyError`; bytes that
do not decode -> `ProofError`.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.crypto.ecc import PrivateKey, PublicKey
from app.crypto.errors import CryptoError

from . import merkle
from ._codec import Reader, fields, lp, u64
from .errors import KTConsistencyError, PKIUsageError, ProofError, UntrustedKeyError

HEAD_LABEL = b"privshare/v1/pki/head"
COSIGN_LABEL = b"privshare/v1/pki/cosign"
GENESIS_PREV = bytes(32)
SIGNATURE_SIZE = 64
WITNESS_KEY_SIZE = 33
MAX_COSIGNATURES = 64


@dataclass(frozen=True)
class Cosignature:
    """A witness's countersignature over a head hash."""

    witness: bytes  # the witness's compressed public key (33 bytes)
    signature: bytes  # r‖s over SHA-256(lp(COSIGN_LABEL) ‖ lp(head_hash))


@dataclass(frozen=True)
class TreeHead:
    size: int
    root: bytes
    timestamp: int  # milliseconds since the Unix epoch
    prev_head_hash: bytes
    signature: bytes = b""
    cosignatures: tuple[Cosignature, ...] = ()

    def signed_bytes(self) -> bytes:
        return fields(
            HEAD_LABEL, u64(self.size), self.root, u64(self.timestamp), self.prev_head_hash
        )

    @property
    def hash(self) -> bytes:
        return hashlib.sha256(self.signed_bytes()).digest()


def sign_head(
    key: PrivateKey, *, size: int, root: bytes, timestamp: int, prev_head_hash: bytes
) -> TreeHead:
    """Make a head signed by the server key."""
    if size < 0 or timestamp < 0 or len(root) != 32 or len(prev_head_hash) != 32:
        raise PKIUsageError("a head needs size >= 0, timestamp >= 0 and 32-byte hashes")
    head = TreeHead(size, root, timestamp, prev_head_hash)
    return replace(head, signature=key.sign(head.signed_bytes()))


def verify_head(head: TreeHead, server_key: PublicKey) -> None:
    """Check the server's signature on a head (`UntrustedKeyError` if it is not valid)."""
    try:
        server_key.verify(head.signature, head.signed_bytes())
    except CryptoError:
        raise UntrustedKeyError("the tree head is not signed by the pinned server key") from None


def _cosign_message(head: TreeHead) -> bytes:
    return lp(COSIGN_LABEL) + lp(head.hash)


def cosign(head: TreeHead, witness_key: PrivateKey) -> Cosignature:
    """A witness countersigns a head (after checking it against its own view)."""
    return Cosignature(
        witness_key.public_key.to_bytes(compressed=True), witness_key.sign(_cosign_message(head))
    )


def add_cosignature(head: TreeHead, cosignature: Cosignature) -> TreeHead:
    return replace(head, cosignatures=(*head.cosignatures, cosignature))


def verify_witnesses(head: TreeHead, witnesses: Sequence[PublicKey]) -> None:
    """Require a strict majority of the configured witnesses to have countersigned.

    Any countersignature claiming to come from a configured witness must verify: one
    bad signature fails the head, whatever the others say. Countersignatures from keys
    this client does not know are ignored; each witness counts at most once.
    """
    if not witnesses:
        return
    known = {w.to_bytes(compressed=True): w for w in witnesses}
    valid: set[bytes] = set()
    for cos in head.cosignatures:
        key = known.get(cos.witness)
        if key is None:
            continue
        try:
            key.verify(cos.signature, _cosign_message(head))
        except CryptoError:
            raise UntrustedKeyError("a witness countersignature does not verify") from None
        valid.add(cos.witness)
    if 2 * len(valid) <= len(known):
        raise UntrustedKeyError(
            f"only {len(valid)} of {len(known)} witnesses countersigned this head"
        )


def encode_head(head: TreeHead) -> bytes:
    """Wire form: signed bytes ‖ lp(signature) ‖ u16 count ‖ (lp(witness) ‖ lp(sig))*."""
    cos = b"".join(lp(c.witness) + lp(c.signature) for c in head.cosignatures)
    count = len(head.cosignatures).to_bytes(2, "big")
    return head.signed_bytes() + lp(head.signature) + count + cos


def decode_head(data: bytes) -> TreeHead:
    """Strict inverse of `encode_head` (`ProofError` on anything else)."""
    r = Reader(data, ProofError)
    if r.field() != HEAD_LABEL:
        raise ProofError("not a privshare tree head")
    size, root, timestamp, prev = r.uint(), r.field(32), r.uint(), r.field(32)
    signature = r.field(SIGNATURE_SIZE)
    count = r.u16()
    if count > MAX_COSIGNATURES:
        raise ProofError("too many countersignatures")
    cos = tuple(
        Cosignature(r.field(WITNESS_KEY_SIZE), r.field(SIGNATURE_SIZE)) for _ in range(count)
    )
    r.end()
    return TreeHead(size, root, timestamp, prev, signature, cos)


def _same(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


def check_successor(
    old: TreeHead, new: TreeHead, consistency: Sequence[bytes], server_key: PublicKey
) -> None:
    """Accept `new` as a successor of the checkpoint `old`, or raise.

    Both heads must carry the server's signature; `consistency` proves old.size ->
    new.size. A smaller size, an earlier time, a different root at the same size, two
    different heads at the same instant or a failed proof mean the server showed a
    forked or rolled-back log: `KTConsistencyError`.
    """
    verify_head(old, server_key)
    verify_head(new, server_key)
    if new.size < old.size or new.timestamp < old.timestamp:
        raise KTConsistencyError(
            f"the log went back: size {old.size} -> {new.size}, "
            f"time {old.timestamp} -> {new.timestamp}"
        )
    if new.timestamp == old.timestamp and not _same(new.hash, old.hash):
        raise KTConsistencyError("the server signed two different heads for the same instant")
    try:
        merkle.verify_consistency(old.size, new.size, old.root, new.root, consistency)
    except ProofError as exc:
        raise KTConsistencyError(f"the log forked: {exc}") from None


def compare_views(
    a: TreeHead, b: TreeHead, consistency: Sequence[bytes], server_key: PublicKey
) -> None:
    """Two clients compare their heads; `consistency` proves the older head's size ->
    the newer head's size. Raises `KTConsistencyError` on a split view."""
    older, newer = sorted((a, b), key=lambda h: (h.size, h.timestamp))
    check_successor(older, newer, consistency, server_key)


def verify_chain(
    heads: Sequence[TreeHead], proofs: Sequence[Sequence[bytes]], server_key: PublicKey
) -> None:
    """Check a run of consecutive heads, oldest first; `proofs[i]` proves
    heads[i].size -> heads[i+1].size. Each head must name its predecessor's hash."""
    if len(proofs) != max(len(heads) - 1, 0):
        raise PKIUsageError("one consistency proof is needed between each pair of heads")
    for head in heads[:1]:
        verify_head(head, server_key)
        if head.size == 0 and not _same(head.prev_head_hash, GENESIS_PREV):
            raise KTConsistencyError("the first head of the log must have no predecessor")
    for (prev, head), proof in zip(itertools.pairwise(heads), proofs, strict=True):
        if not _same(head.prev_head_hash, prev.hash):
            raise KTConsistencyError("the head chain is broken: a head does not name its parent")
        check_successor(prev, head, proof, server_key)
