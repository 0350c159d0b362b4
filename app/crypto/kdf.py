"""Key derivation: HKDF-SHA256 with Privshare labels, HMAC, PBKDF2 and Argon2id.

`derive_key` is the one way keys are separated by purpose (DESIGN §2): its HKDF info is
`b"privshare/v1/" + purpose + context`, so a key serves exactly one purpose.
Bad parameters (lengths, counts, limits out of range) raise `ValueError`.
"""

from __future__ import annotations

import hashlib
import hmac

import nacl.pwhash.argon2id as _argon2id
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = [
    "ARGON2ID_SALT_SIZE",
    "LABEL_PREFIX",
    "argon2id",
    "derive_key",
    "hkdf_sha256",
    "hmac_sha256",
    "hmac_sha512",
    "pbkdf2",
    "pbkdf2_sha512",
]

LABEL_PREFIX = b"privshare/v1/"
ARGON2ID_SALT_SIZE = 16
_HKDF_SHA256_MAX = 255 * 32
_PBKDF2_HASHES = frozenset({"sha1", "sha256", "sha512"})


def hkdf_sha256(ikm: bytes, *, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """RFC 5869 HKDF with SHA-256 (an empty salt means HashLen zero bytes, as the RFC says)."""
    if not 1 <= length <= _HKDF_SHA256_MAX:
        raise ValueError(f"HKDF-SHA256 output length must be 1..{_HKDF_SHA256_MAX}")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=bytes(salt), info=bytes(info))
    return hkdf.derive(bytes(ikm))


def derive_key(
    ikm: bytes, purpose: str, *, salt: bytes = b"", context: bytes = b"", length: int = 32
) -> bytes:
    """Derive the key for one purpose: HKDF-SHA256, info = `privshare/v1/<purpose>` ‖ context."""
    if not purpose or not purpose.isascii() or not purpose.isprintable():
        raise ValueError("a key purpose must be a non-empty printable ASCII label")
    info = LABEL_PREFIX + purpose.encode("ascii") + bytes(context)
    return hkdf_sha256(ikm, salt=salt, info=info, length=length)


def hmac_sha256(key: bytes, data: bytes) -> bytes:
    """HMAC-SHA256 (32 bytes). Compare tags with `hmac.compare_digest`."""
    return hmac.new(bytes(key), bytes(data), hashlib.sha256).digest()


def hmac_sha512(key: bytes, data: bytes) -> bytes:
    """HMAC-SHA512 (64 bytes). Compare tags with `hmac.compare_digest`."""
    return hmac.new(bytes(key), bytes(data), hashlib.sha512).digest()


def pbkdf2(hash_name: str, password: bytes, salt: bytes, iterations: int, length: int) -> bytes:
    """PBKDF2-HMAC with `hash_name` in sha1 (interop only), sha256, sha512."""
    if hash_name not in _PBKDF2_HASHES:
        raise ValueError(f"PBKDF2 hash must be one of {sorted(_PBKDF2_HASHES)}, not {hash_name!r}")
    if iterations < 1:
        raise ValueError("PBKDF2 needs at least one iteration")
    if length < 1:
        raise ValueError("PBKDF2 output length must be at least 1")
    return hashlib.pbkdf2_hmac(hash_name, bytes(password), bytes(salt), iterations, length)


def pbkdf2_sha512(password: bytes, salt: bytes, iterations: int, length: int) -> bytes:
    """PBKDF2-HMAC-SHA512."""
    return pbkdf2("sha512", password, salt, iterations, length)


def argon2id(
    password: bytes, salt: bytes, *, ops_limit: int, mem_limit: int, length: int = 32
) -> bytes:
    """Argon2id (libsodium's crypto_pwhash) with a 16-byte salt; `mem_limit` is in bytes."""
    if len(salt) != ARGON2ID_SALT_SIZE:
        raise ValueError(f"Argon2id needs a {ARGON2ID_SALT_SIZE}-byte salt, got {len(salt)}")
    _check_range("ops_limit", ops_limit, _argon2id.OPSLIMIT_MIN, _argon2id.OPSLIMIT_MAX)
    _check_range("mem_limit", mem_limit, _argon2id.MEMLIMIT_MIN, _argon2id.MEMLIMIT_MAX)
    _check_range("length", length, _argon2id.BYTES_MIN, _argon2id.BYTES_MAX)
    _check_range("password length", len(password), _argon2id.PASSWD_MIN, _argon2id.PASSWD_MAX)
    return _argon2id.kdf(
        length, bytes(password), bytes(salt), opslimit=ops_limit, memlimit=mem_limit
    )


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ValueError(f"Argon2id {name} must be in {low}..{high}, got {value}")
