"""The frozen v1 vault (tests/fixtures/vault-v1.bin) must keep opening, forever.

It was made once (see vault-v1.json "about"); its expected keys come from bip_utils,
an independent BIP-39/BIP-32 implementation. Never regenerate it to make a test pass.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from vault_helpers import MemoryKeyring

from app.vault import KDF_FLOOR, KdfParams, Profile, Vault, WrongPasswordError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
STRONGER = KdfParams(ops_limit=3, mem_limit=KDF_FLOOR.mem_limit)
EXPECTED = json.loads((FIXTURES / "vault-v1.json").read_text(encoding="utf-8"))


@pytest.fixture
def frozen(tmp_path: Path) -> Profile:
    profile = Profile(tmp_path / "frozen")
    profile.ensure()
    shutil.copyfile(FIXTURES / "vault-v1.bin", profile.vault_path)
    return profile


def _check_contents(vault: Vault) -> None:
    assert vault.mnemonic == EXPECTED["mnemonic"]
    assert vault.passphrase_used
    assert bytes(vault._secrets.seed).hex() == EXPECTED["seed_hex"]  # type: ignore[union-attr]
    assert vault.identity_key.to_xpub() == EXPECTED["identity_xpub"]
    assert vault.branch(Vault.FILES).to_xprv() == EXPECTED["files_xprv"]
    assert vault.created_at == EXPECTED["created_at"]
    assert vault.address == EXPECTED["address"]
    for host, key in EXPECTED["server_keys"].items():
        assert vault.server_key(host) == bytes.fromhex(key)
    for host, checkpoint in EXPECTED["pki_checkpoints"].items():
        assert vault.pki_checkpoint(host) == bytes.fromhex(checkpoint)
    for item, version in EXPECTED["item_versions"].items():
        assert vault.item_version(item) == version


def test_the_frozen_vault_opens_with_its_password(frozen: Profile) -> None:
    vault = Vault.open(frozen)
    assert vault.kdf == KdfParams(**EXPECTED["kdf"])
    assert vault.is_remembered
    with pytest.raises(WrongPasswordError):
        vault.unlock(EXPECTED["password"] + " ")
    vault.unlock(EXPECTED["password"])
    _check_contents(vault)
    assert frozen.vault_path.read_bytes() == (FIXTURES / "vault-v1.bin").read_bytes()


def test_the_password_is_read_as_nfc(frozen: Profile) -> None:
    decomposed = unicodedata.normalize("NFD", EXPECTED["password"])
    assert decomposed != EXPECTED["password"]
    vault = Vault.open(frozen)
    vault.unlock(decomposed)
    assert vault.mnemonic == EXPECTED["mnemonic"]


def test_the_frozen_vault_opens_with_its_device_key(
    frozen: Profile, memory_keyring: MemoryKeyring
) -> None:
    entry = EXPECTED["keyring_entry"]
    memory_keyring.set_password(entry["service"], entry["username"], entry["device_key_hex"])
    vault = Vault.open(frozen)
    vault.unlock_with_device_key()
    _check_contents(vault)


def test_the_frozen_vault_can_be_rewritten_by_this_version(frozen: Profile) -> None:
    vault = Vault.open(frozen)
    vault.unlock(EXPECTED["password"])
    vault.note_item_version("new-item", 1)
    vault.change_password(EXPECTED["password"], "a new password", kdf=STRONGER)
    assert frozen.backup_path.read_bytes() != frozen.vault_path.read_bytes()
    again = Vault.open(frozen)
    assert again.kdf == STRONGER
    again.unlock("a new password")
    _check_contents(again)
    assert again.item_version("new-item") == 1
