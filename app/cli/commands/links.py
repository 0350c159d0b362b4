"""`privshare link|links|unlink|request|collect`: share links opened in a browser.

    privshare link PATH [--password] [--expires 7d] [--max-downloads N]   prints the URL
    privshare links [--json]                  my links: id, state, path, URL, downloads, drops
    privshare unlink ID                       revoke: the page then says so (ID or the URL)
    privshare request PATH [--title T] [--expires 7d]   a link where anyone can drop files
    privshare collect ID [--into DIR] [--keep]          decrypt what was dropped into DIR
                                      (exit 4 when an upload did not verify; the rest is saved)

An ID may also be given as the link's URL or as `l/ID`: links made by older versions can
have an id starting with "-", which argparse would read as an option; `privshare links`
prints those as `l/ID` so that what it prints can be pasted back.

`--password` reads the link's password from PRIVSHARE_LINK_PASSWORD or asks twice; it
is never an argument. The URL carries the key in its fragment (server_stub/LINKS.md §1):
whoever has the URL (and the password) can open the link until it expires, is used up
or revoked.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.common import read_secret
from app.cli.session import open_session
from app.services.links.service import LinkInfo, links_of, parse_duration
from app.services.session import RoutedSession

__all__ = ["LINK_PASSWORD_ENV", "register"]

LINK_PASSWORD_ENV = "PRIVSHARE_LINK_PASSWORD"

Action = Callable[[RoutedSession, argparse.Namespace], int]


def register(commands: Any) -> None:
    """Add the link commands to an argparse subparsers object."""
    link = _command(commands, "link", "make a link to a file or folder for a browser", _link)
    link.add_argument("path", metavar="PATH")
    link.add_argument(
        "--password", action="store_true", help=f"ask for a password ({LINK_PASSWORD_ENV})"
    )
    link.add_argument("--expires", metavar="DURATION", help="e.g. 30m, 12h, 7d, 2w")
    link.add_argument("--max-downloads", type=_positive, metavar="N")
    links = _command(commands, "links", "list your links and file requests", _links)
    links.add_argument("--json", action="store_true", help="print JSON")
    unlink = _command(commands, "unlink", "revoke a link (its page then says so)", _unlink)
    unlink.add_argument("link_id", type=_link_id, metavar="ID", help=_ID_HELP)
    request = _command(commands, "request", "make a link where anyone can drop files", _request)
    request.add_argument("path", metavar="PATH", help="the folder the files are meant for")
    request.add_argument("--title", metavar="TEXT", help="what the page shows")
    request.add_argument("--expires", metavar="DURATION", help="e.g. 30m, 12h, 7d, 2w")
    collect = _command(commands, "collect", "save the files dropped into a request", _collect)
    collect.add_argument("link_id", type=_link_id, metavar="ID", help=_ID_HELP)
    collect.add_argument("--into", type=Path, default=Path("."), metavar="DIR")
    collect.add_argument("--keep", action="store_true", help="leave them on the server too")


_ID_HELP = "the link's id as `privshare links` prints it, or its URL"


def _link_id(text: str) -> str:
    """The id in ID, l/ID or BASE/l/ID[#KEY]."""
    text = text.strip().partition("#")[0]
    if text.startswith("l/"):
        return text[2:]
    return text.rpartition("/l/")[2]


def _printable_id(link_id: str) -> str:
    return f"l/{link_id}" if link_id.startswith("-") else link_id


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of at least 1")
    return int(text)


def _command(commands: Any, name: str, help_text: str, action: Action) -> Any:
    parser = commands.add_parser(
        name, help=help_text, description=help_text[0].upper() + help_text[1:] + "."
    )
    parser.set_defaults(run=lambda args: _run(action, args))
    return parser


def _run(action: Action, args: argparse.Namespace) -> int:
    with open_session(args) as session:
        return action(session, args)


def _link(session: RoutedSession, args: argparse.Namespace) -> int:
    password = (
        read_secret(LINK_PASSWORD_ENV, "Link password", confirm=True) if args.password else None
    )
    expires = parse_duration(args.expires) if args.expires else None
    made = links_of(session).create(
        args.path, password=password, expires_in=expires, max_downloads=args.max_downloads
    )
    print(made.url)
    return 0


def _links(session: RoutedSession, args: argparse.Namespace) -> int:
    rows = [_row(info) for info in links_of(session).owned()]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        limits = f"{r['downloads']}/{r['maxDownloads'] or '-'} downloads"
        if r["mode"] == "request":
            limits = f"{r['drops']} dropped"
        expiry = f"until {r['expires']}" if r["expires"] else "no expiry"
        lock = "  password" if r["password"] else ""
        shown = _printable_id(r["id"])
        print(f"{shown}  {r['state']:<8} {r['mode']:<8} {r['path']}  {limits}, {expiry}{lock}")
        if r["url"]:
            print(f"    {r['url']}")
    return 0


def _row(info: LinkInfo) -> dict[str, Any]:
    expires = None
    if info.expires is not None:
        when = datetime.datetime.fromtimestamp(info.expires, datetime.UTC)
        expires = when.isoformat(timespec="minutes")
    return {
        "id": info.link_id,
        "mode": info.mode,
        "state": info.state,
        "path": info.path,
        "url": info.url,
        "expires": expires,
        "maxDownloads": info.max_downloads,
        "downloads": info.downloads,
        "drops": info.drops,
        "password": info.password,
    }


def _unlink(session: RoutedSession, args: argparse.Namespace) -> int:
    links_of(session).revoke(args.link_id)
    print(f"revoked {args.link_id}: its page now says so, and nothing more can be downloaded")
    return 0


def _request(session: RoutedSession, args: argparse.Namespace) -> int:
    expires = parse_duration(args.expires) if args.expires else None
    made = links_of(session).request(args.path, title=args.title, expires_in=expires)
    print(made.url)
    return 0


def _collect(session: RoutedSession, args: argparse.Namespace) -> int:
    collected = links_of(session).collect(args.link_id, args.into, keep=args.keep)
    for path in collected.saved:
        print(path)
    for number, reason in collected.rejected:
        print(f"privshare: upload {number} was not saved: {reason}", file=sys.stderr)
    if not collected.saved and not collected.rejected:
        print(f"nothing dropped into {args.link_id} yet")
    return 4 if collected.rejected else 0
