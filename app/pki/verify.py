"""The client-side lookup verifier (no I/O): a server's answer -> a keystore we can trust.

`verify_lookup(name, response, server_key=..., checkpoint=...)` checks, in order: the
head signature and witnesses, freshness, the consistency of the head with this
client's checkpoint, then every revision of the name the server returned (inclusion in
the head, user ID = name, revision numbers without gaps, each revision signed by the
previous one's identity key) and returns the newest one. See SPEC.md §4.

Errors: `UntrustedKeyError` (no valid proof, bad signatures, wrong name binding, broken
key continuity, revoked key, stale head), `KTConsistencyError` (fork, rollback, dropped
or rewritten revision), `UnknownUserError` (the server has no keystore for the name).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from app.crypto.ecc import PublicKey

from . import heads, merkle
from ._codec import fields, u64
from .errors import (
    KeystoreError,
    KTConsistencyError,
    ProofError,
    UnknownUserError,
    UntrustedKeyError,
)
from .openpgp import Keystore, check_continuity, parse_keystore

LEAF_LABEL = b"privshare/v1/pki/leaf"
MAX_HEAD_AGE_MS = 65 * 60 * 1000  # heads come at least hourly; 5 minutes of slack


def leaf_data(name: str, revision: int, keystore: bytes) -> bytes:
    """The canonical bytes of one log entry: (name, revision, SHA-256(keystore))."""
    return fields(LEAF_LABEL, name.encode(), u64(revision), hashlib.sha256(keystore).digest())


@dataclass(frozen=True)
class RevisionProof:
    revision: int
    keystore: bytes
    leaf_index: int
    inclusion: tuple[bytes, ...]


@dataclass(frozen=True)
class LookupResponse:
    """What the server returns for `pkiGetKeystore(name, since=...)`."""

    name: str
    head: heads.TreeHead
    consistency: tuple[bytes, ...]  # proves checkpoint.head.size -> head.size
    revisions: tuple[RevisionProof, ...]  # oldest first; empty = no such user


@dataclass(frozen=True)
class KnownRevision:
    revision: int
    keystore_hash: bytes


@dataclass(frozen=True)
class Checkpoint:
    """What a client remembers of one server's log (kept in its vault)."""

    head: heads.TreeHead | None = None
    known: Mapping[str, KnownRevision] = field(default_factory=dict)

    def first_revision_needed(self, name: str) -> int:
        known = self.known.get(name)
        return 1 if known is None else known.revision


@dataclass(frozen=True)
class VerifiedKeystore:
    name: str
    revision: int
    keystore: Keystore
    keystore_bytes: bytes
    head: heads.TreeHead

    def advance(self, checkpoint: Checkpoint) -> Checkpoint:
        """The checkpoint to store after this lookup."""
        digest = hashlib.sha256(self.keystore_bytes).digest()
        known = {**checkpoint.known, self.name: KnownRevision(self.revision, digest)}
        return Checkpoint(self.head, known)


def verify_lookup(
    name: str,
    response: LookupResponse,
    *,
    server_key: PublicKey,
    checkpoint: Checkpoint,
    now_ms: int,
    witnesses: Sequence[PublicKey] = (),
    max_head_age_ms: int = MAX_HEAD_AGE_MS,
) -> VerifiedKeystore:
    """Verify a lookup of `name` (`name#host`) against the pinned server key."""
    if response.name != name:
        raise UntrustedKeyError(f"asked for {name!r}, the server answered for {response.name!r}")
    head = response.head
    heads.verify_head(head, server_key)
    heads.verify_witnesses(head, witnesses)
    if head.timestamp + max_head_age_ms < now_ms:
        raise UntrustedKeyError("the server's tree head is stale (more than an hour old)")
    if checkpoint.head is not None:
        heads.check_successor(checkpoint.head, head, response.consistency, server_key)
    known = checkpoint.known.get(name)
    if not response.revisions:
        if known is not None:
            raise KTConsistencyError(f"the server dropped {name}, whose key it showed before")
        raise UnknownUserError(f"{name} has no published keystore on this server")
    _check_numbering(name, response.revisions, known)
    latest = _verify_revisions(name, head, response.revisions, known)
    if latest.is_revoked:
        raise UntrustedKeyError(f"{name} has revoked this identity key")
    last = response.revisions[-1]
    return VerifiedKeystore(name, last.revision, latest, last.keystore, head)


def _check_numbering(
    name: str, revisions: Sequence[RevisionProof], known: KnownRevision | None
) -> None:
    numbers = [r.revision for r in revisions]
    start = 1 if known is None else known.revision
    if known is not None and numbers[-1] < known.revision:
        raise KTConsistencyError(
            f"rollback: {name} is at revision {known.revision}, the server shows {numbers[-1]}"
        )
    if numbers != list(range(start, start + len(numbers))):
        raise KTConsistencyError(f"the revisions of {name} skip or repeat: {numbers}")
    if any(b.leaf_index <= a.leaf_index for a, b in itertools.pairwise(revisions)):
        raise KTConsistencyError(f"the revisions of {name} are out of log order")
    if known is not None:
        seen = hashlib.sha256(revisions[0].keystore).digest()
        if not hmac.compare_digest(seen, known.keystore_hash):
            raise KTConsistencyError(f"the server rewrote revision {known.revision} of {name}")


def _verify_revisions(
    name: str,
    head: heads.TreeHead,
    revisions: Sequence[RevisionProof],
    known: KnownRevision | None,
) -> Keystore:
    previous: bytes | None = None
    keystore: Keystore | None = None
    for rev, keystore in zip(revisions, _parsed(revisions), strict=True):
        leaf = merkle.leaf_hash(leaf_data(name, rev.revision, rev.keystore))
        try:
            merkle.verify_inclusion(rev.leaf_index, head.size, leaf, rev.inclusion, head.root)
        except ProofError as exc:
            raise UntrustedKeyError(f"revision {rev.revision} of {name}: {exc}") from None
        if keystore.user_id != name:
            raise UntrustedKeyError(f"the keystore is for {keystore.user_id!r}, not {name!r}")
        try:
            if previous is not None:
                check_continuity(previous, keystore)
            elif known is None and keystore.continuity is not None:
                raise KeystoreError("a first revision cannot name a predecessor")
        except KeystoreError as exc:
            raise UntrustedKeyError(f"revision {rev.revision} of {name}: {exc}") from None
        previous = rev.keystore
    assert keystore is not None  # revisions is not empty
    return keystore


def _parsed(revisions: Sequence[RevisionProof]) -> Iterator[Keystore]:
    for rev in revisions:
        try:
            yield parse_keystore(rev.keystore)
        except KeystoreError as exc:
            raise UntrustedKeyError(
                f"revision {rev.revision} is not a valid keystore: {exc}"
            ) from None
