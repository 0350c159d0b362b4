"""Hypothesis: the keystore, signature and head parsers only ever raise their own error."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.crypto.ecc import PrivateKey
from app.pki import _packets, heads, openpgp
from app.pki.errors import KeystoreError, ProofError

T0 = 1_700_000_000
_ID = PrivateKey.from_bytes(hashlib.sha256(b"fuzz id").digest())
_KS = openpgp.new_keystore(_ID, "fuzz#example.org", created=T0)
_KS = openpgp.add_sink(_KS, _ID, PrivateKey.from_bytes(b"\x07" * 32).public_key, created=T0)
_KS = openpgp.revoke_sink(_KS, _ID, _KS.subkeys[0].key.fingerprint, now=T0 + 1)
KEYSTORE = openpgp.emit_keystore(_KS)
SIGNATURE = openpgp.sign_detached(_ID, _KS, b"doc", created=T0 + 2)
HEAD = heads.encode_head(
    heads.sign_head(_ID, size=3, root=b"\x01" * 32, timestamp=5, prev_head_hash=bytes(32))
)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set" and data:
            data[pos] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 8))]
        elif kind == "truncate":
            del data[pos:]
    return bytes(data)


def _parse_keystore(data: bytes) -> None:
    try:
        ks = openpgp.parse_keystore(data)
    except KeystoreError:
        return
    # Whatever is accepted re-emits canonically and parses to the same value.
    assert openpgp.parse_keystore(openpgp.emit_keystore(ks)) == ks


FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated(KEYSTORE))
def test_mutated_keystores_only_raise_keystore_error(data: bytes) -> None:
    _parse_keystore(data)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_only_raise_keystore_error(data: bytes) -> None:
    _parse_keystore(data)


@FUZZ
@given(mutated(SIGNATURE))
def test_mutated_detached_signatures_only_raise_keystore_error(data: bytes) -> None:
    try:
        openpgp.verify_detached(_KS, b"doc", data)
    except KeystoreError:
        return
    # Accepted only if it is our signature (perhaps re-framed, e.g. an old-format header).
    [(_, body)] = list(_packets.split_packets(data))
    [(_, original)] = list(_packets.split_packets(SIGNATURE))
    assert _packets.parse_signature(body) == _packets.parse_signature(original)


@FUZZ
@given(mutated(HEAD))
def test_mutated_heads_only_raise_proof_error(data: bytes) -> None:
    try:
        head = heads.decode_head(data)
    except ProofError:
        return
    assert heads.encode_head(head) == data
