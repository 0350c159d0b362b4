"""Partial downloads: where decrypted data waits until it has verified, and how the
leftovers of a process that died mid-download are found and removed.

A download writes to a hidden sibling of its target, `.NAME.<pid>-<hex>.privshare-part`
(a file created 0600, or a folder created 0700 for a folder download), and renames it
into place only once everything verified. A process killed in between (kill -9, power
loss) cannot clean up, and the part holds plaintext. So before creating a part the
process records it in a registry, one small file per part in
`<user state dir>/Privshare/partial-downloads/` (platformdirs; `XDG_STATE_HOME` on
Linux) holding the part's absolute path; the entry goes once the part is renamed or
removed. `remove_leftovers()` deletes every registered part whose process is no longer
running (and its entry), plus any part of a dead process in the folder it is given:
the next `get` calls it for its target folder, `privshare` and the desktop app at start.
A part whose process is alive is never touched (a PID reused by another running process
only delays the removal).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import platformdirs

__all__ = [
    "PART_SUFFIX",
    "new_part_file",
    "new_part_folder",
    "publish",
    "registry_dir",
    "remove_leftovers",
]

PART_SUFFIX = ".privshare-part"
_PART_NAME = re.compile(r"^\..+\.(\d+)-[0-9a-f]{12}\.privshare-part$")


def registry_dir() -> Path:
    return Path(platformdirs.user_state_dir("Privshare")) / "partial-downloads"


@contextlib.contextmanager
def new_part_file(target: Path) -> Iterator[tuple[Path, BinaryIO]]:
    """A fresh registered 0600 part file beside `target`, open for writing. The caller
    renames it into place; it is removed on any exception, and unregistered either way."""
    with _registered(target) as part:
        descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as sink:
                yield part, sink
        except BaseException:
            with contextlib.suppress(OSError):
                part.unlink()
            raise


def publish(part: Path, target: Path) -> None:
    """Give the verified part the mode a new file gets here (umask), then rename it to
    `target` (replacing a file there)."""
    os.chmod(part, 0o666 & ~_umask())
    os.replace(part, target)


@contextlib.contextmanager
def new_part_folder(target: Path) -> Iterator[Path]:
    """A fresh registered 0700 part folder beside `target`; removed on any exception."""
    with _registered(target) as part:
        part.mkdir(mode=0o700)
        try:
            yield part
        except BaseException:
            with contextlib.suppress(OSError):
                shutil.rmtree(part)
            raise


def remove_leftovers(folder: Path | None = None) -> list[Path]:
    """Remove the parts of processes that no longer run: every registered one, and those
    in `folder`; returns what was removed. Never raises for a file it cannot touch."""
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in registry_dir().iterdir():
            pid = _pid_of(entry.name)
            if pid is None or _running(pid):
                continue
            with contextlib.suppress(OSError, UnicodeDecodeError):
                part = Path(entry.read_text(encoding="utf-8"))
                if _dead_part(part) and _remove(part):
                    removed.append(part)
            with contextlib.suppress(OSError):
                entry.unlink()
    if folder is not None:
        with contextlib.suppress(OSError):
            for part in folder.iterdir():
                if _dead_part(part) and _remove(part):
                    removed.append(part)
    return removed


@contextlib.contextmanager
def _registered(target: Path) -> Iterator[Path]:
    token = f"{os.getpid()}-{secrets.token_hex(6)}"
    part = target.parent / f".{target.name}.{token}{PART_SUFFIX}"
    registry = registry_dir()
    registry.mkdir(mode=0o700, parents=True, exist_ok=True)
    entry = registry / token
    entry.write_text(str(part.absolute()), encoding="utf-8")
    try:
        yield part
    finally:
        with contextlib.suppress(OSError):
            entry.unlink()


def _umask() -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def _pid_of(name: str) -> int | None:
    pid, _, rest = name.partition("-")
    return int(pid) if pid.isdigit() and rest else None


def _dead_part(path: Path) -> bool:
    match = _PART_NAME.match(path.name)
    return match is not None and not _running(int(match.group(1)))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return False
    return True
