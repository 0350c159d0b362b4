"""`privshare server`: run the storage server in this process; `server invite`: a token.

    privshare server [--config FILE] [--data-dir DIR] [--host H] [--port P] [--open-registration]
                     [--public-url URL] [--db-threads N] [--log-level LEVEL] [--print-config]
    privshare server invite [--data-dir DIR]

Settings: defaults < the TOML file (--config, $PRIVSHARE_SERVER_CONFIG) < environment
(PRIVSHARE_SERVER_*, PRIVSHARE_OBJECTS_*) < flags; server_stub/config.py and
docs/deploy.md. The data directory defaults to the per-user one below.

The server prints `READY http://<host>:<port>` once listening (as `python -m
server_stub` does) and stops cleanly on SIGINT/SIGTERM. `invite` stores a one-time
invitation token in DIR's database and prints it; `account create --token` spends it.
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
import time
from pathlib import Path
from typing import Any

import platformdirs

from server_stub import config
from server_stub.database import Database, DatabaseError
from server_stub.keyfile import KeyFileError
from server_stub.server import DATABASE_FILE, run
from server_stub.storage import SqliteUsers

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


def run_server(args: argparse.Namespace) -> int:
    try:
        settings = config.from_arguments(args, default_data_dir=default_data_dir)
    except config.ConfigError as error:
        print(f"privshare: {error}", file=sys.stderr)
        return 2
    if args.print_config:
        print(config.to_toml(settings), end="", flush=True)
        return 0
    logging.basicConfig(
        level=settings.log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return run(config.to_options(settings))
    except (KeyFileError, DatabaseError) as error:
        print(f"privshare: {error}", file=sys.stderr)
        return 1


def run_invite(args: argparse.Namespace) -> int:
    try:
        settings = config.from_arguments(args, default_data_dir=default_data_dir)
    except config.ConfigError as error:
        print(f"privshare: {error}", file=sys.stderr)
        return 2
    data_dir = settings.data_dir or default_data_dir()
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        database = Database(data_dir / DATABASE_FILE, threads=1)
    except DatabaseError as error:
        print(f"privshare: {error}", file=sys.stderr)
        return 1
    try:
        token = secrets.token_urlsafe(32)
        SqliteUsers(database).add_invitation(token, time.time())
    finally:
        database.close()
    print(token, flush=True)
    return 0
