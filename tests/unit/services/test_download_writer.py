"""The download's writer thread (app/services/files/download.py `_ChunkWriter`): chunks
decrypted into its reused buffers reach the file in order, written in pieces, with the
writeback of each piece started and the pieces behind it hinted again; with `direct`,
their whole 4 KiB units written around the page cache (O_DIRECT), and everything through
the cache once the file system refuses that."""

from __future__ import annotations

import errno
import io
import os
import sys
import threading
from pathlib import Path
from typing import BinaryIO

import pytest
from direct_io_helpers import WriteRecorder, allows_direct, refuse_direct_at_fcntl

from app.services.files import download
from app.services.files.download import DIRECT_UNIT, _ChunkWriter

if sys.platform != "win32":
    import fcntl

MIB = 1 << 20
needs_o_direct = pytest.mark.skipif(not hasattr(os, "O_DIRECT"), reason="no O_DIRECT here")


def write_all(writer: _ChunkWriter, chunks: list[bytes]) -> None:
    for chunk in chunks:
        room = writer.buffer(len(chunk))
        room[: len(chunk)] = chunk
        writer.write(room[: len(chunk)])
    writer.close()
    writer.raise_failure()


def record_hints(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    hints: list[tuple[int, int]] = []

    def record(fd: int, start: int, length: int, advice: int) -> None:
        hints.append((start, length))

    monkeypatch.setattr(os, "posix_fadvise", record)
    return hints


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "download-writer"]


def test_chunks_reach_the_file_in_pieces_with_the_window_hinted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download, "DROP_WINDOW", 3 * MIB)
    hints = record_hints(monkeypatch)
    chunks = [os.urandom(4 * MIB) for _ in range(4)] + [os.urandom(MIB // 2)]
    path = tmp_path / "part"
    with path.open("wb") as sink:
        write_all(_ChunkWriter(sink, write_back=True), chunks)
    assert path.read_bytes() == b"".join(chunks)
    assert writer_threads() == []
    assert_hinted_every_mib(hints)


def assert_hinted_every_mib(hints: list[tuple[int, int]]) -> None:
    """One hint per MiB of 16 MiB written, each from DROP_WINDOW (3 MiB) behind the
    previous one to the end."""
    assert len(hints) == 16
    assert hints[0] == (0, MIB)
    assert hints[5] == (2 * MIB, 4 * MIB)  # the 6th MiB: from (5 - 3) MiB
    assert all(start + length == (i + 1) * MIB for i, (start, length) in enumerate(hints))


@needs_o_direct
@pytest.mark.parametrize("tail", [0, 1, DIRECT_UNIT - 1, DIRECT_UNIT + 5, MIB // 2])
def test_whole_units_go_around_the_page_cache_and_the_tail_through_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tail: int
) -> None:
    if not allows_direct(tmp_path):
        pytest.skip("this file system refuses O_DIRECT")
    hints = record_hints(monkeypatch)
    chunks = [os.urandom(4 * MIB) for _ in range(3)] + ([os.urandom(tail)] if tail else [])
    path = tmp_path / "part"
    with path.open("wb") as sink:
        writer = _ChunkWriter(sink, write_back=True, direct=True)
        recorder = WriteRecorder(monkeypatch)
        write_all(writer, chunks)
        sink.flush()
        os.fsync(sink.fileno())
    assert path.read_bytes() == b"".join(chunks)
    whole_tail = tail - tail % DIRECT_UNIT
    assert recorder.total(direct=True) == 12 * MIB + whole_tail
    assert recorder.total(direct=False) == tail % DIRECT_UNIT
    assert len(recorder.writes) == 3 + (whole_tail > 0) + (tail % DIRECT_UNIT > 0), (
        "one write of each chunk's whole units, and one of the partial unit at the end"
    )
    assert hints == [], "nothing written through the cache has a MiB to hand over"
    assert writer_threads() == []


def refuse_direct_at_write(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    real_write = os.write
    refused: list[int] = []

    def write(descriptor: int, data: memoryview) -> int:
        if fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_DIRECT:
            refused.append(descriptor)
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", write)
    return refused


@needs_o_direct
@pytest.mark.parametrize("refuse", [refuse_direct_at_fcntl, refuse_direct_at_write])
def test_a_file_system_that_refuses_o_direct_gets_the_chunks_through_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refuse: object
) -> None:
    """Refused once (the flag, or a write with it: a device whose unit is larger than
    4 KiB), the writer asks no more and writes as a buffered writer does, with the
    writeback of every MiB started and the window behind it hinted again."""
    monkeypatch.setattr(download, "DROP_WINDOW", 3 * MIB)
    hints = record_hints(monkeypatch)
    refused = refuse(monkeypatch)  # type: ignore[operator]
    chunks = [os.urandom(4 * MIB) for _ in range(4)] + [os.urandom(MIB // 2)]
    path = tmp_path / "part"
    sink: BinaryIO
    with path.open("wb") as sink:
        write_all(_ChunkWriter(sink, write_back=True, direct=True), chunks)
    assert path.read_bytes() == b"".join(chunks)
    assert len(refused) == 1, "asked once, then not again"
    assert_hinted_every_mib(hints)
    assert writer_threads() == []


def test_direct_buffers_are_page_aligned_and_reused(tmp_path: Path) -> None:
    with (tmp_path / "part").open("wb") as sink:
        writer = _ChunkWriter(sink, write_back=True, direct=True)
        handed = []
        for size in (4 * MIB, 4 * MIB, 4 * MIB, 4 * MIB, 3):
            room = writer.buffer(size)
            handed.append(room.obj)
            writer.write(room[:size])
        writer.close()
        writer.raise_failure()
    assert len({id(buffer) for buffer in handed}) == download.WRITE_BUFFERS
    # an anonymous mapping starts on a page: what O_DIRECT needs of the buffer's address
    assert all(len(buffer) % DIRECT_UNIT == 0 for buffer in handed)


def test_a_buffer_is_reused_only_after_its_chunk_was_written(tmp_path: Path) -> None:
    written: list[bytes] = []
    gate = threading.Event()

    class SlowSink:
        def write(self, data: memoryview) -> int:
            gate.wait(30)
            written.append(bytes(data))
            return len(data)

    writer = _ChunkWriter(SlowSink())  # type: ignore[arg-type]
    handed = []
    for value in range(download.WRITE_BUFFERS):
        room = writer.buffer(16)
        room[:16] = bytes([value]) * 16
        handed.append(room.obj)
        writer.write(room[:16])
    assert len({id(buffer) for buffer in handed}) == download.WRITE_BUFFERS
    gate.set()  # the next buffer is the first one, free once its chunk is written
    room = writer.buffer(16)
    assert room.obj is handed[0]
    room[:16] = b"\xff" * 16
    writer.write(room[:16])
    writer.close()
    writer.raise_failure()
    assert written == [bytes([v]) * 16 for v in range(download.WRITE_BUFFERS)] + [b"\xff" * 16]


def test_write_takes_only_the_buffer_just_handed_out(tmp_path: Path) -> None:
    with (tmp_path / "part").open("wb") as sink:
        writer = _ChunkWriter(sink)
        try:
            with pytest.raises(ValueError, match="last buffer"):
                writer.write(memoryview(bytearray(8)))
        finally:
            writer.close()


def test_a_sink_that_is_not_a_file_is_written_as_before() -> None:
    sink = io.BytesIO()
    chunks = [os.urandom(3 * DIRECT_UNIT), os.urandom(5)]
    write_all(_ChunkWriter(sink, write_back=False, direct=True), chunks)
    assert sink.getvalue() == b"".join(chunks)
