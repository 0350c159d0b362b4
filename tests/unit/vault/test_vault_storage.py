"""Atomic writes: a crash at any step leaves the previous vault.bin whole and openable."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from vault_helpers import PASSWORD

from app.vault import (
    Profile,
    Vault,
    VaultChangedError,
    VaultCorruptedError,
    VaultFullError,
    storage,
)
from app.vault.fileformat import MAX_FILE

MakeVault = Callable[..., tuple[Vault, str]]


class SimulatedCrashError(Exception):
    """Stands for the process dying at this point."""


def _crash_when(monkeypatch: pytest.MonkeyPatch, name: str, target: str) -> None:
    real = getattr(os, name)

    def failing(*args: object, **kwargs: object) -> object:
        if any(str(a).endswith(target) for a in args):
            raise SimulatedCrashError(f"{name} {target}")
        return real(*args, **kwargs)

    monkeypatch.setattr(storage.os, name, failing)


def _tempfiles(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("step", "target"),
    [
        ("replace", "vault.bin"),  # the new file is complete but never renamed into place
        ("replace", "vault.bin.bak"),  # crash while saving the backup
        ("fsync", ""),  # the data never reached the disk
        ("chmod", ".tmp"),
    ],
)
def test_a_crash_during_a_rewrite_leaves_the_old_vault_intact(
    make_vault: MakeVault,
    profile: Profile,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    target: str,
) -> None:
    vault, _ = make_vault()
    vault.set_address("old#example.org")
    before = profile.vault_path.read_bytes()
    if step == "fsync":
        monkeypatch.setattr(storage.os, "fsync", _raise_crash)
    else:
        _crash_when(monkeypatch, step, target)
    with pytest.raises(SimulatedCrashError):
        vault.set_address("new#example.org")
    monkeypatch.undo()

    assert profile.vault_path.read_bytes() == before
    assert _tempfiles(profile.root) == []
    assert vault.address == "old#example.org"  # memory did not move ahead of the disk
    reopened = Vault.open(profile)
    reopened.unlock(PASSWORD)
    assert reopened.address == "old#example.org"
    vault.set_address("new#example.org")  # and the vault still works afterwards
    assert Vault.open(profile)._file == vault._file


def _raise_crash(*args: object) -> None:
    raise SimulatedCrashError("fsync")


def test_the_backup_holds_the_previous_version_every_time(
    make_vault: MakeVault, profile: Profile
) -> None:
    vault, _ = make_vault()
    assert not profile.backup_path.exists()  # nothing before the first write
    for name in ("a#h", "b#h", "c#h"):
        before = profile.vault_path.read_bytes()
        vault.set_address(name)
        assert profile.backup_path.read_bytes() == before
    assert profile.vault_path.read_bytes() != profile.backup_path.read_bytes()


def test_atomic_write_replaces_and_sets_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "f"
    target.write_bytes(b"old")
    os.chmod(target, 0o644)
    storage.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600
    assert _tempfiles(tmp_path) == []


def test_the_profile_folder_is_made_private(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    os.chmod(loose, 0o755)
    Profile(loose).ensure()
    assert loose.stat().st_mode & 0o777 == 0o700


def test_the_default_profile_is_the_platform_data_folder() -> None:
    import platformdirs

    assert Profile.at(None).root == Path(platformdirs.user_data_dir("Privshare"))
    assert Profile.at("/x/y").vault_path == Path("/x/y/vault.bin")


def test_a_second_writer_is_refused_instead_of_losing_its_changes(
    make_vault: MakeVault, profile: Profile
) -> None:
    """Two windows on one profile: the later write must not silently drop the earlier one."""
    first, _ = make_vault()
    second = Vault.open(profile)
    second.unlock(PASSWORD)
    first.note_item_version("item", 9)
    after_first = profile.vault_path.read_bytes()
    with pytest.raises(VaultChangedError, match="open the vault again"):
        second.note_item_version("item", 1)  # would have forgotten the rollback mark 9
    assert profile.vault_path.read_bytes() == after_first
    third = Vault.open(profile)
    third.unlock(PASSWORD)
    assert third.item_version("item") == 9
    third.note_item_version("item", 10)  # a fresh reader writes fine


def test_a_file_too_large_to_be_a_vault_is_not_read_whole(profile: Profile) -> None:
    profile.ensure()
    with open(profile.vault_path, "wb") as f:
        f.write(b"PSVAULT\x00\x00\x01")
        f.truncate(MAX_FILE + 10)  # sparse: costs no disk
    with pytest.raises(VaultCorruptedError):
        Vault.open(profile)


def test_a_body_over_the_limit_is_never_written(make_vault: MakeVault, profile: Profile) -> None:
    vault, _ = make_vault()
    before = profile.vault_path.read_bytes()
    with pytest.raises(VaultFullError):
        vault.set_pki_checkpoint("example.org", bytes(MAX_FILE))
    assert profile.vault_path.read_bytes() == before
    assert vault.pki_checkpoint("example.org") is None
