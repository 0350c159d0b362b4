"""The durability point of uploads: blocks are fsynced before the COMMIT that references
them, never at `blockPut`; a crash in between leaves nothing partial that resumes or
gets referenced (server_stub/objects/durability.py)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from objects_helpers import NOW, Item, run, upload
from sinks_helpers import NOW as SINKS_NOW
from sinks_helpers import User, create_sink, open_world, post

from app.wire.objects import block_id
from server_stub.database import Database
from server_stub.objects import (
    BlockMissingError,
    ObjectLimits,
    ObjectStore,
    descriptors,
    open_objects,
    transfers,
)
from server_stub.objects.blockfiles import BlockFiles
from server_stub.objects.durability import UnsyncedBlocks


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "objects.sqlite", threads=2)
    yield db
    db.close()


class FsyncRecorder:
    """Records the path of every fsynced descriptor; can fail the fsync of some paths."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[Path] = []
        self.failing: set[Path] = set()
        real = os.fsync

        def recording(descriptor: int) -> None:
            path = Path(os.readlink(f"/proc/self/fd/{descriptor}"))
            if path in self.failing:
                raise OSError("I/O error")
            real(descriptor)
            self.paths.append(path)

        monkeypatch.setattr(os, "fsync", recording)

    def synced(self, path: Path) -> bool:
        return path in self.paths


MiB = 1 << 20


def new_block(size: int = 3000) -> bytes:
    return os.urandom(size)


def block_files(store: ObjectStore) -> set[Path]:
    return {p for p in store.files.root.glob("*/*/*") if p.is_file()}


