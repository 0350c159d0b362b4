"""`privshare gui [LINK]`: open the desktop application on the profile (--profile DIR).

The CLI does not import app.gui (DESIGN §1 keeps cli and gui apart): it starts
`python -m app.gui` with the same profile (and the privshare:// link, if any) and
returns its exit status. `privshare privshare://...`, as a browser runs it through the
desktop entry, comes here too (app/cli/main.py).
"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import examples
from app.services.errors import InvalidInputError

__all__ = ["LINK_SCHEME", "is_link", "register"]

LINK_SCHEME = "privshare:"


def is_link(text: str) -> bool:
    return text[: len(LINK_SCHEME)].lower() == LINK_SCHEME


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "gui",
        help="open the desktop application",
        description="Open the desktop application on this profile.",
        **examples("privshare gui", "privshare --profile A gui privshare://files.example/x"),
    )
    parser.add_argument(
        "link", nargs="?", metavar="LINK", help="a privshare:// link to open in it (optional)"
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    import subprocess  # not at every command's start (app/cli/main.py imports is_link)

    command = [sys.executable, "-m", "app.gui"]
    if getattr(args, "profile", None) is not None:
        command += ["--profile", str(args.profile)]
    if getattr(args, "link", None):
        if not is_link(args.link):
            raise InvalidInputError(f"{args.link!r} is not a privshare:// link")
        command.append(args.link)
    return subprocess.call(command)
