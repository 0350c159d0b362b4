"""The command line's help, global options and progress line, without a server."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli.commands import account as cmd_account
from app.cli.commands import files as cmd_files
from app.cli.commands import pki as cmd_pki
from app.cli.commands import share as cmd_share
from app.cli.common import ProgressLine, human_duration, human_size
from app.cli.main import NO_PROFILE_COMMANDS, build_parser


def _commands(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield f"{prefix}{name}", child
                yield from _commands(child, f"{prefix}{name} ")


def _parser_of(*modules: Any) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="privshare")
    commands = parser.add_subparsers()
    for module in modules:
        module.register(commands)
    return parser


COMMANDS = dict(_commands(build_parser()))
LEAVES = {
    name: p
    for name, p in COMMANDS.items()
    if not any(isinstance(a, argparse._SubParsersAction) for a in p._actions)
}
# the commands of issue 15's CLI work (other modules keep their own conventions)
OWN = dict(_commands(_parser_of(cmd_account, cmd_files, cmd_pki, cmd_share)))
OWN_LEAVES = {name: p for name, p in OWN.items() if name in LEAVES}
WITH_EXAMPLES = set(OWN_LEAVES) | {"account"}


@pytest.mark.parametrize("name", sorted(WITH_EXAMPLES))
def test_every_command_help_has_examples(name: str) -> None:
    help_text = OWN[name].format_help()
    assert "examples:\n  privshare" in help_text or "examples:\n  PRIVSHARE_" in help_text


@pytest.mark.parametrize("name", sorted(OWN_LEAVES))
def test_every_positional_is_described(name: str) -> None:
    for action in OWN_LEAVES[name]._actions:
        if not action.option_strings and not isinstance(action, argparse._SubParsersAction):
            assert action.help, f"{name}: {action.metavar or action.dest} has no description"


def _sample(action: argparse.Action) -> str:
    """A value the action accepts (what it means does not matter for parsing)."""
    if action.choices:
        return str(next(iter(action.choices)))
    if callable(action.type):
        try:
            action.type("1")
            return "1"
        except (TypeError, ValueError, argparse.ArgumentTypeError):
            pass
    return "x#127.0.0.1"


@pytest.mark.parametrize(
    "name", sorted(n for n in LEAVES if n.split()[0] not in NO_PROFILE_COMMANDS | {"demo"})
)
def test_global_options_after_the_command(name: str) -> None:
    words = name.split()
    actions = LEAVES[name]._actions
    positionals = [_sample(a) for a in actions if not a.option_strings and a.nargs != "?"]
    required = [
        word
        for action in actions
        if action.option_strings and action.required
        for word in (action.option_strings[0], _sample(action))
    ]
    tail = [*words, *positionals, *required]
    after = build_parser().parse_args([*tail, "--profile", "P", "--route", "direct"])
    assert (after.profile, after.route) == (Path("P"), "direct")
    before = build_parser().parse_args(["--profile", "Q", "--route", "via-home", *tail])
    assert (before.profile, before.route) == (Path("Q"), "via-home")
    neither = build_parser().parse_args(tail)
    assert (neither.profile, neither.route) == (None, "auto")


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1536, "1.5 KiB"),
        (314572800, "300.0 MiB"),
        (5 * 2**40, "5.0 TiB"),
    ],
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


@pytest.mark.parametrize(("seconds", "text"), [(0.42, "0.4 s"), (75, "1:15"), (3700, "1:01:40")])
def test_human_duration(seconds: float, text: str) -> None:
    assert human_duration(seconds) == text


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_shows_bytes_speed_and_time_left() -> None:
    now = [100.0]
    stream = Terminal()
    line = ProgressLine(stream, clock=lambda: now[0])
    line.update("/Docs/big.iso", 0, 300 * 2**20)
    now[0] = 101.0
    line.update("/Docs/big.iso", 100 * 2**20, 300 * 2**20)
    now[0] = 101.05  # within a tenth of a second: not redrawn
    line.update("/Docs/big.iso", 101 * 2**20, 300 * 2**20)
    now[0] = 103.0
    line.update("/Docs/big.iso", 300 * 2**20, 300 * 2**20)
    line.say("downloaded 1 file, 300.0 MiB in 3.0 s (100.0 MiB/s)")
    drawn = stream.getvalue().split("\r")[1:]
    assert len(drawn) == 3
    assert "100.0 MiB / 300.0 MiB  100.0 MiB/s  ETA 2.0 s" in drawn[1]
    assert drawn[1].startswith("big.iso") and " 33%" in drawn[1]
    assert "300.0 MiB / 300.0 MiB  100.0 MiB/s" in drawn[2] and "ETA" not in drawn[2]
    assert stream.getvalue().endswith("\ndownloaded 1 file, 300.0 MiB in 3.0 s (100.0 MiB/s)\n")


def test_progress_line_draws_nothing_off_a_terminal() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream)
    line.update("/a", 1, 2)
    line.say("summary")
    line.finish()
    assert stream.getvalue() == ""
