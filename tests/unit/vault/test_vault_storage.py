"""Atomic writes: a crash at any step leaves the previous vault.bin whole and openable."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from vault_helpers import PASSWORD

from app.vault import Profile, Vault, storage

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
