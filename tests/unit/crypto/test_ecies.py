"""ECIES: the documented construction rebuilt independently, and uniform failure."""

from __future__ import annotations

import itertools

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import ecies
from app.crypto.ecc import PrivateKey
from app.crypto.errors import DecryptionError

RECIPIENT = PrivateKey.from_bytes(bytes.fromhex("11" * 32))
LABEL = "sink-message"


def _compressed(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)


def test_blob_matches_an_independent_build_of_the_spec() -> None:
    # Built with cryptography (OpenSSL) only, following ECIES.md step by step.
    eph_scalar, plaintext = 0xABCDEF, b"the file key and a signature"
    blob = ecies.encrypt(
        RECIPIENT.public_key,
        plaintext,
        label=LABEL,
        randbytes=lambda n: eph_scalar.to_bytes(n, "big"),
    )
    eph = ec.derive_private_key(eph_scalar, ec.SECP256K1())
    recipient = ec.derive_private_key(int.from_bytes(RECIPIENT.to_bytes(), "big"), ec.SECP256K1())
    e33, r33 = _compressed(eph.public_key()), _compressed(recipient.public_key())
    shared = eph.exchange(ec.ECDH(), recipient.public_key())
    info = b"privshare/v1/ecies/" + LABEL.encode() + r33
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=e33, info=info).derive(shared)
    expected = b"\x01" + e33 + AESGCM(key).encrypt(bytes(12), plaintext, e33)
    assert blob == expected
    assert len(blob) == len(plaintext) + ecies.OVERHEAD == len(plaintext) + 50


@settings(max_examples=50, deadline=None)
@given(plaintext=st.binary(max_size=500), label=st.sampled_from(["a", "sink-message", "x/y"]))
def test_round_trip(plaintext: bytes, label: str) -> None:
    blob = ecies.encrypt(RECIPIENT.public_key, plaintext, label=label)
    assert ecies.decrypt(RECIPIENT, blob, label=label) == plaintext


def test_fresh_ephemeral_key_each_time() -> None:
    first = ecies.encrypt(RECIPIENT.public_key, b"same", label=LABEL)
    second = ecies.encrypt(RECIPIENT.public_key, b"same", label=LABEL)
    assert first[1:34] != second[1:34]
    assert first != second


def _assert_fails(blob: bytes, key: PrivateKey = RECIPIENT, label: str = LABEL) -> None:
    with pytest.raises(DecryptionError) as info:
        ecies.decrypt(key, blob, label=label)
    assert str(info.value) == "decryption failed"


def test_wrong_key_and_wrong_label_fail_the_same_way() -> None:
    blob = ecies.encrypt(RECIPIENT.public_key, b"secret", label=LABEL)
    _assert_fails(blob, key=PrivateKey.from_bytes(bytes.fromhex("22" * 32)))
    _assert_fails(blob, label="sink-messagf")
    _assert_fails(blob, label="other")


def test_every_byte_flipped_fails_the_same_way() -> None:
    blob = ecies.encrypt(RECIPIENT.public_key, b"a short secret", label=LABEL)
    for index, flip in itertools.product(range(len(blob)), (0x01, 0x80)):
        tampered = bytearray(blob)
        tampered[index] ^= flip
        _assert_fails(bytes(tampered))


def test_truncated_and_extended_blobs_fail_the_same_way() -> None:
    blob = ecies.encrypt(RECIPIENT.public_key, b"payload", label=LABEL)
    for length in range(len(blob)):
        _assert_fails(blob[:length])
    for extra in (b"\x00", b"\x00" * 16, blob[-16:]):
        _assert_fails(blob + extra)


def test_bad_versions_and_bad_points_fail_the_same_way() -> None:
    blob = ecies.encrypt(RECIPIENT.public_key, b"payload", label=LABEL)
    for version in (0x00, 0x02, 0xFF):
        _assert_fails(bytes([version]) + blob[1:])
    for prefix in (0x00, 0x04, 0x06):
        _assert_fails(blob[:1] + bytes([prefix]) + blob[2:])
    off_curve_x = (5).to_bytes(32, "big")  # 5^3 + 7 is not a square mod p
    _assert_fails(blob[:1] + b"\x02" + off_curve_x + blob[34:])


def test_empty_plaintext_is_fine() -> None:
    blob = ecies.encrypt(RECIPIENT.public_key, b"", label=LABEL)
    assert len(blob) == 50
    assert ecies.decrypt(RECIPIENT, blob, label=LABEL) == b""


@pytest.mark.parametrize("label", ["", "caf\u00e9", "new\nline"])
def test_bad_label_is_misuse(label: str) -> None:
    with pytest.raises(ValueError, match="label"):
        ecies.encrypt(RECIPIENT.public_key, b"x", label=label)
    with pytest.raises(ValueError, match="label"):
        ecies.decrypt(RECIPIENT, bytes(60), label=label)
