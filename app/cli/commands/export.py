"""`privshare export`: every file of an account from a server's data directory, with the
recovery phrase and no server (app/services/export/EXPORT.md).

    PRIVSHARE_MNEMONIC="word1 ... word24" privshare export --server-data DIR --out DIR

The server must be stopped (or DIR be a backup copy of its data directory); DIR is only
read. --out must be a new or empty folder: it is complete after success, and absent (or
left empty) after any failure.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import MNEMONIC_ENV, ProgressLine, read_secret
from app.services.events import TransferEvent, TransferProgress
from app.services.export import export_account

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add `export` to an argparse subparsers object."""
    export = commands.add_parser(
        "export", help="decrypt every file of your account from a server's data directory"
    )
    export.add_argument(
        "--server-data",
        metavar="DIR",
        type=Path,
        required=True,
        help="the (stopped) server's data directory, or a backup of it; only read",
    )
    export.add_argument(
        "--out", metavar="DIR", type=Path, required=True, help="a new or empty folder"
    )
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    phrase = read_secret(MNEMONIC_ENV, "Recovery phrase (the 24 words)")
    bar = ProgressLine()

    def progress(event: TransferEvent) -> None:
        if isinstance(event, TransferProgress):
            bar.update(event.path, event.done, event.total)

    try:
        summary = export_account(args.server_data, phrase, args.out, progress=progress)
    finally:
        bar.finish()
    print(
        f"Exported {summary.files} files ({summary.bytes} bytes) in {summary.folders} folders "
        f"to {args.out}; every signature, listing and block was verified.",
        flush=True,
    )
    return 0
