"""Block files: DATA_DIR/blocks/ab/cd/<64 hex>, written atomically, checked by scrub.

`write` stores a block durably: `.tmp-<random>` in its final directory, fsynced, renamed
over its name, directory fsynced; a crash leaves nothing or the whole block under its
name (plus perhaps a temp file, removed by `sweep`). `write_unsynced` does the same
without the fsyncs and never replaces an existing file (so a synced block is never
swapped for an unsynced copy): the caller must `sync` the block before a committed
record references it (store.py: the durability point). Reads do not re-hash: the client
checks every block against its signed descriptor, and `matches` (used by scrub.py) finds
a file that no longer hashes to its name.

Block data goes to disk with O_DIRECT where the file system allows it (the block's
whole 4 KiB units, copied through one reused page-aligned buffer per writing thread;
the last partial unit through the page cache): a buffered write copies every byte into
freshly allocated page-cache pages, which costs this server 0.3 to 2 ms of CPU per MiB
on these VMs depending on the machine's load, a direct write 0.1 to 0.3
(bench/analysis/transfer.md, "Block files written around the page cache"). Durability
is unchanged: nothing counts as stored before `sync`.
"""

from __future__ import annotations

import errno
import logging
import mmap
import os
import re
import secrets
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app.wire.objects import block_id_matches
from server_stub.objects.errors import BlockUnavailableError

if sys.platform != "win32":  # no fcntl there, and no O_DIRECT either
    import fcntl

__all__ = ["TEMP_PREFIX", "BlockFiles"]

TEMP_PREFIX = ".tmp-"
SYNC_THREADS = 8  # fsyncs of recently written files overlap well (measured: 6x at 4-8)
# bytes per write() of a block file, each followed by its writeback hint: one write() of a
# 4 MiB block cost 4-6x the kernel CPU per MiB of 1 MiB pieces here (fresh page-cache
# pages instead of those the previous hint freed; bench/analysis/transfer.md)
WRITE_PIECE = 1 << 20
# O_DIRECT needs the file offset, the length and the buffer's address to be multiples of
# the device's logical block size (512 or 4096 bytes): 4096 satisfies both
DIRECT_UNIT = 4096
_NAME = re.compile(r"[0-9a-f]{64}")
_log = logging.getLogger("server_stub.objects")


