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
from app.cli.commands import account as cmd_account
from app.cli.commands import device as cmd_device
from app.cli.commands import export as cmd_export
from app.cli.commands import files as cmd_files
from app.cli.commands import gui as cmd_gui
from app.cli.commands import links as cmd_links
from app.cli.commands import phrase as cmd_phrase
from app.cli.commands import pki as cmd_pki
from app.cli.commands import selftest as cmd_selftest
from app.cli.commands import server as cmd_server
from app.cli.commands import share as cmd_share
from app.cli.common import add_profile_option
from app.cli.errors import EXIT_ERROR, exit_code_for
from app.cli.session import add_route_option
from app.services.boundary import service_boundary
from app.services.errors import ServiceError

__all__ = ["build_parser", "main"]

# One module per command (or group of commands), each with `register(subparsers)`;
# a command's `run(args) -> int` is set with `set_defaults(run=...)`.
COMMAND_MODULES = (
    demo,
    cmd_account,
    cmd_phrase,
    cmd_server,
    cmd_pki,
    cmd_gui,
    cmd_files,
    cmd_share,
    cmd_links,
    cmd_export,
    cmd_device,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="privshare", description="End-to-end encrypted file sharing (PrivMX architecture)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_profile_option(parser)
    add_route_option(parser)
    cmd_selftest.add_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
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
        with service_boundary():  # the vault and the prompts the shell opens itself
            code: int = args.run(args)
    except ServiceError as exc:
        print(f"privshare: {_one_line(exc)}", file=sys.stderr)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        print("privshare: interrupted", file=sys.stderr)
        return EXIT_ERROR
    return code


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."
