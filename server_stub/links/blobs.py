"""Where the bytes of share links live (LINKS.md §7): the `LinkBlobs` port and its
embedded implementation, files under DATA_DIR/links/<ID>/. A fleet keeps them in its
bucket instead (backends/s3/link_blobs.py). Names inside a link are `F.I` (block I of
file F) and `drop-N.I` (block I of drop N). Every call blocks: run it off the event loop.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

__all__ = ["LinkBlobs", "LinkFiles"]


class LinkBlobs(Protocol):
    def write(self, link_id: str, name: str, data: bytes) -> None:
        """Store (replacing); durable only after `sync` where the store needs one."""

    def sync(self, link_id: str, names: Iterable[str]) -> None:
        """Make the named blobs durable; FileNotFoundError if one is missing."""

    def read(self, link_id: str, name: str) -> bytes:
        """The bytes; FileNotFoundError if there are none."""

    def remove(self, link_id: str, names: Iterable[str]) -> None:
        """Delete the named blobs (missing ones are fine)."""

    def remove_link(self, link_id: str) -> None:
        """Delete every blob of the link."""


class LinkFiles:
    """`LinkBlobs` as files: written to a temp name and renamed, fsynced (files, then
    their folder) by `sync` before the transaction that serves them commits."""

    def __init__(
        self, root: Path, *, randbytes: Callable[[int], bytes] = secrets.token_bytes
    ) -> None:
        self.root = root
        self._randbytes = randbytes
        root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def write(self, link_id: str, name: str, data: bytes) -> None:
        path = self.root / link_id / name
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = path.parent / f".tmp-{self._randbytes(8).hex()}"
        try:
            with open(temp, "xb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    def sync(self, link_id: str, names: Iterable[str]) -> None:
        folder = self.root / link_id
        paths = [folder / name for name in names]
        for path in paths:
            _fsync(path)
        if paths:
            _fsync(folder)

    def read(self, link_id: str, name: str) -> bytes:
        return (self.root / link_id / name).read_bytes()

    def remove(self, link_id: str, names: Iterable[str]) -> None:
        for name in names:
            (self.root / link_id / name).unlink(missing_ok=True)

    def remove_link(self, link_id: str) -> None:
        shutil.rmtree(self.root / link_id, ignore_errors=True)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
