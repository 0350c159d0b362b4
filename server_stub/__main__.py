"""`python -m server_stub [--config FILE] [--data-dir DIR] [--host H] [--port P] ...`

Settings come from defaults < the TOML file < PRIVSHARE_SERVER_* / PRIVSHARE_OBJECTS_*
variables < the flags given (server_stub/config.py); `--print-config` prints the
effective settings as TOML and exits.

Also `python -m server_stub --data-dir DIR --new-invitation`: store a fresh invitation
token and print it (then exit).
"""

from __future__ import annotations

import argparse
import sys

from server_stub import config
from server_stub.launch import serve


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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return serve(
        args,
        "server_stub",
        bench=args.bench,
        allow_private_destinations=args.allow_private_destinations,
        invitation_only=args.new_invitation,
    )


if __name__ == "__main__":
    sys.exit(main())
