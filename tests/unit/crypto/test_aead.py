"""AES-256-GCM: known answers, an independent oracle (pycryptodome), uniform failures."""

from __future__ import annotations

import pytest
from Crypto.Cipher import AES as PYCRYPTODOME_AES
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import aead
from app.crypto.errors import DecryptionError

KEY0 = bytes(32)
NONCE0 = bytes(12)


def test_sizes_are_the_agreed_ones() -> None:
    assert (aead.KEY_SIZE, aead.NONCE_SIZE, aead.TAG_SIZE) == (32, 12, 16)


def test_gcm_spec_test_case_13_empty_plaintext() -> None:
    # McGrew & Viega, "The Galois/Counter Mode of Operation", test case 13.
    assert aead.encrypt(KEY0, NONCE0, b"") == bytes.fromhex("530f8afbc74536b9a963b4f1c4cb738b")


def test_gcm_spec_test_case_14_one_zero_block() -> None:
    out = aead.encrypt(KEY0, NONCE0, bytes(16))
    assert out == bytes.fromhex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919")
    assert aead.decrypt(KEY0, NONCE0, out) == bytes(16)


@settings(max_examples=150, deadline=None)
@given(
    key=st.binary(min_size=32, max_size=32),
    nonce=st.binary(min_size=12, max_size=12),
    plaintext=st.binary(max_size=300),
    aad=st.binary(max_size=64),
)
def test_matches_pycryptodome_and_round_trips(
    key: bytes, nonce: bytes, plaintext: bytes, aad: bytes
) -> None:
    oracle = PYCRYPTODOME_AES.new(key, PYCRYPTODOME_AES.MODE_GCM, nonce=nonce, mac_len=16)
    oracle.update(aad)
    ct, tag = oracle.encrypt_and_digest(plaintext)
    ours = aead.encrypt(key, nonce, plaintext, aad)
    assert ours == ct + tag
    assert aead.decrypt(key, nonce, ours, aad) == plaintext
    assert aead.Aead(key).decrypt(nonce, ours, aad) == plaintext


def _assert_opaque_failure(call: object) -> None:
    assert callable(call)
    with pytest.raises(DecryptionError) as info:
        call()
    assert str(info.value) == "decryption failed"


def test_every_flipped_bit_position_byte_fails_the_same_way() -> None:
    key, nonce, aad = bytes(range(32)), bytes(range(12)), b"header"
    sealed = aead.encrypt(key, nonce, b"attack at dawn", aad)
    for index in range(len(sealed)):
        tampered = bytearray(sealed)
        tampered[index] ^= 0x01
        _assert_opaque_failure(lambda t=bytes(tampered): aead.decrypt(key, nonce, t, aad))


def test_wrong_key_nonce_aad_length_all_fail_the_same_way() -> None:
    key, nonce = bytes(range(32)), bytes(range(12))
    sealed = aead.encrypt(key, nonce, b"payload", b"aad")
    cases = [
        lambda: aead.decrypt(bytes(32), nonce, sealed, b"aad"),
        lambda: aead.decrypt(key, bytes(12), sealed, b"aad"),
        lambda: aead.decrypt(key, nonce, sealed, b"other"),
        lambda: aead.decrypt(key, nonce, sealed[:-1], b"aad"),
        lambda: aead.decrypt(key, nonce, sealed + b"\x00", b"aad"),
        lambda: aead.decrypt(key, nonce, sealed[:15], b"aad"),
        lambda: aead.decrypt(key, nonce, b"", b"aad"),
        lambda: aead.decrypt(key[:16], nonce, sealed, b"aad"),
        lambda: aead.decrypt(key, nonce[:8], sealed, b"aad"),
        lambda: aead.Aead(key).decrypt(nonce + b"\x00", sealed, b"aad"),
    ]
    for case in cases:
        _assert_opaque_failure(case)


@pytest.mark.parametrize("key_len", [0, 16, 24, 31, 33])
def test_encrypt_with_wrong_key_length_is_misuse(key_len: int) -> None:
    with pytest.raises(ValueError, match="32-byte key"):
        aead.encrypt(bytes(key_len), NONCE0, b"x")
    with pytest.raises(ValueError, match="32-byte key"):
        aead.Aead(bytes(key_len))


@pytest.mark.parametrize("nonce_len", [0, 8, 11, 13, 16])
def test_encrypt_with_wrong_nonce_length_is_misuse(nonce_len: int) -> None:
    with pytest.raises(ValueError, match="12-byte nonce"):
        aead.encrypt(KEY0, bytes(nonce_len), b"x")


def test_repr_does_not_show_the_key() -> None:
    key = bytes.fromhex("ab" * 32)
    assert "ab" * 4 not in repr(aead.Aead(key))


def test_into_variants_match_the_allocating_ones() -> None:
    key, nonce = bytes(range(32)), bytes(12)
    cipher = aead.Aead(key)
    plaintext = b"chunk of a file" * 100
    out = bytearray(len(plaintext) + aead.TAG_SIZE)
    cipher.encrypt_into(nonce, plaintext, b"aad", out)
    assert bytes(out) == cipher.encrypt(nonce, plaintext, b"aad")
    back = bytearray(len(plaintext))
    cipher.decrypt_into(nonce, bytes(out), b"aad", back)
    assert bytes(back) == plaintext
    out[3] ^= 1
    with pytest.raises(DecryptionError):
        cipher.decrypt_into(nonce, bytes(out), b"aad", back)
    with pytest.raises(DecryptionError):
        cipher.decrypt_into(nonce, bytes(out), b"aad", bytearray(1))
