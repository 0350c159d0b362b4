"""`privshare ls|mkdir|put|get|mv|rm|versions|restore`: the encrypted file system.

    privshare ls [PATH] [--bytes] [--json]   privshare mkdir PATH [--json]
    privshare put LOCAL... REMOTE_DIR [--json]
    privshare get REMOTE LOCAL [--force] [--json]
    privshare mv SRC DST [--json]            privshare rm PATH [--permanent] [--json]
    privshare versions PATH [--json]         privshare restore PATH VERSION [--json]

Remote paths are absolute ("/Documents/report.pdf"); a relative one is taken from the
root. Every command opens the profile's session (app/cli/session.py), runs one
`FileRouter` call and prints its result on stdout, as a table or with `--json` as JSON.
Transfers draw a progress line (bytes, speed, time left) and a closing summary on
stderr when it is a terminal. `get` never replaces an existing local file unless
`--force` is given; an interrupted or failed `get` leaves nothing behind. A failed
integrity check exits with code 4.
"""

from __future__ import annotations

import argparse
import datetime
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.common import (
    ProgressLine,
    add_json_option,
    examples,
    human_duration,
    human_size,
    print_json,
)
from app.cli.session import open_session
from app.services.events import (
    TransferEvent,
    TransferFailed,
    TransferFinished,
    TransferProgress,
    TransferStarted,
)
from app.services.files.service import EntryInfo
from app.services.search.service import index_follower
from app.services.sharing.router import FileRouter

__all__ = ["register"]

Action = Callable[[FileRouter, argparse.Namespace, "_ProgressBar"], int]

REMOTE_PATH = "a path in your encrypted space, e.g. /Documents/report.pdf"


def register(commands: Any) -> None:
    """Add the file commands to an argparse subparsers object."""
    ls = _command(
        commands,
        "ls",
        "list a folder (or show one file)",
        _ls,
        ["privshare ls", "privshare ls /Documents --bytes", "privshare ls /Shared --json"],
    )
    ls.add_argument(
        "path",
        nargs="?",
        default="/",
        metavar="PATH",
        help="the folder or file to list (default: /, the root)",
    )
    ls.add_argument("--bytes", action="store_true", help="sizes in bytes, not KiB/MiB/...")
    add_json_option(ls)
    mkdir = _command(commands, "mkdir", "make a folder", _mkdir, ["privshare mkdir /Photos/2026"])
    mkdir.add_argument("path", metavar="PATH", help="the new folder (its parent must exist)")
    add_json_option(mkdir)
    put = _command(
        commands,
        "put",
        "upload files and folders into REMOTE_DIR",
        _put,
        [
            "privshare put report.pdf /Documents",
            "privshare put ~/Photos notes.txt /",
            "privshare put big.iso / --json",
        ],
    )
    put.add_argument(
        "locals",
        nargs="+",
        type=Path,
        metavar="LOCAL",
        help="a local file or folder to upload (folders with everything in them)",
    )
    put.add_argument(
        "remote",
        metavar="REMOTE_DIR",
        help="the remote folder to upload into (made if missing); an existing "
        "file there gets a new version",
    )
    add_json_option(put)
    get = _command(
        commands,
        "get",
        "download a file, or a folder recursively",
        _get,
        [
            "privshare get /Documents/report.pdf .",
            "privshare get /Photos ~/Pictures/photos",
            "privshare get /report.pdf report.pdf --force",
        ],
        _refuse_to_overwrite,
    )
    get.add_argument(
        "remote", metavar="REMOTE", help=f"the file or folder to download: {REMOTE_PATH}"
    )
    get.add_argument(
        "local",
        type=Path,
        metavar="LOCAL",
        help="where to write it: a new name, or an existing folder to put it in",
    )
    get.add_argument(
        "--force", action="store_true", help="replace an existing local file (never done otherwise)"
    )
    add_json_option(get)
    mv = _command(
        commands,
        "mv",
        "rename or move a file or folder",
        _mv,
        ["privshare mv /report.pdf /Documents", "privshare mv /Documents/a.txt /Documents/b.txt"],
    )
    mv.add_argument("source", metavar="SRC", help=f"what to move: {REMOTE_PATH}")
    mv.add_argument(
        "destination", metavar="DST", help="an existing folder to move it into, or its new path"
    )
    add_json_option(mv)
    rm = _command(
        commands,
        "rm",
        "move a file, or a folder with its contents, to the trash",
        _rm,
        ["privshare rm /Documents/old.txt", "privshare rm /Old --permanent"],
    )
    rm.add_argument("path", metavar="PATH", help=f"what to delete: {REMOTE_PATH}")
    rm.add_argument("--permanent", action="store_true", help="delete for good, not to the trash")
    add_json_option(rm)
    versions = _command(
        commands,
        "versions",
        "list the kept versions of a file",
        _versions,
        ["privshare versions /Documents/report.pdf"],
    )
    versions.add_argument("path", metavar="PATH", help=f"the file: {REMOTE_PATH}")
    add_json_option(versions)
    restore = _command(
        commands,
        "restore",
        "make an earlier version current again",
        _restore,
        ["privshare restore /Documents/report.pdf 2"],
    )
    restore.add_argument("path", metavar="PATH", help=f"the file: {REMOTE_PATH}")
    restore.add_argument(
        "version",
        type=int,
        metavar="VERSION",
        help="the version number to restore (see `privshare versions`)",
    )
    add_json_option(restore)


