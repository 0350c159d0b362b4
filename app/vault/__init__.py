"""The local key vault: one account's recovery phrase, key tree and local state, encrypted
at rest (FORMAT.md), with an optional device key in the OS keyring.

Public surface: `Vault`, `Profile`, `KdfParams` (`DEFAULT_KDF`, `KDF_FLOOR`),
the errors under `VaultError`, and `DeviceKeyStore`/`OsKeyring`.
"""

from app.vault.errors import (
    DeviceKeyError,
    InvalidPhraseError,
    ItemRollbackError,
    KeyringUnavailableError,
    NoVaultError,
    PinnedKeyChangedError,
    UnsupportedVaultVersionError,
    VaultChangedError,
    VaultCorruptedError,
    VaultError,
    VaultExistsError,
    VaultFullError,
    VaultLockedError,
    WrongPasswordError,
)
from app.vault.fileformat import DEFAULT_KDF, KDF_FLOOR, KdfParams
from app.vault.keystore import DeviceKeyStore, OsKeyring
from app.vault.profile import Profile
from app.vault.vault import State, Vault

__all__ = [
    "DEFAULT_KDF",
    "KDF_FLOOR",
    "DeviceKeyError",
    "DeviceKeyStore",
    "InvalidPhraseError",
    "ItemRollbackError",
    "KdfParams",
    "KeyringUnavailableError",
    "NoVaultError",
    "OsKeyring",
    "PinnedKeyChangedError",
    "Profile",
    "State",
    "UnsupportedVaultVersionError",
    "Vault",
    "VaultChangedError",
    "VaultCorruptedError",
    "VaultError",
    "VaultExistsError",
    "VaultFullError",
    "VaultLockedError",
    "WrongPasswordError",
]
