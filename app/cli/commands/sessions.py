"""`privshare sessions [--end ID] [--json]`: the account's open sessions at its server,
and ending one (server_stub/SESSIONS.md). Signing a whole device out is `privshare
device remove NAME`: its key stops working and its sessions end.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from app.cli.common import add_json_option, examples, print_json
from app.cli.session import open_session
from app.services.devices.sessions import end_session, list_sessions, parse_session_id

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add `sessions` to an argparse subparsers object."""
    sessions = commands.add_parser(
        "sessions",
        help="the account's open sessions; --end ID signs one out",
        description="The account's open sessions at its server: which device (or a "
        "password sign-in) opened each, when, when it was last used and from which "
        "network. --end ID ends a session at once (its next request is refused).",
        **examples(
            "privshare sessions",
            "privshare sessions --json",
            "privshare sessions --end 3f2a9c01d4e5b6a7",
            "privshare device remove laptop   (signs a whole device out)",
        ),
    )
    sessions.add_argument(
        "--end", metavar="ID", help="end this session (an id from the list: 16 hex digits)"
    )
    add_json_option(sessions)
    sessions.set_defaults(run=_sessions)


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _sessions(args: argparse.Namespace) -> int:
    if args.end is not None:
        parse_session_id(args.end)  # a mistyped id fails before the password is asked
    with open_session(args) as session:
        if args.end is not None:
            end_session(session, args.end)
            if args.json:
                print_json({"ended": args.end.strip().lower()})
            else:
                print(f"Ended session {args.end.strip().lower()}: its next request is refused.")
            return 0
        found = list_sessions(session)
    if args.json:
        print_json(
            [
                {
                    "id": s.id,
                    "opened_by": s.opened_by,
                    "login_key": None if s.login_key is None else s.login_key.hex(),
                    "started": s.started,
                    "last_used": s.last_used,
                    "address": s.address,
                    "this_session": s.this_session,
                }
                for s in found
            ]
        )
        return 0
    print(f"{'ID':<16}  {'OPENED BY':<30}  {'STARTED':<20}  {'LAST USED':<20}  NETWORK")
    for s in found:
        mark = "  (this session)" if s.this_session else ""
        print(
            f"{s.id:<16}  {s.opened_by:<30}  {_when(s.started):<20}  "
            f"{_when(s.last_used):<20}  {s.address}{mark}"
        )
    return 0
