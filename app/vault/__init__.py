"""The local key vault: one account's recovery phrase, key tree and local state, encrypted
at rest (FORMAT.md), with an optional device key in the OS keyring.

Public surface: `Vault`, `Profile`, `KdfParams` (`DEFAULT_KDF`, `KDF_FLOOR`),
the errors under `VaultError`, and `DeviceKeyStore`/`OsKeyring`.
"""

from app.vault.errors import (
    DeviceKeyError,
    InvalidPhraseError,
    KeyringUnavailableError,
    NoVaultError,
    RollbackError,
    ServerKeyChangedError,
    UnsupportedVersionError,
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
    "KdfParams",
    "KeyringUnavailableError",
    "NoVaultError",
    "OsKeyring",
    "Profile",
    "RollbackError",
    "ServerKeyChangedError",
    "State",
    "UnsupportedVersionError",
    "Vault",
    "VaultChangedError",
    "VaultCorruptedError",
    "VaultError",
    "VaultExistsError",
    "VaultFullError",
    "VaultLockedError",
    "WrongPasswordError",
]
