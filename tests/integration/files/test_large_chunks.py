"""Large files go up in large chunks when the server takes them (issue 14, FORMAT.md §3
"Chunk size"): round trips at the exact boundaries, an old server's 1 MiB limit, a
tampered or truncated large block refused on download, progress per chunk, resuming."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from files_world import Device, leftovers, write_random
from server_harness import ServerProcess

from app.client.transport import UnreachableError
from app.fs import DEFAULT_CHUNK_SIZE
from app.services.errors import ServerUnreachableError
from app.services.events import TransferProgress
from app.services.files.errors import ContentTamperedError
from app.services.files.tree import File
from app.services.files.upload import LARGE_CHUNK, SMALL_FILE_LIMIT

pytestmark = pytest.mark.integration

CHUNK = LARGE_CHUNK
OLD_MAX_BLOCK = 1_052_672  # 1 MiB + 4 KiB: the default of servers before this change


def stored_file(device: Device, path: str) -> File:
    item = device.files.tree.resolve(path)
    assert isinstance(item, File)
    return item


def round_trip(device: Device, tmp_path: Path, size: int) -> File:
    data = write_random(tmp_path / "big.bin", size)
    device.files.put([tmp_path / "big.bin"], "/")
    out = tmp_path / "out"
    out.mkdir()
    device.files.get("/big.bin", out / "big.bin")
    assert hashlib.sha256((out / "big.bin").read_bytes()).digest() == hashlib.sha256(data).digest()
    return stored_file(device, "/big.bin")


@pytest.mark.parametrize(
    ("size", "chunk", "blocks"),
    [
        (SMALL_FILE_LIMIT, DEFAULT_CHUNK_SIZE, 1),  # a small file: one 1 MiB chunk, as before
        (SMALL_FILE_LIMIT + 1, CHUNK, 1),
        (2 * CHUNK - 1, CHUNK, 2),
        (2 * CHUNK, CHUNK, 2),
        (2 * CHUNK + 1, CHUNK, 3),
    ],
)
def test_large_chunks_round_trip_at_the_boundaries(
    alice: Device, tmp_path: Path, size: int, chunk: int, blocks: int
) -> None:
    file = round_trip(alice, tmp_path, size)
    assert file.metadata.content.chunk_size == chunk
    assert len(file.record.block_ids) == file.metadata.chunk_count == blocks


def test_an_old_server_with_a_1_mib_limit_gets_1_mib_chunks(
    new_device: Callable[..., Device],
    spawn_server: Callable[..., ServerProcess],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("PRIVSHARE_OBJECTS_MAX_BLOCK", str(OLD_MAX_BLOCK))
    old = spawn_server(tmp_path / "old-data", "--open-registration")
    device = new_device(on=old)
    assert device.files.api.max_block() == OLD_MAX_BLOCK
    file = round_trip(device, tmp_path, 2 * DEFAULT_CHUNK_SIZE + 1)
    assert file.metadata.content.chunk_size == DEFAULT_CHUNK_SIZE
    assert len(file.record.block_ids) == 3


def block_file(server: ServerProcess, block_id: bytes) -> Path:
    [path] = (server.data_dir / "blocks").rglob(block_id.hex())
    return path


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_a_tampered_large_block_is_refused(
    alice: Device, server: ServerProcess, tmp_path: Path, damage: str
) -> None:
    write_random(tmp_path / "big.bin", 2 * CHUNK + 1)
    alice.files.put([tmp_path / "big.bin"], "/")
    first = stored_file(alice, "/big.bin").record.block_ids[0]
    path = block_file(server, first)
    data = path.read_bytes()
    assert len(data) > CHUNK  # one whole large block
    if damage == "flip":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])
    else:
        path.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ContentTamperedError):
        alice.files.get("/big.bin", out / "big.bin")
    assert leftovers(out) == []  # neither the file nor its temporary part


def test_progress_is_reported_per_large_chunk(alice: Device, tmp_path: Path) -> None:
    size = 2 * CHUNK + 5
    write_random(tmp_path / "big.bin", size)
    alice.events.clear()
    alice.files.put([tmp_path / "big.bin"], "/")
    uploaded = [e for e in alice.events if e.direction == "upload"]
    done = [e.done for e in uploaded if isinstance(e, TransferProgress)]
    steps = [after - before for before, after in zip([0, *done], done, strict=False)]
    assert sorted(steps) == [5, CHUNK, CHUNK]  # one event per chunk (requests finish in any order)


def test_a_cut_large_chunk_upload_resumes_with_its_own_chunk_size(
    alice: Device, tmp_path: Path
) -> None:
    size = 5 * CHUNK + 1  # six blocks, two per blockPutMany
    data = write_random(tmp_path / "big.bin", size)
    sent: list[bytes] = []

    def count(method: str, params: dict[str, Any], result: Any) -> Any:
        if method == "blockPutMany":
            ids = bytes(params["ids"])
            sent.extend(ids[i : i + 32] for i in range(0, len(ids), 32))
        elif method == "blockPut":
            sent.append(bytes(params["id"]))
        return result

    def cut_after_first(method: str, params: dict[str, Any], result: Any) -> Any:
        if method in ("blockPutMany", "blockPut") and sent:
            raise UnreachableError("network cable pulled")
        return count(method, params, result)

    alice.caller.rules.append(cut_after_first)
    with pytest.raises(ServerUnreachableError, match="cable"):
        alice.service(in_flight=2).put([tmp_path / "big.bin"], "/")
    alice.caller.rules.clear()
    first_try, sent[:] = list(sent), []
    assert 1 <= len(first_try) < 6

    alice.caller.rules.append(count)
    # another chunk size asked now: the journal's keys (and chunk size) still win
    alice.service(chunk_size=DEFAULT_CHUNK_SIZE).put([tmp_path / "big.bin"], "/")
    assert not set(sent) & set(first_try) and len(sent) < 6  # resumed, not sent again
    file = stored_file(alice, "/big.bin")
    assert file.metadata.content.chunk_size == CHUNK
    out = tmp_path / "out"
    out.mkdir()
    alice.files.get("/big.bin", out / "big.bin")
    assert (out / "big.bin").read_bytes() == data
