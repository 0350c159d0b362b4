"""Streaming download of one file: fetch blocks in parallel, decrypt in order, verify, rename.

Blocks are fetched by a small thread pool, several per `blockGetMany` request (4 MiB of
chunks: 4 blocks of 1 MiB chunks, or one of 4 MiB), as many requests ahead of the one
being checked as `in_flight` bytes of chunks allow. Checked chunks are written by their
own thread to a 0600 part file in the target's folder (partials.py, which also removes
the parts a killed process left there). Only once the whole file has authenticated
(every chunk, its order, its end, its size and the block-id digest of the signed
metadata) is the part renamed to the target. On any failure the part is removed and the
target is left untouched. `content_chunks` is the same read as a stream of chunks, each
yielded only after it authenticated (the drive serves files this way)."""

from __future__ import annotations

import errno
import mmap
import os
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol, TypeVar

from app.client.objects_api import MAX_BLOCKS_PER_GET, MAX_GET_BYTES, ObjectsApi
from app.fs import ContentDecryptor
from app.fs.chunks import BLOCK_OVERHEAD
from app.services.events import (
    CancelToken,
    ProgressCallback,
    TransferProgress,
    TransferStarted,
)
from app.services.files.partials import new_part_file, publish, remove_leftovers
from app.services.files.tree import File

if sys.platform != "win32":  # no fcntl there, and no O_DIRECT either
    import fcntl

__all__ = ["DEFAULT_IN_FLIGHT", "content_chunks", "download_file", "write_content"]

DEFAULT_IN_FLIGHT = 16 * 1024 * 1024  # bytes of chunks asked for and not yet written
REQUEST_BYTES = 4 * 1024 * 1024 + 32 * 1024  # blocks per request: 4 of 1 MiB chunks
MAX_REQUESTS_AHEAD = 4  # requests in flight, whatever the chunk size
WRITE_BUFFERS = 3  # chunks checked and waiting for the writer thread, at most
WRITE_PIECE = 1024 * 1024  # bytes per write() call (a 4 MiB chunk is written in 4)
WRITE_BACK_STEP = 1024 * 1024  # bytes written before their writeback is started
DROP_WINDOW = 32 * 1024 * 1024  # bytes behind the last hint hinted again (see _ChunkWriter)
# O_DIRECT needs the file offset, the length and the buffer's address to be multiples of
# the device's logical block size (512 or 4096 bytes): 4096 satisfies both
DIRECT_UNIT = 4096
_T = TypeVar("_T")


def download_file(
    api: ObjectsApi,
    file: File,
    target: Path,
    progress: ProgressCallback,
    in_flight: int = DEFAULT_IN_FLIGHT,
    cancel: CancelToken | None = None,
) -> None:
    """Download, verify and place `file` at `target` (replacing a file there)."""
    remove_leftovers(target.parent)
    with new_part_file(target) as (part, sink):
        write_content(api, file, sink, progress, in_flight, cancel, write_back=True)
        sink.flush()
        os.fsync(sink.fileno())
        sink.close()
        publish(part, target)


def write_content(
    api: ObjectsApi,
    file: File,
    sink: BinaryIO,
    progress: ProgressCallback,
    in_flight: int = DEFAULT_IN_FLIGHT,
    cancel: CancelToken | None = None,
    *,
    write_back: bool = False,
) -> int:
    """Decrypt `file`'s content into `sink`; raises a TamperingError on any mismatch,
    `TransferCancelledError` once `cancel` is set (checked before every chunk). What was
    written before a failure must be discarded by the caller. Each chunk is decrypted
    straight into the buffer it is written from: for a file of one chunk, a buffer
    written to `sink` at once; for a longer one, a buffer of the `_ChunkWriter`, which
    writes it on its own thread while the next chunk is checked. `write_back`: `sink` is
    a file that is not read back soon (the caller fsyncs it, or hands it over), so the
    disk starts writing it as it arrives, around the page cache where the file system
    allows it (O_DIRECT), else through it with its written pages dropped behind."""
    cancel = cancel or CancelToken()
    metadata = file.metadata
    progress(TransferStarted(file.path, "download", metadata.size))
    decryptor = ContentDecryptor(metadata.content, metadata.summary)
    chunk_size = metadata.content.chunk_size
    done = 0
    several = len(file.record.block_ids) > 1
    writer = _ChunkWriter(sink, write_back, direct=write_back) if several else _DirectWriter(sink)
    with _blocks_in_order(api, file, decryptor, in_flight) as blocks, _closing(writer):
        for block, block_id in blocks:
            cancel.check()
            room = writer.buffer(max(0, min(len(block) - BLOCK_OVERHEAD, chunk_size)))
            plaintext = decryptor.open_into(block, room, block_id)
            writer.write(plaintext)
            done += len(plaintext)
            progress(TransferProgress(file.path, "download", done, metadata.size))
        decryptor.finish()
    return done


