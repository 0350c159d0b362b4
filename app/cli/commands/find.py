"""`privshare find PATTERN [--type KIND] [--since DATE] [--json] [--rebuild]`: search the
whole own tree by name, with kinds and a date as filters (services/search/INDEX.md).

The index lives encrypted in the profile; the first `find` (or `--rebuild`) reads the
whole tree to make it, later ones only open it. The file commands of this CLI keep it
current (`index_follower`); changes from other devices are seen after `--rebuild`.
"""

from __future__ import annotations

import argparse
import datetime
import re
from typing import Any

from app.cli.common import add_json_option, examples, human_size, print_json
from app.cli.session import open_session, unlocked_session
from app.services.errors import InvalidInputError
from app.services.search.index import QUERY_KINDS, Hit, Query
from app.services.search.service import SearchService
from app.services.search.store import profile_index
from app.services.sharing.router import FileRouter

__all__ = ["register"]

_DAYS = re.compile(r"(\d{1,5})d")


def register(commands: Any) -> None:
    """Add `find` to an argparse subparsers object."""
    find = commands.add_parser(
        "find",
        help="search your whole tree by name, kind and date",
        description="Search every folder of your own tree by name: a part of the name, "
        "or a pattern with * and ?. Case does not matter.",
        **examples(
            "privshare find report",
            "privshare find '*.jpg' --since 2026-01-01",
            "privshare find '' --type image --type pdf --since 7d --json",
            "privshare find notes --rebuild",
        ),
    )
    find.add_argument("pattern", metavar="PATTERN", help="part of a name, or a glob like '*.pdf'")
    find.add_argument(
        "--type",
        action="append",
        choices=sorted(QUERY_KINDS),
        default=[],
        metavar="KIND",
        help=f"only this kind (may repeat): {', '.join(sorted(QUERY_KINDS))}",
    )
    find.add_argument(
        "--since",
        metavar="DATE",
        help="only files modified since DATE: YYYY-MM-DD (UTC) or a number of days (7d)",
    )
    find.add_argument(
        "--rebuild", action="store_true", help="read the whole tree again first (a few seconds)"
    )
    add_json_option(find)
    find.set_defaults(run=_find)


def since_ms(text: str | None, now: datetime.datetime) -> int | None:
    """`--since`: a date (UTC midnight) or N days before `now`, in ms since the epoch."""
    if text is None:
        return None
    days = _DAYS.fullmatch(text.strip())
    if days:
        return int((now - datetime.timedelta(days=int(days.group(1)))).timestamp() * 1000)
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(
            f"--since {text!r}: give a date like 2026-01-31 or a number of days like 7d"
        ) from None
    moment = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    return int(moment.timestamp() * 1000)


def _find(args: argparse.Namespace) -> int:
    query = Query(
        args.pattern,
        frozenset(args.type),
        since_ms(args.since, datetime.datetime.now(datetime.UTC)),
    )
    unlocked = unlocked_session(args)
    try:
        index = None if args.rebuild else profile_index(unlocked.vault()).load()
        hits = index.find(query) if index is not None else None
    finally:
        unlocked.lock()
    if hits is None:  # no index yet (or --rebuild): read the tree
        with open_session(args) as session:
            files = FileRouter(session.channel, session.vault, session.mounts())
            search = SearchService(files.home, profile_index(session.vault))
            search.rebuild()
            hits = search.find(query)
    _print(hits, args.json)
    return 0


def _print(hits: list[Hit], as_json: bool) -> None:
    if as_json:
        print_json(
            [
                {
                    "path": h.path,
                    "type": h.type,
                    "kind": h.kind,
                    "size": h.size,
                    "modified": h.modified,
                }
                for h in hits
            ]
        )
        return
    for hit in hits:
        size = "-" if hit.size is None else human_size(hit.size)
        suffix = "/" if hit.type == "folder" else ""
        print(f"{size:>10}  {hit.path}{suffix}")
