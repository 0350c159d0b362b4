"""`python -m app.gui [--profile DIR] [privshare://LINK]`: the desktop application."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.gui.app import run
from app.gui.links import is_link
from app.vault import Profile


def main() -> int:
    parser = argparse.ArgumentParser(prog="privshare gui")
    parser.add_argument("--profile", type=Path, default=None, metavar="DIR")
    args, rest = parser.parse_known_args()
    links = [arg for arg in rest if is_link(arg)]  # opened by a privshare:// link
    qt_args = [arg for arg in rest if not is_link(arg)]
    profile = Profile(args.profile) if args.profile is not None else Profile.default()
    return run(profile, [sys.argv[0], *qt_args], link=links[0] if links else None)


if __name__ == "__main__":
    sys.exit(main())
