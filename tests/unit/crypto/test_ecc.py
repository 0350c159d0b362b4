"""secp256k1 keys: strict parsing, RFC 6979 signing, strict verify, ECDH; cryptography as oracle."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import ecc
from app.crypto.errors import InvalidKeyError, SignatureError

N = ecc.CURVE_ORDER
P = 2**256 - 2**32 - 977
G_X = 0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798
G_Y = 0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8
G_COMPRESSED = bytes([2]) + G_X.to_bytes(32, "big")
G_UNCOMPRESSED = bytes([4]) + G_X.to_bytes(32, "big") + G_Y.to_bytes(32, "big")

scalars = st.integers(min_value=1, max_value=N - 1)
messages = st.binary(max_size=200)


def _key(scalar: int) -> ecc.PrivateKey:
    return ecc.PrivateKey.from_bytes(scalar.to_bytes(32, "big"))


def _oracle_private(scalar: int) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(scalar, ec.SECP256K1())


def _sig(r: int, s: int) -> bytes:
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


# --- keys -------------------------------------------------------------------------------


def test_private_key_one_has_the_generator_as_public_key() -> None:
    public = _key(1).public_key
    assert public.to_bytes() == G_COMPRESSED
    assert public.to_bytes(compressed=False) == G_UNCOMPRESSED
    assert ecc.PublicKey.from_bytes(G_UNCOMPRESSED) == public
    assert hash(ecc.PublicKey.from_bytes(G_COMPRESSED)) == hash(public)


@pytest.mark.parametrize("scalar", [0, N, N + 1, 2**256 - 1])
def test_private_key_out_of_range_is_rejected(scalar: int) -> None:
    with pytest.raises(InvalidKeyError, match=r"1\.\.n-1"):
        ecc.PrivateKey.from_bytes(scalar.to_bytes(32, "big"))


@pytest.mark.parametrize("length", [0, 31, 33, 64])
def test_private_key_wrong_length_is_rejected(length: int) -> None:
    with pytest.raises(InvalidKeyError, match="32 bytes"):
        ecc.PrivateKey.from_bytes(b"\x01" * length)


def test_private_key_n_minus_1_round_trips_and_repr_hides_it() -> None:
    secret = (N - 1).to_bytes(32, "big")
    key = ecc.PrivateKey.from_bytes(secret)
    assert key.to_bytes() == secret
    assert secret.hex() not in repr(key)
    assert secret.hex()[:16] not in repr(key)
    assert key == ecc.PrivateKey.from_bytes(secret)
    assert key != _key(1)


def test_generate_uses_the_injected_randomness_and_skips_invalid_scalars() -> None:
    draws = iter([bytes(32), N.to_bytes(32, "big"), (7).to_bytes(32, "big")])
    key = ecc.PrivateKey.generate(lambda n: next(draws))
    assert key == _key(7)


def test_generate_gives_up_on_a_broken_random_source() -> None:
    with pytest.raises(InvalidKeyError, match="random"):
        ecc.PrivateKey.generate(lambda n: bytes(n))


def _off_curve_x() -> int:
    x = 5  # y^2 = 5^3 + 7 = 132 is not a square mod p
    assert pow(x**3 + 7, (P - 1) // 2, P) != 1
    return x


@pytest.mark.parametrize(
    "encoding",
    [
        b"",
        b"\x00",  # the point at infinity
        G_COMPRESSED[:-1],
        G_COMPRESSED + b"\x00",
        b"\x04" + G_COMPRESSED[1:],  # uncompressed prefix, compressed length
        b"\x05" + G_COMPRESSED[1:],
        b"\x06" + G_UNCOMPRESSED[1:],  # hybrid encodings are refused
        b"\x07" + G_UNCOMPRESSED[1:],
        b"\x02" + _off_curve_x().to_bytes(32, "big"),
        b"\x02" + P.to_bytes(32, "big"),  # x = p
        b"\x02" + (2**256 - 1).to_bytes(32, "big"),
        G_UNCOMPRESSED[:-1] + bytes([G_UNCOMPRESSED[-1] ^ 1]),  # y off the curve
        b"\x04" + bytes(64),
    ],
)
def test_public_key_strict_parsing(encoding: bytes) -> None:
    with pytest.raises(InvalidKeyError):
        ecc.PublicKey.from_bytes(encoding)


@given(scalar=scalars)
def test_public_key_encodings_round_trip_against_openssl(scalar: int) -> None:
    """A compressed point is kept as given once it parses (from_bytes does not serialise
    it again): what it gives back must be OpenSSL's encoding of the same point."""
    point = _oracle_private(scalar).public_key()
    compressed = point.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
    )
    uncompressed = point.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    short, full = ecc.PublicKey.from_bytes(compressed), ecc.PublicKey.from_bytes(uncompressed)
    assert short == full == _key(scalar).public_key and hash(short) == hash(full)
    for key in (short, full):
        assert key.to_bytes() == compressed and key.to_bytes(compressed=False) == uncompressed


