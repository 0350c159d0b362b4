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
import gc
import importlib
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

from app import __version__
from app.cli.commands import gui as cmd_gui
from app.cli.commands import selftest as cmd_selftest
from app.cli.common import add_profile_option
from app.cli.errors import exit_code_for
from app.cli.session import add_route_option
from app.services.boundary import service_boundary
from app.services.errors import ServiceError
from app.services.files.partials import remove_leftovers

__all__ = ["build_parser", "command_of", "main", "run"]

# One module per command (or group of commands), each with `register(subparsers)`;
# a command's `run(args) -> int` is set with `set_defaults(run=...)`. The table names the
# commands each module registers, so that a command line imports only its own module
# (`--help`, and any line whose command is not plain to see, registers them all; a unit
# test keeps the table equal to what the modules register).
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "app.cli.demo": ("demo",),
    "app.cli.commands.account": ("account", "login", "passwd", "recover"),
    "app.cli.commands.phrase": ("phrase",),
    "app.cli.commands.server": ("server",),
    "app.cli.commands.pki": ("sign", "whois"),
    "app.cli.commands.gui": ("gui",),
    "app.cli.commands.desktop": ("desktop-integration",),
    "app.cli.commands.files": ("get", "ls", "mkdir", "mv", "put", "restore", "rm", "versions"),
    "app.cli.commands.share": ("accept", "decline", "inbox", "send", "share", "shares", "unshare"),
    "app.cli.commands.links": ("collect", "link", "links", "request", "unlink"),
    "app.cli.commands.drive": ("drive",),
    "app.cli.commands.export": ("export",),
    "app.cli.commands.device": ("device",),
    "app.cli.commands.sessions": ("sessions",),
    "app.cli.commands.log": ("log",),
    "app.cli.commands.trash": ("trash",),
    "app.cli.commands.usage": ("usage",),
    "app.cli.commands.find": ("find",),
    "app.cli.commands.drop": ("drop",),
}
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


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `command` (a command's name) only the commands of
    the module that registers it: the same parser for that command, made faster."""
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
    for module_name, names in COMMAND_MODULES.items():
        if command is None or command in names:
            importlib.import_module(module_name).register(commands)
    for name, subcommand in commands.choices.items():
        if name not in NO_PROFILE_COMMANDS:
            for subparser in _with_subcommands(subcommand):
                _accept_global_options(subparser)
    return parser


class _NotPlainError(Exception):
    """The command line's command is not plain to see before parsing it whole."""


class _CommandFinder(argparse.ArgumentParser):
    """The top level's options (with the same names, so abbreviations match the same)
    and then everything else, whose first word is the command."""

    def __init__(self) -> None:
        super().__init__(prog="privshare", add_help=False)
        self.add_argument("--profile")
        self.add_argument("--route")
        self.add_argument("--self-test", action="store_true")
        self.add_argument("words", nargs=argparse.REMAINDER)

    def error(self, message: str) -> NoReturn:
        raise _NotPlainError(message)


def command_of(argv: Sequence[str]) -> str | None:
    """The command `argv` runs when it is plain to see (no help, version or self-test
    option and nothing unknown before it), else None (then every command is registered)."""
    try:
        found, unknown = _CommandFinder().parse_known_args(list(argv))
    except _NotPlainError:
        return None
    if unknown or found.self_test or not found.words:
        return None
    word = str(found.words[0])
    return word if any(word in names for names in COMMAND_MODULES.values()) else None


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
    words = _as_link_invocation(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command_of(words))
    args = parser.parse_args(words)
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


def run() -> NoReturn:
    """The process's entry (`privshare`, `python -m app`): `main()`, then exit. Every
    object is frozen out of the garbage collector first, so that the interpreter's last
    collections do not walk all of them (0.05-0.09 s of a one-byte `put`): the program
    ends anyway, and nothing here needs a finalizer run at exit (atexit handlers,
    `with` blocks and thread joins all still run)."""
    code = main()
    gc.freeze()
    raise SystemExit(code)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."
