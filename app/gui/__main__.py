"""`python -m app.gui [--profile DIR] [privshare://LINK]`: the desktop application.

With no display (Linux/BSD: $DISPLAY and $WAYLAND_DISPLAY unset, and no QT_QPA_PLATFORM
chosen) it says so in one line and exits with status 3 instead of letting Qt abort.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

NO_DISPLAY_STATUS = 3
NO_DISPLAY = (
    "privshare: no display ($DISPLAY and $WAYLAND_DISPLAY are unset): run it on a desktop, "
    "under a virtual one (xvfb-run -a make run), or use the command line (privshare --help)"
)


def display_problem(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """True when Qt would find no screen to open a window on."""
    if platform in ("win32", "darwin") or env.get("QT_QPA_PLATFORM"):
        return False
    return not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY")


def main() -> int:
    parser = argparse.ArgumentParser(prog="privshare gui")
    parser.add_argument("--profile", type=Path, default=None, metavar="DIR")
    args, rest = parser.parse_known_args()
    if display_problem():
        print(NO_DISPLAY, file=sys.stderr)
        return NO_DISPLAY_STATUS
    from app.gui.app import run  # Qt is loaded only when there is somewhere to show it
    from app.gui.links import is_link
    from app.services.session import default_folder

    links = [arg for arg in rest if is_link(arg)]  # opened by a privshare:// link
    qt_args = [arg for arg in rest if not is_link(arg)]
    folder = args.profile if args.profile is not None else default_folder()
    return run(folder, [sys.argv[0], *qt_args], link=links[0] if links else None)


if __name__ == "__main__":
    sys.exit(main())