class _Writer(Protocol):
    def buffer(self, size: int) -> memoryview:
        """A buffer of at least `size` bytes to put the next chunk in."""
        ...

    def write(self, chunk: memoryview) -> None:
        """Write `chunk`, a view of the last `buffer`."""
        ...

    def close(self) -> None:
        """Wait until every chunk is written (or dropped after a failure)."""
        ...

    def raise_failure(self) -> None: ...


@contextmanager
def _closing(writer: _Writer) -> Iterator[_Writer]:
    """Leaving the block without an error waits for every write (and raises its error)."""
    try:
        yield writer
    except BaseException:
        writer.close()
        raise
    writer.close()
    writer.raise_failure()


class _DirectWriter:
    """Writes each chunk to the sink at once, from one buffer reused for every chunk."""

    def __init__(self, sink: BinaryIO) -> None:
        self._sink = sink
        self._buffer = memoryview(bytearray())

    def buffer(self, size: int) -> memoryview:
        if len(self._buffer) < size:
            self._buffer = memoryview(bytearray(size))
        return self._buffer

    def write(self, chunk: memoryview) -> None:
        self._sink.write(chunk)

    def close(self) -> None:
        pass

    def raise_failure(self) -> None:
        pass


class _ChunkWriter:
    """Writes chunks to a sink on its own thread, so that a write (into fresh page cache
    about as costly as hashing and decrypting the chunk; both release the GIL) overlaps
    the checks of the next chunk. Chunks are decrypted straight into one of
    `WRITE_BUFFERS` buffers, allocated once and reused (`buffer` waits for a free one).
    A failed write is raised by the next `buffer` or by `raise_failure`; the chunks
    still queued after it are dropped. With `write_back`, every `WRITE_BACK_STEP` bytes
    written are handed to the disk at once (as the server's block files are), so the
    caller's final fsync waits for the last few chunks only, not the whole file; the
    hint also covers the `DROP_WINDOW` bytes before, whose writeback has finished by
    then, so their clean pages leave the page cache and the next writes reuse them:
    pages the kernel takes fresh cost 3-4x more to write into on these VMs (see
    bench/analysis/transfer.md, "Client CPU per MiB of a download"). With `direct` (a
    file sink), the buffers are page-aligned and each chunk's whole 4 KiB units are
    written with O_DIRECT, without a copy into the page cache at all; the last partial
    unit, and everything once the file system refuses O_DIRECT, goes through the cache
    as above ("Download beside rclone" in the same file)."""

    def __init__(self, sink: BinaryIO, write_back: bool = False, *, direct: bool = False) -> None:
        self._sink = sink
        self._write_back = write_back
        self._direct = direct and hasattr(os, "O_DIRECT")
        self._descriptor = -1  # direct: every write goes to the file descriptor
        self._descriptor_direct = False  # whether O_DIRECT is set on it now
        if self._direct:
            sink.flush()
            try:
                self._descriptor = sink.fileno()
            except OSError:  # io.UnsupportedOperation: not a file, nothing to bypass
                self._direct = False
        self._written = 0
        self._handed = 0  # bytes whose writeback was started
        self._free: queue.SimpleQueue[bytearray | mmap.mmap] = queue.SimpleQueue()
        self._queued: queue.SimpleQueue[tuple[bytearray | mmap.mmap, int] | None] = (
            queue.SimpleQueue()
        )
        self._unallocated = WRITE_BUFFERS
        # handed out by `buffer`, not yet written
        self._current: bytearray | mmap.mmap | None = None
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="download-writer", daemon=True)
        self._thread.start()

    def buffer(self, size: int) -> memoryview:
        self.raise_failure()
        if self._current is None:
            if self._unallocated:
                self._unallocated -= 1
                self._current = self._new_buffer(size)
            else:
                self._current = self._free.get()
        if len(self._current) < size:
            self._current = self._new_buffer(size)
        return memoryview(self._current)

    def _new_buffer(self, size: int) -> bytearray | mmap.mmap:
        if not self._direct:
            return bytearray(size)
        return mmap.mmap(-1, max(1, -(-size // DIRECT_UNIT)) * DIRECT_UNIT)  # page-aligned

    def write(self, chunk: memoryview) -> None:
        if self._current is None or chunk.obj is not self._current:
            raise ValueError("write takes a view of the last buffer handed out")
        self._queued.put((self._current, len(chunk)))
        self._current = None

    def close(self) -> None:
        self._queued.put(None)
        self._thread.join()

    def raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _run(self) -> None:
        while (item := self._queued.get()) is not None:
            buffer, size = item
            if self._failure is None:
                try:
                    self._write(memoryview(buffer)[:size])
                except BaseException as failure:  # raised on the caller's thread
                    self._failure = failure
            self._free.put(buffer)

    def _write(self, chunk: memoryview) -> None:
        if self._direct:
            chunk = chunk[self._write_direct(chunk) :]
        for start in range(0, len(chunk), WRITE_PIECE):
            piece = chunk[start : start + WRITE_PIECE]
            self._write_cached(piece)
            self._written += len(piece)
            if self._write_back and self._written - self._handed >= WRITE_BACK_STEP:
                self._start_writeback()

    def _write_direct(self, chunk: memoryview) -> int:
        """Write the whole DIRECT_UNITs of `chunk` (a view of an aligned buffer) with
        O_DIRECT, in one call; returns how many bytes were written. O_DIRECT is off for
        good once the file system refuses it (EINVAL)."""
        whole = len(chunk) - len(chunk) % DIRECT_UNIT
        if whole == 0 or self._written % DIRECT_UNIT:
            return 0
        done = 0
        try:
            self._set_direct(True)
            while done < whole:
                wrote = os.write(self._descriptor, chunk[done:whole])
                done += wrote
                if not wrote or wrote % DIRECT_UNIT:  # short: the rest through the cache
                    break
        except OSError as exc:
            if exc.errno != errno.EINVAL:
                raise
            self._direct = False
        self._written += done
        self._handed += done  # on their way to the disk already: nothing to hint
        return done

    def _write_cached(self, piece: memoryview) -> None:
        if self._descriptor < 0:
            self._sink.write(piece)
            return
        self._set_direct(False)
        while piece:
            piece = piece[os.write(self._descriptor, piece) :]

    def _set_direct(self, on: bool) -> None:
        if on == self._descriptor_direct:
            return
        flags = fcntl.fcntl(self._descriptor, fcntl.F_GETFL)
        flags = flags | os.O_DIRECT if on else flags & ~os.O_DIRECT
        fcntl.fcntl(self._descriptor, fcntl.F_SETFL, flags)  # EINVAL: refused here
        self._descriptor_direct = on

    def _start_writeback(self) -> None:
        """Start writing the bytes written since the last call to the disk, without
        waiting (Linux starts writeback of dirty pages on POSIX_FADV_DONTNEED, and drops
        the clean ones of the window behind)."""
        self._sink.flush()
        if hasattr(os, "posix_fadvise"):
            start = max(0, self._handed - DROP_WINDOW)
            length = self._written - start
            os.posix_fadvise(self._sink.fileno(), start, length, os.POSIX_FADV_DONTNEED)
        self._handed = self._written


def content_chunks(
    api: ObjectsApi, file: File, in_flight: int = DEFAULT_IN_FLIGHT
) -> Generator[bytes, None, None]:
    """`file`'s plaintext chunk by chunk, each only after it authenticated; a TamperingError
    at the chunk that fails (a file whose end fails the last check raises at the end)."""
    decryptor = ContentDecryptor(file.metadata.content, file.metadata.summary)
    out = memoryview(bytearray(file.metadata.content.chunk_size))
    with _blocks_in_order(api, file, decryptor, in_flight) as blocks:
        for block, block_id in blocks:
            yield bytes(decryptor.open_into(block, out, block_id))
        decryptor.finish()


@contextmanager
def _blocks_in_order(
    api: ObjectsApi, file: File, decryptor: ContentDecryptor, in_flight: int
) -> Iterator[Generator[tuple[bytes, bytes | None], None, None]]:
    """`file`'s blocks in order with their ids (None when `decryptor` needs none),
    fetched and hashed `in_flight` bytes ahead on a small pool: the thread that
    decrypts then does not hash as well (hashlib releases the GIL on large buffers)."""
    chunk_size = file.metadata.content.chunk_size
    batches = _batches(file.record.block_ids, chunk_size + BLOCK_OVERHEAD)
    per_request = chunk_size * len(batches[0]) if batches else 1
    ahead = max(1, min(MAX_REQUESTS_AHEAD, in_flight // per_request))
    identify = decryptor.block_id if decryptor.checks_block_ids else None

    def fetch(batch: tuple[bytes, ...]) -> list[tuple[bytes, bytes | None]]:
        found = api.block_get_many(file.item_id, batch)
        return [(block, identify(block) if identify else None) for block in found]

    with ThreadPoolExecutor(ahead, thread_name_prefix="download") as pool:
        blocks = _fetch_in_order(pool, fetch, batches, ahead)
        try:
            yield blocks
        finally:
            blocks.close()  # cancels fetches still queued, on this thread


def _batches(block_ids: tuple[bytes, ...], largest: int) -> list[tuple[bytes, ...]]:
    """`block_ids` cut into the requests of one `blockGetMany` each: as many blocks of
    at most `largest` bytes as fit in `REQUEST_BYTES` (half the server's answer budget:
    measured, 4 requests of 4 MiB in flight beat 2 or 3 of 8 MiB, in time and memory)."""
    per = max(1, min(MAX_BLOCKS_PER_GET, min(REQUEST_BYTES, MAX_GET_BYTES) // largest))
    return [block_ids[start : start + per] for start in range(0, len(block_ids), per)]


def _fetch_in_order(
    pool: ThreadPoolExecutor,
    fetch: Callable[[tuple[bytes, ...]], list[_T]],
    batches: list[tuple[bytes, ...]],
    ahead: int,
) -> Generator[_T, None, None]:
    """Yield what `fetch` returns for each batch, in order, while up to `ahead` batches
    run ahead."""
    pending: deque[Future[list[_T]]] = deque()
    try:
        for batch in batches:
            pending.append(pool.submit(fetch, batch))
            if len(pending) >= ahead:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
