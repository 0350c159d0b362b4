"""FORMAT.md v1, byte by byte: an independent reader, and every kind of structural damage."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable

import msgpack
import nacl.pwhash.argon2id
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from vault_helpers import NOW, PASSWORD

from app.crypto import bip39
from app.vault import (
    KDF_FLOOR,
    Profile,
    UnsupportedVaultVersionError,
    Vault,
    VaultCorruptedError,
)

MakeVault = Callable[..., tuple[Vault, str]]


def _hkdf(ikm: bytes, label: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"privshare/v1/" + label).derive(ikm)


def _reseal(data: bytes) -> bytes:
    """Recompute the trailing SHA-256 after a deliberate change (damage that is not random)."""
    content = data[:-32]
    return content + hashlib.sha256(content).digest()


def _patch(data: bytes, offset: int, new: bytes) -> bytes:
    return _reseal(data[:offset] + new + data[offset + len(new) :])


def test_an_independent_reader_following_format_md_opens_the_file(
    make_vault: MakeVault, profile: Profile
) -> None:
    vault, phrase = make_vault(passphrase="pp")
    vault.set_address("alice#example.org")
    data = profile.vault_path.read_bytes()

    assert data[:8] == b"PSVAULT\x00"
    version, kdf_id, ops, mem = struct.unpack(">HBII", data[8:19])
    assert (version, kdf_id, ops, mem) == (1, 1, KDF_FLOOR.ops_limit, KDF_FLOOR.mem_limit)
    salt, pw_nonce, pw_wrapped = data[19:35], data[35:47], data[47:95]
    assert data[95] == 0  # no device slot
    header = data[:96]
    body_nonce = data[96:108]
    (length,) = struct.unpack(">I", data[108:112])
    body = data[112 : 112 + length]
    assert len(data) == 112 + length + 32
    assert data[-32:] == hashlib.sha256(data[:-32]).digest()

    pw_key = nacl.pwhash.argon2id.kdf(32, PASSWORD.encode(), salt, opslimit=ops, memlimit=mem)
    kek = _hkdf(pw_key, b"vault/password-slot")
    dek = AESGCM(kek).decrypt(pw_nonce, pw_wrapped, data[:35])
    plain = AESGCM(_hkdf(dek, b"vault/body")).decrypt(body_nonce, body, header)
    fields = msgpack.unpackb(plain)
    assert bip39.entropy_to_mnemonic(fields["entropy"]) == phrase
    assert fields["passphrase_used"] is True and fields["passphrase"] == "pp"
    assert fields["address"] == "alice#example.org"
    assert fields["created_at"] == NOW
    assert fields["server_keys"] == {} and fields["pki_checkpoints"] == {}
    assert fields["item_versions"] == {}


def test_device_slot_layout(make_vault: MakeVault, profile: Profile, memory_keyring) -> None:
    vault, _ = make_vault()
    vault.remember_on_device(True)
    data = profile.vault_path.read_bytes()
    assert data[95] == 1
    slot_id, nonce, wrapped = data[96:112], data[112:124], data[124:172]
    device_key = bytes.fromhex(memory_keyring.entries[("Privshare vault", slot_id.hex())])
    dek = AESGCM(_hkdf(device_key, b"vault/device-slot")).decrypt(
        nonce, wrapped, data[:10] + slot_id
    )
    (length,) = struct.unpack(">I", data[184:188])
    AESGCM(_hkdf(dek, b"vault/body")).decrypt(data[172:184], data[188 : 188 + length], data[:172])
    assert len(data) == 188 + length + 32


def test_every_byte_flipped_is_corruption_and_leaves_the_file_alone(
    make_vault: MakeVault, profile: Profile
) -> None:
    vault, _ = make_vault()
    vault.remember_on_device(True)  # cover the device slot too
    good = profile.vault_path.read_bytes()
    for position in range(len(good)):
        for mask in (0x01, 0x80):
            damaged = bytearray(good)
            damaged[position] ^= mask
            profile.vault_path.write_bytes(damaged)
            with pytest.raises(VaultCorruptedError):
                Vault.open(profile)
            assert profile.vault_path.read_bytes() == damaged, f"byte {position} rewritten"
    profile.vault_path.write_bytes(good)
    Vault.open(profile).unlock(PASSWORD)


def test_every_truncation_and_any_extra_byte_is_corruption(
    make_vault: MakeVault, profile: Profile
) -> None:
    make_vault()
    good = profile.vault_path.read_bytes()
    for size in range(len(good)):
        profile.vault_path.write_bytes(good[:size])
        with pytest.raises(VaultCorruptedError):
            Vault.open(profile)
    for extra in (b"\x00", good[-32:]):
        profile.vault_path.write_bytes(good + extra)
        with pytest.raises(VaultCorruptedError):
            Vault.open(profile)


def test_a_file_that_is_not_a_vault(profile: Profile) -> None:
    profile.ensure()
    for junk in (b"", b"PSVAULT\x00", b"x" * 400, b"PK\x03\x04" + bytes(300)):
        profile.vault_path.write_bytes(junk)
        with pytest.raises(VaultCorruptedError, match="not a Privshare vault"):
            Vault.open(profile)


@pytest.mark.parametrize("version", [0, 2, 0xFFFF])
def test_other_versions_are_refused_clearly(
    make_vault: MakeVault, profile: Profile, version: int
) -> None:
    make_vault()
    data = _patch(profile.vault_path.read_bytes(), 8, struct.pack(">H", version))
    profile.vault_path.write_bytes(data)
    with pytest.raises(UnsupportedVaultVersionError, match=f"version {version}.*update Privshare"):
        Vault.open(profile)


@pytest.mark.parametrize(
    ("offset", "new", "message"),
    [
        (10, b"\x02", "damaged"),  # unknown KDF id
        (11, struct.pack(">I", KDF_FLOOR.ops_limit - 1), "below the safe minimum"),
        (15, struct.pack(">I", KDF_FLOOR.mem_limit - 1), "below the safe minimum"),
        (11, struct.pack(">I", 11), "beyond what Privshare accepts"),
        (15, struct.pack(">I", 1024 * 1024 * 1024 + 1), "beyond what Privshare accepts"),
        (95, b"\x02", "damaged"),  # device slot flag
        (108, struct.pack(">I", 15), "damaged"),  # body shorter than a tag
        (108, struct.pack(">I", 10_000), "damaged"),  # body length past the end
    ],
)
def test_well_checksummed_but_malformed_headers_are_refused_before_any_kdf(
    make_vault: MakeVault, profile: Profile, offset: int, new: bytes, message: str
) -> None:
    make_vault()
    data = _patch(profile.vault_path.read_bytes(), offset, new)
    profile.vault_path.write_bytes(data)
    with pytest.raises(VaultCorruptedError, match=message):
        Vault.open(profile)
    assert profile.vault_path.read_bytes() == data


def test_the_reader_accepts_exactly_the_floor(tmp_path) -> None:
    Vault.create(tmp_path / "p", PASSWORD, now=NOW, kdf=KDF_FLOOR)
    assert Vault.open(tmp_path / "p").kdf == KDF_FLOOR
