"""Key slots and the sealed body (FORMAT.md §1-§2): what wraps the DEK and what it opens.

Failures are named here for what they mean: a password slot that does not open is a
wrong password, a device slot that does not open is a stale device key, a body that
does not open under a DEK some slot gave is corruption.
"""

from __future__ import annotations

import secrets
from dataclasses import replace

from app.crypto.errors import DecryptionError
from app.vault import keys
from app.vault.body import VaultBody
from app.vault.errors import DeviceKeyError, VaultCorruptedError, WrongPasswordError
from app.vault.fileformat import (
    SALT_SIZE,
    SLOT_ID_SIZE,
    DeviceSlot,
    KdfParams,
    PasswordSlot,
    VaultFile,
    version_prefix,
)

__all__ = [
    "new_device_slot",
    "open_body",
    "open_device_slot",
    "open_password_slot",
    "seal_body",
    "with_password_slot",
]


def with_password_slot(
    base: VaultFile | None,
    password: str,
    dek: bytearray,
    kdf: KdfParams,
    randbytes: keys.RandBytes = secrets.token_bytes,
) -> VaultFile:
    """`base` (or an empty file) with a fresh salt and a password slot wrapping `dek`."""
    draft = VaultFile(
        kdf=kdf,
        salt=randbytes(SALT_SIZE),
        password_slot=PasswordSlot(b"", b""),
        device_slot=base.device_slot if base else None,
        body_nonce=base.body_nonce if base else b"",
        body=base.body if base else b"",
    )
    kek = keys.password_kek(password, draft.salt, kdf)
    try:
        nonce, wrapped = keys.seal(kek, bytes(dek), draft.kdf_header(), randbytes)
    finally:
        keys.wipe(kek)
    return replace(draft, password_slot=PasswordSlot(nonce, wrapped))


def open_password_slot(file: VaultFile, password: str) -> bytearray:
    """The DEK, or `WrongPasswordError`."""
    kek = keys.password_kek(password, file.salt, file.kdf)
    slot = file.password_slot
    try:
        return bytearray(keys.open_sealed(kek, slot.nonce, slot.wrapped, file.kdf_header()))
    except DecryptionError:
        raise WrongPasswordError() from None
    finally:
        keys.wipe(kek)


def new_device_slot(
    dek: bytearray, device_key: bytearray, randbytes: keys.RandBytes = secrets.token_bytes
) -> DeviceSlot:
    """A device slot with a fresh id wrapping `dek` under `device_key`."""
    slot_id = randbytes(SLOT_ID_SIZE)
    kek = keys.device_kek(device_key)
    try:
        nonce, wrapped = keys.seal(kek, bytes(dek), version_prefix() + slot_id, randbytes)
    finally:
        keys.wipe(kek)
    return DeviceSlot(slot_id, nonce, wrapped)


def open_device_slot(slot: DeviceSlot, device_key: bytes) -> bytearray:
    """The DEK, or `DeviceKeyError` when the remembered key no longer opens the slot."""
    kek = keys.device_kek(device_key)
    try:
        aad = version_prefix() + slot.slot_id
        return bytearray(keys.open_sealed(kek, slot.nonce, slot.wrapped, aad))
    except DecryptionError:
        raise DeviceKeyError(
            "the key this device remembers no longer opens the vault: unlock with your password"
        ) from None
    finally:
        keys.wipe(kek)


def seal_body(
    file: VaultFile,
    body: VaultBody,
    dek: bytearray,
    randbytes: keys.RandBytes = secrets.token_bytes,
) -> VaultFile:
    """`file` with `body` sealed under the DEK, a fresh nonce, and the header as AAD."""
    body_key = keys.body_key(dek)
    try:
        nonce, sealed = keys.seal(body_key, body.pack(), file.header(), randbytes)
    finally:
        keys.wipe(body_key)
    return replace(file, body_nonce=nonce, body=sealed)


def open_body(file: VaultFile, dek: bytearray) -> VaultBody:
    """The body under a DEK some slot gave; any failure is `VaultCorruptedError`."""
    body_key = keys.body_key(dek)
    try:
        plain = keys.open_sealed(body_key, file.body_nonce, file.body, file.header())
    except DecryptionError:
        raise VaultCorruptedError() from None
    finally:
        keys.wipe(body_key)
    return VaultBody.unpack(plain)
