"""`privshare drop create|list|revoke`: drop inboxes to hand out (sharing/drops.py).

    privshare drop create [--label TEXT] [--expires 7d] [--max-size 10M] [--json]
    privshare drop list [--json]
    privshare drop revoke ADDRESS|LABEL [--json]

`create` prints the drop inbox's address, `drop:KEY#host`: anyone with a Privshare
account can `privshare send drop:KEY#host FILE` to it without knowing your account's
name; what arrives is listed by `privshare inbox` (tagged with the label) and saved with
`privshare accept ID --save DIR`. `revoke` deletes the drop inbox and whatever is still
in it; the server refuses every later delivery.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable
from typing import Any

from app.cli.common import add_json_option, examples, human_size, print_json
from app.cli.session import open_session
from app.services.links.service import parse_duration
from app.services.session import RoutedSession
from app.services.sharing.drops import DropInbox, DropService

__all__ = ["register"]

Action = Callable[[DropService, argparse.Namespace], int]
_SIZE_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def register(commands: Any) -> None:
    """Add `drop` and its subcommands to an argparse subparsers object."""
    drop = commands.add_parser(
        "drop",
        help="drop inboxes: addresses that take files without your account's name",
        description="Drop inboxes: addresses you hand out; Privshare users send files to "
        "them with `privshare send drop:KEY#host FILE`.",
        **examples(
            "privshare drop create --label 'tax papers' --expires 14d --max-size 20M",
            "privshare drop list",
            "privshare drop revoke 'tax papers'",
        ),
    )
    actions = drop.add_subparsers(dest="drop_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="make a new drop inbox and print its address")
    create.add_argument("--label", default="", metavar="TEXT", help="your name for it")
    create.add_argument("--expires", metavar="DURATION", help="e.g. 30m, 12h, 7d, 2w")
    create.add_argument(
        "--max-size",
        type=_size,
        default=None,
        metavar="SIZE",
        help="the most one delivery may hold, e.g. 500K, 10M",
    )
    create.set_defaults(run=lambda args: _run(_create, args))
    add_json_option(create)
    listing = actions.add_parser("list", help="list your drop inboxes")
    listing.set_defaults(run=lambda args: _run(_list, args))
    add_json_option(listing)
    revoke = actions.add_parser("revoke", help="delete a drop inbox: it refuses every delivery")
    revoke.add_argument("which", metavar="ADDRESS|LABEL", help="as `privshare drop list` shows")
    revoke.set_defaults(run=lambda args: _run(_revoke, args))
    add_json_option(revoke)


def _size(text: str) -> int:
    value = text.strip().lower().removesuffix("b").removesuffix("i")
    unit = value[-1:] if value[-1:] in _SIZE_UNITS else ""
    number = value[: len(value) - len(unit)]
    if not number.isdigit() or int(number) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: use e.g. 500K, 10M or 1G")
    return int(number) * _SIZE_UNITS[unit]


def _run(action: Action, args: argparse.Namespace) -> int:
    with open_session(args) as session:
        return action(_drops(session), args)


def _drops(session: RoutedSession) -> DropService:
    return DropService(session)


def drop_json(drop: DropInbox) -> dict[str, Any]:
    return {
        "address": drop.address,
        "label": drop.label,
        "created": _when(drop.created),
        "expires": _when(drop.expires) if drop.expires is not None else None,
        "max_bytes": drop.max_bytes,
        "waiting": drop.messages,
    }


def _when(seconds: float) -> str:
    moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    return moment.isoformat(timespec="seconds")


def _create(drops: DropService, args: argparse.Namespace) -> int:
    expires = parse_duration(args.expires) if args.expires else None
    made = drops.create(args.label, expires_in=expires, max_bytes=args.max_size)
    if args.json:
        print_json(drop_json(made))
    else:
        print(made.address)
    return 0


def _list(drops: DropService, args: argparse.Namespace) -> int:
    rows = drops.list()
    if args.json:
        print_json([drop_json(drop) for drop in rows])
        return 0
    for drop in rows:
        expiry = f"until {_when(drop.expires)}" if drop.expires is not None else "no expiry"
        limit = f", at most {human_size(drop.max_bytes)}" if drop.max_bytes else ""
        print(f"{drop.label or '(no label)'}: {expiry}{limit}, {drop.messages} waiting")
        print(f"    {drop.address}")
    return 0


def _revoke(drops: DropService, args: argparse.Namespace) -> int:
    gone = drops.revoke(args.which)
    if args.json:
        print_json({"revoked": gone.address, "discarded": gone.messages})
    else:
        print(
            f"revoked {gone.label or gone.address}; {gone.messages} unsaved delivery(ies) deleted"
        )
    return 0
