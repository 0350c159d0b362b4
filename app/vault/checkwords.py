"""Check words: a public key shown as 8 BIP-39 words for comparing out of band.

The words are the first 88 bits of SHA-256(compressed public key), 11 bits per word,
read as indices into the English BIP-39 list. Two people reading the same 8 words to
each other know they hold the same key (88 bits: a forgery needs ~2^88 work).
"""

from __future__ import annotations

import hashlib

from app.crypto.bip39 import WORDLIST

__all__ = ["CHECK_WORD_COUNT", "check_words"]

CHECK_WORD_COUNT = 8
_BITS_PER_WORD = 11
_COMPRESSED_KEY_SIZE = 33


def check_words(public_key: bytes) -> list[str]:
    """The 8 check words of a compressed secp256k1 public key (33 bytes)."""
    if len(public_key) != _COMPRESSED_KEY_SIZE or public_key[0] not in (2, 3):
        raise ValueError("check words are made from a 33-byte compressed public key")
    bits = CHECK_WORD_COUNT * _BITS_PER_WORD
    digest = hashlib.sha256(public_key).digest()
    number = int.from_bytes(digest, "big") >> (len(digest) * 8 - bits)
    return [
        WORDLIST[(number >> (_BITS_PER_WORD * (CHECK_WORD_COUNT - 1 - i))) & 0x7FF]
        for i in range(CHECK_WORD_COUNT)
    ]
