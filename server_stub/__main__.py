"""`python -m server_stub --data-dir DIR [--host H] [--port P] [--open-registration] ...`

Also `python -m server_stub --data-dir DIR --new-invitation`: store a fresh invitation
token and print it (then exit).
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
import time
from pathlib import Path

from server_stub.database import Database, DatabaseError
from server_stub.keyfile import KeyFileError
from server_stub.server import DATABASE_FILE, Options, run
from server_stub.storage import SqliteUsers


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be from 0 to 65535")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="server_stub", description="Privshare storage server")
    parser.add_argument("--data-dir", type=Path, required=True, help="where data and key live")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_port, default=0, help="port (0: any free port)")
    parser.add_argument(
        "--open-registration", action="store_true", help="let anyone register without a token"
    )
    parser.add_argument("--public-url", help="base URL published by discovery")
    parser.add_argument("--bench", action="store_true", help="add benchmark-only routes")
    parser.add_argument("--db-threads", type=_positive, default=1, help="SQLite worker threads")
    parser.add_argument(
        "--allow-private-destinations",
        action="store_true",
        help="let the PrivMX proxy reach loopback and private addresses (tests only)",
    )
    parser.add_argument(
        "--new-invitation", action="store_true", help="print a new invitation token and exit"
    )
    parser.add_argument(
        "--log-level", default="INFO", type=str.upper, choices=["DEBUG", "INFO", "WARNING", "ERROR"]
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
    logging.basicConfig(
        level=args.log_level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.new_invitation:
            return _new_invitation(args.data_dir)
        options = Options(
            args.data_dir,
            args.host,
            args.port,
            args.open_registration,
            args.public_url,
            args.bench,
            args.db_threads,
            allow_private_destinations=args.allow_private_destinations,
        )
        return run(options)
    except (KeyFileError, DatabaseError, OSError) as exc:
        print(f"server_stub: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
