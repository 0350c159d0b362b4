"""The profile folder: where one account's vault lives on this computer (FORMAT.md §6)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "Profile"]

APP_NAME = "Privshare"
VAULT_FILE = "vault.bin"
BACKUP_FILE = "vault.bin.bak"
FOLDER_MODE = 0o700


@dataclass(frozen=True)
class Profile:
    """A profile folder (mode 0700) holding `vault.bin` and `vault.bin.bak`."""

    root: Path

    @classmethod
    def default(cls) -> Profile:
        """The per-user data folder of the platform, e.g. ~/.local/share/Privshare."""
        return cls(Path(platformdirs.user_data_dir(APP_NAME)))

    @classmethod
    def at(cls, where: Profile | str | os.PathLike[str] | None) -> Profile:
        """A profile from a folder path, an existing profile, or None for the default."""
        if where is None:
            return cls.default()
        if isinstance(where, Profile):
            return where
        return cls(Path(where))

    @property
    def vault_path(self) -> Path:
        return self.root / VAULT_FILE

    @property
    def backup_path(self) -> Path:
        return self.root / BACKUP_FILE

    def has_vault(self) -> bool:
        return self.vault_path.exists()

    def ensure(self) -> None:
        """Create the folder if needed and make it private to this user (0700)."""
        self.root.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        if stat.S_IMODE(self.root.stat().st_mode) != FOLDER_MODE:
            os.chmod(self.root, FOLDER_MODE)
