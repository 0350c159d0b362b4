"""The `privshare` command line: argparse with one small module per subcommand.

Exit codes: 0 done, 1 an error (one line on stderr), 2 a usage error (from argparse).
With no subcommand it runs `demo`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence

from app import __version__
from app.cli import demo
from app.vault import VaultError

__all__ = ["build_parser", "main"]

EXIT_OK = 0
EXIT_ERROR = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="privshare", description="End-to-end encrypted file sharing (PrivMX architecture)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo.register(commands)
    return parser


def _no_core_dumps() -> None:
    """A crash must not write the keys in memory to a core file (best effort, POSIX)."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["demo"])
    _no_core_dumps()
    try:
        code: int = args.run(args)
    except (VaultError, OSError) as exc:
        print(f"privshare: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("privshare: interrupted", file=sys.stderr)
        return EXIT_ERROR
    return code
