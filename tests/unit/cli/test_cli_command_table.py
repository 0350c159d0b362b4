"""The command line registers only the module of the command it runs (issue 14: the cost
of one command), and that changes nothing a person sees."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import COMMAND_MODULES, build_parser, command_of

ROOT = Path(__file__).resolve().parents[3]
ALL_COMMANDS = sorted(name for names in COMMAND_MODULES.values() for name in names)


@pytest.mark.parametrize("module_name", sorted(COMMAND_MODULES))
def test_the_table_names_what_each_module_registers(module_name: str) -> None:
    commands = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module_name).register(commands)
    assert tuple(sorted(commands.choices)) == tuple(sorted(COMMAND_MODULES[module_name]))


def test_the_whole_line_registers_every_command_once() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(commands.choices) == ALL_COMMANDS
    assert len(ALL_COMMANDS) == len(set(ALL_COMMANDS))


@pytest.fixture(scope="module")
def whole() -> argparse.ArgumentParser:
    return build_parser()


@pytest.mark.parametrize("name", ALL_COMMANDS)
def test_one_command_has_the_same_help_as_in_the_whole_line(
    name: str, whole: argparse.ArgumentParser
) -> None:
    def help_of(parser: argparse.ArgumentParser) -> str:
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return commands.choices[name].format_help()

    alone = build_parser(name)
    assert help_of(alone) == help_of(whole)
    assert alone.format_usage() == whole.format_usage()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["put", "a", "/"], "put"),
        (["--profile", "put", "ls", "/"], "ls"),  # a profile folder named like a command
        (["--profile=P", "--route", "direct", "get", "/a", "b"], "get"),
        (["--prof", "P", "ls"], "ls"),  # abbreviations as argparse reads them
        (["ls", "/", "--profile", "P"], "ls"),
        (["desktop-integration", "--help"], "desktop-integration"),
        ([], None),
        (["--profile", "P"], None),
        (["--help"], None),
        (["-h", "put"], None),  # the top level's help: every command
        (["--version", "put"], None),
        (["--self-test"], None),
        (["--unknown", "put"], None),
        (["--route"], None),  # a usage error, said by the whole parser
        (["nosuchcommand"], None),  # "invalid choice": the whole list of commands
        (["privshare://host/s/abc"], None),
    ],
)
def test_the_command_is_found_only_where_argparse_would_find_it(
    argv: list[str], command: str | None
) -> None:
    assert command_of(argv) == command


def test_a_command_imports_no_other_command_nor_the_server(tmp_path: Path) -> None:
    """Fails when main.py imports every command module again (the server's
    configuration, the drop and device-pairing code: about 0.07 s per command)."""
    code = (
        "import json, sys\n"
        "from app.cli.main import main\n"
        "try:\n"
        f"    main(['--profile', {str(tmp_path)!r}, 'ls', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    commands = {m for m in loaded if m.startswith("app.cli.commands.")}
    assert commands <= {
        "app.cli.commands.files",
        "app.cli.commands.gui",  # privshare://... links (main.py)
        "app.cli.commands.selftest",  # --self-test (main.py)
        "app.cli.commands.trash",  # `restore` shares its code
    }
    assert not {m for m in loaded if m.split(".")[0] in {"server_stub", "aiohttp"}}
