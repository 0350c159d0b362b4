"""`privshare trash ls|restore|empty|keep`: the trash of the own tree (services/trash/TRASH.md).

    privshare trash ls [--json]          privshare trash restore ORIGINAL_PATH... [--json]
    privshare trash empty [--json]       privshare trash keep [DAYS] [--json]

`restore` with several paths puts back all of them or (checked first) none; interrupted
midway it names what is back and prints the command that restores the rest (TRASH.md).

`privshare rm PATH` moves into the trash (files.py calls `move_to_trash`); `rm --permanent`
deletes for good. Items are kept `keep` days (default 30), then deleted for good the
next time the trash is listed or added to.
"""

from __future__ import annotations

import argparse
import datetime
import shlex
import sys
from collections.abc import Callable
from typing import Any

from app.cli.common import add_json_option, examples, human_size, print_json, profile_folder
from app.cli.errors import exit_code_for
from app.cli.session import open_session
from app.services.errors import NotFoundError
from app.services.files.errors import FilesUsageError
from app.services.files.tree import split_path
from app.services.search.service import index_follower
from app.services.sharing.mounts import is_shared_path
from app.services.sharing.router import FileRouter
from app.services.trash.service import TrashItem, TrashService, TrashSettings
from app.services.trash.undo import PartlyUndoneError, restore_trashed

__all__ = ["move_to_trash", "register"]

Action = Callable[[TrashService, argparse.Namespace], int]


def register(commands: Any) -> None:
    """Add `trash` and its subcommands to an argparse subparsers object."""
    trash = commands.add_parser(
        "trash",
        help="list, restore or empty the trash (what `rm` deleted)",
        description="The trash: `privshare rm` moves items here; they are kept for some "
        "days (`trash keep`), then deleted for good.",
        **examples(
            "privshare trash ls",
            "privshare trash restore /Documents/report.pdf",
            "privshare trash restore /Documents/a.txt /Documents/b.txt",
            "privshare trash empty",
            "privshare trash keep 60",
        ),
    )
    actions = trash.add_subparsers(dest="trash_command", metavar="ACTION", required=True)
    listing = actions.add_parser("ls", help="list the trash, newest first")
    listing.set_defaults(run=lambda args: _run(_ls, args))
    add_json_option(listing)
    restore = actions.add_parser("restore", help="put items back where they were")
    restore.add_argument(
        "paths",
        nargs="+",
        metavar="ORIGINAL_PATH",
        help="an item's path before it was deleted (several: all of them or none)",
    )
    restore.set_defaults(run=lambda args: _run(_restore, args))
    add_json_option(restore)
    empty = actions.add_parser("empty", help="delete everything in the trash for good")
    empty.set_defaults(run=lambda args: _run(_empty, args))
    add_json_option(empty)
    keep = actions.add_parser("keep", help="show or set how many days items are kept")
    keep.add_argument("days", nargs="?", type=int, metavar="DAYS", help="the new number of days")
    keep.set_defaults(run=_keep)
    add_json_option(keep)


def trash_of(files: FileRouter, args: argparse.Namespace) -> TrashService:
    return TrashService(files.home, TrashSettings.load(profile_folder(args)))


def move_to_trash(files: FileRouter, args: argparse.Namespace) -> TrashItem:
    """`rm PATH` without --permanent; items in a share have no trash of the user's."""
    if is_shared_path(args.path):
        raise FilesUsageError(
            f"{args.path} is in a share, which has no trash of yours: "
            "add --permanent to delete it for good"
        )
    return trash_of(files, args).discard(args.path)


def _run(action: Action, args: argparse.Namespace) -> int:
    with open_session(args) as session:
        follow = index_follower(session.vault, lambda: files.home)
        files = FileRouter(session.channel, session.vault, session.mounts(), on_change=follow)
        return action(trash_of(files, args), args)


def item_json(item: TrashItem) -> dict[str, object]:
    return {
        "original_path": item.original_path,
        "type": item.type,
        "size": item.size,
        "deleted": item.deleted,
        "expires": item.expires,
        "trash_path": item.trash_path,
    }


def _when(milliseconds: int) -> str:
    moment = datetime.datetime.fromtimestamp(milliseconds / 1000, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


def _ls(trash: TrashService, args: argparse.Namespace) -> int:
    items = trash.items()
    if args.json:
        print_json([item_json(item) for item in items])
        return 0
    print(f"{'DELETED (UTC)':<16}  {'EXPIRES (UTC)':<16}  {'SIZE':>10}  ORIGINAL PATH")
    for item in items:
        size = "-" if item.size is None else human_size(item.size)
        suffix = "/" if item.type == "folder" else ""
        print(
            f"{_when(item.deleted):<16}  {_when(item.expires):<16}  {size:>10}  "
            f"{item.original_path}{suffix}"
        )
    return 0


def _restore(trash: TrashService, args: argparse.Namespace) -> int:
    paths = list(dict.fromkeys(args.paths))
    if len(paths) == 1:
        restored = [trash.restore(paths[0])]
    else:
        try:
            restored = [step.back for step in restore_trashed(trash, _newest(trash, paths))]
        except PartlyUndoneError as error:
            rest = " ".join(shlex.quote(step.back) for step in error.left)
            print(f"privshare: {error}; `privshare trash restore {rest}` does", file=sys.stderr)
            return exit_code_for(error.cause)
    if args.json:
        print_json({"path": restored[0]} if len(paths) == 1 else {"paths": restored})
    else:
        print("\n".join(restored))
    return 0


def _newest(trash: TrashService, paths: list[str]) -> list[tuple[str, str]]:
    """(trash name, original path) of the newest trashed item of each path."""
    items = trash.items()
    chosen = []
    for path in paths:
        wanted = "/" + "/".join(split_path(path))
        found = [item for item in items if item.original_path == wanted]
        if not found:
            raise NotFoundError(f"{wanted}: nothing with that original path is in the trash")
        chosen.append((found[0].trash_name, wanted))
    return chosen


def _empty(trash: TrashService, args: argparse.Namespace) -> int:
    count = trash.empty()
    if args.json:
        print_json({"deleted": count})
    else:
        print(f"deleted {count} item{'s' if count != 1 else ''} for good")
    return 0


def _keep(args: argparse.Namespace) -> int:
    root = profile_folder(args)
    settings = TrashSettings.load(root)
    if args.days is not None:
        settings = TrashSettings(args.days)
        root.mkdir(parents=True, exist_ok=True)
        settings.save(root)
    if args.json:
        print_json({"keep_days": settings.keep_days})
    else:
        print(f"the trash keeps items {settings.keep_days} days")
    return 0