def _command(
    commands: Any,
    name: str,
    help_text: str,
    action: Action,
    example_lines: list[str],
    check: Callable[[argparse.Namespace], None] | None = None,
) -> argparse.ArgumentParser:
    """A subcommand running `action` in a session; `check` runs first, before any
    password is asked for."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        **examples(*example_lines),
    )
    parser.set_defaults(run=lambda args: _run(action, args, check))
    return parser


def _run(
    action: Action, args: argparse.Namespace, check: Callable[[argparse.Namespace], None] | None
) -> int:
    if check is not None:
        check(args)
    bar = _ProgressBar(ProgressLine())
    with open_session(args) as session:
        follow = index_follower(session.vault, lambda: files.home)
        files = FileRouter(
            session.channel, session.vault, session.mounts(), progress=bar, on_change=follow
        )
        try:
            return action(files, args, bar)
        finally:
            bar.close()


class _ProgressBar:
    """Draws transfer events as one line on stderr (ProgressLine does nothing off a tty)
    and counts what was transferred, for the closing summary and `--json`."""

    def __init__(self, line: ProgressLine) -> None:
        self._line = line
        self._open = False
        self._started = time.monotonic()
        self.sizes: dict[str, int] = {}
        self.direction = ""

    def __call__(self, event: TransferEvent) -> None:
        self.direction = event.direction
        if isinstance(event, TransferStarted | TransferProgress):
            done = event.done if isinstance(event, TransferProgress) else 0
            self._line.update(event.path, done, event.total)
            self._open = True
        elif isinstance(event, TransferFinished | TransferFailed):
            if isinstance(event, TransferFinished):
                self._line.update(event.path, event.total, event.total)
                self.sizes[event.path] = event.total
            self._end_line()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self._started

    def summary(self) -> str:
        total = sum(self.sizes.values())
        verb = "uploaded" if self.direction == "upload" else "downloaded"
        count = len(self.sizes)
        text = f"{verb} {count} file{'s' if count != 1 else ''}, {human_size(total)}"
        text += f" in {human_duration(self.seconds)}"
        if self.seconds > 0 and total:
            text += f" ({human_size(int(total / self.seconds))}/s)"
        return text

    def say_summary(self) -> None:
        if self.direction:
            self._line.say(self.summary())

    def transferred(self, paths: list[str] | None = None) -> dict[str, Any]:
        """For `--json`: each file (`paths`, else every one transferred) with its size."""
        listed = list(self.sizes) if paths is None else paths
        return {
            "files": [{"path": path, "size": self.sizes.get(path)} for path in listed],
            "bytes": sum(self.sizes.values()),
            "seconds": round(self.seconds, 3),
        }

    def _end_line(self) -> None:
        if self._open:
            self._line.finish()
            self._open = False

    def close(self) -> None:
        self._end_line()


def _ls(files: FileRouter, args: argparse.Namespace, bar: _ProgressBar) -> int:
    entries = files.ls(args.path)
    if args.json:
        print_json([_entry_json(e) for e in entries])
        return 0
    print(f"{'SIZE':>12}  {'MODIFIED (UTC)':<16}  NAME")
    for entry in entries:
        print(_entry_line(entry, raw=args.bytes))
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


def _entry_line(entry: EntryInfo, *, raw: bool) -> str:
    if entry.type == "folder":
        return f"{'-':>12}  {'-':<16}  {entry.name}/"
    size = "-" if entry.size is None else str(entry.size) if raw else human_size(entry.size)
    return f"{size:>12}  {_when(entry.modified):<16}  {entry.name}"


def _when(milliseconds: int | None) -> str:
    if milliseconds is None:
        return "-"
    moment = datetime.datetime.fromtimestamp(milliseconds / 1000, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


def _mkdir(files: FileRouter, args: argparse.Namespace, bar: _ProgressBar) -> int:
    made = files.mkdir(args.path)
    _print_path(made, args.json)
    return 0


def _put(files: FileRouter, args: argparse.Namespace, bar: _ProgressBar) -> int:
    written = files.put(args.locals, args.remote)
    bar.close()
    bar.say_summary()
    if args.json:
        print_json({"remote": args.remote, **bar.transferred(written)})
        return 0
    for path in written:
        print(path)
    return 0


def _get(files: FileRouter, args: argparse.Namespace, bar: _ProgressBar) -> int:
    written = files.get(args.remote, args.local)
    bar.close()
    bar.say_summary()
    if args.json:
        print_json({"local": str(written), **bar.transferred()})
    else:
        print(written)
    return 0


def _refuse_to_overwrite(args: argparse.Namespace) -> None:
    """`FileExistsError` when `get REMOTE LOCAL` would replace an existing local file."""
    if args.force:
        return
    name = args.remote.rstrip("/").rsplit("/", 1)[-1]
    local: Path = args.local
    target = local / name if local.is_dir() and name else local
    if target.exists() and not target.is_dir():
        raise FileExistsError(
            f"{target} exists already: add --force to replace it, or give another name"
        )


def _mv(files: FileRouter, args: argparse.Namespace, bar: _ProgressBar) -> int:
    moved = files.move(args.source, args.destination)
    _print_path(moved, args.json)
    return 0


def _print_path(path: str, as_json: bool) -> None:
    if as_json:
        print_json({"path": path})
    else:
        print(path)


def _rm(files: FileRouter, args: argparse.Namespace, bar: _ProgressBar) -> int:
    if args.permanent:
        files.remove(args.path)
        return 0
    from app.cli.commands.trash import item_json, move_to_trash  # only `rm` loads the trash

    item = move_to_trash(files, args)
    if args.json:
        print_json(item_json(item))
    return 0


def _versions(files: FileRouter, args: argparse.Namespace, bar: _ProgressBar) -> int:
    infos = files.versions(args.path)
    if args.json:
        print_json(
            [
                {"version": i.version, "size": i.size, "modified": i.modified, "current": i.current}
                for i in infos
            ]
        )
        return 0
    print(f"{'VERSION':>7}  {'SIZE':>12}  {'MODIFIED (UTC)':<16}")
    for info in infos:
        current = "  (current)" if info.current else ""
        print(f"{info.version:>7}  {human_size(info.size):>12}  {_when(info.modified)}{current}")
    return 0


def _restore(files: FileRouter, args: argparse.Namespace, bar: _ProgressBar) -> int:
    version = files.restore(args.path, args.version)
    if args.json:
        print_json({"path": args.path, "restored": args.version, "version": version})
    else:
        print(f"{args.path}: version {args.version} restored as version {version}")
    return 0
