"""`privshare log PATH [--json]`: who changed what in a folder, each entry checked
(app/services/files/activity/ACTIVITY.md). An entry whose signature is not its writer's, that
the folder's key does not open, or a change of the folder nobody signed, is shown as
UNVERIFIED with the reason; the command then exits 4 (an integrity check failed). An
entry of the older format 1 is marked "(older entry: ...)" and does not change the exit.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from app.cli.common import add_json_option, examples, print_json
from app.cli.session import open_session
from app.services.activity.service import folder_activity
from app.services.files.activity.reader import CheckedEntry

__all__ = ["register"]

EXIT_UNVERIFIED = 4  # as app/cli/errors.py: an integrity or security check failed


def register(commands: Any) -> None:
    """Add `log` to an argparse subparsers object."""
    log = commands.add_parser(
        "log",
        help="who changed what in a folder (signed entries, each verified)",
        description="The activity log of a folder: uploads, new versions, renames, moves, "
        "deletions, shares, each signed by its writer and checked against the key log. "
        "Entries that fail a check are marked UNVERIFIED (exit code 4).",
        **examples(
            "privshare log /Documents",
            "privshare log /Shared/team --json",
        ),
    )
    log.add_argument("path", metavar="PATH", help="a folder, e.g. / or /Documents")
    add_json_option(log)
    log.set_defaults(run=_log)


def _when(entry: CheckedEntry) -> str:
    if entry.at is None:
        return "?"
    return datetime.fromtimestamp(entry.at / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _what(entry: CheckedEntry) -> str:
    text = f"{entry.action} {entry.name}".strip()
    if entry.target:
        text += f" -> {entry.target}"
    if entry.version > 1:
        text += f" (version {entry.version})"
    return text


def _log(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        activity = folder_activity(session, args.path)
    if args.json:
        print_json(
            {
                "path": activity.path,
                "folder_version": activity.listing_version,
                "signed_by_writer": activity.signed_by_writer,
                "entries": [
                    {
                        "at": e.at,
                        "author": e.author,
                        "action": e.action,
                        "name": e.name,
                        "target": e.target,
                        "version": e.version,
                        "folder_version": e.listing,
                        "status": e.status,
                        "problem": e.problem,
                        "entry_format": e.entry_format,
                        "note": e.note,
                    }
                    for e in activity.entries
                ],
            }
        )
    else:
        if not activity.entries:
            print(f"{activity.path}: no changes logged yet")
        for e in activity.entries:
            mark = f"  UNVERIFIED: {e.problem}" if not e.verified else ""
            if e.note:
                mark = f"  (older entry: {e.note})"
            print(f"{_when(e):<23}  {e.author or '?':<28}  {_what(e)}{mark}")
        if activity.unverified:
            print(f"{activity.unverified} of {len(activity.entries)} entries are unverified")
    return EXIT_UNVERIFIED if activity.unverified else 0
