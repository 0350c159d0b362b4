"""`privshare usage [PATH] [--json]`: storage used on the server, quota, and a folder's size.

Without PATH it prints the server's count (ciphertext of every kept version, the trash
included) against the quota; with PATH also the size of everything below it, added up
on this device from the verified metadata (services/usage.py).
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import add_json_option, examples, human_size, print_json
from app.cli.session import open_session
from app.services.sharing.router import FileRouter
from app.services.usage import account_usage, folder_size

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add `usage` to an argparse subparsers object."""
    usage = commands.add_parser(
        "usage",
        help="storage used and quota; with PATH, the size of a folder",
        description="Storage used on the server and the quota; with PATH, the size of "
        "everything below that folder (computed on this device).",
        **examples("privshare usage", "privshare usage /Photos", "privshare usage / --json"),
    )
    usage.add_argument(
        "path", nargs="?", metavar="PATH", help="a folder (or file) to add up, e.g. /Photos"
    )
    add_json_option(usage)
    usage.set_defaults(run=_usage)


def _usage(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        files = FileRouter(session.channel, session.vault, session.mounts())
        account = account_usage(files.home.api)
        size = folder_size(files, args.path) if args.path is not None else None
    if args.json:
        result: dict[str, Any] = {
            "used_bytes": account.used_bytes,
            "quota_bytes": account.quota,
            "objects": account.objects,
            "max_objects": account.max_objects,
        }
        if size is not None:
            result["path"] = {
                "path": size.path,
                "bytes": size.bytes,
                "files": size.files,
                "folders": size.folders,
            }
        print_json(result)
        return 0
    print(
        f"used {human_size(account.used_bytes)} of {human_size(account.quota)} "
        f"({account.percent:.1f}%), {human_size(account.free_bytes)} free "
        "(encrypted, every kept version and the trash)"
    )
    if size is not None:
        print(
            f"{size.path}: {human_size(size.bytes)} in {size.files} "
            f"file{'s' if size.files != 1 else ''} and {size.folders} "
            f"folder{'s' if size.folders != 1 else ''}"
        )
    return 0
