"""The `privshare` command line: argparse with one small module per subcommand.

Exit codes: 0 done, 1 an error (one line on stderr), 2 a usage error (from argparse, or
input that cannot be used such as a weak new password), 3-5 as app/cli/errors.py says,
130 interrupted (Ctrl-C; whatever was being written is removed). With no subcommand it
runs `demo`; with only a privshare:// link (as the desktop entry starts it) it opens the
desktop app on the link. The global options may also come after the subcommand
(`privshare ls / --profile DIR`).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence

from app import __version__
from app.cli import demo
from app.cli.commands import account as cmd_account
from app.cli.commands import desktop as cmd_desktop
from app.cli.commands import device as cmd_device
from app.cli.commands import drive as cmd_drive
from app.cli.commands import drop as cmd_drop
from app.cli.commands import export as cmd_export
from app.cli.commands import files as cmd_files
from app.cli.commands import find as cmd_find
from app.cli.commands import gui as cmd_gui
from app.cli.commands import links as cmd_links
from app.cli.commands import log as cmd_log
from app.cli.commands import phrase as cmd_phrase
from app.cli.commands import pki as cmd_pki
from app.cli.commands import selftest as cmd_selftest
from app.cli.commands import server as cmd_server
from app.cli.commands import sessions as cmd_sessions
from app.cli.commands import share as cmd_share
from app.cli.commands import trash as cmd_trash
from app.cli.commands import usage as cmd_usage
from app.cli.common import add_profile_option
from app.cli.errors import exit_code_for
from app.cli.session import add_route_option
from app.services.boundary import service_boundary
from app.services.errors import ServiceError
from app.services.files.partials import remove_leftovers

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
    cmd_desktop,
    cmd_files,
    cmd_share,
    cmd_links,
    cmd_drive,
    cmd_export,
    cmd_device,
    cmd_sessions,
    cmd_log,
    cmd_trash,
    cmd_usage,
    cmd_find,
    cmd_drop,
)
# Commands that run without a profile; every other one takes the global options too.
NO_PROFILE_COMMANDS = frozenset({"server", "desktop-integration"})
EXIT_INTERRUPTED = 130  # 128 + SIGINT, the shell convention

EPILOG = """\
examples:
  privshare server --data-dir DIR --port 8443 --open-registration
  privshare --profile A account create alice#127.0.0.1:8443
  privshare --profile A put ~/Documents /
  privshare ls /Documents --profile A
  privshare --profile A share /Documents --to bob#127.0.0.1:8443
  privshare --profile B inbox --json
  privshare privshare://files.example/s/abc   (opens the desktop app on the link)
  privshare COMMAND --help            (each command has its own examples)

secrets never come from arguments: a prompt, the OS keyring, or the environment
variables PRIVSHARE_PASSWORD, PRIVSHARE_NEW_PASSWORD and PRIVSHARE_MNEMONIC.
proxies come from HTTPS_PROXY, HTTP_PROXY and ALL_PROXY (http://, socks5h://), NO_PROXY.

exit codes: 0 done, 1 error, 2 usage, 3 authentication failed, 4 an integrity or
security check failed (tampering detected), 5 server unreachable, 130 interrupted.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="privshare",
        description="End-to-end encrypted file sharing (PrivMX architecture).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_profile_option(parser)
    add_route_option(parser)
    cmd_selftest.add_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    for name, command in commands.choices.items():
        if name not in NO_PROFILE_COMMANDS:
            for subparser in _with_subcommands(command):
                _accept_global_options(subparser)
    return parser


def _with_subcommands(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _with_subcommands(child)


def _accept_global_options(parser: argparse.ArgumentParser) -> None:
    """`--profile` and `--route` after the subcommand too (unless it has its own)."""
    if "--profile" not in parser._option_string_actions:
        add_profile_option(parser, after_command=True)
    if "--route" not in parser._option_string_actions:
        add_route_option(parser)
        parser._option_string_actions["--route"].default = argparse.SUPPRESS  # only if given


def _no_core_dumps() -> None:
    """A crash must not write the keys in memory to a core file (best effort, POSIX)."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _as_link_invocation(argv: Sequence[str]) -> list[str]:
    """`privshare [--profile DIR] privshare://...` (what the desktop entry runs for a link)
    is `privshare [--profile DIR] gui privshare://...`; anything else is left as it is."""
    words = list(argv)
    if words and cmd_gui.is_link(words[-1]):
        options = words[:-1]
        if not options or (len(options) == 2 and options[0] == "--profile"):
            return [*options, "gui", words[-1]]
        if len(options) == 1 and options[0].startswith("--profile="):
            return [*options, "gui", words[-1]]
    return words


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_as_link_invocation(sys.argv[1:] if argv is None else argv))
    if args.command is None:
        args = parser.parse_args(["demo"])
    _no_core_dumps()
    remove_leftovers()  # plaintext parts of downloads a killed process left behind
    try:
        with service_boundary():  # the vault and the prompts the shell opens itself
            code: int = args.run(args)
    except ServiceError as exc:
        print(f"privshare: {_one_line(exc)}", file=sys.stderr)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        print("privshare: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."
