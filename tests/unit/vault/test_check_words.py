"""Check words: 8 English BIP-39 words from the first 88 bits of SHA-256(compressed key)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mnemonic import Mnemonic

from app.crypto.ecc import PrivateKey
from app.vault import check_words

CURVE_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
ENGLISH = Mnemonic("english").wordlist  # the reference implementation's list, not ours


def _by_bit_string(public_key: bytes) -> list[str]:
    """An independent reading: the digest as a string of '0'/'1', cut every 11 characters."""
    bits = "".join(f"{byte:08b}" for byte in hashlib.sha256(public_key).digest())[:88]
    return [ENGLISH[int(bits[i : i + 11], 2)] for i in range(0, 88, 11)]


@given(st.integers(min_value=1, max_value=CURVE_ORDER - 1))
def test_matches_an_independent_bit_string_reading(secret: int) -> None:
    public = PrivateKey.from_bytes(secret.to_bytes(32, "big")).public_key.to_bytes()
    words = check_words(public)
    assert words == _by_bit_string(public)
    assert len(words) == 8


def test_the_generator_point() -> None:
    """k = 1: the public key is G, whose compressed form is published in SEC 2."""
    g = bytes.fromhex("0279BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798")
    assert PrivateKey.from_bytes(bytes(31) + b"\x01").public_key.to_bytes() == g
    first = int.from_bytes(hashlib.sha256(g).digest()[:2], "big") >> 5
    assert check_words(g)[0] == ENGLISH[first]
    assert check_words(g) == _by_bit_string(g)


def test_one_changed_bit_of_the_key_changes_the_words() -> None:
    public = PrivateKey.from_bytes(bytes(31) + b"\x07").public_key.to_bytes()
    other = PrivateKey.from_bytes(bytes(31) + b"\x08").public_key.to_bytes()
    assert check_words(public) != check_words(other)


@pytest.mark.parametrize("bad", [b"", bytes(33), b"\x04" + bytes(64), b"\x02" + bytes(31)])
def test_only_compressed_keys(bad: bytes) -> None:
    with pytest.raises(ValueError, match="33-byte compressed"):
        check_words(bad)
