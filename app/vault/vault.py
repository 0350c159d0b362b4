"""`Vault`: one account's root secret and local state, encrypted at rest (FORMAT.md).

States: LOCKED (only the file's public header is known) and UNLOCKED (DEK, body, seed in
memory). `create`/`restore` give an unlocked vault, `open` a locked one; `lock()` zeroes
the DEK, entropy and seed (best effort: Python may keep other copies of bytes it made).
Every setter rewrites the file atomically and changes memory only once the write held.
"""

from __future__ import annotations

import enum
import os
import secrets
import threading
from dataclasses import replace

from app.crypto import bip39
from app.crypto.bip32 import ExtendedKey
from app.crypto.errors import MnemonicError
from app.vault import keys, slots
from app.vault.body import VaultBody
from app.vault.errors import (
    DeviceKeyError,
    InvalidPhraseError,
    KeyringUnavailableError,
    NoVaultError,
    VaultChangedError,
    VaultExistsError,
    VaultLockedError,
)
from app.vault.fileformat import (
    DEFAULT_KDF,
    KDF_CEILING,
    KDF_FLOOR,
    MAX_FILE,
    DeviceSlot,
    KdfParams,
    PasswordSlot,
    VaultFile,
)
from app.vault.keystore import DeviceKeyStore, OsKeyring
from app.vault.profile import Profile
from app.vault.records import Records
from app.vault.storage import read_if_exists, write_with_backup

__all__ = ["State", "Vault"]

ProfileLike = Profile | str | os.PathLike[str] | None


class State(enum.Enum):
    LOCKED = "locked"
    UNLOCKED = "unlocked"


class _Secrets:
    """What exists only while unlocked. `wipe()` zeroes what can be zeroed."""

    def __init__(self, dek: bytearray, body: VaultBody) -> None:
        self.dek = dek
        self.body = body
        phrase = bip39.entropy_to_mnemonic(bytes(body.entropy))
        self.seed = bytearray(bip39.mnemonic_to_seed(phrase, body.passphrase))
        self.master: ExtendedKey | None = None
        self.wiped = False

    def wipe(self) -> None:
        self.wiped = True
        keys.wipe(self.dek)
        keys.wipe(self.seed)
        self.body.wipe()
        self.master = None


