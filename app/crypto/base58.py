"""Base58 and Base58Check (Bitcoin alphabet), and P2PKH-style addresses of public keys.

`b58check_decode` and `b58decode` raise `InvalidKeyError` on a character outside the
alphabet, and `b58check_decode` on a wrong checksum: what they decode is a key or an
id, and a bad one is an invalid key.
"""

from __future__ import annotations

import hashlib
import hmac

import based58

from app.crypto._ripemd160 import ripemd160 as _pure_ripemd160
from app.crypto.errors import InvalidKeyError

__all__ = [
    "ADDRESS_VERSION",
    "ALPHABET",
    "address",
    "b58check_decode",
    "b58check_encode",
    "b58decode",
    "b58encode",
    "hash160",
]

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ADDRESS_VERSION = b"\x00"
_INDEX = {char: value for value, char in enumerate(ALPHABET)}
_CHECKSUM_SIZE = 4


def b58encode(data: bytes) -> str:
    """Encode bytes; each leading zero byte becomes a leading '1'."""
    return based58.b58encode(bytes(data)).decode("ascii")


def b58decode(text: str) -> bytes:
    """Decode Base58; each leading '1' becomes a leading zero byte."""
    try:
        return bytes(based58.b58decode(_ascii(text)))
    except ValueError:
        raise _not_base58(text) from None


def _checksum(payload: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:_CHECKSUM_SIZE]


def b58check_encode(payload: bytes) -> str:
    """Base58 of payload ‖ first 4 bytes of SHA-256(SHA-256(payload))."""
    return b58encode(bytes(payload) + _checksum(payload))


def b58check_decode(text: str) -> bytes:
    """Return the payload of a Base58Check string, or raise `InvalidKeyError`."""
    raw = b58decode(text)
    if len(raw) < _CHECKSUM_SIZE:
        raise InvalidKeyError("Base58Check string is too short")
    payload, checksum = raw[:-_CHECKSUM_SIZE], raw[-_CHECKSUM_SIZE:]
    if not hmac.compare_digest(checksum, _checksum(payload)):
        raise InvalidKeyError("Base58Check checksum does not match")
    return payload


def _ascii(text: str) -> bytes:
    try:
        return text.encode("ascii")
    except UnicodeEncodeError:
        raise _not_base58(text) from None


def _not_base58(text: str) -> InvalidKeyError:
    bad = next((char for char in text if char not in _INDEX), "?")
    return InvalidKeyError(f"not a Base58 character: {bad!r}")


def _ripemd160(data: bytes) -> bytes:
    if "ripemd160" in hashlib.algorithms_available:
        try:
            return hashlib.new("ripemd160", data).digest()
        except ValueError:  # listed, but the OpenSSL provider refuses it
            pass
    return _pure_ripemd160(data)


def hash160(data: bytes) -> bytes:
    """RIPEMD-160(SHA-256(data)), as Bitcoin hashes a public key."""
    return _ripemd160(hashlib.sha256(data).digest())


def address(pubkey: bytes) -> str:
    """Base58Check(0x00 ‖ HASH160(pubkey)): the Bitcoin P2PKH address form of a public key."""
    return b58check_encode(ADDRESS_VERSION + hash160(pubkey))
