"""`python -m server_stub [--config FILE] [--data-dir DIR] [--host H] [--port P] ...`

Settings come from defaults < the TOML file < PRIVSHARE_SERVER_* / PRIVSHARE_OBJECTS_*
variables < the flags given (server_stub/config.py); `--print-config` prints the
effective settings as TOML and exits.

Also `python -m server_stub --data-dir DIR --new-invitation`: store a fresh invitation
token and print it (then exit).
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
import time
from dataclasses import replace
from pathlib import Path

from server_stub import config
from server_stub.database import Database, DatabaseError
from server_stub.keyfile import KeyFileError
from server_stub.server import DATABASE_FILE, run
from server_stub.storage import SqliteUsers


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="server_stub", description="Privshare storage server")
    config.add_arguments(parser)  # --config, --print-config, --data-dir, --host, --port, ...
    parser.add_argument("--bench", action="store_true", help="add benchmark-only routes")
    parser.add_argument(
        "--allow-private-destinations",
        action="store_true",
        help="let the PrivMX proxy reach loopback and private addresses (tests only)",
    )
    parser.add_argument(
        "--new-invitation", action="store_true", help="print a new invitation token and exit"
    )
    return parser


def _new_invitation(data_dir: Path) -> int:
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    database = Database(data_dir / DATABASE_FILE, threads=1)
    try:
        token = secrets.token_urlsafe(32)
        SqliteUsers(database).add_invitation(token, time.time())
    finally:
        database.close()
    print(token, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = config.from_arguments(args)
    except config.ConfigError as exc:
        print(f"server_stub: {exc}", file=sys.stderr)
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
        options = config.to_options(settings, bench=args.bench)
        options = replace(options, allow_private_destinations=args.allow_private_destinations)
        if args.new_invitation:
            return _new_invitation(options.data_dir)
        return run(options)
    except config.ConfigError as exc:
        print(f"server_stub: {exc}", file=sys.stderr)
        return 2
    except (KeyFileError, DatabaseError, OSError) as exc:
        print(f"server_stub: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
