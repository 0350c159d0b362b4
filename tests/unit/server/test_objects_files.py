"""Block files: atomic writes, start-up sweep of orphans and temp files, unhashed reads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from objects_helpers import NOW, Item, create, new_block, run, upload

from app.wire.objects import block_id
from server_stub.database import Database
from server_stub.objects import (
    BlockUnavailableError,
    ObjectLimits,
    ObjectStore,
    TransferUnknownError,
    open_objects,
)
from server_stub.objects.blockfiles import TEMP_PREFIX, BlockFiles


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "objects.sqlite", threads=2)
    yield db
    db.close()


def every_file(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_layout_is_two_levels_of_hex(tmp_path: Path) -> None:
    files = BlockFiles(tmp_path / "blocks")
    data = b"some block"
    files.write(block_id(data), data)
    name = block_id(data).hex()
    assert every_file(tmp_path / "blocks") == [tmp_path / "blocks" / name[:2] / name[2:4] / name]
    assert files.read(block_id(data)) == data


def test_a_failed_rename_leaves_nothing_visible(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"))
    transfer = upload(store, "alice", [])
    data = new_block(5000)

    def broken_link(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "link", broken_link)
    with pytest.raises(OSError, match="disk full"):
        run(store.put_block("alice", transfer, block_id(data), data, NOW))
    monkeypatch.undo()
    assert every_file(tmp_path / "blocks") == [], "neither the block nor its temp file"
    assert run(store.transfer_status("alice", transfer, NOW))[0] == []
    run(store.put_block("alice", transfer, block_id(data), data, NOW))  # a retry works
    assert run(store.transfer_status("alice", transfer, NOW))[0] == [block_id(data)]


def test_recovery_removes_orphans_temp_files_and_expired_transfers(
    database: Database, tmp_path: Path
) -> None:
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"))
    kept = new_block()
    create(store, "alice", Item(), [kept])
    pending = new_block()
    transfer = upload(store, "alice", [pending])  # never committed: never fsynced
    orphan = new_block()
    store.files.write(block_id(orphan), orphan)  # as if the server died before COMMIT
    temp = store.files.path(block_id(kept)).parent / f"{TEMP_PREFIX}deadbeef"
    temp.write_bytes(kept[:10])  # a partial write
    stray = store.files.root / "ab" / "cd" / "not-a-block"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"?")
    assert store.recover(NOW) == 3, "orphan, temp and stray are swept"
    assert not store.files.exists(block_id(pending)), "an unsynced, unreferenced block goes"
    assert run(store.transfer_status("alice", transfer, NOW))[0] == [], "the transfer stays"
    run(store.put_block("alice", transfer, block_id(pending), pending, NOW))  # sent again
    store.recover(NOW + ObjectLimits().transfer_ttl + 1)
    assert every_file(store.files.root) == [store.files.path(block_id(kept))]


def test_open_objects_reads_limits_from_the_environment(database: Database, tmp_path: Path) -> None:
    environ = {"PRIVSHARE_OBJECTS_QUOTA": "1234", "PRIVSHARE_OBJECTS_VERSIONS": "2"}
    store = open_objects(database, tmp_path, environ=environ, now=lambda: NOW)
    assert (store.limits.quota, store.limits.versions_kept) == (1234, 2)
    assert store.files.root == tmp_path / "blocks"
    with pytest.raises(ValueError, match="PRIVSHARE_OBJECTS_QUOTA"):
        ObjectLimits.from_environ({"PRIVSHARE_OBJECTS_QUOTA": "lots"})
    with pytest.raises(ValueError):
        ObjectLimits.from_environ({"PRIVSHARE_OBJECTS_QUOTA": "0"})


def test_reads_serve_the_stored_bytes_without_re_hashing(
    database: Database, tmp_path: Path
) -> None:
    """The client checks every block against its signed descriptor; the server's reads
    do not hash (scrub does: test_objects_scrub.py). A missing file is unavailable."""
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"))
    item, data = Item(), new_block(1000)
    create(store, "alice", item, [data])
    path = store.files.path(block_id(data))
    flipped = bytes([data[0] ^ 1]) + data[1:]
    path.write_bytes(flipped)
    assert run(store.read_block(item.id, block_id(data))) == flipped
    assert not store.files.matches(block_id(data))
    path.unlink()
    with pytest.raises(BlockUnavailableError):
        run(store.read_block(item.id, block_id(data)))


def test_transfers_resume_are_idempotent_and_expire(database: Database, tmp_path: Path) -> None:
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"), ObjectLimits(transfer_ttl=100))
    blocks = [new_block() for _ in range(3)]
    transfer = upload(store, "alice", blocks[:2])
    run(store.put_block("alice", transfer, block_id(blocks[1]), blocks[1], NOW + 50))  # again
    received, expires = run(store.transfer_status("alice", transfer, NOW + 50))
    assert received == [block_id(b) for b in blocks[:2]] and expires == NOW + 150
    with pytest.raises(TransferUnknownError):  # another user cannot see or use it
        run(store.transfer_status("bob", transfer, NOW))
    run(store.put_block("alice", transfer, block_id(blocks[2]), blocks[2], NOW + 140))
    with pytest.raises(TransferUnknownError):
        run(store.transfer_status("alice", transfer, NOW + 241))
    run(store.open_transfer("alice", NOW + 241))  # cleans the expired one and its blocks
    assert every_file(store.files.root) == []