def test_block_put_does_not_fsync_and_the_descriptor_commit_does(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"))
    recorder = FsyncRecorder(monkeypatch)
    blocks = [new_block() for _ in range(5)]
    transfer = upload(store, "alice", blocks)
    paths = [store.files.path(block_id(b)) for b in blocks]
    assert not any(recorder.synced(p) for p in paths), "no fsync of a block at blockPut"
    item = Item()
    run(store.create("alice", item.public, item.write(blocks), transfer, NOW))
    for path in paths:
        assert recorder.synced(path), f"{path.name} not fsynced before the commit"
        assert recorder.synced(path.parent) and recorder.synced(path.parent.parent)
    assert recorder.synced(store.files.root)


def test_the_commit_itself_syncs_what_the_early_sync_missed(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"))
    recorder = FsyncRecorder(monkeypatch)

    async def no_presync(*_: object) -> None:
        return None

    monkeypatch.setattr(store, "_presync", no_presync)
    blocks = [new_block(), new_block()]
    item = Item()
    transfer = upload(store, "alice", blocks)
    recorder.failing = {store.files.path(block_id(blocks[1]))}
    with pytest.raises(OSError, match="I/O error"):
        run(store.create("alice", item.public, item.write(blocks), transfer, NOW))
    assert run(store.get([item.id])) == [None], "a failed fsync means no commit"
    recorder.failing = set()
    run(store.create("alice", item.public, item.write(blocks), transfer, NOW))
    assert all(recorder.synced(store.files.path(block_id(b))) for b in blocks)


def test_a_crash_before_the_commit_drops_the_unreferenced_blocks_at_start_up(
    database: Database, tmp_path: Path
) -> None:
    # this test tears a block file: packed blocks have their own (test_objects_packed.py)
    store = open_objects(database, tmp_path, environ={}, now=lambda: NOW, pack_max=0)
    kept = [new_block()]
    item = Item()
    transfer = upload(store, "alice", kept)
    run(store.create("alice", item.public, item.write(kept), transfer, NOW))
    pending = [new_block(), new_block()]
    later = Item()
    transfer = upload(store, "alice", [*pending, kept[0]])  # ... then the server dies
    store.files.path(block_id(pending[0])).write_bytes(pending[0][:100])  # a torn write

    restarted = open_objects(database, tmp_path, environ={}, now=lambda: NOW, pack_max=0)
    assert block_files(restarted) == {restarted.files.path(block_id(kept[0]))}
    received, _ = run(restarted.transfer_status("alice", transfer, NOW))
    assert received == [block_id(kept[0])], "only the committed (synced) block is offered"
    with pytest.raises(BlockMissingError):
        run(restarted.create("alice", later.public, later.write(pending), transfer, NOW))
    for data in pending:  # the client sends them again and the write goes through
        run(restarted.put_block("alice", transfer, block_id(data), data, NOW))
    run(restarted.create("alice", later.public, later.write(pending), transfer, NOW))
    assert run(restarted.read_block(later.id, block_id(pending[0]))) == pending[0]


def test_dropped_blocks_no_longer_count_against_the_quota(
    database: Database, tmp_path: Path
) -> None:
    limits = ObjectLimits(quota=10_000)
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"), limits)
    transfer = upload(store, "alice", [new_block(4000), new_block(4000)])
    store.recover(NOW)
    for data in (new_block(4000), new_block(4000)):  # would pass the quota without the drop
        run(store.put_block("alice", transfer, block_id(data), data, NOW))
    bytes_pending, blocks = database.call(
        lambda c: c.execute("SELECT bytes, blocks FROM obj_transfers").fetchone()
    )
    assert (bytes_pending, blocks) == (8000, 2)


def test_a_block_put_again_never_replaces_a_committed_file(
    database: Database, tmp_path: Path
) -> None:
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"))
    data, item = new_block(), Item()
    transfer = upload(store, "alice", [data])
    run(store.create("alice", item.public, item.write([data]), transfer, NOW))
    inode = store.files.path(block_id(data)).stat().st_ino
    upload(store, "alice", [data])  # another transfer of the same bytes
    assert store.files.path(block_id(data)).stat().st_ino == inode
    assert store._unsynced.pending() == []


def test_a_message_referencing_transfer_blocks_syncs_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = open_world(tmp_path)
    try:
        alice, sinks = User(world, "alice"), world.sinks()
        sink = create_sink(sinks, "bob")
        recorder = FsyncRecorder(monkeypatch)
        blocks = [new_block(), new_block()]
        transfer = upload(world.objects, "alice", blocks, SINKS_NOW)
        paths = [world.objects.files.path(block_id(b)) for b in blocks]
        assert not any(recorder.synced(p) for p in paths)
        post(
            sinks,
            alice.identity,
            alice.address,
            sink,
            blocks=blocks,
            transfer_id=transfer,
            session_user="alice",
        )
        assert all(recorder.synced(p) for p in paths)
    finally:
        world.log.close()
        world.database.close()


def test_removed_then_rewritten_blocks_stay_pending(tmp_path: Path) -> None:
    files = BlockFiles(tmp_path / "blocks")
    unsynced = UnsyncedBlocks(files)
    data = new_block()
    assert files.write_unsynced(block_id(data), data)
    assert not files.write_unsynced(block_id(data), b"other bytes"), "never replaced"
    unsynced.add(block_id(data))
    unsynced.forget([block_id(data)])
    files.remove([block_id(data)])
    assert files.write_unsynced(block_id(data), data)
    unsynced.add(block_id(data))
    assert unsynced.pending() == [block_id(data)]
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE obj_blocks (id BLOB PRIMARY KEY, refs INTEGER)")
    connection.execute("INSERT INTO obj_blocks VALUES (?, 0)", (block_id(data),))
    unsynced.sync_referenced(connection, unsynced.pending())
    assert unsynced.pending() == [block_id(data)], "unreferenced: nothing to sync yet"
    connection.execute("UPDATE obj_blocks SET refs = 1")
    unsynced.sync_referenced(connection, unsynced.pending())
    assert unsynced.pending() == []
    connection.close()


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
def test_an_unsynced_write_starts_the_writeback_without_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = BlockFiles(tmp_path / "blocks", direct=False)  # through the page cache
    advice: list[tuple[int, int, int]] = []
    recorder = FsyncRecorder(monkeypatch)
    monkeypatch.setattr(
        os, "posix_fadvise", lambda fd, off, size, how: advice.append((off, size, how))
    )
    data = new_block()
    assert files.write_unsynced(block_id(data), data)
    assert advice == [(0, len(data), os.POSIX_FADV_DONTNEED)]
    assert recorder.paths == [], "and nothing waits for the disk"
    assert files.read(block_id(data)) == data
    advice.clear()
    large = os.urandom(4 * MiB + 26)  # a 4 MiB chunk's block: written and hinted per MiB
    assert files.write_unsynced(block_id(large), large)
    starts = [0, MiB, 2 * MiB, 3 * MiB, 4 * MiB]
    sizes = [MiB, MiB, MiB, MiB, 26]
    assert advice == [(s, n, os.POSIX_FADV_DONTNEED) for s, n in zip(starts, sizes, strict=True)]
    assert files.read(block_id(large)) == large


def test_object_commits_are_durable_and_the_connection_returns_to_normal(
    database: Database, tmp_path: Path
) -> None:
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"))
    seen: list[int] = []

    def body(connection: sqlite3.Connection) -> tuple[None, list[bytes]]:
        seen.append(connection.execute("PRAGMA synchronous").fetchone()[0])
        return None, []

    def after(connection: sqlite3.Connection) -> int:
        store._mutate(connection, body)
        return int(connection.execute("PRAGMA synchronous").fetchone()[0])

    assert database.call(after) == 1, "NORMAL again for tickets and other writes"
    assert seen == [2], "FULL while an object write commits (its orphans are deleted after)"


def test_transfer_rows_commit_without_waiting_for_the_disk(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blockPut's rows are dropped at start-up anyway while nothing references the
    block, so their commit needs no WAL sync; a descriptor's commit still does."""
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"))
    modes: list[int] = []
    real_add = transfers.add_block

    def recording(connection: sqlite3.Connection, *args: object) -> float:
        modes.append(connection.execute("PRAGMA synchronous").fetchone()[0])
        return real_add(connection, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(transfers, "add_block", recording)
    blocks = [new_block() for _ in range(3)]
    transfer = upload(store, "alice", blocks)
    assert modes == [1, 1, 1], "NORMAL: no fdatasync of the WAL per blockPut"
    seen: list[int] = []
    real_create = descriptors.create

    def creating(connection: sqlite3.Connection, *args: object) -> object:
        seen.append(connection.execute("PRAGMA synchronous").fetchone()[0])
        return real_create(connection, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(descriptors, "create", creating)
    item = Item()
    run(store.create("alice", item.public, item.write(blocks), transfer, NOW))
    assert seen == [2], "FULL for the descriptor that makes the blocks referenced"


def test_a_referenced_block_put_again_is_synced_before_its_rows_commit(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ObjectStore(database, BlockFiles(tmp_path / "blocks"))
    data, item = new_block(), Item()
    transfer = upload(store, "alice", [data])
    run(store.create("alice", item.public, item.write([data]), transfer, NOW))
    path = store.files.path(block_id(data))
    path.unlink()  # e.g. quarantined by scrub: the next blockPut recreates it
    recorder = FsyncRecorder(monkeypatch)
    upload(store, "alice", [data])
    assert recorder.synced(path), "a block a descriptor lists is on disk before the reply"
    assert run(store.read_block(item.id, block_id(data))) == data
