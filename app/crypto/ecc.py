"""secp256k1 keys: ECDSA (RFC 6979, low-S) and ECDH (raw x-coordinate), on libsecp256k1.

Signatures are 64-byte r ‖ s (big-endian, "compact"/P1363) or strict DER. Verification
is strict: r and s in 1..n-1, s <= n/2 (low-S), canonical DER, no trailing bytes; any
failure is `SignatureError`. A bad key or point is `InvalidKeyError`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

import coincurve
from coincurve._libsecp256k1 import ffi, lib
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_der_public_key,
)

from app.crypto._der import decode_signature, encode_signature
from app.crypto.errors import InvalidKeyError, SignatureError

__all__ = [
    "CURVE_ORDER",
    "PrivateKey",
    "PublicKey",
    "signature_from_der",
    "signature_to_der",
]

CURVE_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
_HALF_ORDER = CURVE_ORDER // 2
_SCALAR_SIZE = 32
_COMPRESSED_SIZE = 33
_UNCOMPRESSED_SIZE = 65
_SIGNATURE_SIZE = 64
_MAX_GENERATE_ATTEMPTS = 64


def _in_range(scalar: int) -> bool:
    return 0 < scalar < CURVE_ORDER


def _scalar_pair(signature: bytes) -> tuple[int, int]:
    if len(signature) != _SIGNATURE_SIZE:
        raise SignatureError()
    return int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")


def _check_strict(r: int, s: int) -> None:
    if not (_in_range(r) and 0 < s <= _HALF_ORDER):
        raise SignatureError()


def signature_from_der(der: bytes) -> bytes:
    """Strict DER -> 64-byte r ‖ s; non-canonical DER or r, s outside 1..n-1 -> SignatureError."""
    r, s = decode_signature(bytes(der))
    if not (_in_range(r) and _in_range(s)):
        raise SignatureError()
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def signature_to_der(signature: bytes) -> bytes:
    """64-byte r ‖ s -> DER; r, s outside 1..n-1 -> SignatureError."""
    r, s = _scalar_pair(signature)
    if not (_in_range(r) and _in_range(s)):
        raise SignatureError()
    return encode_signature(r, s)


class PublicKey:
    """A point on secp256k1 (never infinity). Compare with ==; usable as a dict key."""

    __slots__ = ("_compressed", "_point")

    def __init__(self, point: coincurve.PublicKey, compressed: bytes | None = None) -> None:
        """`compressed`: the point's compressed encoding where the caller already has it."""
        self._point = point
        self._compressed = point.format(compressed=True) if compressed is None else compressed

    @classmethod
    def from_bytes(cls, data: bytes) -> PublicKey:
        """Parse a 33-byte compressed (02/03) or 65-byte uncompressed (04) SEC1 point."""
        data = bytes(data)
        well_formed = (len(data) == _COMPRESSED_SIZE and data[0] in (2, 3)) or (
            len(data) == _UNCOMPRESSED_SIZE and data[0] == 4
        )
        if not well_formed:
            raise InvalidKeyError("a public key must be a 33-byte compressed or 65-byte point")
        try:
            point = coincurve.PublicKey(data)
        except ValueError:
            raise InvalidKeyError("the public key is not a point on secp256k1") from None
        return cls(point, data if len(data) == _COMPRESSED_SIZE else None)

    @classmethod
    def from_der(cls, spki: bytes) -> PublicKey:
        """Parse a DER X.509 SubjectPublicKeyInfo holding a secp256k1 key."""
        try:
            key = load_der_public_key(bytes(spki))
        except (ValueError, TypeError, UnsupportedAlgorithm) as error:
            raise InvalidKeyError("not a valid DER secp256k1 public key") from error
        if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256k1":
            raise InvalidKeyError("the DER public key is not on secp256k1")
        return cls.from_bytes(key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))

    def to_bytes(self, compressed: bool = True) -> bytes:
        """SEC1 encoding: 33 bytes compressed (default) or 65 bytes uncompressed."""
        return self._compressed if compressed else self._point.format(compressed=False)

    def verify_digest(self, signature: bytes, digest: bytes) -> None:
        """Check a 64-byte r ‖ s over a 32-byte digest; raise `SignatureError` if it fails."""
        if len(digest) != 32:
            raise ValueError("the digest must be 32 bytes")
        r, s = _scalar_pair(signature)
        _check_strict(r, s)
        # r ‖ s straight into libsecp256k1 (coincurve's verify takes DER: an encoding
        # here and a parse there, 5 µs of the 40 of a verification)
        parsed = ffi.new("secp256k1_ecdsa_signature *")
        context = self._point.context.ctx
        if not (
            lib.secp256k1_ecdsa_signature_parse_compact(context, parsed, bytes(signature))
            and lib.secp256k1_ecdsa_verify(context, parsed, bytes(digest), self._point.public_key)
        ):
            raise SignatureError()

    def verify(self, signature: bytes, message: bytes) -> None:
        """Check a 64-byte r ‖ s over SHA-256(message); raise `SignatureError` if it fails."""
        self.verify_digest(signature, hashlib.sha256(message).digest())

    def verify_der(self, signature: bytes, message: bytes) -> None:
        """Check a strict-DER signature over SHA-256(message); raise `SignatureError`."""
        self.verify(signature_from_der(signature), message)

    def tweak_add(self, tweak: bytes) -> PublicKey:
        """self + tweak*G; tweak >= n or the point at infinity -> InvalidKeyError."""
        try:
            return PublicKey(self._point.add(bytes(tweak)))
        except ValueError:
            raise InvalidKeyError(
                "the tweak is out of range or gives the point at infinity"
            ) from None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PublicKey):
            return NotImplemented
        return self._compressed == other._compressed

    def __hash__(self) -> int:
        return hash(self._compressed)

    def __repr__(self) -> str:
        return f"PublicKey({self._compressed.hex()})"


