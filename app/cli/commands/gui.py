"""`privshare gui`: open the desktop application on the profile (--profile DIR).

The CLI does not import app.gui (DESIGN §1 keeps cli and gui apart): it starts
`python -m app.gui` with the same profile and returns its exit status.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("gui", help="open the desktop application")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    command = [sys.executable, "-m", "app.gui"]
    if getattr(args, "profile", None) is not None:
        command += ["--profile", str(args.profile)]
    return subprocess.call(command)
