"""Base58, Base58Check, RIPEMD-160 and addresses: published vectors plus two oracles."""

from __future__ import annotations

import hashlib

import pytest
from bip_utils import Base58Decoder, Base58Encoder
from Crypto.Hash import RIPEMD160 as PYCRYPTODOME_RIPEMD160
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import base58
from app.crypto._ripemd160 import ripemd160
from app.crypto.errors import InvalidKeyError

# Bitcoin Core src/test/data/base58_encode_decode.json
BITCOIN_CORE_BASE58 = [
    ("", ""),
    ("61", "2g"),
    ("626262", "a3gV"),
    ("636363", "aPEr"),
    ("73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"),
    ("00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"),
    ("516b6fcd0f", "ABnLTmg"),
    ("bf4f89001e670274dd", "3SEo3LWLoPntC"),
    ("572e4794", "3EFU7m"),
    ("ecac89cad93923c02321", "EJDM8drfXA6uyA"),
    ("10c8511e", "Rt5zm"),
    ("00000000000000000000", "1111111111"),
]

# The RIPEMD-160 paper (Dobbertin, Bosselaers, Preneel), appendix test vectors.
RIPEMD160_PAPER = [
    (b"", "9c1185a5c5e9fc54612808977ee8f548b2258d31"),
    (b"a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"),
    (b"abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
    (b"message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"),
    (b"abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"),
    (
        b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "12a053384a9c0c88e405a06c27dcf49ada62eb2b",
    ),
    (
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "b0e20b6e3116640286ed3a87a5713079b21f5189",
    ),
    (b"1234567890" * 8, "9b752e45573d4b39f4dbd3323cab82bf63326bfb"),
]

G_COMPRESSED = bytes.fromhex("0279BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798")
G_UNCOMPRESSED = bytes.fromhex(
    "0479BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798"
    "483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8"
)


@pytest.mark.parametrize(("hex_data", "text"), BITCOIN_CORE_BASE58)
def test_bitcoin_core_base58_vectors(hex_data: str, text: str) -> None:
    assert base58.b58encode(bytes.fromhex(hex_data)) == text
    assert base58.b58decode(text) == bytes.fromhex(hex_data)


@pytest.mark.parametrize(("message", "digest"), RIPEMD160_PAPER)
def test_pure_ripemd160_paper_vectors(message: bytes, digest: str) -> None:
    assert ripemd160(message).hex() == digest


@pytest.mark.slow
def test_pure_ripemd160_million_a() -> None:
    assert ripemd160(b"a" * 1_000_000).hex() == "52783243c1697bdbe16d37f97f68f08325dc1528"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_pure_ripemd160_matches_pycryptodome(data: bytes) -> None:
    assert ripemd160(data) == PYCRYPTODOME_RIPEMD160.new(data).digest()


def test_address_of_generator_point() -> None:
    # The public keys of private key 1, compressed and uncompressed.
    assert base58.address(G_COMPRESSED) == "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"
    assert base58.address(G_UNCOMPRESSED) == "1EHNa6Q4Jz2uvNExL497mE43ikXhwF6kZm"


def test_address_uses_pure_ripemd160_when_openssl_lacks_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bytes] = []

    def spy(data: bytes) -> bytes:
        calls.append(data)
        return ripemd160(data)

    monkeypatch.setattr(hashlib, "algorithms_available", frozenset({"sha256"}))
    monkeypatch.setattr(base58, "_pure_ripemd160", spy)
    assert base58.address(G_COMPRESSED) == "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"
    assert calls == [hashlib.sha256(G_COMPRESSED).digest()]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80))
def test_base58_matches_bip_utils(data: bytes) -> None:
    ours = base58.b58encode(data)
    assert ours == Base58Encoder.Encode(data)
    assert base58.b58decode(ours) == data
    checked = base58.b58check_encode(data)
    assert checked == Base58Encoder.CheckEncode(data)
    assert base58.b58check_decode(checked) == data
    assert Base58Decoder.CheckDecode(checked) == data


@pytest.mark.parametrize("zeros", [0, 1, 3])
@pytest.mark.parametrize("digits", range(1, 9))
def test_encoding_two_digits_per_step_keeps_odd_and_even_digit_counts(
    zeros: int, digits: int
) -> None:
    """b58encode divides by 58² and must drop the zero digit a top pair can start with:
    the numbers just below and at each power of 58 (odd and even digit counts)."""
    for number in (58 ** (digits - 1), 58**digits - 1):
        body = number.to_bytes((number.bit_length() + 7) // 8, "big")
        data = b"\x00" * zeros + body
        assert base58.b58encode(data) == Base58Encoder.Encode(data)
        assert len(base58.b58encode(data)) == zeros + digits


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=base58.ALPHABET, max_size=120))
def test_decoding_any_base58_text_matches_bip_utils(text: str) -> None:
    assert base58.b58decode(text) == Base58Decoder.Decode(text)


@pytest.mark.parametrize(
    "bad", ["0", "O", "I", "l", "abc+", "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAM\u00e9"]
)
def test_characters_outside_the_alphabet_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidKeyError, match="Base58 character"):
        base58.b58decode(bad)
    with pytest.raises(InvalidKeyError):
        base58.b58check_decode(bad)


def test_every_single_character_change_breaks_the_checksum() -> None:
    good = "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"
    assert base58.b58check_decode(good) == bytes.fromhex(
        "00751e76e8199196d454941c45d1b3a323f1433bd6"
    )
    for index, char in enumerate(good):
        replacement = "2" if char != "2" else "3"
        bad = good[:index] + replacement + good[index + 1 :]
        with pytest.raises(InvalidKeyError):
            base58.b58check_decode(bad)


@pytest.mark.parametrize("short", ["", "1", "111", "2g"])
def test_too_short_for_a_checksum(short: str) -> None:
    with pytest.raises(InvalidKeyError, match="too short"):
        base58.b58check_decode(short)
