"""privData v1 (app/services/account/privdata.py, ACCOUNTS.md §2): layout checked byte by byte
against independent primitives (hashlib PBKDF2, pyca HKDF and AES-GCM, coincurve ECDSA),
the floor checked before the password is used, and every changed byte refused."""

from __future__ import annotations

import hashlib
import struct
import unicodedata

import coincurve
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import bip39
from app.crypto.bip32 import ExtendedKey
from app.services.account import privdata
from app.services.account.privdata import AccountDataError, PrivDataDowngradeError, Secret
from app.services.errors import TamperingDetectedError

ENTROPY = bytes(range(32))
SECRET = Secret(ENTROPY, "")
IDENTITY = privdata.identity_of(SECRET)
NAME, HOST = "alice", "files.example:8443"


def cheap_stretch(password: bytes, salt: bytes, iterations: int) -> bytes:
    """A fast stand-in (the real PBKDF2 is checked in its own test)."""
    return hashlib.sha512(password + salt + iterations.to_bytes(4, "big")).digest()[:32]


def counting_randbytes() -> object:
    state = {"n": 0}

    def randbytes(size: int) -> bytes:
        state["n"] += 1
        return bytes([state["n"]]) * size

    return randbytes


def seal(secret: Secret = SECRET, password: str = "pw", counter: int = 7, **kw: object) -> bytes:
    identity = privdata.identity_of(secret).private_key
    assert identity is not None
    options: dict[str, object] = {"stretch": cheap_stretch, **kw}
    return privdata.seal(
        secret, password, username=NAME, host=HOST, counter=counter, identity=identity, **options
    )  # type: ignore[arg-type]


def test_layout_byte_by_byte_with_independent_primitives() -> None:
    password = "pa\u0301ss"  # NFC folds it to "páss"
    blob = privdata.seal(
        Secret(ENTROPY, "tree"),
        password,
        username=NAME,
        host=HOST,
        counter=0x0102030405060708,
        identity=privdata.identity_of(Secret(ENTROPY, "tree")).private_key,  # type: ignore[arg-type]
        randbytes=counting_randbytes(),  # type: ignore[arg-type]
    )
    salt, nonce = b"\x01" * 32, b"\x02" * 12
    header = b"PSPD" + b"\x01" + b"\x01" + struct.pack(">I", 210_000) + b"\x20" + salt
    header += bytes.fromhex("0102030405060708") + nonce
    assert blob[: len(header)] == header
    context = b"\x05alice" + bytes([len(HOST)]) + HOST.encode()
    stretched = hashlib.pbkdf2_hmac(
        "sha512", unicodedata.normalize("NFC", password).encode(), salt, 210_000, 32
    )
    key = HKDF(hashes.SHA256(), 32, salt=None, info=b"privshare/v1/account/privdata-key").derive(
        stretched
    )
    ciphertext, signature = blob[len(header) : -64], blob[-64:]
    plaintext = AESGCM(key).decrypt(nonce, ciphertext, b"privshare/v1/privdata" + context + header)
    assert plaintext == b"\x01\x20" + ENTROPY + b"\x00\x04tree"
    seed = bip39.mnemonic_to_seed(bip39.entropy_to_mnemonic(ENTROPY), "tree")
    public = ExtendedKey.from_seed(seed).child(2, hardened=True).public_key.to_bytes()
    signed = b"privshare/v1/privdata-signature" + context + blob[:-64]
    der = coincurve.ecdsa.cdata_to_der(coincurve.ecdsa.deserialize_compact(signature))
    assert coincurve.PublicKey(public).verify(der, signed)
    secret, read = privdata.open_sealed(blob, password, username=NAME, host=HOST)
    assert (secret.entropy, secret.passphrase, read.counter) == (
        ENTROPY,
        "tree",
        0x0102030405060708,
    )


@settings(max_examples=25, deadline=None)
@given(
    size=st.sampled_from([16, 20, 24, 28, 32]),
    data=st.data(),
    passphrase=st.text(max_size=40),
    password=st.text(min_size=1, max_size=40),
    counter=st.integers(0, 2**64 - 1),
)
def test_round_trip(
    size: int, data: st.DataObject, passphrase: str, password: str, counter: int
) -> None:
    entropy = data.draw(st.binary(min_size=size, max_size=size))
    secret = Secret(entropy, passphrase)
    blob = seal(secret, password, counter)
    opened, header = privdata.open_sealed(
        blob, password, username=NAME, host=HOST, stretch=cheap_stretch
    )
    assert opened == secret and header.counter == counter
    public = privdata.identity_of(secret).public_key
    assert privdata.verify_signature(blob, public, username=NAME, host=HOST).counter == counter


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_changed_byte_is_refused(data: st.DataObject) -> None:
    blob = seal()
    position = data.draw(st.integers(0, len(blob) - 1))
    flip = data.draw(st.integers(1, 255))
    changed = bytearray(blob)
    changed[position] ^= flip
    with pytest.raises(AccountDataError):
        privdata.open_sealed(bytes(changed), "pw", username=NAME, host=HOST, stretch=cheap_stretch)


