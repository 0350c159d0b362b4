"""ECIES on secp256k1 (DESIGN §2; byte layout in ECIES.md beside this file).

    eph    = a fresh key pair for every message
    shared = x-coordinate of eph * recipient (32 bytes)
    key    = HKDF-SHA256(ikm=shared, salt=eph_pub33,
                         info=b"privshare/v1/ecies/" + label + recipient_pub33, 32)
    blob   = 0x01 ‖ eph_pub33 ‖ AES-256-GCM(key, nonce=0^12, plaintext, aad=eph_pub33)

The zero nonce is safe because the key is never used twice (a fresh ephemeral key per
message). This gives confidentiality only: sender authenticity comes from a signature
inside the plaintext. Every decryption failure raises the same `DecryptionError`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from app.crypto import aead
from app.crypto.ecc import PrivateKey, PublicKey
from app.crypto.errors import DecryptionError, InvalidKeyError
from app.crypto.kdf import LABEL_PREFIX, hkdf_sha256

__all__ = ["OVERHEAD", "VERSION", "decrypt", "encrypt"]

VERSION = 0x01
_EPHEMERAL_SIZE = 33
_HEADER_SIZE = 1 + _EPHEMERAL_SIZE
OVERHEAD = _HEADER_SIZE + aead.TAG_SIZE
_ZERO_NONCE = bytes(aead.NONCE_SIZE)


def _info(label: str, recipient_pub: bytes) -> bytes:
    if not label or not label.isascii() or not label.isprintable():
        raise ValueError("an ECIES label must be a non-empty printable ASCII string")
    return LABEL_PREFIX + b"ecies/" + label.encode("ascii") + recipient_pub


def _message_key(shared: bytes, ephemeral_pub: bytes, info: bytes) -> bytes:
    return hkdf_sha256(shared, salt=ephemeral_pub, info=info, length=aead.KEY_SIZE)


def encrypt(
    recipient: PublicKey,
    plaintext: bytes,
    *,
    label: str,
    randbytes: Callable[[int], bytes] = secrets.token_bytes,
) -> bytes:
    """Encrypt `plaintext` so only the holder of `recipient`'s private key can read it."""
    info = _info(label, recipient.to_bytes())
    ephemeral = PrivateKey.generate(randbytes)
    ephemeral_pub = ephemeral.public_key.to_bytes()
    key = _message_key(ephemeral.ecdh(recipient), ephemeral_pub, info)
    sealed = aead.encrypt(key, _ZERO_NONCE, plaintext, ephemeral_pub)
    return bytes([VERSION]) + ephemeral_pub + sealed


def decrypt(recipient: PrivateKey, blob: bytes, *, label: str) -> bytes:
    """Open a blob made by `encrypt` with the same label; any failure is `DecryptionError`."""
    info = _info(label, recipient.public_key.to_bytes())
    if len(blob) < OVERHEAD or blob[0] != VERSION:
        raise DecryptionError()
    ephemeral_pub = bytes(blob[1:_HEADER_SIZE])
    try:
        ephemeral = PublicKey.from_bytes(ephemeral_pub)
    except InvalidKeyError:
        raise DecryptionError() from None
    key = _message_key(recipient.ecdh(ephemeral), ephemeral_pub, info)
    return aead.decrypt(key, _ZERO_NONCE, bytes(blob[_HEADER_SIZE:]), ephemeral_pub)
