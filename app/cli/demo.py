"""`privshare demo`: make a vault in a fresh profile, show its phrase and identity, reopen it.

It is what `make run` shows today: everything happens locally, nothing is sent anywhere.
The password comes from PRIVSHARE_PASSWORD, or a generated one is shown.
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from app.services.phrase import WORDS
from app.services.session import Session

__all__ = ["register", "run"]

PASSWORD_ENV = "PRIVSHARE_PASSWORD"
GRID_ROWS = 6


def register(commands: Any) -> None:
    """Add the `demo` subcommand to an argparse subparsers object."""
    parser = commands.add_parser(
        "demo",
        help="create a vault in a new profile and show its recovery phrase and identity",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="profile folder to create the vault in (default: a new temporary folder)",
    )
    parser.set_defaults(run=run)


def _password() -> tuple[str, str]:
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given, f"from {PASSWORD_ENV}"
    words = "-".join(secrets.choice(WORDS) for _ in range(5))
    return words, "generated"


def phrase_grid(phrase: str, rows: int = GRID_ROWS) -> list[str]:
    """The words numbered, in columns read top to bottom (1-6 in the first column...)."""
    words = phrase.split()
    width = max(len(w) for w in words)
    columns = -(-len(words) // rows)
    lines = []
    for row in range(rows):
        cells = [
            f"{i + 1:>2}. {words[i]:<{width}}"
            for i in (row + col * rows for col in range(columns))
            if i < len(words)
        ]
        lines.append("   " + "   ".join(cells).rstrip())
    return lines


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    show = _printer(out)
    folder = args.profile or Path(tempfile.mkdtemp(prefix="privshare-demo-"))
    session = Session(folder)
    password, origin = _password()
    show("Privshare demo: a new vault, made and checked on this computer only.\n")
    show(f"Password ({origin}): {password}\n")

    phrase = session.create_vault(password)
    show("Recovery phrase: write these 24 words down; they restore every key:")
    for line in phrase_grid(phrase):
        show(line)
    public = session.vault().identity_key.public_key.to_bytes()
    show(f"\nIdentity public key (m/2'): {public.hex()}")

    session.close()
    started = time.perf_counter()
    reopened = session.unlock(password)
    took = time.perf_counter() - started
    same = reopened.identity_key.public_key.to_bytes() == public
    session.close()
    outcome = "the same identity key came back" if same else "a DIFFERENT identity key came back"
    show(f"\nLocked, then unlocked again with the password in {took:.2f} s: {outcome}.")
    show(f"Profile folder: {session.folder}  (vault.bin, mode 0600)")
    return 0 if same else 1


def _printer(out: TextIO | None) -> Callable[[str], None]:
    def show(text: str) -> None:
        print(text, file=out, flush=True)

    return show