class Vault:
    """The local key vault of one profile. Build it with `create`, `restore` or `open`."""

    FILES = 0
    INBOXES = 1
    IDENTITY = 2
    DEVICES = 3
    SETTINGS = 9

    def __init__(
        self,
        profile: Profile,
        file: VaultFile,
        *,
        keystore: DeviceKeyStore | None = None,
        randbytes: keys.RandBytes = secrets.token_bytes,
    ) -> None:
        """Internal: use `create`, `restore` or `open`."""
        self._profile = profile
        self._file = file
        self._keystore: DeviceKeyStore = keystore if keystore is not None else OsKeyring()
        self._randbytes = randbytes
        self._secrets: _Secrets | None = None
        self._on_disk: bytes | None = None  # the file as last read or written
        self._guard = threading.RLock()  # one writer at a time among this process's threads
        self._records = Records(self._body, self._save_body, self._guard)

    def __repr__(self) -> str:
        return f"Vault({str(self._profile.root)!r}, {self.state.value})"

    # ---- building --------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        profile: ProfileLike,
        password: str,
        *,
        passphrase: str = "",
        now: float,
        kdf: KdfParams = DEFAULT_KDF,
        keystore: DeviceKeyStore | None = None,
        randbytes: keys.RandBytes = secrets.token_bytes,
    ) -> tuple[Vault, str]:
        """A new vault with a fresh 24-word phrase; returns (unlocked vault, phrase)."""
        where = Profile.at(profile)
        if where.has_vault():  # before any randomness or KDF work
            raise VaultExistsError()
        phrase = bip39.generate_mnemonic(256, randbytes)
        vault = cls(where, _EMPTY, keystore=keystore, randbytes=randbytes)
        vault._initialise(phrase, password, passphrase, now, kdf)
        return vault, phrase

    @classmethod
    def restore(
        cls,
        profile: ProfileLike,
        mnemonic: str,
        password: str,
        *,
        passphrase: str = "",
        now: float,
        kdf: KdfParams = DEFAULT_KDF,
        keystore: DeviceKeyStore | None = None,
        randbytes: keys.RandBytes = secrets.token_bytes,
    ) -> Vault:
        """A new vault from an existing 12-24 word phrase (same phrase, same keys)."""
        try:
            phrase = bip39.validate_mnemonic(mnemonic)
        except MnemonicError as exc:
            raise InvalidPhraseError(str(exc)) from None
        vault = cls(Profile.at(profile), _EMPTY, keystore=keystore, randbytes=randbytes)
        vault._initialise(phrase, password, passphrase, now, kdf)
        return vault

    def _initialise(
        self, phrase: str, password: str, passphrase: str, now: float, kdf: KdfParams
    ) -> None:
        _check_new_password(password)
        _check_new_kdf(kdf)
        if self._profile.has_vault():
            raise VaultExistsError()
        self._profile.ensure()
        body = VaultBody(
            entropy=bytearray(bip39.mnemonic_to_entropy(phrase)),
            passphrase=passphrase,
            created_at=int(now),
        )
        dek = bytearray(self._randbytes(keys.DEK_SIZE))
        file = slots.with_password_slot(None, password, dek, kdf, self._randbytes)
        self._commit(file, _Secrets(dek, body))

    @classmethod
    def open(
        cls,
        profile: ProfileLike,
        *,
        keystore: DeviceKeyStore | None = None,
        randbytes: keys.RandBytes = secrets.token_bytes,
    ) -> Vault:
        """The vault of a profile, locked. Checks the file's structure, never writes."""
        where = Profile.at(profile)
        data = read_if_exists(where.vault_path, MAX_FILE)
        if data is None:
            raise NoVaultError()
        vault = cls(where, VaultFile.parse(data), keystore=keystore, randbytes=randbytes)
        vault._on_disk = data
        return vault

    # ---- state -----------------------------------------------------------------------

    @property
    def profile(self) -> Profile:
        return self._profile

    @property
    def state(self) -> State:
        return State.LOCKED if self._secrets is None else State.UNLOCKED

    @property
    def is_locked(self) -> bool:
        return self._secrets is None

    @property
    def kdf(self) -> KdfParams:
        return self._file.kdf

    @property
    def is_remembered(self) -> bool:
        """Whether the file has a device slot ("remember on this device")."""
        return self._file.device_slot is not None

    def unlock(self, password: str) -> None:
        """Open the vault with its password (`WrongPasswordError` if it does not)."""
        self._adopt(slots.open_password_slot(self._file, password))

    def unlock_with_device_key(self) -> None:
        """Open the vault with the key this device keeps in the OS keyring."""
        slot = self._file.device_slot
        if slot is None:
            raise DeviceKeyError()
        device_key = self._keystore.load(slot.slot_id)
        if device_key is None:
            raise DeviceKeyError()
        self._adopt(slots.open_device_slot(slot, device_key))

    def lock(self) -> None:
        """Forget the DEK, the entropy, the seed and every derived key (never in the middle
        of a write: `_commit` would put the wiped secrets back)."""
        with self._guard:
            if self._secrets is not None:
                self._secrets.wipe()
                self._secrets = None

    def _adopt(self, dek: bytearray) -> None:
        try:
            body = slots.open_body(self._file, dek)
        except BaseException:
            keys.wipe(dek)
            raise
        self.lock()
        self._secrets = _Secrets(dek, body)

    def _unlocked(self) -> _Secrets:
        if self._secrets is None:
            raise VaultLockedError()
        return self._secrets

    # ---- secrets and keys ------------------------------------------------------------

    @property
    def mnemonic(self) -> str:
        """The 12-24 word recovery phrase (unlocked only). Show it, never log it."""
        return bip39.entropy_to_mnemonic(bytes(self._unlocked().body.entropy))

    @property
    def passphrase_used(self) -> bool:
        return self._unlocked().body.passphrase_used

    def _master(self) -> ExtendedKey:
        secrets_ = self._unlocked()
        if secrets_.master is None:
            secrets_.master = ExtendedKey.from_seed(bytes(secrets_.seed))
        return secrets_.master

    def key_for(self, path: str) -> ExtendedKey:
        """The extended private key at a BIP-32 path such as "m/0'/17'" (DESIGN §3)."""
        return self._master().derive(path)

    def branch(self, index: int) -> ExtendedKey:
        """The key of a fixed hardened branch, e.g. `vault.branch(Vault.FILES)`."""
        return self._master().child(index, hardened=True)

    @property
    def identity_key(self) -> ExtendedKey:
        """m/2': the account's identity key."""
        return self.branch(self.IDENTITY)

    def device_key(self, index: int) -> ExtendedKey:
        """m/3'/index': the login key of one linked device."""
        return self.branch(self.DEVICES).child(index, hardened=True)

    # ---- password and device slot ----------------------------------------------------

    def change_password(self, old: str, new: str, *, kdf: KdfParams | None = None) -> None:
        """Re-wrap the DEK under a new password (fresh salt); the previous file goes to .bak."""
        secrets_ = self._unlocked()
        _check_new_password(new)
        params = kdf or self._file.kdf
        _check_new_kdf(params)
        keys.wipe(slots.open_password_slot(self._file, old))
        file = slots.with_password_slot(self._file, new, secrets_.dek, params, self._randbytes)
        self._commit(file, secrets_)

    def remember_on_device(self, enabled: bool) -> None:
        """Keep (or stop keeping) a device key in the OS keyring that opens this vault."""
        secrets_ = self._unlocked()
        old_slot = self._file.device_slot
        if enabled:
            self._add_device_slot(secrets_)
        elif old_slot is not None:
            self._commit(replace(self._file, device_slot=None), secrets_)
        if old_slot is not None:
            self._forget_device_key(old_slot)

    def _add_device_slot(self, secrets_: _Secrets) -> None:
        device_key = bytearray(self._randbytes(keys.DEK_SIZE))
        try:
            slot = slots.new_device_slot(secrets_.dek, device_key, self._randbytes)
            self._keystore.save(slot.slot_id, bytes(device_key))
        finally:
            keys.wipe(device_key)
        try:
            self._commit(replace(self._file, device_slot=slot), secrets_)
        except BaseException:
            self._forget_device_key(slot)
            raise

    def _forget_device_key(self, slot: DeviceSlot) -> None:
        try:
            self._keystore.delete(slot.slot_id)
        except KeyringUnavailableError:
            pass  # the slot is gone from the file, so the stale key opens nothing

    # ---- local records (records.py): what pins, checkpoints and version marks read ----

    @property
    def created_at(self) -> int:
        """When the vault was made, Unix seconds."""
        return self._records.created_at

    @property
    def address(self) -> str:
        """The account, "name#host", or "" before one is registered."""
        return self._records.address

    def set_address(self, address: str) -> None:
        self._records.set_address(address)

    def server_key(self, host: str) -> bytes | None:
        """The server key pinned for `host` (33-byte compressed), or None."""
        return self._records.server_key(host)

    def pin_server_key(self, host: str, key: bytes, *, replace: bool = False) -> None:
        """Pin `key` for `host` at first contact; a different key later raises
        `PinnedKeyChangedError` unless `replace=True` (the user confirmed it)."""
        self._records.pin_server_key(host, key, replace=replace)

    def forget_server_key(self, host: str) -> None:
        self._records.forget_server_key(host)

    def pki_checkpoint(self, host: str) -> bytes | None:
        """The last verified PKI tree head of `host` (opaque bytes), or None."""
        return self._records.pki_checkpoint(host)

    def set_pki_checkpoint(self, host: str, checkpoint: bytes) -> None:
        self._records.set_pki_checkpoint(host, checkpoint)

    def item_version(self, item_id: str) -> int | None:
        """The version high-water mark of an item, or None if never seen."""
        return self._records.item_version(item_id)

    def note_item_version(self, item_id: str, version: int) -> None:
        """Raise the item's version high-water mark; a version below it raises
        `ItemRollbackError`."""
        self._records.note_item_version(item_id, version)

    @property
    def device(self) -> tuple[int, str] | None:
        """(index, name) of this linked device's key m/3'/index', or None."""
        return self._records.device

    def set_device(self, index: int, name: str) -> None:
        self._records.set_device(index, name)

    # ---- persistence -----------------------------------------------------------------

    def _body(self) -> VaultBody:
        return self._unlocked().body

    def _save_body(self, body: VaultBody) -> None:
        self._commit(self._file, self._unlocked(), body=body)

    def _commit(
        self, file: VaultFile, secrets_: _Secrets, *, body: VaultBody | None = None
    ) -> None:
        """Seal the body into `file`, write it, then adopt the new state in memory."""
        new_body = secrets_.body if body is None else body
        final = slots.seal_body(file, new_body, secrets_.dek, self._randbytes)
        data = final.to_bytes()
        with self._guard:
            if secrets_.wiped:  # locked since they were read: the sealed body is of zeros
                raise VaultLockedError()
            self._check_unchanged_on_disk()
            write_with_backup(self._profile.vault_path, self._profile.backup_path, data)
            self._on_disk = data
            self._file = final
            secrets_.body = new_body
            self._secrets = secrets_

    def _check_unchanged_on_disk(self) -> None:
        """Refuse to overwrite changes another process made (they would be lost silently)."""
        current = read_if_exists(self._profile.vault_path, MAX_FILE)
        if current != self._on_disk:
            raise VaultExistsError() if self._on_disk is None else VaultChangedError()


_EMPTY = VaultFile(
    kdf=DEFAULT_KDF,
    salt=b"",
    password_slot=PasswordSlot(b"", b""),
    device_slot=None,
    body_nonce=b"",
    body=b"",
)


def _check_new_password(password: str) -> None:
    if not password:
        raise ValueError("the vault password must not be empty")


def _check_new_kdf(kdf: KdfParams) -> None:
    if not kdf.within_bounds():
        raise ValueError(
            f"Argon2id parameters must lie between {KDF_FLOOR} and {KDF_CEILING}, not {kdf}"
        )
