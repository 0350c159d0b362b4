"""Block files written and read around the page cache (O_DIRECT), and the fallback
through the cache where the file system or the device refuses it
(server_stub/objects/blockfiles.py)."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

import pytest
from direct_io_helpers import WriteRecorder, allows_direct, refuse_direct_at_fcntl

from app.wire.objects import block_id
from server_stub.objects import blockfiles
from server_stub.objects.blockfiles import DIRECT_UNIT, WRITE_PIECE, BlockFiles

pytestmark = pytest.mark.skipif(not hasattr(os, "O_DIRECT"), reason="no O_DIRECT here")

MiB = 1 << 20
# around every boundary the writer cuts at: the 4 KiB unit and the 1 MiB piece
SIZES = [1, DIRECT_UNIT - 1, DIRECT_UNIT, DIRECT_UNIT + 1, MiB - 1, MiB, MiB + 1, 4 * MiB + 26]


@pytest.mark.parametrize("size", SIZES)
def test_whole_units_bypass_the_cache_and_the_tail_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    if not allows_direct(tmp_path):
        pytest.skip("this file system refuses O_DIRECT")
    files = BlockFiles(tmp_path / "blocks")
    recorder = WriteRecorder(monkeypatch)
    data = os.urandom(size)
    assert files.write_unsynced(block_id(data), data)
    whole = size - size % DIRECT_UNIT
    assert sum(n for n, direct in recorder.writes if direct) == whole
    assert sum(n for n, direct in recorder.writes if not direct) == size - whole
    assert all(n <= WRITE_PIECE for n, _ in recorder.writes)
    assert files.path(block_id(data)).read_bytes() == data, "the bytes on disk"
    assert files.read(block_id(data)) == data, "read back around the cache"
    assert files.matches(block_id(data))


@pytest.mark.parametrize("size", [DIRECT_UNIT - 1, MiB + 1, 4 * MiB + 26])
def test_a_file_system_that_refuses_o_direct_gets_every_byte_through_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    refused = refuse_direct_at_fcntl(monkeypatch)
    real_open = os.open

    def opening(path: Path, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_DIRECT:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", opening)
    files = BlockFiles(tmp_path / "blocks")
    recorder = WriteRecorder(monkeypatch)
    blocks = [os.urandom(size), os.urandom(size)]
    for data in blocks:
        assert files.write_unsynced(block_id(data), data)
    assert len(refused) == (1 if size >= DIRECT_UNIT else 0), "asked once, then not again"
    assert sum(n for n, _ in recorder.writes) == 2 * size
    assert not any(direct for _, direct in recorder.writes)
    for data in blocks:
        assert files.read(block_id(data)) == data
        assert files.path(block_id(data)).read_bytes() == data


def test_a_device_that_refuses_the_alignment_gets_the_rest_through_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A direct write or read refused with EINVAL (a device whose unit is larger than
    4 KiB) falls back to the cache for that block and every later one."""
    real_write, real_readv = os.write, os.readv

    def write(descriptor: int, data: memoryview) -> int:
        if fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_DIRECT:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_write(descriptor, data)

    def readv(descriptor: int, buffers: list[memoryview]) -> int:
        if fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_DIRECT:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_readv(descriptor, buffers)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "readv", readv)
    files = BlockFiles(tmp_path / "blocks")
    data = os.urandom(2 * MiB + 5)
    assert files.write_unsynced(block_id(data), data)
    assert files.path(block_id(data)).read_bytes() == data
    monkeypatch.setattr(files, "_direct", True)  # a read refused on its own
    assert files.read(block_id(data)) == data


def test_each_thread_reuses_one_aligned_buffer(tmp_path: Path) -> None:
    files = BlockFiles(tmp_path / "blocks")
    first = blockfiles._aligned.at_least(WRITE_PIECE)
    for size in (MiB + 3, 3 * MiB):
        data = os.urandom(size)
        files.write_unsynced(block_id(data), data)
    assert blockfiles._aligned.at_least(WRITE_PIECE) is first, "writes keep the 1 MiB buffer"
    grown = blockfiles._aligned.at_least(3 * MiB + DIRECT_UNIT)
    assert len(grown) % WRITE_PIECE == 0 and len(grown) >= 3 * MiB + DIRECT_UNIT
    assert blockfiles._aligned.at_least(MiB) is grown


@pytest.mark.parametrize("refused_at", ["open", "readv"])
def test_a_read_refused_once_is_not_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused_at: str
) -> None:
    """Blocks written before the refusal (or by a server on another file system) are
    read through the cache; O_DIRECT is asked for once, not on every read."""
    files = BlockFiles(tmp_path / "blocks", direct=False)
    blocks = [os.urandom(MiB + n) for n in range(3)]
    for data in blocks:
        assert files.write_unsynced(block_id(data), data)
    asked: list[str] = []
    real_open, real_readv = os.open, os.readv

    def opening(path: Path, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_DIRECT:
            asked.append("open")
            if refused_at == "open":
                raise OSError(errno.EINVAL, "Invalid argument")
        return real_open(path, flags, mode)

    def readv(descriptor: int, buffers: list[memoryview]) -> int:
        if fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_DIRECT:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_readv(descriptor, buffers)

    monkeypatch.setattr(os, "open", opening)
    monkeypatch.setattr(os, "readv", readv)
    monkeypatch.setattr(files, "_direct", True)
    for _ in range(2):
        for data in blocks:
            assert files.read(block_id(data)) == data
    assert asked == ["open"], "asked once, then not again"
