"""AES-256-GCM with a 12-byte nonce and a 16-byte tag, nothing else.

Misuse when encrypting (a key that is not 32 bytes, a nonce that is not 12) raises
`ValueError`: that is a bug in the caller. Every failure when decrypting, whatever the
cause, raises the same opaque `DecryptionError("decryption failed")`.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.crypto.errors import DecryptionError

__all__ = ["KEY_SIZE", "NONCE_SIZE", "TAG_SIZE", "Aead", "decrypt", "encrypt"]

KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16

_Bytes = bytes | bytearray | memoryview
_Writable = bytearray | memoryview


def _check_key(key: bytes) -> None:
    if len(key) != KEY_SIZE:
        raise ValueError(f"AES-256-GCM needs a {KEY_SIZE}-byte key, got {len(key)} bytes")


def _check_nonce(nonce: bytes) -> None:
    if len(nonce) != NONCE_SIZE:
        raise ValueError(f"AES-256-GCM needs a {NONCE_SIZE}-byte nonce, got {len(nonce)} bytes")


class Aead:
    """One AES-256-GCM key, kept ready for many messages (hot paths such as file chunks)."""

    __slots__ = ("_cipher",)

    def __init__(self, key: bytes) -> None:
        _check_key(key)
        self._cipher = AESGCM(bytes(key))

    def __repr__(self) -> str:
        return "Aead(<AES-256-GCM key>)"

    def encrypt(self, nonce: bytes, plaintext: _Bytes, aad: _Bytes = b"") -> bytes:
        """Return ciphertext ‖ 16-byte tag."""
        _check_nonce(nonce)
        return self._cipher.encrypt(nonce, plaintext, aad)

    def decrypt(self, nonce: bytes, data: _Bytes, aad: _Bytes = b"") -> bytes:
        """Return the plaintext of ciphertext ‖ tag, or raise `DecryptionError`."""
        if len(nonce) != NONCE_SIZE or len(data) < TAG_SIZE:
            raise DecryptionError()
        try:
            return self._cipher.decrypt(nonce, data, aad)
        except InvalidTag:
            raise DecryptionError() from None

    def encrypt_into(self, nonce: bytes, plaintext: _Bytes, aad: bytes, out: _Writable) -> None:
        """Encrypt into `out` (exactly len(plaintext) + 16 bytes): no new buffer per message."""
        _check_nonce(nonce)
        self._cipher.encrypt_into(nonce, plaintext, aad, out)

    def decrypt_into(self, nonce: bytes, data: _Bytes, aad: bytes, out: _Writable) -> None:
        """Decrypt ciphertext ‖ tag into `out` (exactly len(data) - 16 bytes), or raise
        `DecryptionError`; on failure `out` holds no released plaintext the caller may use."""
        if len(nonce) != NONCE_SIZE or len(data) < TAG_SIZE or len(out) != len(data) - TAG_SIZE:
            raise DecryptionError()
        try:
            self._cipher.decrypt_into(nonce, data, aad, out)
        except InvalidTag:
            raise DecryptionError() from None


def encrypt(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """AES-256-GCM encrypt; return ciphertext ‖ 16-byte tag."""
    return Aead(key).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, nonce: bytes, data: bytes, aad: bytes = b"") -> bytes:
    """AES-256-GCM decrypt ciphertext ‖ tag; any failure raises `DecryptionError`."""
    if len(key) != KEY_SIZE:
        raise DecryptionError()
    return Aead(key).decrypt(nonce, data, aad)
