"""The download's writer thread (app/services/files/download.py `_ChunkWriter`): chunks
decrypted into its reused buffers reach the file in order, written in pieces, with the
writeback of each piece started and the pieces behind it hinted again."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from app.services.files import download
from app.services.files.download import _ChunkWriter

MIB = 1 << 20


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "download-writer"]


def test_chunks_reach_the_file_in_pieces_with_the_window_hinted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hints: list[tuple[int, int]] = []
    monkeypatch.setattr(download, "DROP_WINDOW", 3 * MIB)

    def record(fd: int, start: int, length: int, advice: int) -> None:
        hints.append((start, length))

    monkeypatch.setattr(os, "posix_fadvise", record)
    chunks = [os.urandom(4 * MIB) for _ in range(4)] + [os.urandom(MIB // 2)]
    path = tmp_path / "part"
    with path.open("wb") as sink:
        writer = _ChunkWriter(sink, write_back=True)
        for chunk in chunks:
            room = writer.buffer(len(chunk))
            room[: len(chunk)] = chunk
            writer.write(room[: len(chunk)])
        writer.close()
        writer.raise_failure()
    assert path.read_bytes() == b"".join(chunks)
    assert writer_threads() == []
    # one hint per MiB written, each from DROP_WINDOW behind the previous one to the end
    assert len(hints) == 16
    assert hints[0] == (0, MIB)
    assert hints[5] == (2 * MIB, 4 * MIB)  # the 6th MiB: from (5 - 3) MiB
    assert all(start + length == (i + 1) * MIB for i, (start, length) in enumerate(hints))


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
