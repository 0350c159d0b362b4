"""`privshare server`: run the storage server in this process; `server invite`: a token.

    privshare server [--config FILE] [--data-dir DIR] [--host H] [--port P] [--open-registration]
                     [--public-url URL] [--db-threads N] [--log-level LEVEL] [--print-config]
    privshare server invite [--data-dir DIR]
    privshare server migrate --data-dir DIR --database URL --blob-store s3://BUCKET
                             [--s3-endpoint URL]
    privshare server scrub [--data-dir DIR]

Settings: defaults < the TOML file (--config, $PRIVSHARE_SERVER_CONFIG) < environment
(PRIVSHARE_SERVER_*, PRIVSHARE_OBJECTS_*) < flags; server_stub/config.py and
docs/deploy.md. The data directory defaults to the per-user one below.

The server prints `READY http://<host>:<port>` once listening (as `python -m
server_stub` does) and stops cleanly on SIGINT/SIGTERM. `invite` stores a one-time
invitation token in DIR's database and prints it; `account create --token` spends it.
`migrate` copies a stopped embedded server to PostgreSQL + S3 and verifies every row and
block (server_stub/backends/migrate.py); the fleet then runs with the same server key.
`scrub` re-hashes every stored block (the server does not on reads), moves corrupt ones
to DIR/quarantine/ and exits 1 if any block was corrupt or missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import platformdirs

from server_stub import config

__all__ = ["default_data_dir", "register"]


def default_data_dir() -> Path:
    """The per-user folder for a server's data, e.g. ~/.local/share/Privshare/server."""
    return Path(platformdirs.user_data_dir("Privshare")) / "server"


def _data_dir_option(parser: argparse.ArgumentParser, default: Any = None) -> None:
    parser.add_argument(
        "--data-dir", type=Path, default=default, help="where the server keeps its key and data"
    )


def register(commands: Any) -> None:
    """Add `server` (and `server invite`) to an argparse subparsers object."""
    parser = commands.add_parser("server", help="run a Privshare storage server")
    config.add_arguments(parser)  # --config, --print-config, --data-dir, --host, --port, ...
    parser.set_defaults(run=run_server)
    actions = parser.add_subparsers(dest="server_command", metavar="ACTION")
    invite = actions.add_parser("invite", help="print a new one-time invitation token")
    _data_dir_option(invite, argparse.SUPPRESS)  # keeps a --data-dir given before `invite`
    invite.set_defaults(run=run_invite)
    move = actions.add_parser("migrate", help="copy this server's data to PostgreSQL + S3")
    _data_dir_option(move, argparse.SUPPRESS)
    move.add_argument("--database", default=argparse.SUPPRESS, metavar="URL", required=True)
    move.add_argument("--blob-store", default=argparse.SUPPRESS, metavar="URL", required=True)
    move.add_argument("--s3-endpoint", default=argparse.SUPPRESS, metavar="URL")
    move.set_defaults(run=run_migrate)
    check = actions.add_parser("scrub", help="check every stored block against its id")
    _data_dir_option(check, argparse.SUPPRESS)
    check.set_defaults(run=run_scrub)


def run_server(args: argparse.Namespace) -> int:
    from server_stub.launch import serve  # the server stack loads only to serve

    return serve(args, "privshare", default_data_dir=default_data_dir)


def run_migrate(args: argparse.Namespace) -> int:
    from server_stub.backends.migrate import MigrationError, migrate

    try:
        settings = config.from_arguments(args, default_data_dir=default_data_dir)
    except config.ConfigError as error:
        print(f"privshare: {error}", file=sys.stderr)
        return 2
    assert settings.database is not None and settings.blob_store is not None
    data_dir = settings.data_dir or default_data_dir()
    try:
        report = migrate(
            data_dir,
            settings.database,
            settings.blob_store,
            settings.s3_endpoint,
            progress=lambda line: print(line, file=sys.stderr, flush=True),
        )
    except MigrationError as error:
        print(f"privshare: {error}", file=sys.stderr)
        return 1
    print(report.summary(), flush=True)
    return 0


def run_invite(args: argparse.Namespace) -> int:
    from server_stub.database import DatabaseError
    from server_stub.launch import new_invitation

    try:
        settings = config.from_arguments(args, default_data_dir=default_data_dir)
    except config.ConfigError as error:
        print(f"privshare: {error}", file=sys.stderr)
        return 2
    try:
        token = new_invitation(settings.data_dir or default_data_dir())
    except DatabaseError as error:
        print(f"privshare: {error}", file=sys.stderr)
        return 1
    print(token, flush=True)
    return 0


def run_scrub(args: argparse.Namespace) -> int:
    from server_stub.database import DatabaseError
    from server_stub.launch import scrub_blocks

    try:
        settings = config.from_arguments(args, default_data_dir=default_data_dir)
    except config.ConfigError as error:
        print(f"privshare: {error}", file=sys.stderr)
        return 2
    data_dir = settings.data_dir or default_data_dir()
    try:
        report = scrub_blocks(data_dir, lambda line: print(line, flush=True))
    except (DatabaseError, OSError) as error:
        print(f"privshare: {error}", file=sys.stderr)
        return 1
    bad = len(report.corrupt) + len(report.missing)
    print(
        f"{report.checked} blocks checked: {len(report.corrupt)} corrupt (quarantined), "
        f"{len(report.missing)} missing",
        flush=True,
    )
    if bad:
        print(
            "privshare: the owners of the files using these blocks must upload them again",
            file=sys.stderr,
        )
    return 1 if bad else 0
