"""`privshare desktop-integration [--remove]`: menu entry, icon and privshare:// links for
the current user, for a pip (or source) install; the desktop bundle has
packaging/install-desktop.sh instead.

Following the freedesktop.org specifications, with the XDG base folders:

    $XDG_DATA_HOME/applications/privshare.desktop      resources/privshare.desktop, with
                                                       Exec/TryExec made absolute
    $XDG_DATA_HOME/icons/hicolor/scalable/apps/privshare.svg   (and 256x256/apps/.png)
    $XDG_CONFIG_HOME/mimeapps.list                     [Default Applications]
                                                       x-scheme-handler/privshare=privshare.desktop

Exec runs this installation's `privshare` script (beside the Python running now), or
`python -m app` when there is none; a browser then starts `privshare privshare://...`,
which `privshare` hands to the desktop app (app/cli/main.py). Other lines of
mimeapps.list are kept. `--remove` takes all of it away again.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.cli.common import examples, write_whole

__all__ = ["DESKTOP_FILE", "SCHEME_HANDLER", "register"]

DESKTOP_FILE = "privshare.desktop"
SCHEME_HANDLER = "x-scheme-handler/privshare"
RESOURCES = Path(__file__).resolve().parents[3] / "resources"
_ICONS = (
    ("privshare-app.svg", Path("hicolor/scalable/apps/privshare.svg")),
    ("privshare-256.png", Path("hicolor/256x256/apps/privshare.png")),
)
_DEFAULTS = "[Default Applications]"
# Characters that make an Exec argument need quotes (Desktop Entry spec, "The Exec key").
_RESERVED = re.compile(r"[\s\"'\\><~|&;$*?#()`]")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "desktop-integration",
        help="add Privshare to the desktop menu and open privshare:// links with it",
        description="Install the menu entry and icon for this user and make Privshare the "
        "handler of privshare:// links (for a pip or source install).",
        **examples("privshare desktop-integration", "privshare desktop-integration --remove"),
    )
    parser.add_argument("--remove", action="store_true", help="take the integration away again")
    parser.set_defaults(run=_run)


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def _config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def _run(args: argparse.Namespace) -> int:
    applications = _data_home() / "applications"
    if args.remove:
        (applications / DESKTOP_FILE).unlink(missing_ok=True)
        for _, where in _ICONS:
            (_data_home() / "icons" / where).unlink(missing_ok=True)
        _set_default_handler(_config_home() / "mimeapps.list", None)
        _refresh(applications)
        print("removed the menu entry and the privshare:// link handler")
        return 0
    template = RESOURCES / DESKTOP_FILE
    if not template.is_file():
        raise FileNotFoundError(f"{template} is missing: this copy of Privshare is incomplete")
    entry = desktop_entry(template.read_text(encoding="utf-8"), launcher())
    applications.mkdir(parents=True, exist_ok=True)
    write_whole(applications / DESKTOP_FILE, entry.encode("utf-8"))
    for source, where in _ICONS:
        target = _data_home() / "icons" / where
        target.parent.mkdir(parents=True, exist_ok=True)
        write_whole(target, (RESOURCES / "icons" / source).read_bytes())
    _set_default_handler(_config_home() / "mimeapps.list", DESKTOP_FILE)
    _refresh(applications)
    print(f"installed {applications / DESKTOP_FILE}; privshare:// links now open Privshare")
    return 0


def launcher() -> list[str]:
    """The command that starts this installation: its `privshare` script, else python -m app."""
    script = Path(sys.executable).parent / "privshare"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "app"]


def desktop_entry(template: str, command: list[str]) -> str:
    """The template with Exec (and TryExec) naming `command` by absolute path."""
    exec_line = " ".join(_exec_argument(word) for word in command)
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line} %u"
        elif line.startswith("TryExec="):
            line = f"TryExec={command[0]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _exec_argument(word: str) -> str:
    if not _RESERVED.search(word):
        return word
    quoted = re.sub(r'(["`$\\])', r"\\\1", word)
    return '"' + quoted.replace("\\", "\\\\") + '"'  # the value itself is also escaped


def _set_default_handler(mimeapps: Path, desktop_file: str | None) -> None:
    """Set (or with None remove) the privshare:// handler in mimeapps.list, keeping the rest."""
    lines = mimeapps.read_text(encoding="utf-8").splitlines() if mimeapps.exists() else []
    kept = [line for line in lines if not line.startswith(SCHEME_HANDLER + "=")]
    if desktop_file is not None:
        if _DEFAULTS not in kept:
            kept += ["", _DEFAULTS] if kept else [_DEFAULTS]
        kept.insert(kept.index(_DEFAULTS) + 1, f"{SCHEME_HANDLER}={desktop_file}")
    if kept == lines:
        return
    mimeapps.parent.mkdir(parents=True, exist_ok=True)
    write_whole(mimeapps, ("\n".join(kept) + "\n").encode("utf-8"))


def _refresh(applications: Path) -> None:
    """Let the desktop see the change now (when the tool is there; harmless otherwise)."""
    tool = shutil.which("update-desktop-database")
    if tool is not None and applications.is_dir():
        subprocess.run([tool, str(applications)], check=False, capture_output=True)
