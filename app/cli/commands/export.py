"""`privshare export`: every file of an account from a server's data directory, or from
a fleet's PostgreSQL and bucket, with the recovery phrase and no server
(app/services/export/EXPORT.md).

    PRIVSHARE_MNEMONIC="word1 ... word24" privshare export --server-data DIR --out DIR
    PRIVSHARE_MNEMONIC=... privshare export --database postgresql://USER@HOST:PORT/DB \
        --blob-store s3://BUCKET [--s3-endpoint http://HOST:PORT] --out DIR

The server must be stopped (or DIR be a backup copy of its data directory); DIR is only
read. A fleet is read in one read-only snapshot, so it may keep running (credentials:
PGPASSWORD or ~/.pgpass, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). --out must be a
new or empty folder: it is complete after success, and absent (or left empty) after any
failure.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import MNEMONIC_ENV, ProgressLine, read_secret
from app.services.errors import InvalidInputError
from app.services.events import TransferEvent, TransferProgress
from app.services.export import FleetSource, export_account

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
        help="the (stopped) server's data directory, or a backup of it; only read",
    )
    export.add_argument(
        "--database",
        metavar="URL",
        help="a fleet's postgresql://USER@HOST:PORT/DB (with --blob-store); only read",
    )
    export.add_argument("--blob-store", metavar="s3://BUCKET", help="the fleet's bucket")
    export.add_argument("--s3-endpoint", metavar="URL", help="the S3 API's URL (None: AWS)")
    export.add_argument(
        "--out", metavar="DIR", type=Path, required=True, help="a new or empty folder"
    )
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    source: Path | FleetSource = args.server_data
    if (args.server_data is None) == (args.database is None):
        raise InvalidInputError("give either --server-data DIR or --database URL (a fleet's)")
    if args.database is not None:
        if args.blob_store is None:
            raise InvalidInputError("--database needs --blob-store s3://BUCKET (the blocks)")
        source = FleetSource(args.database, args.blob_store, args.s3_endpoint)
    elif args.blob_store is not None or args.s3_endpoint is not None:
        raise InvalidInputError("--blob-store and --s3-endpoint go with --database")
    phrase = read_secret(MNEMONIC_ENV, "Recovery phrase (the 24 words)")
    bar = ProgressLine()

    def progress(event: TransferEvent) -> None:
        if isinstance(event, TransferProgress):
            bar.update(event.path, event.done, event.total)

    try:
        summary = export_account(source, phrase, args.out, progress=progress)
    finally:
        bar.finish()
    print(
        f"Exported {summary.files} files ({summary.bytes} bytes) in {summary.folders} folders "
        f"to {args.out}; every signature, listing and block was verified.",
        flush=True,
    )
    return 0
