"""Deliberate changes with the checksum recomputed: what each region of the file protects.

An attacker who can write the file can also fix the unkeyed SHA-256, so what stops them
is AES-GCM: a changed password slot, salt or KDF parameter reads as a wrong password; a
changed body or any other header byte (the body's AAD) reads as corruption.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import msgpack
import pytest
from vault_helpers import PASSWORD

from app.vault import (
    DeviceKeyError,
    Profile,
    Vault,
    VaultCorruptedError,
    WrongPasswordError,
)
from app.vault.body import VaultBody
from app.vault.fileformat import VaultFile
from app.vault.slots import seal_body

MakeVault = Callable[..., tuple[Vault, str]]


def _flip(data: bytes, position: int) -> bytes:
    changed = bytearray(data[:-32])
    changed[position] ^= 0x04
    return bytes(changed) + hashlib.sha256(changed).digest()


def _samples(start: int, end: int) -> list[int]:
    return sorted({start, (start + end) // 2, end - 1})


def _unlock_error(profile: Profile, data: bytes, how: str) -> type[Exception] | None:
    profile.vault_path.write_bytes(data)
    vault = Vault.open(profile)
    try:
        if how == "password":
            vault.unlock(PASSWORD)
        else:
            vault.unlock_with_device_key()
    except (WrongPasswordError, VaultCorruptedError, DeviceKeyError) as exc:
        assert profile.vault_path.read_bytes() == data  # reading never writes
        assert vault.is_locked
        return type(exc)
    return None


@pytest.fixture
def remembered(make_vault: MakeVault, profile: Profile) -> bytes:
    vault, _ = make_vault()
    vault.set_address("alice#example.org")
    vault.remember_on_device(True)
    return profile.vault_path.read_bytes()


# offsets from FORMAT.md §1 with a device slot: H = 172
REGIONS = {
    "ops_limit": ((14, 15), WrongPasswordError, VaultCorruptedError),
    "mem_limit": ((16, 17), WrongPasswordError, VaultCorruptedError),
    "salt": ((19, 35), WrongPasswordError, VaultCorruptedError),
    "password slot nonce": ((35, 47), WrongPasswordError, VaultCorruptedError),
    "password slot": ((47, 95), WrongPasswordError, VaultCorruptedError),
    "device slot id": ((96, 112), VaultCorruptedError, DeviceKeyError),
    "device slot nonce": ((112, 124), VaultCorruptedError, DeviceKeyError),
    "device slot": ((124, 172), VaultCorruptedError, DeviceKeyError),
    "body nonce": ((172, 184), VaultCorruptedError, VaultCorruptedError),
    "body": ((188, -32), VaultCorruptedError, VaultCorruptedError),
}


@pytest.mark.parametrize("region", REGIONS)
def test_each_region_fails_as_it_should(remembered: bytes, profile: Profile, region: str) -> None:
    (start, end), by_password, by_device = REGIONS[region]
    end = end if end > 0 else len(remembered) + end
    for position in _samples(start, end):
        data = _flip(remembered, position)
        assert _unlock_error(profile, data, "password") is by_password, (region, position)
        assert _unlock_error(profile, data, "device") is by_device, (region, position)
    profile.vault_path.write_bytes(remembered)
    Vault.open(profile).unlock(PASSWORD)


def test_a_password_slot_from_another_vault_does_not_open_this_body(
    make_vault: MakeVault, profile: Profile, tmp_path
) -> None:
    """Same password, other vault: its slot gives another DEK, which fails on this body."""
    make_vault()
    mine = VaultFile.parse(profile.vault_path.read_bytes())
    Vault.create(tmp_path / "other", PASSWORD, now=0, kdf=mine.kdf)
    theirs = VaultFile.parse((tmp_path / "other" / "vault.bin").read_bytes())
    spliced = VaultFile(
        theirs.kdf, theirs.salt, theirs.password_slot, None, mine.body_nonce, mine.body
    )
    assert _unlock_error(profile, spliced.to_bytes(), "password") is VaultCorruptedError


class _RawBody(VaultBody):
    """A body whose msgpack is chosen by the test (sealed properly, so only the map is bad)."""

    raw: bytes = b""

    def pack(self) -> bytes:
        return self.raw


def _body_that_packs(raw: bytes) -> VaultBody:
    body = _RawBody(entropy=bytearray(32), passphrase="")
    object.__setattr__(body, "raw", raw)
    return body


GOOD = {
    "entropy": bytes(32),
    "passphrase_used": False,
    "passphrase": "",
    "address": "",
    "server_keys": {},
    "pki_checkpoints": {},
    "item_versions": {},
    "created_at": 0,
}


_MISSING = object()


def _with(**changes: object) -> bytes:
    fields = {**GOOD, **changes}
    return msgpack.packb({k: v for k, v in fields.items() if v is not _MISSING})


BAD_BODIES = [
    b"\xc1",  # a byte msgpack never uses
    b"\x93\x01\x02\x03",  # a list, not a map
    msgpack.packb({1: 2}),  # a non-string key
    _with(entropy=_MISSING),
    _with(entropy=bytes(31)),
    _with(entropy="x" * 32),
    _with(passphrase_used=True),  # says a passphrase is used, but it is empty
    _with(address=1),
    _with(server_keys={"h": "not bytes"}),
    _with(server_keys=[]),
    _with(item_versions={"a": -1}),
    _with(item_versions={"a": True}),
    _with(created_at="yesterday"),
]


@pytest.mark.parametrize("raw", BAD_BODIES)
def test_a_sealed_body_that_is_not_the_documented_map_is_corruption(
    make_vault: MakeVault, profile: Profile, raw: bytes
) -> None:
    vault, _ = make_vault()
    dek = vault._secrets.dek  # type: ignore[union-attr]
    forged = seal_body(vault._file, _body_that_packs(raw), dek)
    assert _unlock_error(profile, forged.to_bytes(), "password") is VaultCorruptedError


def test_the_documented_map_itself_opens(make_vault: MakeVault, profile: Profile) -> None:
    vault, _ = make_vault()
    dek = vault._secrets.dek  # type: ignore[union-attr]
    forged = seal_body(vault._file, _body_that_packs(_with()), dek)
    assert _unlock_error(profile, forged.to_bytes(), "password") is None
