"""The errors of `app.vault`, all under one root. Each message is one line saying what to do.

VaultError
├── NoVaultError              there is no vault in this profile yet
├── VaultExistsError          a vault is already there (create refuses to overwrite it)
├── VaultLockedError          the vault must be unlocked first (you misused the API)
├── InvalidPhraseError        the recovery phrase given to restore is not valid (says which word)
├── WrongPasswordError        the password does not open the vault
├── DeviceKeyError            this device does not remember the vault (or its key is stale)
├── KeyringUnavailableError   no usable OS keyring (the message says why)
├── VaultCorruptedError       the file is damaged or was tampered with (left untouched)
├── UnsupportedVaultVersionError the file was written by a newer Privshare
├── VaultChangedError         another Privshare changed the file since this one read it
├── VaultFullError            the local state outgrew the format's 16 MiB body limit
├── PinnedKeyChangedError     a server shows a key other than the pinned one
└── ItemRollbackError         an item's version went backwards (a server replaying old data)
"""

from __future__ import annotations


class VaultError(Exception):
    """Root of every error raised by app.vault."""

    default_message = "the vault could not be used"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class NoVaultError(VaultError):
    """The profile folder has no vault.bin."""

    default_message = (
        "there is no vault in this profile yet: create one or restore from your phrase"
    )


class VaultExistsError(VaultError):
    """Creating or restoring would overwrite an existing vault."""

    default_message = (
        "a vault already exists in this profile: open it, or choose another profile folder"
    )


class VaultLockedError(VaultError):
    """An operation that needs the keys was called while the vault is locked."""

    default_message = "the vault is locked: unlock it with your password first"


class InvalidPhraseError(VaultError):
    """The recovery phrase is not valid; the message names the word or what is wrong."""

    default_message = "the recovery phrase is not valid: check every word and their order"


class WrongPasswordError(VaultError):
    """The password slot did not open: the password is wrong."""

    default_message = "wrong password: check it and try again"


class DeviceKeyError(VaultError):
    """The OS keyring holds no key for this vault, or the key it holds does not open it."""

    default_message = "this device does not remember the vault: unlock it with your password"


class KeyringUnavailableError(VaultError):
    """No usable OS keyring; the message says why in a plain sentence."""

    default_message = "no usable system keyring was found: unlock with your password instead"


class VaultCorruptedError(VaultError):
    """The file is damaged or was tampered with. It has not been changed."""

    default_message = (
        "the vault file is damaged and was left untouched: restore vault.bin.bak "
        "or your recovery phrase"
    )


class UnsupportedVaultVersionError(VaultError):
    """The file's format version is not one this program knows."""

    default_message = "the vault was written by a newer Privshare: update Privshare to open it"


class VaultChangedError(VaultError):
    """The file on disk is not the one this vault last read or wrote; nothing was written."""

    default_message = (
        "the vault was changed by another Privshare window or process: "
        "close this one and open the vault again"
    )


class VaultFullError(VaultError):
    """The body would exceed the 16 MiB the format allows; nothing was written."""

    default_message = (
        "the vault's local records exceed 16 MiB: nothing was saved; report this to the developers"
    )


class PinnedKeyChangedError(VaultError):
    """A server presented a key other than the one pinned for it."""

    def __init__(self, host: str) -> None:
        super().__init__(
            f"the server key of {host} has changed: do not continue unless its operator "
            "confirms the new key"
        )
        self.host = host


class ItemRollbackError(VaultError):
    """An item version lower than the highest one already seen."""

    def __init__(self, item_id: str, seen: int, offered: int) -> None:
        super().__init__(
            f"item {item_id} went back from version {seen} to {offered}: the server may be "
            "replaying old data, do not trust it"
        )
        self.item_id = item_id
        self.seen = seen
        self.offered = offered
