"""KDFs: RFC known answers, independent oracles, labels, and parameter checks."""

from __future__ import annotations

import nacl.pwhash.argon2id as nacl_argon2id
import pytest
from Crypto.Hash import SHA256 as PYCRYPTODOME_SHA256
from Crypto.Protocol import KDF as PYCRYPTODOME_KDF
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import kdf


def test_hkdf_rfc5869_test_case_1() -> None:
    okm = kdf.hkdf_sha256(
        bytes.fromhex("0b" * 22),
        salt=bytes.fromhex("000102030405060708090a0b0c"),
        info=bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"),
        length=42,
    )
    assert okm == bytes.fromhex(
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    )


def test_hkdf_rfc5869_test_case_3_empty_salt_and_info() -> None:
    okm = kdf.hkdf_sha256(bytes.fromhex("0b" * 22), salt=b"", info=b"", length=42)
    assert okm == bytes.fromhex(
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
    )


@settings(max_examples=100, deadline=None)
@given(
    ikm=st.binary(min_size=1, max_size=64),
    salt=st.binary(min_size=1, max_size=64),
    info=st.binary(max_size=64),
    length=st.integers(min_value=1, max_value=200),
)
def test_hkdf_matches_pycryptodome(ikm: bytes, salt: bytes, info: bytes, length: int) -> None:
    expected = PYCRYPTODOME_KDF.HKDF(ikm, length, salt, PYCRYPTODOME_SHA256, 1, info)
    assert isinstance(expected, bytes)
    assert kdf.hkdf_sha256(ikm, salt=salt, info=info, length=length) == expected


def test_derive_key_uses_the_privshare_label_and_context() -> None:
    ikm, salt = b"input key material", b"salt"
    expected = kdf.hkdf_sha256(ikm, salt=salt, info=b"privshare/v1/read" + b"ctx", length=32)
    assert kdf.derive_key(ikm, "read", salt=salt, context=b"ctx") == expected
    assert kdf.LABEL_PREFIX == b"privshare/v1/"


def test_derive_key_separates_purposes_and_contexts() -> None:
    ikm = bytes(32)
    keys = {
        kdf.derive_key(ikm, "read"),
        kdf.derive_key(ikm, "write"),
        kdf.derive_key(ikm, "read", context=b"1"),
        kdf.derive_key(ikm, "read", salt=b"s"),
    }
    assert len(keys) == 4


@pytest.mark.parametrize("purpose", ["", "caf\u00e9", "tab\there"])
def test_derive_key_refuses_odd_purposes(purpose: str) -> None:
    with pytest.raises(ValueError, match="purpose"):
        kdf.derive_key(b"k", purpose)


@pytest.mark.parametrize("length", [0, 255 * 32 + 1])
def test_hkdf_length_bounds(length: int) -> None:
    with pytest.raises(ValueError, match="length"):
        kdf.hkdf_sha256(b"k", salt=b"", info=b"", length=length)


def test_hmac_rfc4231_test_case_2() -> None:
    key, data = b"Jefe", b"what do ya want for nothing?"
    assert kdf.hmac_sha256(key, data) == bytes.fromhex(
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )
    assert kdf.hmac_sha512(key, data) == bytes.fromhex(
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
        "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
    )


def test_pbkdf2_rfc6070_sha1_and_rfc7914_sha256() -> None:
    assert kdf.pbkdf2("sha1", b"password", b"salt", 2, 20) == bytes.fromhex(
        "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"
    )
    assert kdf.pbkdf2("sha256", b"passwd", b"salt", 1, 64) == bytes.fromhex(
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
    )


def test_pbkdf2_sha512_is_the_bip39_seed_function() -> None:
    # BIP-39 (trezor vectors): entropy 00..00 with passphrase "TREZOR".
    words = " ".join(["abandon"] * 11 + ["about"])
    seed = kdf.pbkdf2_sha512(words.encode(), b"mnemonicTREZOR", 2048, 64)
    assert seed.hex() == (
        "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553"
        "1f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"
    )


@pytest.mark.parametrize(
    ("hash_name", "iterations", "length", "match"),
    [("md5", 1, 32, "hash"), ("sha256", 0, 32, "iteration"), ("sha256", 1, 0, "length")],
)
def test_pbkdf2_rejects_bad_parameters(
    hash_name: str, iterations: int, length: int, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        kdf.pbkdf2(hash_name, b"p", b"s", iterations, length)


def test_argon2id_matches_openssl_via_cryptography() -> None:
    password, salt = b"correct horse battery staple", bytes(range(16))
    ours = kdf.argon2id(password, salt, ops_limit=2, mem_limit=8 * 1024 * 1024, length=32)
    oracle = Argon2id(salt=salt, length=32, iterations=2, lanes=1, memory_cost=8 * 1024)
    assert ours == oracle.derive(password)


def test_argon2id_depends_on_every_input() -> None:
    base = {"ops_limit": 1, "mem_limit": nacl_argon2id.MEMLIMIT_MIN}
    salt = bytes(16)
    outputs = {
        kdf.argon2id(b"pw", salt, **base),
        kdf.argon2id(b"pw2", salt, **base),
        kdf.argon2id(b"pw", b"\x01" * 16, **base),
        kdf.argon2id(b"pw", salt, ops_limit=2, mem_limit=base["mem_limit"]),
    }
    assert len(outputs) == 4
    assert len(kdf.argon2id(b"pw", salt, length=64, **base)) == 64


@pytest.mark.parametrize(
    ("salt", "ops", "mem", "length", "match"),
    [
        (bytes(15), 1, 8192, 32, "salt"),
        (bytes(17), 1, 8192, 32, "salt"),
        (bytes(16), 0, 8192, 32, "ops_limit"),
        (bytes(16), 1, 8191, 32, "mem_limit"),
        (bytes(16), 1, 8192, 15, "length"),
    ],
)
def test_argon2id_rejects_out_of_range_parameters(
    salt: bytes, ops: int, mem: int, length: int, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        kdf.argon2id(b"pw", salt, ops_limit=ops, mem_limit=mem, length=length)
