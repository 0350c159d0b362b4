"""The server's static key: DATA_DIR/server-key, created on first start, then reused.

File format (ASCII, two lines, mode 0600, owner only):

    privshare-server-key v1
    <64 lowercase hex digits: the secp256k1 private scalar, big-endian>

The key signs every `ecdhe` reply (SPEC §4.1); clients pin its public half. It is
written atomically (temporary file with mode 0600, fsync, hard link to the final
name, fsync of the directory), so a crash never leaves a half key and two servers
starting at once cannot end up with different keys. A key file readable by group or
others is refused, as ssh does.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from app.crypto.ecc import PrivateKey
from app.crypto.errors import InvalidKeyError

__all__ = ["HEADER", "KeyFileError", "load_or_create", "read_key", "write_key"]

HEADER = "privshare-server-key v1"


class KeyFileError(Exception):
    """The key file is unreadable, malformed or too widely readable."""


def load_or_create(
    path: Path, randbytes: Callable[[int], bytes] = secrets.token_bytes
) -> PrivateKey:
    """Read the key at `path`, or create one there if there is none."""
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            write_key(path, PrivateKey.generate(randbytes))
    return read_key(path)


def read_key(path: Path) -> PrivateKey:
    """Parse a key file; refuse one that others may read."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"cannot read the server key {path}: {exc}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"the server key {path} is readable by others: chmod 600 it")
    lines = text.splitlines()
    if len(lines) != 2 or lines[0] != HEADER or len(lines[1]) != 64:
        raise KeyFileError(f"the server key {path} is not in the {HEADER!r} format")
    try:
        return PrivateKey.from_bytes(bytes.fromhex(lines[1]))
    except (ValueError, InvalidKeyError):
        raise KeyFileError(f"the server key {path} holds no valid key") from None


def write_key(path: Path, key: PrivateKey) -> None:
    """Write `key` to `path` atomically; `FileExistsError` if a key is already there."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    content = f"{HEADER}\n{key.to_bytes().hex()}\n".encode("ascii")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
