"""Wire forms of the PKI: lookup answers as msgpack-friendly maps, checkpoints as bytes.

`encode_lookup`/`decode_lookup` carry a `LookupResponse` over RPC as
`{"name": str, "head": bin (heads.encode_head), "consistency": [bin32...],
"revisions": [{"revision": int, "keystore": bin, "leaf_index": int,
"inclusion": [bin32...]}]}`. `decode_lookup` is strict (exact keys and types, hash sizes,
bounded counts) because the answer comes from a server we do not trust: anything else is
a `ProofError`, never a KeyError or TypeError.

`encode_checkpoint`/`decode_checkpoint` give the opaque bytes a client keeps per server
(the vault's `pki_checkpoints`): `lp(label) ‖ lp(head or empty) ‖ lp(u64(count))` then
per name, sorted, `lp(name) ‖ lp(u64(revision)) ‖ lp(sha256(keystore))`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import heads
from ._codec import Reader, fields, u64
from ._keystore import MAX_KEYSTORE_SIZE
from .errors import ProofError
from .verify import Checkpoint, KnownRevision, LookupResponse, RevisionProof

__all__ = [
    "MAX_PROOF_HASHES",
    "MAX_REVISIONS",
    "decode_checkpoint",
    "decode_lookup",
    "encode_checkpoint",
    "encode_lookup",
]

CHECKPOINT_LABEL = b"privshare/v1/pki/checkpoint"
MAX_REVISIONS = 256  # per name; the server refuses to publish more
MAX_PROOF_HASHES = 128  # 2 * 64: a consistency proof in a tree of up to 2^64 leaves
MAX_NAME_BYTES = 320
MAX_INDEX = (1 << 63) - 1
HASH_SIZE = 32


def encode_lookup(response: LookupResponse) -> dict[str, Any]:
    return {
        "name": response.name,
        "head": heads.encode_head(response.head),
        "consistency": list(response.consistency),
        "revisions": [
            {
                "revision": r.revision,
                "keystore": r.keystore,
                "leaf_index": r.leaf_index,
                "inclusion": list(r.inclusion),
            }
            for r in response.revisions
        ],
    }


def decode_lookup(raw: object) -> LookupResponse:
    """A `LookupResponse` from what the server sent (`ProofError` if malformed)."""
    fields_ = _exact_map(raw, "the lookup answer", ("name", "head", "consistency", "revisions"))
    name = fields_["name"]
    if not isinstance(name, str) or not 0 < len(name.encode()) <= MAX_NAME_BYTES:
        raise ProofError("the lookup answer has no valid name")
    head = heads.decode_head(_bytes(fields_["head"], "head", 1 << 16))
    revisions = fields_["revisions"]
    if not isinstance(revisions, list) or len(revisions) > MAX_REVISIONS:
        raise ProofError(f"revisions must be a list of at most {MAX_REVISIONS}")
    return LookupResponse(
        name,
        head,
        _hashes(fields_["consistency"], "consistency"),
        tuple(_revision(item) for item in revisions),
    )


def _revision(raw: object) -> RevisionProof:
    item = _exact_map(raw, "a revision", ("revision", "keystore", "leaf_index", "inclusion"))
    return RevisionProof(
        _index(item["revision"], "revision"),
        _bytes(item["keystore"], "keystore", MAX_KEYSTORE_SIZE),
        _index(item["leaf_index"], "leaf_index"),
        _hashes(item["inclusion"], "inclusion"),
    )


def _exact_map(raw: object, what: str, keys: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(raw, dict) or set(raw) != set(keys):
        raise ProofError(f"{what} must be a map with exactly the keys {', '.join(keys)}")
    return raw


def _bytes(value: object, what: str, limit: int) -> bytes:
    if not isinstance(value, bytes) or len(value) > limit:
        raise ProofError(f"{what} must be binary of at most {limit} bytes")
    return value


def _index(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_INDEX:
        raise ProofError(f"{what} must be an integer from 0 to 2^63-1")
    return value


def _hashes(value: object, what: str) -> tuple[bytes, ...]:
    if not isinstance(value, list) or len(value) > MAX_PROOF_HASHES:
        raise ProofError(f"{what} must be a list of at most {MAX_PROOF_HASHES} hashes")
    if not all(isinstance(h, bytes) and len(h) == HASH_SIZE for h in value):
        raise ProofError(f"{what} must hold 32-byte hashes only")
    return tuple(value)


# --- checkpoints ---------------------------------------------------------------------------


def encode_checkpoint(checkpoint: Checkpoint) -> bytes:
    head = b"" if checkpoint.head is None else heads.encode_head(checkpoint.head)
    names = sorted(checkpoint.known)
    parts = [CHECKPOINT_LABEL, head, u64(len(names))]
    for name in names:
        known = checkpoint.known[name]
        parts += [name.encode(), u64(known.revision), known.keystore_hash]
    return fields(*parts)


def decode_checkpoint(data: bytes) -> Checkpoint:
    """Strict inverse of `encode_checkpoint` (`ProofError` on anything else)."""
    reader = Reader(data, ProofError)
    if reader.field() != CHECKPOINT_LABEL:
        raise ProofError("not a privshare PKI checkpoint")
    head_bytes = reader.field()
    head = heads.decode_head(head_bytes) if head_bytes else None
    known: dict[str, KnownRevision] = {}
    for _ in range(reader.uint()):
        try:
            name = reader.field().decode()
        except UnicodeDecodeError:
            raise ProofError("a checkpoint name is not UTF-8") from None
        known[name] = KnownRevision(reader.uint(), reader.field(HASH_SIZE))
    reader.end()
    return Checkpoint(head, known)
