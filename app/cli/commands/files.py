"""`privshare ls|mkdir|put|get|mv|rm|versions|restore`: the encrypted file system.

    privshare ls [PATH] [--json]          privshare mkdir PATH
    privshare put LOCAL... REMOTE_DIR     privshare get REMOTE LOCAL
    privshare mv SRC DST                  privshare rm PATH
    privshare versions PATH               privshare restore PATH VERSION

Remote paths are absolute ("/Documents/report.pdf"); a relative one is taken from the
root. Every command opens the profile's session (app/cli/session.py), runs one
`FileRouter` call and prints its result on stdout; transfers draw a progress bar on
stderr when it is a terminal. A failed integrity check exits with code 4.
"""

from __future__ import annotations

import argparse
import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.common import ProgressLine
from app.cli.session import open_session
from app.services.events import (
    TransferEvent,
    TransferFailed,
    TransferFinished,
    TransferProgress,
    TransferStarted,
)
from app.services.files.router import FileRouter
from app.services.files.service import EntryInfo

__all__ = ["register"]

Action = Callable[[FileRouter, argparse.Namespace], int]


def register(commands: Any) -> None:
    """Add the file commands to an argparse subparsers object."""
    ls = _command(commands, "ls", "list a folder (or show one file)", _ls)
    ls.add_argument("path", nargs="?", default="/", metavar="PATH")
    ls.add_argument("--json", action="store_true", help="print JSON instead of a table")
    mkdir = _command(commands, "mkdir", "make a folder", _mkdir)
    mkdir.add_argument("path", metavar="PATH")
    put = _command(commands, "put", "upload files and folders into REMOTE_DIR", _put)
    put.add_argument("locals", nargs="+", type=Path, metavar="LOCAL")
    put.add_argument("remote", metavar="REMOTE_DIR")
    get = _command(commands, "get", "download a file, or a folder recursively", _get)
    get.add_argument("remote", metavar="REMOTE")
    get.add_argument("local", type=Path, metavar="LOCAL")
    mv = _command(commands, "mv", "rename or move a file or folder", _mv)
    mv.add_argument("source", metavar="SRC")
    mv.add_argument("destination", metavar="DST")
    rm = _command(commands, "rm", "delete a file, or a folder with its contents", _rm)
    rm.add_argument("path", metavar="PATH")
    versions = _command(commands, "versions", "list the kept versions of a file", _versions)
    versions.add_argument("path", metavar="PATH")
    restore = _command(commands, "restore", "make an earlier version current again", _restore)
    restore.add_argument("path", metavar="PATH")
    restore.add_argument("version", type=int, metavar="VERSION")


def _command(commands: Any, name: str, help_text: str, action: Action) -> Any:
    parser = commands.add_parser(
        name, help=help_text, description=help_text[0].upper() + help_text[1:] + "."
    )
    parser.set_defaults(run=lambda args: _run(action, args))
    return parser


def _run(action: Action, args: argparse.Namespace) -> int:
    bar = _ProgressBar(ProgressLine())
    with open_session(args) as session:
        files = FileRouter(session.channel, session.vault, session.mounts(), progress=bar)
        try:
            return action(files, args)
        finally:
            bar.close()


class _ProgressBar:
    """Draws transfer events as one line on stderr (ProgressLine does nothing off a tty)."""

    def __init__(self, line: ProgressLine) -> None:
        self._line = line
        self._open = False

    def __call__(self, event: TransferEvent) -> None:
        if isinstance(event, TransferStarted | TransferProgress):
            done = event.done if isinstance(event, TransferProgress) else 0
            self._line.update(event.path, done, event.total)
            self._open = True
        elif isinstance(event, TransferFinished | TransferFailed):
            if isinstance(event, TransferFinished):
                self._line.update(event.path, event.total, event.total)
            self.close()

    def close(self) -> None:
        if self._open:
            self._line.finish()
            self._open = False


def _ls(files: FileRouter, args: argparse.Namespace) -> int:
    entries = files.ls(args.path)
    if args.json:
        print(json.dumps([_entry_json(e) for e in entries], indent=2, ensure_ascii=False))
        return 0
    for entry in entries:
        print(_entry_line(entry))
    return 0


def _entry_json(entry: EntryInfo) -> dict[str, object]:
    return {
        "name": entry.name,
        "path": entry.path,
        "type": entry.type,
        "size": entry.size,
        "modified": entry.modified,
        "version": entry.version,
    }


def _entry_line(entry: EntryInfo) -> str:
    if entry.type == "folder":
        return f"{'-':>12}  {'-':<16}  {entry.name}/"
    size = "-" if entry.size is None else str(entry.size)
    return f"{size:>12}  {_when(entry.modified):<16}  {entry.name}"


def _when(milliseconds: int | None) -> str:
    if milliseconds is None:
        return "-"
    moment = datetime.datetime.fromtimestamp(milliseconds / 1000, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


def _mkdir(files: FileRouter, args: argparse.Namespace) -> int:
    print(files.mkdir(args.path))
    return 0


def _put(files: FileRouter, args: argparse.Namespace) -> int:
    for path in files.put(args.locals, args.remote):
        print(path)
    return 0


def _get(files: FileRouter, args: argparse.Namespace) -> int:
    print(files.get(args.remote, args.local))
    return 0


def _mv(files: FileRouter, args: argparse.Namespace) -> int:
    print(files.move(args.source, args.destination))
    return 0


def _rm(files: FileRouter, args: argparse.Namespace) -> int:
    files.remove(args.path)
    return 0


def _versions(files: FileRouter, args: argparse.Namespace) -> int:
    for info in files.versions(args.path):
        current = "  (current)" if info.current else ""
        print(f"{info.version:>6}  {info.size:>12}  {_when(info.modified)}{current}")
    return 0


def _restore(files: FileRouter, args: argparse.Namespace) -> int:
    version = files.restore(args.path, args.version)
    print(f"{args.path}: version {args.version} restored as version {version}")
    return 0
