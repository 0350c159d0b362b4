"""Crash-safe file writes (FORMAT.md §6): a reader sees the old file or the new one, never half.

temp file in the same folder -> write -> flush -> fsync -> chmod 0600 -> os.replace ->
fsync the folder. The previous file is first copied to the backup path the same way.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["FILE_MODE", "atomic_write", "read_file", "read_if_exists", "write_with_backup"]

FILE_MODE = 0o600


def read_file(path: Path, limit: int = -1) -> bytes:
    """The whole file, or its first `limit` + 1 bytes when it is longer than `limit`."""
    with open(path, "rb") as f:
        return f.read(limit + 1 if limit >= 0 else -1)


def read_if_exists(path: Path, limit: int = -1) -> bytes | None:
    try:
        return read_file(path, limit)
    except FileNotFoundError:
        return None


def _fsync_folder(folder: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:  # some platforms cannot open a folder; the rename is still atomic
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically and durably; on failure `path` is unchanged."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(path.parent)


def write_with_backup(path: Path, backup: Path, data: bytes) -> None:
    """Copy the current `path` (if any) to `backup`, then replace `path` with `data`."""
    if path.exists():
        atomic_write(backup, read_file(path))
    atomic_write(path, data)
