"""`privshare drive [--port P]`: your files as a local WebDAV drive (app/drive/SPEC.md).

Prints `READY http://privshare:PASSWORD@127.0.0.1:P/` (a new password every run) and
serves until Ctrl-C (exit 130) or SIGTERM (exit 0); either way the spool is wiped.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from app.cli.session import open_session
from app.services.drive.ops import DriveFiles, log_in_again
from app.services.sharing.router import FileRouter

__all__ = ["register"]

EXIT_INTERRUPTED = 130


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "drive",
        help="serve your files as a WebDAV drive on this computer (loopback only)",
        description="Serve your files (and /Shared) as a WebDAV drive on 127.0.0.1 for the "
        "file manager or any program, until Ctrl-C. The URL printed carries this run's "
        "password.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        metavar="P",
        help="port to listen on (0, the default: any free port)",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from app.drive.server import DriveServer  # WsgiDAV loads for this command only

    stopped = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        with open_session(args) as session:
            files = FileRouter(session.channel, session.vault, session.mounts())
            drive = DriveFiles(files, relogin=lambda: log_in_again(session))
            with DriveServer(drive, port=args.port) as server:
                print(f"READY {server.url}", flush=True)
                try:
                    while not stopped.wait(0.5):
                        pass
                except KeyboardInterrupt:
                    print("privshare: drive stopped; its spool is wiped", file=sys.stderr)
                    return EXIT_INTERRUPTED
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
