"""`privshare share|unshare|shares|inbox|accept|decline|send`: sharing by key distribution.

    privshare share PATH --to ADDRESS [--write] [--message TEXT] [--json]
    privshare unshare PATH --from ADDRESS [--json]
    privshare shares [--json]               what I shared (with whom, read/write), what I accepted
    privshare inbox [--json] [--wait SECONDS] [--rejected]
    privshare accept SHARE_ID [--name NAME] [--save DIR] [--json]
    privshare decline SHARE_ID
    privshare send ADDRESS FILE... [--message TEXT] [--json]

Every command that prints data takes `--json`. `inbox --json` prints a list of objects
with id, from, name, type, access, check_words, fingerprint, message and received.
Only messages that passed every check are listed; the others are counted on stderr
(`--rejected` lists them with the reason). A failed PKI or integrity check exits with
code 4; nothing is sent then. Other servers (the recipient's, a sender's key log) are
reached as the global `--route` says (app/cli/session.py).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.common import add_json_option, examples, print_json
from app.cli.session import open_session
from app.services.session import RoutedSession
from app.services.sharing.drops import DropInbox
from app.services.sharing.inbox import InboxService
from app.services.sharing.service import SharingService
from app.services.sharing.settings import Received
from app.services.sharing.verify import Opened, Rejected

__all__ = ["register"]

Action = Callable[[RoutedSession, argparse.Namespace], int]

REMOTE_PATH = "a file or folder in your encrypted space, e.g. /Documents"


def register(commands: Any) -> None:
    """Add the sharing commands to an argparse subparsers object."""
    share = _command(
        commands,
        "share",
        "give someone a key to a file or folder",
        _share,
        [
            "privshare share /Documents --to bob#files.example",
            "privshare share /Team --to carol#127.0.0.1:8443 --write --message 'our plans'",
        ],
    )
    share.add_argument("path", metavar="PATH", help=f"what to share: {REMOTE_PATH}")
    share.add_argument(
        "--to",
        required=True,
        metavar="ADDRESS",
        help="who gets it: name#host (their key is checked in the key log)",
    )
    share.add_argument("--write", action="store_true", help="let them change it too")
    share.add_argument("--message", default="", metavar="TEXT", help="a note they will see")
    add_json_option(share)
    unshare = _command(
        commands,
        "unshare",
        "take someone's access away (re-keys)",
        _unshare,
        ["privshare unshare /Documents --from bob#files.example"],
    )
    unshare.add_argument("path", metavar="PATH", help=f"what was shared: {REMOTE_PATH}")
    unshare.add_argument(
        "--from",
        dest="address",
        required=True,
        metavar="ADDRESS",
        help="whose access ends: name#host",
    )
    add_json_option(unshare)
    shares = _command(
        commands,
        "shares",
        "list what you shared and what you accepted",
        _shares,
        ["privshare shares", "privshare shares --json"],
    )
    add_json_option(shares)
    inbox = _command(
        commands,
        "inbox",
        "list verified messages in your inbox",
        _inbox,
        ["privshare inbox", "privshare inbox --wait 60 --json", "privshare inbox --rejected"],
    )
    add_json_option(inbox)
    inbox.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait up to SECONDS for a new message first",
    )
    inbox.add_argument("--rejected", action="store_true", help="list rejected messages")
    accept = _command(
        commands,
        "accept",
        "accept a share (as /Shared/NAME)",
        _accept,
        ["privshare accept 3 --name docs", "privshare accept 4 --save ~/Downloads"],
    )
    accept.add_argument(
        "share_id", metavar="SHARE_ID", help="the message's id, as `privshare inbox` lists it"
    )
    accept.add_argument(
        "--name",
        default=None,
        metavar="NAME",
        help="the name under /Shared (default: the shared item's name)",
    )
    accept.add_argument(
        "--save",
        type=Path,
        default=None,
        metavar="DIR",
        help="for delivered files: the folder to save them in",
    )
    add_json_option(accept)
    decline = _command(
        commands, "decline", "delete a message from your inbox", _decline, ["privshare decline 3"]
    )
    decline.add_argument(
        "share_id", metavar="SHARE_ID", help="the message's id, as `privshare inbox` lists it"
    )
    send = _command(
        commands,
        "send",
        "deliver files into someone's inbox",
        _send,
        ["privshare send bob#files.example report.pdf --message 'for Monday'"],
    )
    send.add_argument(
        "address", metavar="ADDRESS", help="who gets them: name#host, or a drop:KEY#host address"
    )
    send.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="a local file to deliver (encrypted for them)",
    )
    send.add_argument("--message", default="", metavar="TEXT", help="a note they will see")
    add_json_option(send)


def _command(
    commands: Any, name: str, help_text: str, action: Action, example_lines: list[str]
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        **examples(*example_lines),
    )
    parser.set_defaults(run=lambda args: _run(action, args))
    return parser


def _run(action: Action, args: argparse.Namespace) -> int:
    with open_session(args) as session:
        return action(session, args)


def _sharing(session: RoutedSession) -> SharingService:
    return SharingService(session, session.connector)


def _inbox_service(session: RoutedSession) -> InboxService:
    return InboxService(session, session.connector)


def _share(session: RoutedSession, args: argparse.Namespace) -> int:
    grant = _sharing(session).share(args.path, args.to, write=args.write, text=args.message)
    if args.json:
        print_json({"path": grant.path, "to": grant.to, "access": grant.access})
    else:
        print(f"shared {grant.path} with {grant.to} ({grant.access})")
    return 0


def _unshare(session: RoutedSession, args: argparse.Namespace) -> int:
    done = _sharing(session).unshare(args.path, args.address)
    if args.json:
        print_json(
            {
                "path": done.path,
                "removed": args.address,
                "kept": list(done.kept),
                "not_reached": list(done.failed),
            }
        )
    else:
        print(f"{done.path}: re-keyed; {args.address} can no longer read what is written to it")
        for address in done.kept:
            print(f"  still shared with {address} (new key sent)")
    for address in done.failed:
        print(
            f"privshare: could not send the new key to {address}; share again later",
            file=sys.stderr,
        )
    return 0


def _shares(session: RoutedSession, args: argparse.Namespace) -> int:
    state = _sharing(session).shares()
    granted = [
        {
            "path": g.path,
            "to": g.to,
            "access": g.access,
            "type": g.type,
            "item": g.item_id,
            "when": g.when,
        }
        for g in state.granted
    ]
    received = [_received_json(r) for r in state.received]
    if args.json:
        print_json({"granted": granted, "received": received})
        return 0
    for g in granted:
        print(f"shared    {g['path']}  ->  {g['to']}  ({g['access']})")
    for r in received:
        print(f"received  /Shared/{r['name']}  <-  {r['from']}  ({r['access']}, {r['type']})")
    return 0


def _received_json(received: Received) -> dict[str, Any]:
    share = received.share
    return {
        "name": received.name,
        "path": f"/Shared/{received.name}",
        "from": received.sender,
        "type": share.type,
        "access": "write" if share.grants_write else "read",
        "server": share.server,
        "when": received.when,
    }


def _inbox(session: RoutedSession, args: argparse.Namespace) -> int:
    inbox = _inbox_service(session)
    inbox.ensure_default_inbox()  # accounts made before inboxes existed get one now
    if args.wait > 0:
        inbox.wait(args.wait)
    view = inbox.read()
    if args.rejected:
        rows = [_rejected_json(r) for r in view.rejected]
        if args.json:
            print_json(rows)
        else:
            for r in rows:
                print(f"{r['id']}  {r['from']}  REJECTED: {r['reason']}")
        return 0
    items = [_item_json(item, view.drop_of(item)) for item in view.items]
    if args.json:
        print_json(items)
    else:
        for item in items:
            print(
                f"{item['id']:>6}  {item['from']}  {item['type']:<6}  {item['access']:<5}  "
                f"{item['name']}  [{' '.join(item['check_words'])}]"
                + (f"  via drop inbox {item['drop']}" if item["drop"] else "")
            )
    if view.rejected:
        print(
            f"privshare: {len(view.rejected)} message(s) rejected and not shown "
            "(see `privshare inbox --rejected`)",
            file=sys.stderr,
        )
    return 0


def _item_json(item: Opened, drop: DropInbox | None = None) -> dict[str, Any]:
    return {
        "drop": None if drop is None else (drop.label or drop.address),
        "size": sum(f.summary.size for f in item.body.files),
        "id": item.message_id,
        "from": item.sender.address,
        "name": item.name,
        "type": item.type,
        "access": item.access,
        "check_words": list(item.sender.check_words),
        "fingerprint": item.sender.fingerprint_text,
        "message": item.body.text,
        "received": _when(item.received),
    }


def _rejected_json(item: Rejected) -> dict[str, Any]:
    return {
        "id": item.message_id,
        "from": item.claimed_sender,
        "reason": item.reason,
        "received": _when(item.received),
    }


def _when(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC).isoformat(timespec="seconds")


def _accept(session: RoutedSession, args: argparse.Namespace) -> int:
    inbox = _inbox_service(session)
    opened = inbox.message(args.share_id)
    if opened.body.kind == "files":
        saved = [str(path) for path in inbox.save_files(args.share_id, args.save or Path("."))]
        if args.json:
            print_json({"saved": saved})
        else:
            print("\n".join(saved))
        return 0
    received = inbox.accept(args.share_id, args.name)
    if args.json:
        print_json({"path": f"/Shared/{received.name}", "from": received.sender})
    else:
        print(f"/Shared/{received.name}")
    return 0


def _decline(session: RoutedSession, args: argparse.Namespace) -> int:
    _inbox_service(session).decline(args.share_id)
    return 0


def _send(session: RoutedSession, args: argparse.Namespace) -> int:
    seq = _sharing(session).send(args.address, args.files, args.message)
    if args.json:
        print_json({"to": args.address, "files": [str(f) for f in args.files], "message": seq})
    else:
        print(f"sent {len(args.files)} file(s) to {args.address} (message {seq})")
    return 0