class _Scalar(coincurve.PrivateKey):
    """coincurve's key without the x-only (BIP-340) public key its constructor also
    computes: one point multiplication per key instead of two (nothing here signs
    Schnorr). `secret` must already be in 1..n-1."""

    def __init__(self, secret: bytes) -> None:
        self.secret = secret
        self.context = coincurve.context.GLOBAL_CONTEXT
        self.public_key = coincurve.PublicKey.from_valid_secret(secret, self.context)

    def add(self, scalar: bytes, update: bool = False) -> _Scalar:
        """(self + scalar) mod n in libsecp256k1 (constant time), as a new key."""
        if update or len(scalar) != _SCALAR_SIZE:
            raise ValueError("a tweak is 32 bytes, added into a new key")
        secret = ffi.new("unsigned char [32]", self.secret)
        if not lib.secp256k1_ec_seckey_tweak_add(self.context.ctx, secret, scalar):
            raise ValueError("the tweak is out of range or gives a zero key")
        return _Scalar(bytes(ffi.buffer(secret, _SCALAR_SIZE)))


class PrivateKey:
    """A secp256k1 scalar in 1..n-1. Its repr never shows the secret."""

    __slots__ = ("_key", "_public")

    def __init__(self, key: coincurve.PrivateKey) -> None:
        self._key = key
        self._public = PublicKey(key.public_key)

    @classmethod
    def from_bytes(cls, data: bytes) -> PrivateKey:
        """A 32-byte big-endian scalar; 0 and values >= n are refused."""
        if len(data) != _SCALAR_SIZE:
            raise InvalidKeyError("a private key must be 32 bytes")
        if not _in_range(int.from_bytes(data, "big")):
            raise InvalidKeyError("a private key must be in 1..n-1")
        return cls(_Scalar(bytes(data)))

    @classmethod
    def generate(cls, randbytes: Callable[[int], bytes] = secrets.token_bytes) -> PrivateKey:
        """A fresh key from `randbytes` (rejection sampling; failure is astronomically rare)."""
        for _ in range(_MAX_GENERATE_ATTEMPTS):
            candidate = randbytes(_SCALAR_SIZE)
            if len(candidate) == _SCALAR_SIZE and _in_range(int.from_bytes(candidate, "big")):
                return cls.from_bytes(candidate)
        raise InvalidKeyError("the random source gave no valid secp256k1 scalar")

    def to_bytes(self) -> bytes:
        """The 32-byte secret scalar."""
        return self._key.secret

    @property
    def public_key(self) -> PublicKey:
        return self._public

    def sign_digest(self, digest: bytes) -> bytes:
        """ECDSA over a 32-byte digest: 64-byte r ‖ s, RFC 6979 nonce, low-S."""
        if len(digest) != 32:
            raise ValueError("the digest must be 32 bytes")
        r, s = decode_signature(self._key.sign(bytes(digest), hasher=None))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def sign(self, message: bytes) -> bytes:
        """ECDSA over SHA-256(message): 64-byte r ‖ s, RFC 6979 nonce, low-S."""
        return self.sign_digest(hashlib.sha256(message).digest())

    def sign_der(self, message: bytes) -> bytes:
        """ECDSA over SHA-256(message), strict DER, low-S."""
        return self._key.sign(hashlib.sha256(message).digest(), hasher=None)

    def tweak_add(self, tweak: bytes) -> PrivateKey:
        """(self + tweak) mod n, constant time; a zero result or tweak >= n -> InvalidKeyError."""
        try:
            return PrivateKey(self._key.add(bytes(tweak)))
        except ValueError:
            raise InvalidKeyError("the tweak is out of range or gives a zero key") from None

    def ecdh(self, peer: PublicKey) -> bytes:
        """The raw 32-byte x-coordinate of self * peer (no hashing: callers run a KDF)."""
        shared = peer._point.multiply(self._key.secret)
        return shared.format(compressed=True)[1:]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PrivateKey):
            return NotImplemented
        return hmac.compare_digest(self._key.secret, other._key.secret)

    def __hash__(self) -> int:
        return hash(self._public)

    def __repr__(self) -> str:
        return f"PrivateKey(public={self._public.to_bytes().hex()})"
