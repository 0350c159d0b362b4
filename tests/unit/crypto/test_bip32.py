"""BIP-32: construction rules, index and path checks, invalid-derivation cases, repr hygiene."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import base58, bip32
from app.crypto.bip32 import HARDENED, ExtendedKey
from app.crypto.ecc import CURVE_ORDER, PrivateKey
from app.crypto.errors import CryptoError, ExtendedKeyError, InvalidKeyError

# BIP-32 test vector 1
SEED_1 = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
XPRV_1_M = (
    "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3"
    "TGtRBeJgk33yuGBxrMPHi"
)
XPRV_1_M_0H_1 = (
    "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H"
    "2EU4pWcQDnRnrVA1xe8fs"
)


@pytest.fixture(scope="module")
def master() -> ExtendedKey:
    return ExtendedKey.from_seed(SEED_1)


def _fixed_hmac(monkeypatch: pytest.MonkeyPatch, il: int) -> None:
    digest = il.to_bytes(32, "big") + b"\x11" * 32
    monkeypatch.setattr(bip32, "_hmac_sha512", lambda key, data: digest)


# --- construction ----------------------------------------------------------------------------


def test_master_from_seed(master: ExtendedKey) -> None:
    assert master.to_xprv() == XPRV_1_M
    assert (master.depth, master.parent_fingerprint, master.child_number) == (0, bytes(4), 0)
    assert master.is_private


@pytest.mark.parametrize("size", [0, 15, 65, 128])
def test_seed_length_is_16_to_64_bytes(size: int) -> None:
    with pytest.raises(ExtendedKeyError, match=f"not {size}"):
        ExtendedKey.from_seed(b"\x01" * size)


@pytest.mark.parametrize("size", [16, 32, 64])
def test_seed_length_bounds_are_inclusive(size: int) -> None:
    assert ExtendedKey.from_seed(b"\x01" * size).depth == 0


@pytest.mark.parametrize("il", [0, CURVE_ORDER, CURVE_ORDER + 1, 2**256 - 1])
def test_master_with_invalid_il_is_refused(monkeypatch: pytest.MonkeyPatch, il: int) -> None:
    _fixed_hmac(monkeypatch, il)
    with pytest.raises(ExtendedKeyError, match="IL"):
        ExtendedKey.from_seed(SEED_1)


def test_constructor_checks_consistency(master: ExtendedKey) -> None:
    other = PrivateKey.from_bytes(b"\x01" * 32)
    with pytest.raises(ExtendedKeyError, match="does not belong"):
        ExtendedKey(0, bytes(4), 0, master.chain_code, master.public_key, other)
    with pytest.raises(ExtendedKeyError, match="chain code"):
        ExtendedKey(0, bytes(4), 0, b"\x00" * 31, master.public_key)
    with pytest.raises(ExtendedKeyError, match="depth"):
        ExtendedKey(256, bytes(4), 0, master.chain_code, master.public_key)
    with pytest.raises(ExtendedKeyError, match="32 bits"):
        ExtendedKey(1, bytes(4), 2**32, master.chain_code, master.public_key)


# --- child and derive --------------------------------------------------------------------


def test_child_defaults_to_hardened(master: ExtendedKey) -> None:
    child = master.child(0)
    assert child.child_number == HARDENED
    assert child == master.derive("m/0'")
    assert child.parent_fingerprint == master.fingerprint
    assert master.child(1, hardened=False).derive("2") == master.derive("m/1/2")


@pytest.mark.parametrize("path", ["m/0'/1", "m/0h/1", "m/0H/1", "0'/1", "0H/1"])
def test_derive_accepts_every_hardened_marker(master: ExtendedKey, path: str) -> None:
    assert master.derive(path).to_xprv() == XPRV_1_M_0H_1


def test_derive_m_is_the_key_itself(master: ExtendedKey) -> None:
    assert master.derive("m") is master


def test_relative_derivation_from_a_child(master: ExtendedKey) -> None:
    assert master.derive("m/0'").derive("1") == master.derive("m/0'/1")
    with pytest.raises(ExtendedKeyError, match="starts at the master key"):
        master.derive("m/0'").derive("m/1")


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/",
        "m/",
        "m//1",
        "m/m/1",
        "a/0",
        "m/0/ 1/2",
        "m/1.5",
        "m/-1",
        "m/+1",
        "m/0''",
        "m/0x",
        "m/2147483648",
        "m/2147483648'",
        "m/99999999999",
        "m/\u0661",
        "M/0",
    ],
)
def test_bad_paths_are_refused(master: ExtendedKey, path: str) -> None:
    with pytest.raises(ExtendedKeyError):
        master.derive(path)


def test_largest_index_is_accepted(master: ExtendedKey) -> None:
    assert master.derive("m/2147483647'").child_number == 2**32 - 1
    assert master.derive("m/2147483647").child_number == 2**31 - 1


@pytest.mark.parametrize("index", [-1, HARDENED, 2**32, True, None, "1", 1.0])
@pytest.mark.parametrize("hardened", [True, False])
def test_bad_indices_are_refused(master: ExtendedKey, index: Any, hardened: bool) -> None:
    with pytest.raises(ExtendedKeyError):
        master.child(index, hardened=hardened)


def test_public_key_cannot_derive_hardened_or_export_xprv(master: ExtendedKey) -> None:
    public = master.public()
    with pytest.raises(ExtendedKeyError, match="hardened child needs the private key"):
        public.child(0)
    with pytest.raises(ExtendedKeyError, match="no private part"):
        public.to_xprv()
    assert public.private_key is None and not public.is_private


def test_depth_255_has_no_children(master: ExtendedKey) -> None:
    deep = ExtendedKey(255, b"\x01" * 4, 7, master.chain_code, master.public_key)
    assert ExtendedKey.parse(deep.to_xpub()) == deep
    with pytest.raises(ExtendedKeyError, match="depth 255"):
        deep.child(0, hardened=False)


@pytest.mark.parametrize("il", [0, CURVE_ORDER, 2**256 - 1])
def test_child_il_out_of_range_raises(
    master: ExtendedKey, monkeypatch: pytest.MonkeyPatch, il: int
) -> None:
    _fixed_hmac(monkeypatch, il)
    for key, hardened in ((master, True), (master, False), (master.public(), False)):
        with pytest.raises(ExtendedKeyError, match="IL"):
            key.child(5, hardened=hardened)


def test_zero_child_key_raises(master: ExtendedKey, monkeypatch: pytest.MonkeyPatch) -> None:
    assert master.private_key is not None
    k_par = int.from_bytes(master.private_key.to_bytes(), "big")
    _fixed_hmac(monkeypatch, CURVE_ORDER - k_par)  # IL + k_par = n = 0 mod n
    with pytest.raises(ExtendedKeyError, match="zero child"):
        master.child(3, hardened=False)
    with pytest.raises(ExtendedKeyError, match="infinity"):
        master.public().child(3, hardened=False)


# --- parse ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "0OIl", "xprv", XPRV_1_M[:-1], XPRV_1_M + "1"])
def test_parse_refuses_garbage(text: str) -> None:
    with pytest.raises(ExtendedKeyError):
        ExtendedKey.parse(text)


def test_parse_refuses_wrong_lengths(master: ExtendedKey) -> None:
    raw = base58.b58check_decode(master.to_xpub())
    with pytest.raises(ExtendedKeyError, match="78 bytes"):
        ExtendedKey.parse(base58.b58check_encode(raw + b"\x00"))
    with pytest.raises(ExtendedKeyError, match="78 bytes"):
        ExtendedKey.parse(base58.b58check_encode(raw[:-1]))


def test_parse_round_trip(master: ExtendedKey) -> None:
    key = master.derive("m/7'/8/9h")
    assert ExtendedKey.parse(key.to_xprv()) == key
    assert ExtendedKey.parse(key.to_xpub()) == key.public()
    assert hash(ExtendedKey.parse(key.to_xpub())) == hash(key.public())
    assert key != key.public()
    assert key != master


# --- hygiene -------------------------------------------------------------------------------


def test_repr_shows_no_secret(master: ExtendedKey) -> None:
    key = master.derive("m/0'/1")
    assert key.private_key is not None
    text = repr(key) + str(key) + repr(key.public())
    assert key.private_key.to_bytes().hex() not in text
    assert key.chain_code.hex() not in text
    assert key.to_xprv() not in text and key.to_xpub() not in text
    assert repr(key) == f"ExtendedKey(xprv, depth=2, child=1, fingerprint={key.fingerprint.hex()})"
    assert "child=0'" in repr(master.child(0))


def test_error_tree() -> None:
    assert issubclass(ExtendedKeyError, InvalidKeyError)
    assert issubclass(ExtendedKeyError, CryptoError)


def test_identifier_and_fingerprint(master: ExtendedKey) -> None:
    pub = master.public_key.to_bytes(compressed=True)
    assert master.identifier == base58.hash160(pub)
    assert master.fingerprint == master.identifier[:4]
    assert master.fingerprint.hex() == "3442193e"


def test_key_is_immutable(master: ExtendedKey) -> None:
    with pytest.raises(AttributeError):
        master.depth = 3  # type: ignore[misc]


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(seed=st.binary(min_size=16, max_size=64), index=st.integers(0, HARDENED - 1))
def test_public_and_private_derivation_agree(seed: bytes, index: int) -> None:
    key = ExtendedKey.from_seed(seed).child(index % 1000)
    via_private = key.child(index, hardened=False).public()
    via_public = key.public().child(index, hardened=False)
    assert via_private == via_public
    assert via_private.to_xpub() == via_public.to_xpub()
    assert key.child(index, hardened=True) != key.child(index, hardened=False)
