"""Start the server from a parsed command line: the one path of `python -m server_stub`
and `privshare server` (app/cli/commands/server.py).

`serve(args, prog)`: settings (config.py) -> `--print-config` (print, exit) -> logging
-> run until a signal. Errors print one line `<prog>: <what>` on stderr and give exit
status 2 (settings) or 1 (the key file, the database, the disk). `new_invitation(dir)`
stores a fresh one-time invitation token in DIR's database and returns it;
`scrub_blocks(dir)` checks every stored block against its id (objects/scrub.py).
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from server_stub import config
from server_stub.backends.fleet import BackendError
from server_stub.backends.postgres.database import PgDatabase
from server_stub.database import Database, DatabaseError
from server_stub.keyfile import KeyFileError
from server_stub.objects.blockfiles import BlockFiles
from server_stub.objects.scrub import QUARANTINE_DIR, ScrubReport, scrub
from server_stub.objects.store import BLOCKS_DIR
from server_stub.ports import SqlDatabase
from server_stub.server import DATABASE_FILE, run
from server_stub.storage import SqliteUsers

__all__ = ["new_invitation", "scrub_blocks", "serve"]


def serve(
    args: argparse.Namespace,
    prog: str,
    *,
    default_data_dir: Callable[[], Path] | None = None,
    bench: bool = False,
    allow_private_destinations: bool = False,
    invitation_only: bool = False,
) -> int:
    """Run the server `args` describe (config.add_arguments); the exit status.

    `invitation_only`: print a new invitation token instead of serving."""
    try:
        settings = config.from_arguments(args, default_data_dir=default_data_dir)
    except config.ConfigError as exc:
        return _failed(prog, exc, 2)
    if args.print_config:
        print(config.to_toml(settings), end="", flush=True)
        return 0
    logging.basicConfig(
        level=settings.log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        options = config.to_options(settings, bench=bench)
        options = replace(options, allow_private_destinations=allow_private_destinations)
        if invitation_only:
            print(new_invitation(options.data_dir, options.database_url), flush=True)
            return 0
        return run(options)
    except config.ConfigError as exc:
        return _failed(prog, exc, 2)
    except (KeyFileError, DatabaseError, BackendError, OSError) as exc:
        return _failed(prog, exc, 1)


def new_invitation(data_dir: Path, database_url: str | None = None) -> str:
    """A fresh one-time invitation token, stored in `data_dir`'s database (or in the
    fleet's PostgreSQL database at `database_url`)."""
    database: SqlDatabase
    if database_url is not None:
        database = PgDatabase(database_url, threads=1)
    else:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        database = Database(data_dir / DATABASE_FILE, threads=1)
    try:
        token = secrets.token_urlsafe(32)
        SqliteUsers(database).add_invitation(token, time.time())
    finally:
        database.close()
    return token


def scrub_blocks(data_dir: Path, progress: Callable[[str], None]) -> ScrubReport:
    """Check every block the server in `data_dir` stores (objects/scrub.py)."""
    if not (data_dir / DATABASE_FILE).is_file():
        raise OSError(f"no server data in {data_dir} (give the server's --data-dir)")
    database = Database(data_dir / DATABASE_FILE, threads=1)
    try:
        files = BlockFiles(data_dir / BLOCKS_DIR)
        return scrub(database, files, data_dir / QUARANTINE_DIR, progress=progress)
    finally:
        database.close()


def _failed(prog: str, error: Exception, status: int) -> int:
    print(f"{prog}: {error}", file=sys.stderr)
    return status
