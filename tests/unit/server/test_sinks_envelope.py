"""app.wire.messages: the signed bytes byte by byte, the envelope codec (strict, round
trip), signatures checked with `cryptography` as an independent oracle, body sealing."""

from __future__ import annotations

import hashlib
import secrets
import struct

import msgpack
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import base58
from app.crypto.ecc import PrivateKey, signature_from_der, signature_to_der
from app.crypto.errors import DecryptionError
from app.protocol.errors import LocalProtocolError
from app.wire.messages import (
    ANONYMOUS,
    Envelope,
    EnvelopeError,
    EnvelopeSignatureError,
    decode_envelope,
    encode_envelope,
    envelope_signed_bytes,
    open_body,
    seal,
    seal_body,
    sink_create_signed_bytes,
    verify_envelope,
)

SINK_KEY = PrivateKey.generate()
SINK_ID = base58.address(SINK_KEY.public_key.to_bytes())


def lp(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def test_envelope_signed_bytes_follow_the_spec_byte_by_byte() -> None:
    key = bytes([2]) + bytes(range(32))
    blocks = [b"\x01" * 32, b"\x02" * 32]
    expected = (
        lp(b"privshare/v1/messages/envelope")
        + b"\x01"
        + lp(SINK_ID.encode())
        + lp(b"alice#example.org")
        + lp(key)
        + (1_700_000_000_123).to_bytes(8, "big")
        + lp(hashlib.sha256(b"ciphertext").digest())
        + struct.pack(">I", 2)
        + b"".join(blocks)
    )
    got = envelope_signed_bytes(
        SINK_ID, "alice#example.org", key, 1_700_000_000_123, b"ciphertext", blocks
    )
    assert got == expected


def test_sink_create_signed_bytes_follow_the_spec() -> None:
    expected = (
        lp(b"privshare/v1/messages/sink-create") + lp(SINK_ID.encode()) + lp(b"bob") + lp(b"public")
    )
    assert sink_create_signed_bytes(SINK_ID, "bob", "public") == expected
    with pytest.raises(LocalProtocolError):
        sink_create_signed_bytes(SINK_ID, "bob", "shared")


def test_the_signature_verifies_with_an_independent_library() -> None:
    sender = PrivateKey.generate()
    envelope = seal(sender, "alice#example.org", SINK_ID, b"body", [b"\x07" * 32], timestamp=5)
    verify_envelope(envelope)
    oracle = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256K1(), envelope.sender_key)
    der = signature_to_der(envelope.signature)
    oracle.verify(der, envelope.signed_bytes(), ec.ECDSA(hashes.SHA256()))
    with pytest.raises(InvalidSignature):
        oracle.verify(der, envelope.signed_bytes() + b"x", ec.ECDSA(hashes.SHA256()))


def test_an_oracle_signature_verifies_here() -> None:
    oracle_key = ec.generate_private_key(ec.SECP256K1())
    public = oracle_key.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    signed = envelope_signed_bytes(SINK_ID, ANONYMOUS, public, 9, b"b", [])
    signature = signature_from_der(oracle_key.sign(signed, ec.ECDSA(hashes.SHA256())))
    n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    r, s = signature[:32], int.from_bytes(signature[32:], "big")
    low_s = r + min(s, n - s).to_bytes(32, "big")  # our verifier refuses high-S
    verify_envelope(Envelope(SINK_ID, ANONYMOUS, public, 9, b"b", (), low_s))


@pytest.mark.parametrize(
    "field, value",
    [
        ("sink_id", base58.address(PrivateKey.generate().public_key.to_bytes())),
        ("sender", "mallory#example.org"),
        ("sender_key", PrivateKey.generate().public_key.to_bytes()),
        ("timestamp", 6),
        ("body", b"other body"),
        ("block_ids", (b"\x08" * 32,)),
    ],
)
def test_changing_any_signed_field_breaks_the_signature(field: str, value: object) -> None:
    envelope = seal(
        PrivateKey.generate(), "alice#example.org", SINK_ID, b"body", [b"\x07" * 32], timestamp=5
    )
    changed = Envelope(**{**envelope.__dict__, field: value})
    with pytest.raises(EnvelopeSignatureError):
        verify_envelope(changed)


ids = st.lists(st.binary(min_size=32, max_size=32), max_size=5).map(tuple)
senders = st.sampled_from([ANONYMOUS, "alice#example.org", "a.b-c_d#[::1]:8443"])


@settings(max_examples=40, deadline=None)
@given(
    body=st.binary(max_size=300), block_ids=ids, sender=senders, timestamp=st.integers(0, 2**64 - 1)
)
def test_encode_decode_round_trip(
    body: bytes, block_ids: tuple[bytes, ...], sender: str, timestamp: int
) -> None:
    envelope = Envelope(
        SINK_ID,
        sender,
        SINK_KEY.public_key.to_bytes(),
        timestamp,
        body,
        block_ids,
        secrets.token_bytes(64),
    )
    assert decode_envelope(encode_envelope(envelope)) == envelope


def good_map() -> dict[str, object]:
    envelope = seal(PrivateKey.generate(), "alice#example.org", SINK_ID, b"body", timestamp=1)
    decoded = msgpack.unpackb(encode_envelope(envelope))
    assert isinstance(decoded, dict)
    return decoded


@pytest.mark.parametrize(
    "change",
    [
        {"v": 2},
        {"v": True},
        {"sink": "0OIl" * 8},
        {"from": "Alice#example.org"},
        {"from": "alice"},
        {"key": b"\x04" + bytes(32)},
        {"key": "not bytes"},
        {"time": -1},
        {"time": "soon"},
        {"time": 1.5},
        {"time": True},
        {"body": "text"},
        {"blocks": b"\x00" * 31},
        {"sig": b"\x00" * 63},
        {"extra": b""},
    ],
)
def test_decode_refuses_every_malformed_field(change: dict[str, object]) -> None:
    raw = good_map() | change
    with pytest.raises(EnvelopeError):
        decode_envelope(msgpack.packb(raw))


@pytest.mark.parametrize(
    "data", [b"", b"\xc1", b"\x92\x01\x02", msgpack.packb({1: 2}), b"\xdb\xff\xff\xff\xff"]
)
def test_decode_refuses_what_is_not_an_envelope(data: bytes) -> None:
    with pytest.raises(EnvelopeError):
        decode_envelope(data)


def test_decode_refuses_missing_keys_and_oversized_input() -> None:
    raw = good_map()
    del raw["sig"]
    with pytest.raises(EnvelopeError):
        decode_envelope(msgpack.packb(raw))
    with pytest.raises(EnvelopeError):
        decode_envelope(encode_envelope(decode_envelope(msgpack.packb(good_map()))), max_size=10)


def test_body_sealing_opens_only_with_the_sink_key() -> None:
    sealed = seal_body(SINK_KEY.public_key, b"hello inbox")
    assert open_body(SINK_KEY, sealed) == b"hello inbox"
    with pytest.raises(DecryptionError):
        open_body(PrivateKey.generate(), sealed)
    with pytest.raises(DecryptionError):
        open_body(SINK_KEY, sealed[:-1] + bytes([sealed[-1] ^ 1]))
