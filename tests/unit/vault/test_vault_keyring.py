"""'Remember on this device': the device slot and the OS keyring, including no keyring at all."""

from __future__ import annotations

from collections.abc import Callable

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from vault_helpers import PASSWORD, MemoryKeyring

from app.vault import (
    DeviceKeyError,
    KeyringUnavailableError,
    Profile,
    Vault,
)
from app.vault.keystore import KEYRING_SERVICE

MakeVault = Callable[..., tuple[Vault, str]]


def test_remember_then_unlock_without_the_password(
    make_vault: MakeVault, profile: Profile, memory_keyring: MemoryKeyring
) -> None:
    assert type(keyring.get_keyring()) is MemoryKeyring  # never a real keyring in tests
    vault, phrase = make_vault()
    assert not vault.is_remembered
    vault.remember_on_device(True)
    assert vault.is_remembered
    ((service, _),) = memory_keyring.entries
    assert service == KEYRING_SERVICE

    reopened = Vault.open(profile)
    assert reopened.is_remembered
    reopened.unlock_with_device_key()
    assert reopened.mnemonic == phrase
    reopened.lock()
    reopened.unlock(PASSWORD)  # the password still works as well
    assert reopened.mnemonic == phrase


def test_forgetting_removes_the_slot_and_the_keyring_entry(
    make_vault: MakeVault, profile: Profile, memory_keyring: MemoryKeyring
) -> None:
    vault, _ = make_vault()
    vault.remember_on_device(True)
    vault.remember_on_device(False)
    assert memory_keyring.entries == {}
    reopened = Vault.open(profile)
    assert not reopened.is_remembered
    with pytest.raises(DeviceKeyError, match="unlock it with your password"):
        reopened.unlock_with_device_key()
    vault.remember_on_device(False)  # forgetting twice is harmless


def test_remembering_again_replaces_the_old_key(
    make_vault: MakeVault, profile: Profile, memory_keyring: MemoryKeyring
) -> None:
    vault, _ = make_vault()
    vault.remember_on_device(True)
    first = dict(memory_keyring.entries)
    vault.remember_on_device(True)
    assert len(memory_keyring.entries) == 1 and memory_keyring.entries != first
    Vault.open(profile).unlock_with_device_key()


def test_a_missing_or_stale_keyring_entry(
    make_vault: MakeVault, profile: Profile, memory_keyring: MemoryKeyring
) -> None:
    vault, _ = make_vault()
    vault.remember_on_device(True)
    ((entry, _),) = memory_keyring.entries.items()

    memory_keyring.entries[entry] = "00" * 32  # another key under the same name
    with pytest.raises(DeviceKeyError, match="no longer opens"):
        Vault.open(profile).unlock_with_device_key()
    memory_keyring.entries[entry] = "not hex"
    with pytest.raises(DeviceKeyError):
        Vault.open(profile).unlock_with_device_key()
    memory_keyring.entries.clear()
    with pytest.raises(DeviceKeyError):
        Vault.open(profile).unlock_with_device_key()


class _PlaintextKeyring(MemoryKeyring):
    """Looks like keyrings.alt's plaintext file backend."""


_PlaintextKeyring.__module__ = "keyrings.alt.file"
_PlaintextKeyring.__name__ = "PlaintextKeyring"


class _BrokenKeyring(MemoryKeyring):
    """A backend whose every call fails, as a D-Bus Secret Service can."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("locked collection")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("dbus")


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (keyring.backends.fail.Keyring(), "no system keyring is available"),
        (keyring.backends.null.Keyring(), "turned off"),
        (_PlaintextKeyring(), "plain text"),
        (_BrokenKeyring(), "the system keyring failed"),
    ],
    ids=["fail", "null", "plaintext", "broken"],
)
def test_no_usable_keyring_falls_back_honestly(
    make_vault: MakeVault, profile: Profile, backend: KeyringBackend, reason: str
) -> None:
    vault, phrase = make_vault()
    before = profile.vault_path.read_bytes()
    keyring.set_keyring(backend)
    with pytest.raises(KeyringUnavailableError, match=reason) as caught:
        vault.remember_on_device(True)
    assert "password" in str(caught.value) and "\n" not in str(caught.value)
    assert profile.vault_path.read_bytes() == before  # nothing half-remembered
    assert not vault.is_remembered
    assert vault.mnemonic == phrase  # still usable with the password


def test_a_keyring_that_disappears_after_remembering(
    make_vault: MakeVault, profile: Profile
) -> None:
    vault, _ = make_vault()
    vault.remember_on_device(True)
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(KeyringUnavailableError):
        Vault.open(profile).unlock_with_device_key()
    vault.remember_on_device(False)  # the slot goes even though the entry cannot be deleted
    assert not Vault.open(profile).is_remembered
