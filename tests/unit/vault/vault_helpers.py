"""Shared by the vault tests: the in-memory keyring and the constants they use."""

from __future__ import annotations

import keyring.errors
from keyring.backend import KeyringBackend

PASSWORD = "correct horse battery staple"
NOW = 1_700_000_000


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict, for tests only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such entry")
