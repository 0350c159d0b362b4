"""The download pipeline (app/services/files/download.py) against the real server: blocks
several to a `blockGetMany`, chunks written on their own thread while the next is checked."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest
from direct_io_helpers import allows_direct
from files_world import Device, write_random

from app.services.events import ignore_progress
from app.services.files.download import write_content
from app.services.files.tree import File

pytestmark = pytest.mark.integration

CHUNK = 4096


class FailingSink(io.BytesIO):
    """A disk that fills up at the `fail_at`-th write."""

    def __init__(self, fail_at: int) -> None:
        super().__init__()
        self.writes = 0
        self.fail_at = fail_at

    def write(self, data: object) -> int:
        self.writes += 1
        if self.writes == self.fail_at:
            raise OSError(28, "No space left on device")
        return super().write(data)  # type: ignore[arg-type]


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "download-writer"]


@pytest.fixture
def many_chunks(alice: Device, tmp_path: Path) -> tuple[File, bytes]:
    data = write_random(tmp_path / "f.bin", 40 * CHUNK + 7)  # 41 chunks: one request
    alice.service(chunk_size=CHUNK).put([tmp_path / "f.bin"], "/")
    file = alice.files.tree.resolve("/f.bin")
    assert isinstance(file, File)
    return file, data


def test_every_chunk_reaches_the_sink_in_order(
    alice: Device, many_chunks: tuple[File, bytes]
) -> None:
    file, data = many_chunks
    sink = io.BytesIO()
    assert write_content(alice.files.api, file, sink, ignore_progress) == len(data)
    assert sink.getvalue() == data
    assert writer_threads() == []


@pytest.mark.parametrize("fail_at", [1, 2, 41])
def test_a_failing_write_ends_the_download_with_its_error(
    alice: Device, many_chunks: tuple[File, bytes], fail_at: int
) -> None:
    file, data = many_chunks
    sink = FailingSink(fail_at)
    with pytest.raises(OSError, match="No space left"):
        write_content(alice.files.api, file, sink, ignore_progress)
    assert writer_threads() == []  # the writer thread ended with the download
    assert sink.getvalue() == data[: (fail_at - 1) * CHUNK]  # nothing after the failure


@pytest.mark.parametrize("size", [0, 1, CHUNK, CHUNK + 1])
def test_files_of_no_one_and_two_chunks_come_back_whole(
    alice: Device, tmp_path: Path, size: int
) -> None:
    """A file of one chunk is decrypted into a buffer of its exact size and written at
    once (an empty one into an empty buffer); two chunks go through the writer."""
    data = write_random(tmp_path / "f.bin", size)
    alice.service(chunk_size=CHUNK).put([tmp_path / "f.bin"], "/")
    file = alice.files.tree.resolve("/f.bin")
    assert isinstance(file, File)
    sink = io.BytesIO()
    assert write_content(alice.files.api, file, sink, ignore_progress) == size
    assert sink.getvalue() == data
    assert writer_threads() == []


def test_a_folder_download_hands_its_files_to_the_disk_as_they_arrive(
    alice: Device, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files of a folder are written as a single file is: around the page cache where
    the file system allows it, else with their writeback started and their written
    pages dropped from the page cache every MiB (download.py)."""
    source = tmp_path / "src"
    source.mkdir()
    data = write_random(source / "big.bin", 2 * 1024 * 1024 + 5)
    alice.service(chunk_size=64 * 1024).put([source], "/")
    hinted: list[tuple[int, int]] = []

    def record(fd: int, start: int, length: int, advice: int) -> None:
        hinted.append((start, length))

    monkeypatch.setattr(os, "posix_fadvise", record)
    target = alice.files.get("/src", tmp_path / "back")
    assert (target / "big.bin").read_bytes() == data
    if allows_direct(tmp_path):
        assert hinted == []  # every whole 4 KiB unit written with O_DIRECT, 5 bytes not
    else:
        assert len(hinted) == 2  # after the first MiB and after the second
    assert writer_threads() == []
