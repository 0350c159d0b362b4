"""Vault tests: an in-memory OS keyring (never a real one) and cheap-but-legal KDF costs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from vault_helpers import NOW, PASSWORD, MemoryKeyring

from app.vault import KDF_FLOOR, Profile, Vault


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile(tmp_path / "profile")


@pytest.fixture
def make_vault(profile: Profile) -> Callable[..., tuple[Vault, str]]:
    """Create a vault at the KDF floor (the real default costs ~0.4 s per unlock)."""

    def make(**kwargs: object) -> tuple[Vault, str]:
        options: dict[str, object] = {"now": NOW, "kdf": KDF_FLOOR}
        options.update(kwargs)
        return Vault.create(profile, PASSWORD, **options)  # type: ignore[arg-type]

    return make
