"""What every `privshare` command shares: the profile, secrets, progress on stderr.

Secrets never come from arguments: an interactive prompt, or for scripts the
environment variables PRIVSHARE_PASSWORD, PRIVSHARE_NEW_PASSWORD and PRIVSHARE_MNEMONIC.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TextIO

from app.vault import Profile

__all__ = [
    "MNEMONIC_ENV",
    "NEW_PASSWORD_ENV",
    "PASSWORD_ENV",
    "ProgressLine",
    "SecretUnavailableError",
    "add_profile_option",
    "profile_from",
    "read_secret",
]

PASSWORD_ENV = "PRIVSHARE_PASSWORD"
NEW_PASSWORD_ENV = "PRIVSHARE_NEW_PASSWORD"
MNEMONIC_ENV = "PRIVSHARE_MNEMONIC"


class SecretUnavailableError(OSError):
    """No terminal to ask on and no environment variable set."""


def add_profile_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        metavar="DIR",
        type=Path,
        default=None,
        help="profile folder holding the key vault (default: the per-user data folder)",
    )


def profile_from(args: argparse.Namespace) -> Profile:
    folder = getattr(args, "profile", None)
    return Profile(folder) if folder is not None else Profile.default()


def read_secret(env_var: str, prompt: str, *, confirm: bool = False) -> str:
    """The secret from `env_var`, else asked on the terminal (twice when `confirm`)."""
    value = os.environ.get(env_var)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise SecretUnavailableError(f"no terminal to ask for it: set {env_var}")
    first = getpass.getpass(f"{prompt}: ")
    if confirm and getpass.getpass(f"{prompt} (again): ") != first:
        raise SecretUnavailableError("the two entries differ; nothing was changed")
    return first


class ProgressLine:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._enabled = self._stream.isatty()

    def update(self, label: str, done: int, total: int) -> None:
        if not self._enabled:
            return
        width = 30
        filled = width * done // total if total else width
        percent = 100 * done // total if total else 100
        bar = "#" * filled + "-" * (width - filled)
        self._stream.write(f"\r{label[:40]:<40} [{bar}] {percent:3d}%")
        self._stream.flush()

    def finish(self) -> None:
        if self._enabled:
            self._stream.write("\n")
            self._stream.flush()
