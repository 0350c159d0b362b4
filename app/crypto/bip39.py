"""BIP-39 recovery phrases: entropy <-> words, checks a person can act on, and the seed.

The word lists are the ones bundled with the `mnemonic` package (the BIP-39 reference
implementation); every word is kept NFKD-normalised, as BIP-39 compares words.

A phrase typed by a person is normalised before anything else: NFKD, lower case, and any
run of white space (spaces, tabs, line breaks, U+3000 ideographic spaces) read as one
separator. `validate_mnemonic` returns that canonical form; callers store and show it.

Error messages quote the word that is wrong: they contain part of a secret, so they are
for the person restoring their account, never for a log.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

import mnemonic as _reference

from app.crypto.errors import MnemonicError

__all__ = [
    "LANGUAGES",
    "STRENGTHS",
    "WORDLIST",
    "WORD_COUNTS",
    "entropy_to_mnemonic",
    "generate_mnemonic",
    "mnemonic_to_entropy",
    "mnemonic_to_seed",
    "validate_mnemonic",
    "wordlist",
]

STRENGTHS = (128, 160, 192, 224, 256)
WORD_COUNTS = (12, 15, 18, 21, 24)
LANGUAGES: tuple[str, ...] = tuple(sorted(_reference.Mnemonic.list_languages()))

_BITS_PER_WORD = 11
_SEED_ROUNDS = 2048
_SEED_LENGTH = 64


@dataclass(frozen=True, slots=True)
class _WordList:
    words: tuple[str, ...]
    index: Mapping[str, int]


@cache
def _wordlist(language: str) -> _WordList:
    if language not in LANGUAGES:
        raise MnemonicError(f"there is no BIP-39 word list for the language {language!r}")
    words = tuple(
        unicodedata.normalize("NFKD", word) for word in _reference.Mnemonic(language).wordlist
    )
    index = {word: position for position, word in enumerate(words)}
    if len(words) != 2048 or len(index) != 2048:  # pragma: no cover - a broken package
        raise MnemonicError(f"the {language} word list is damaged")
    return _WordList(words, index)


def wordlist(language: str = "english") -> tuple[str, ...]:
    """The 2048 words of a language's list (NFKD), in BIP-39 order."""
    return _wordlist(language).words


WORDLIST: tuple[str, ...] = wordlist("english")


def _language_name(language: str) -> str:
    return language.replace("_", " ").title()


def _split(text: str) -> list[str]:
    """NFKD, lower case, words split on any white space (U+3000 becomes a space)."""
    return unicodedata.normalize("NFKD", text.lower()).split()


def _checksum(entropy: bytes) -> int:
    """The first len(entropy)/4 bits of SHA-256(entropy), as an integer."""
    bits = len(entropy) * 8 // 32
    return hashlib.sha256(entropy).digest()[0] >> (8 - bits)


def entropy_to_mnemonic(entropy: bytes, language: str = "english") -> str:
    """The phrase for 16, 20, 24, 28 or 32 bytes of entropy, words joined by single spaces."""
    if len(entropy) * 8 not in STRENGTHS:
        raise MnemonicError(f"entropy must be 16, 20, 24, 28 or 32 bytes long, not {len(entropy)}")
    words = _wordlist(language).words
    checksum_bits = len(entropy) * 8 // 32
    number = (int.from_bytes(entropy, "big") << checksum_bits) | _checksum(entropy)
    count = (len(entropy) * 8 + checksum_bits) // _BITS_PER_WORD
    indices = [(number >> (_BITS_PER_WORD * (count - 1 - i))) & 0x7FF for i in range(count)]
    return " ".join(words[i] for i in indices)


def generate_mnemonic(
    strength: int = 256,
    randbytes: Callable[[int], bytes] = secrets.token_bytes,
    *,
    language: str = "english",
) -> str:
    """A new phrase from `strength` bits of fresh entropy (default 256 bits: 24 words)."""
    if strength not in STRENGTHS:
        raise MnemonicError(f"strength must be one of {STRENGTHS} bits, not {strength}")
    entropy = randbytes(strength // 8)
    if len(entropy) != strength // 8:
        raise MnemonicError("the random source returned the wrong number of bytes")
    return entropy_to_mnemonic(entropy, language)


def _indices(words: list[str], language: str) -> list[int]:
    table = _wordlist(language).index
    for number, word in enumerate(words, start=1):
        if word not in table:
            shown = unicodedata.normalize("NFC", word)
            raise MnemonicError(
                f"word {number} '{shown}' is not in the {_language_name(language)} word list"
            )
    return [table[word] for word in words]


def _entropy_of(words: list[str], language: str) -> bytes:
    """The entropy a split phrase encodes, after checking its words, length and checksum."""
    indices = _indices(words, language)
    if len(words) not in WORD_COUNTS:
        raise MnemonicError(f"the phrase has {len(words)} words; it must have 12, 15, 18, 21 or 24")
    number = 0
    for index in indices:
        number = (number << _BITS_PER_WORD) | index
    checksum_bits = len(words) * _BITS_PER_WORD // 33
    entropy = (number >> checksum_bits).to_bytes(checksum_bits * 4, "big")
    found = number & ((1 << checksum_bits) - 1)
    if not hmac.compare_digest(bytes([found]), bytes([_checksum(entropy)])):
        raise MnemonicError("the checksum is wrong: a word is mistyped or in the wrong order")
    return entropy


def validate_mnemonic(text: str, language: str = "english") -> str:
    """The canonical form of a phrase (NFKD, lower case, single spaces), or MnemonicError.

    Accepts 12 to 24 words. The error names the first unknown word (1-based), a bad word
    count, or a bad checksum, in words a person can act on.
    """
    words = _split(text)
    _entropy_of(words, language)
    return " ".join(words)


def mnemonic_to_entropy(text: str, language: str = "english") -> bytes:
    """The entropy behind a valid phrase (MnemonicError as in `validate_mnemonic`)."""
    return _entropy_of(_split(text), language)


def mnemonic_to_seed(text: str, passphrase: str = "") -> bytes:
    """The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512(phrase, "mnemonic" + passphrase, 2048).

    Does not validate: BIP-39 derives a seed from any text, so callers validate first.
    The phrase gets the same normalisation as `validate_mnemonic` (so a phrase typed with
    capitals or extra spaces yields the same seed as its canonical form, which is exactly
    the BIP-39 input); the passphrase is only NFKD-normalised (case and spaces count).
    """
    phrase = " ".join(_split(text))
    salt = "mnemonic" + unicodedata.normalize("NFKD", passphrase)
    return hashlib.pbkdf2_hmac(
        "sha512", phrase.encode("utf-8"), salt.encode("utf-8"), _SEED_ROUNDS, _SEED_LENGTH
    )
