"""What every `privshare` command shares: the profile, secrets, output and progress.

Secrets never come from arguments: an interactive prompt, or for scripts the
environment variables PRIVSHARE_PASSWORD, PRIVSHARE_NEW_PASSWORD and PRIVSHARE_MNEMONIC.
A new password must pass the same rule as in the desktop app
(app/services/account/passwords.py). Data goes to stdout (a table, or JSON with
`--json`); progress, a closing summary and errors go to stderr, progress and summary only
when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from app.services.account.passwords import password_problem
from app.services.errors import InvalidInputError
from app.services.session import default_folder

__all__ = [
    "MNEMONIC_ENV",
    "NEW_PASSWORD_ENV",
    "PASSWORD_ENV",
    "ProgressLine",
    "SecretUnavailableError",
    "add_json_option",
    "add_profile_option",
    "examples",
    "human_duration",
    "human_size",
    "print_json",
    "profile_folder",
    "read_new_password",
    "read_secret",
    "write_whole",
]

PASSWORD_ENV = "PRIVSHARE_PASSWORD"
NEW_PASSWORD_ENV = "PRIVSHARE_NEW_PASSWORD"
MNEMONIC_ENV = "PRIVSHARE_MNEMONIC"


class SecretUnavailableError(OSError):
    """No terminal to ask on and no environment variable set."""


def add_profile_option(parser: argparse.ArgumentParser, *, after_command: bool = False) -> None:
    """`--profile DIR`; `after_command` for a subcommand's parser, where it only counts
    when given (so `privshare --profile D ls` and `privshare ls --profile D` agree)."""
    parser.add_argument(
        "--profile",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS if after_command else None,
        help="profile folder holding the key vault (default: the per-user data folder)",
    )


def examples(*lines: str) -> dict[str, Any]:
    """`add_parser` keywords for a help text that ends with these example command lines."""
    return {
        "epilog": "examples:\n" + "\n".join(f"  {line}" for line in lines),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print the result as JSON on stdout, for scripts"
    )


def print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def profile_folder(args: argparse.Namespace) -> Path:
    """The `--profile` folder, else the per-user data folder."""
    folder = getattr(args, "profile", None)
    return Path(folder) if folder is not None else default_folder()


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


def write_whole(target: Path, data: bytes) -> None:
    """Write `target` whole or not at all: a hidden temporary file beside it, renamed into
    place; removed if anything (Ctrl-C included) stops the write."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.privshare-part")
    try:
        with open(temporary, "xb") as out:
            out.write(data)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def read_new_password(prompt: str = "New password", env_var: str = NEW_PASSWORD_ENV) -> str:
    """A new password (asked twice on a terminal) that passes the desktop app's rule;
    `InvalidInputError` (exit 2) says what is wrong with it."""
    password = read_secret(env_var, prompt, confirm=True)
    problem = password_problem(password, password)
    if problem is not None:
        raise InvalidInputError(f"that password cannot be used: {problem[0].lower()}{problem[1:]}")
    return password


def human_size(size: int) -> str:
    """1536 -> "1.5 KiB" (binary units, as the desktop app shows them)."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def human_duration(seconds: float) -> str:
    """0.42 -> "0.4 s", 75 -> "1:15", 3700 -> "1:01:40"."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressLine:
    """One progress line on stderr, drawn only when stderr is a terminal:

        report.pdf        [######--------]  45%  135.0 MiB / 300.0 MiB  98.2 MiB/s  ETA 0:02

    Speed is over the whole transfer so far (steady, not jumpy); redraws are limited to
    ten a second, except the last. `clock` is injected for tests.
    """

    WIDTH = 20
    INTERVAL = 0.1

    def __init__(
        self, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._stream = stream or sys.stderr
        self._enabled = self._stream.isatty()
        self._clock = clock
        self._started: dict[str, float] = {}
        self._last_drawn = 0.0
        self._width = 0

    @property
    def enabled(self) -> bool:
        return self._enabled

    def update(self, label: str, done: int, total: int) -> None:
        if not self._enabled:
            return
        now = self._clock()
        started = self._started.setdefault(label, now)
        if done < total and now - self._last_drawn < self.INTERVAL:
            return
        self._last_drawn = now
        self._draw(self.describe(label, done, total, now - started))

    @classmethod
    def describe(cls, label: str, done: int, total: int, elapsed: float) -> str:
        filled = cls.WIDTH * done // total if total else cls.WIDTH
        percent = 100 * done // total if total else 100
        bar = "#" * filled + "-" * (cls.WIDTH - filled)
        name = label.rsplit("/", 1)[-1] or label
        name = name if len(name) <= 24 else name[:23] + "~"
        text = f"{name:<24} [{bar}] {percent:3d}%  {human_size(done)} / {human_size(total)}"
        if elapsed > 0 and done > 0:
            speed = done / elapsed
            text += f"  {human_size(int(speed))}/s"
            if done < total:
                text += f"  ETA {human_duration((total - done) / speed)}"
        return text

    def _draw(self, text: str) -> None:
        padding = " " * max(0, self._width - len(text))
        self._width = len(text)
        self._stream.write(f"\r{text}{padding}")
        self._stream.flush()

    def finish(self) -> None:
        if self._enabled and self._width:
            self._stream.write("\n")
            self._stream.flush()
            self._width = 0

    def say(self, text: str) -> None:
        """A line of its own (the closing summary), on a terminal only."""
        if self._enabled:
            self.finish()
            self._stream.write(text + "\n")
            self._stream.flush()