class BlockFiles:
    """The directory of block files; no listing of it ever leaves the server."""

    def __init__(
        self,
        root: Path,
        *,
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
        direct: bool = True,
    ):
        self.root = root
        self._randbytes = randbytes
        # O_DIRECT where allowed; off for good once the file system refuses it
        self._direct = direct and hasattr(os, "O_DIRECT")
        root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def path(self, block_id: bytes) -> Path:
        name = block_id.hex()
        return self.root / name[:2] / name[2:4] / name

    def exists(self, block_id: bytes) -> bool:
        return self.path(block_id).is_file()

    def write(self, block_id: bytes, data: bytes) -> None:
        """Store `data` under `block_id` atomically (the caller checked the hash)."""
        final = self.path(block_id)
        final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = final.parent / f"{TEMP_PREFIX}{self._randbytes(8).hex()}"
        try:
            with open(temp, "xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, final)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        _fsync_dir(final.parent)

    def write_unsynced(self, block_id: bytes, data: bytes | memoryview) -> bool:
        """Store `data` under `block_id` unless a file has that name; True if written.

        Nothing is fsynced: `sync([block_id])` before anything durable refers to it."""
        final = self.path(block_id)
        if final.exists():
            return False
        final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = final.parent / f"{TEMP_PREFIX}{self._randbytes(8).hex()}"
        try:
            self._write_new(temp, memoryview(data))
            os.link(temp, final)  # fails if the name exists: never replaces a block
        except FileExistsError:
            return False
        finally:
            temp.unlink(missing_ok=True)
        return True

    def _write_new(self, path: Path, data: memoryview) -> None:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            done = 0
            if self._direct:
                done = _write_direct(descriptor, data)
                if done < 0:
                    self._direct = False
                    _log.info("block files: O_DIRECT refused here, writing through the cache")
                    done = 0
            _write_buffered(descriptor, data, done)
        finally:
            os.close(descriptor)

    def sync(self, block_ids: Iterable[bytes]) -> None:
        """fsync the files of `block_ids` and the directories holding their names
        (missing files are skipped: nothing references a block removed as garbage)."""
        paths = [self.path(block_id) for block_id in block_ids]
        if not paths:
            return
        # the name in cd/, cd/ in ab/, ab/ in the root: each may be new
        directories = {p.parent for p in paths} | {p.parent.parent for p in paths} | {self.root}
        if len(paths) <= 2:
            for path in [*paths, *directories]:
                _fsync_path(path)
            return
        with ThreadPoolExecutor(SYNC_THREADS, thread_name_prefix="fsync") as pool:
            list(pool.map(_fsync_path, paths))
            list(pool.map(_fsync_path, directories))

    def read(self, block_id: bytes) -> bytes:
        """The block's bytes as stored (not re-hashed); else `BlockUnavailableError`."""
        path = self.path(block_id)
        try:
            data = self._read_uncached(path) if self._direct else None
            return path.read_bytes() if data is None else data
        except OSError:
            _log.error("block %s is referenced but its file is missing", block_id.hex())
            raise BlockUnavailableError("the block is unavailable") from None

    def _read_uncached(self, path: Path) -> bytes | None:
        """`_read_direct`, noting a refusal once (as `_write_new` does): later reads go
        through the cache without asking again."""
        try:
            return _read_direct(path)
        except _DirectRefusedError:
            self._direct = False
            _log.info("block files: O_DIRECT refused here, reading through the cache")
            return None

    def matches(self, block_id: bytes) -> bool:
        """Whether the block's file exists and hashes to its id (SHA-256 or BLAKE3: a
        block does not record which one its writer named; a block is at most 16 MiB)."""
        try:
            data = self.path(block_id).read_bytes()
        except OSError:
            return False
        return block_id_matches(block_id, data)

    def quarantine(self, block_id: bytes, folder: Path) -> Path:
        """Move the block's file into `folder` (its name kept); the block then reads as
        unavailable until it is sent again (`write_unsynced` recreates the name)."""
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = folder / block_id.hex()
        os.replace(self.path(block_id), target)
        return target

    def remove(self, block_ids: Iterable[bytes]) -> None:
        for block_id in block_ids:
            self.path(block_id).unlink(missing_ok=True)

    def sweep(self, is_known: Callable[[bytes], bool]) -> int:
        """Remove temp files, foreign names and blocks the database does not know.

        Returns how many files were removed. Run at start-up, before serving.
        """
        removed = 0
        for path in sorted(self.root.glob("*/*/*")):
            if not path.is_file():
                continue
            name = path.name
            known = (
                _NAME.fullmatch(name) is not None
                and path.parent == self.path(bytes.fromhex(name)).parent
            )
            if not known or not is_known(bytes.fromhex(name)):
                path.unlink(missing_ok=True)
                removed += 1
        if removed:
            _log.info("removed %d orphan or partial block files", removed)
        return removed


class _AlignedBuffer(threading.local):
    """One page-aligned buffer per thread, reused for every block it writes or reads."""

    def __init__(self) -> None:
        self.buffer = mmap.mmap(-1, WRITE_PIECE)

    def at_least(self, size: int) -> mmap.mmap:
        if len(self.buffer) < size:
            self.buffer.close()
            self.buffer = mmap.mmap(-1, -(-size // WRITE_PIECE) * WRITE_PIECE)
        return self.buffer


_aligned = _AlignedBuffer()


class _DirectRefusedError(Exception):
    """The file system or the device refused O_DIRECT (EINVAL)."""


def _read_direct(path: Path) -> bytes | None:
    """The file's bytes read around the page cache into this thread's aligned buffer (a
    block written by `_write_direct` is not in the cache, and filling the cache costs
    more than the copy out of the buffer); None after a short read; `_DirectRefusedError`
    where O_DIRECT is refused."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECT)
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            raise _DirectRefusedError() from None
        raise
    try:
        size = os.fstat(descriptor).st_size
        buffer = _aligned.at_least(size + DIRECT_UNIT)
        with memoryview(buffer)[: size - size % DIRECT_UNIT + DIRECT_UNIT] as room:
            got = _direct_read(descriptor, room)
            if got != size:  # short: read it through the cache
                return None
            return bytes(room[:size])
    finally:
        os.close(descriptor)


def _direct_read(descriptor: int, room: memoryview) -> int:
    """os.readv into `room`; `_DirectRefusedError` if the device refuses this alignment."""
    try:
        return os.readv(descriptor, [room])
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            raise _DirectRefusedError() from None
        raise


def _write_direct(descriptor: int, data: memoryview) -> int:
    """Write the whole DIRECT_UNITs of `data` bypassing the page cache, WRITE_PIECE at a
    time through this thread's aligned buffer. Returns how many bytes were written (the
    descriptor's offset), or -1 if the file system does not allow O_DIRECT."""
    whole = len(data) - len(data) % DIRECT_UNIT
    if whole == 0:
        return 0
    flags = fcntl.fcntl(descriptor, fcntl.F_GETFL)
    try:
        fcntl.fcntl(descriptor, fcntl.F_SETFL, flags | os.O_DIRECT)
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            return -1
        raise
    buffer = _aligned.at_least(WRITE_PIECE)
    written = 0
    try:
        while written < whole:
            size = min(WRITE_PIECE, whole - written)
            buffer[:size] = data[written : written + size]
            with memoryview(buffer)[:size] as piece:
                done = _direct_write(descriptor, piece)
            if done < 0:
                return -1 if written == 0 else written
            written += done
            if done != size:  # a short write: the rest goes through the cache
                break
    finally:
        fcntl.fcntl(descriptor, fcntl.F_SETFL, flags)
    return written


def _direct_write(descriptor: int, piece: memoryview) -> int:
    """os.write, or -1 if the device refuses this alignment."""
    try:
        return os.write(descriptor, piece)
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            return -1
        raise


def _write_buffered(descriptor: int, data: memoryview, start: int) -> None:
    """Write `data[start:]` at the descriptor's offset (`start`) through the page cache."""
    for offset in range(start, len(data), WRITE_PIECE):
        piece = data[offset : offset + WRITE_PIECE]
        size = len(piece)
        while piece:
            piece = piece[os.write(descriptor, piece) :]
        _start_writeback(descriptor, offset, size)


def _start_writeback(descriptor: int, start: int, size: int) -> None:
    """Ask the kernel to start writing these bytes out now, without waiting (Linux starts
    writeback of dirty pages on POSIX_FADV_DONTNEED, as PostgreSQL's pg_flush_data uses
    it), so the fsync at the durability point finds little left to write."""
    if hasattr(os, "posix_fadvise"):
        os.posix_fadvise(descriptor, start, size, os.POSIX_FADV_DONTNEED)


def _fsync_path(path: Path) -> None:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_dir(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