def test_public_key_from_der_round_trip_and_wrong_curve() -> None:
    spki = (
        _oracle_private(12345)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    assert ecc.PublicKey.from_der(spki) == _key(12345).public_key
    p256 = (
        ec.derive_private_key(12345, ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(InvalidKeyError, match="secp256k1"):
        ecc.PublicKey.from_der(p256)
    for broken in (b"", spki[:-1], spki + b"\x00", b"\x30\x00"):
        with pytest.raises(InvalidKeyError):
            ecc.PublicKey.from_der(broken)


# --- signatures -------------------------------------------------------------------------


def test_rfc6979_matches_openssl_deterministic_ecdsa() -> None:
    # cryptography's deterministic_signing is OpenSSL's independent RFC 6979 code.
    for scalar, message in [(1, b"Satoshi Nakamoto"), (N - 1, b"sample"), (0xC0FFEE, b"")]:
        oracle_der = _oracle_private(scalar).sign(
            message, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)
        )
        r, s = decode_dss_signature(oracle_der)
        assert _key(scalar).sign(message) == _sig(r, min(s, N - s))


def test_sign_is_deterministic_low_s_and_formats_agree() -> None:
    key = _key(0xDEADBEEF)
    compact = key.sign(b"hello")
    assert compact == key.sign(b"hello")
    assert int.from_bytes(compact[32:], "big") <= N // 2
    der = key.sign_der(b"hello")
    assert ecc.signature_from_der(der) == compact
    assert ecc.signature_to_der(compact) == der
    assert key.sign_digest(hashlib.sha256(b"hello").digest()) == compact
    key.public_key.verify(compact, b"hello")
    key.public_key.verify_der(der, b"hello")
    key.public_key.verify_digest(compact, hashlib.sha256(b"hello").digest())


def test_verify_rejects_high_s_and_out_of_range_scalars() -> None:
    key = _key(42)
    public = key.public_key
    sig = key.sign(b"msg")
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    # the high-S twin is mathematically valid (the oracle accepts it) but refused by policy
    _oracle_private(42).public_key().verify(
        encode_dss_signature(r, N - s), b"msg", ec.ECDSA(hashes.SHA256())
    )
    for bad in [_sig(r, N - s), _sig(0, s), _sig(r, 0), _sig(N, s), _sig(r, N)]:
        with pytest.raises(SignatureError):
            public.verify(bad, b"msg")
    for bad in [sig[:-1], sig + b"\x00", b""]:
        with pytest.raises(SignatureError):
            public.verify(bad, b"msg")
    with pytest.raises(SignatureError):
        public.verify(sig, b"other message")
    with pytest.raises(SignatureError):
        _key(43).public_key.verify(sig, b"msg")


def _der_int(body: bytes) -> bytes:
    return bytes([0x02, len(body)]) + body


def _der_seq(*parts: bytes) -> bytes:
    body = b"".join(parts)
    return bytes([0x30, len(body)]) + body


def _minimal(value: int) -> bytes:
    return value.to_bytes(value.bit_length() // 8 + 1, "big")


def test_verify_der_is_strict() -> None:
    key = _key(99)
    der = key.sign_der(b"m")
    r, s = decode_dss_signature(der)
    assert der == _der_seq(_der_int(_minimal(r)), _der_int(_minimal(s)))
    bad_encodings = [
        der + b"\x00",  # trailing byte
        der[:-1],
        bytes([0x30, 0x81, len(der) - 2]) + der[2:],  # long-form length
        bytes([0x30, len(der) - 1]) + der[2:],  # wrong outer length
        _der_seq(_der_int(b"\x00" + _minimal(r)), _der_int(_minimal(s))),  # non-minimal r
        _der_seq(_der_int(_minimal(r)), _der_int(b"\x00" + _minimal(s))),  # non-minimal s
        _der_seq(_der_int(b"\xff" + r.to_bytes(32, "big")), _der_int(_minimal(s))),  # negative
        _der_seq(_der_int(_minimal(r))),  # s missing
        _der_seq(_der_int(_minimal(r)), _der_int(_minimal(s)), _der_int(b"\x01")),
        bytes([0x31]) + der[1:],  # SET instead of SEQUENCE
        _der_seq(_der_int(_minimal(r)), _der_int(_minimal(N - s))),  # high-S
        _der_seq(_der_int(_minimal(r + N)), _der_int(_minimal(s))),  # r >= n
    ]
    for bad in bad_encodings:
        with pytest.raises(SignatureError):
            key.public_key.verify_der(bad, b"m")
    key.public_key.verify_der(der, b"m")


def test_digest_length_misuse_is_a_value_error() -> None:
    key = _key(5)
    with pytest.raises(ValueError, match="32 bytes"):
        key.sign_digest(b"short")
    with pytest.raises(ValueError, match="32 bytes"):
        key.public_key.verify_digest(bytes(64), b"short")


@settings(max_examples=1500, deadline=None)
@given(scalar=scalars, message=messages)
def test_ours_sign_openssl_verifies(scalar: int, message: bytes) -> None:
    compact = _key(scalar).sign(message)
    r, s = int.from_bytes(compact[:32], "big"), int.from_bytes(compact[32:], "big")
    oracle_public = _oracle_private(scalar).public_key()
    oracle_public.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
    with pytest.raises(InvalidSignature):
        oracle_public.verify(encode_dss_signature(r, s), message + b"!", ec.ECDSA(hashes.SHA256()))


@settings(max_examples=1500, deadline=None)
@given(scalar=scalars, message=messages)
def test_openssl_signs_ours_verifies_low_s_only(scalar: int, message: bytes) -> None:
    der = _oracle_private(scalar).sign(message, ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    public = _key(scalar).public_key
    public.verify(_sig(r, min(s, N - s)), message)
    if s > N // 2:
        with pytest.raises(SignatureError):
            public.verify_der(der, message)
    else:
        public.verify_der(der, message)


@settings(max_examples=1500, deadline=None)
@given(ours=scalars, theirs=scalars)
def test_ecdh_matches_openssl_exchange(ours: int, theirs: int) -> None:
    shared = _key(ours).ecdh(_key(theirs).public_key)
    oracle = _oracle_private(ours).exchange(ec.ECDH(), _oracle_private(theirs).public_key())
    assert shared == oracle
    assert shared == _key(theirs).ecdh(_key(ours).public_key)


def test_tweak_add_agrees_on_both_sides_and_refuses_zero() -> None:
    PrivateKey, CURVE_ORDER = ecc.PrivateKey, ecc.CURVE_ORDER
    key = PrivateKey.from_bytes((5).to_bytes(32, "big"))
    tweak = (7).to_bytes(32, "big")
    assert key.tweak_add(tweak).to_bytes() == (12).to_bytes(32, "big")
    assert key.public_key.tweak_add(tweak) == key.tweak_add(tweak).public_key
    minus_five = (CURVE_ORDER - 5).to_bytes(32, "big")
    with pytest.raises(InvalidKeyError):
        key.tweak_add(minus_five)
    with pytest.raises(InvalidKeyError):
        key.public_key.tweak_add(minus_five)
