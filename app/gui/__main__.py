"""`python -m app.gui [--profile DIR]`: the desktop application."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.gui.app import run
from app.vault import Profile


def main() -> int:
    parser = argparse.ArgumentParser(prog="privshare gui")
    parser.add_argument("--profile", type=Path, default=None, metavar="DIR")
    args, qt_args = parser.parse_known_args()
    profile = Profile(args.profile) if args.profile is not None else Profile.default()
    return run(profile, [sys.argv[0], *qt_args])


if __name__ == "__main__":
    sys.exit(main())