@pytest.mark.parametrize("cut", [1, 10, 60, 100, 200])
def test_truncated_or_extended_is_refused(cut: int) -> None:
    blob = seal()
    for bad in (b"", blob[: len(blob) - cut], blob + b"\x00" * cut):
        with pytest.raises(AccountDataError):
            privdata.open_sealed(bad, "pw", username=NAME, host=HOST, stretch=cheap_stretch)


def test_wrong_password_user_or_host_is_refused() -> None:
    blob = seal()
    for password, name, host in [("pW", NAME, HOST), ("pw", "bob", HOST), ("pw", NAME, "other")]:
        with pytest.raises(AccountDataError, match="changed account data"):
            privdata.open_sealed(blob, password, username=name, host=host, stretch=cheap_stretch)


def test_a_blob_signed_by_another_identity_is_refused() -> None:
    other = Secret(b"\x09" * 32)
    resealed = seal(other)  # a valid blob, but of another account
    with pytest.raises(AccountDataError, match="not signed"):
        privdata.verify_signature(resealed, IDENTITY.public_key, username=NAME, host=HOST)


def _with_header(
    blob: bytes,
    *,
    version: int = 1,
    kdf: int = 1,
    iterations: int = 210_000,
    salt_size: int | None = None,
) -> bytes:
    size = blob[10] if salt_size is None else salt_size
    fixed = b"PSPD" + bytes([version, kdf]) + struct.pack(">I", iterations) + bytes([size])
    return fixed + blob[11:]


@pytest.mark.parametrize(
    "change",
    [
        {"iterations": 209_999},
        {"iterations": 1},
        {"kdf": 2},
        {"kdf": 0},
        {"salt_size": 15},
        {"salt_size": 0},
    ],
)
def test_downgrade_is_refused_before_the_password_is_used(change: dict[str, int]) -> None:
    calls: list[int] = []

    def spy(password: bytes, salt: bytes, iterations: int) -> bytes:
        calls.append(iterations)
        return cheap_stretch(password, salt, iterations)

    tampered = _with_header(seal(), **change)
    with pytest.raises(PrivDataDowngradeError) as caught:
        privdata.open_sealed(tampered, "pw", username=NAME, host=HOST, stretch=spy)
    assert calls == [], "the password was stretched with parameters below the floor"
    assert isinstance(caught.value, TamperingDetectedError)
    assert "safe minimum" in str(caught.value)


def test_unknown_version_and_oversized_cost_are_refused_before_the_password() -> None:
    def never(password: bytes, salt: bytes, iterations: int) -> bytes:
        raise AssertionError("stretched")

    for tampered in (
        _with_header(seal(), version=2),
        _with_header(seal(), iterations=50_000_001),
        b"XXXX" + seal()[4:],
    ):
        with pytest.raises(AccountDataError) as caught:
            privdata.open_sealed(tampered, "pw", username=NAME, host=HOST, stretch=never)
        assert not isinstance(caught.value, PrivDataDowngradeError)


def test_real_pbkdf2_is_the_default_stretch() -> None:
    blob = seal(stretch=privdata.pbkdf2_stretch)
    with pytest.raises(AccountDataError):  # sealed with PBKDF2, opened with the stand-in
        privdata.open_sealed(blob, "pw", username=NAME, host=HOST, stretch=cheap_stretch)
    secret, _ = privdata.open_sealed(blob, "pw", username=NAME, host=HOST)
    assert secret == SECRET


def test_seal_refuses_parameters_it_would_itself_refuse() -> None:
    with pytest.raises(ValueError):
        seal(iterations=209_999)
    with pytest.raises(ValueError):
        privdata.seal(
            Secret(b"\x00" * 15),
            "pw",
            username=NAME,
            host=HOST,
            counter=1,
            identity=IDENTITY.private_key,  # type: ignore[arg-type]
        )
    with pytest.raises(ValueError):
        seal(counter=-1)
