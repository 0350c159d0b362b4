"""The vault's own key handling (FORMAT.md §2): password stretching, DEK wrapping, body AEAD.

Every AEAD failure comes out as `app.crypto.errors.DecryptionError`; the caller decides
what it means (wrong password, stale device key, corrupted body).
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable

from app.crypto import aead, kdf
from app.vault.fileformat import NONCE_SIZE, KdfParams

__all__ = [
    "DEK_SIZE",
    "body_key",
    "device_kek",
    "open_sealed",
    "password_bytes",
    "password_kek",
    "seal",
    "wipe",
]

DEK_SIZE = 32
RandBytes = Callable[[int], bytes]


def password_bytes(password: str) -> bytearray:
    """UTF-8 of the NFC form, so the same password typed anywhere gives the same bytes."""
    return bytearray(unicodedata.normalize("NFC", password).encode("utf-8"))


def password_kek(password: str, salt: bytes, params: KdfParams) -> bytearray:
    """KEK_pw = HKDF(Argon2id(password, salt), "vault/password-slot")."""
    secret = password_bytes(password)
    try:
        stretched = kdf.argon2id(
            bytes(secret), salt, ops_limit=params.ops_limit, mem_limit=params.mem_limit
        )
    finally:
        wipe(secret)
    return bytearray(kdf.derive_key(stretched, "vault/password-slot"))


def device_kek(device_key: bytes | bytearray) -> bytearray:
    """KEK_dev = HKDF(device key, "vault/device-slot")."""
    return bytearray(kdf.derive_key(bytes(device_key), "vault/device-slot"))


def body_key(dek: bytes | bytearray) -> bytearray:
    """body_key = HKDF(DEK, "vault/body")."""
    return bytearray(kdf.derive_key(bytes(dek), "vault/body"))


def seal(
    key: bytearray, plaintext: bytes, aad: bytes, randbytes: RandBytes = secrets.token_bytes
) -> tuple[bytes, bytes]:
    """AES-256-GCM under a fresh random nonce: (nonce, ciphertext ‖ tag)."""
    nonce = randbytes(NONCE_SIZE)
    return nonce, aead.encrypt(bytes(key), nonce, bytes(plaintext), aad)


def open_sealed(key: bytearray, nonce: bytes, data: bytes, aad: bytes) -> bytes:
    """Open what `seal` made, or raise `DecryptionError`."""
    return aead.decrypt(bytes(key), nonce, data, aad)


def wipe(secret: bytearray | None) -> None:
    """Zero a secret in place (best effort: Python may hold other copies)."""
    if secret is not None:
        secret[:] = bytes(len(secret))
