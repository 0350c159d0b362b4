"""Packed small blocks (server_stub/objects/packed.py, OBJECTS.md Storage): rows, not
files; no fsync of their own; dropped at start-up when nothing references them; deleted
with their last reference; and a store written with one file per block still reads."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from objects_helpers import NOW, Item, create, run, upload

from app.services.export.datadir import ServerDataDir
from app.wire.objects import block_id
from server_stub.database import Database
from server_stub.objects import ObjectStore, open_objects
from server_stub.objects.packed import PACK_MAX
from server_stub.server import DATABASE_FILE


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / DATABASE_FILE, threads=1)
    yield db
    db.close()


def open_store(database: Database, data_dir: Path, pack_max: int = PACK_MAX) -> ObjectStore:
    """The server's store (`pack_max=0`: every block a file, the layout before schema 10)."""
    return open_objects(database, data_dir, environ={}, now=lambda: NOW, pack_max=pack_max)


def block_files(store: ObjectStore) -> set[str]:
    return {p.name for p in store.files.root.glob("*/*/*") if p.is_file()}


def packed_ids(store: ObjectStore) -> set[str]:
    rows = store._db.call(lambda c: c.execute("SELECT id FROM obj_packed_blocks").fetchall())
    return {bytes(row[0]).hex() for row in rows}


def count_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync

    def counting(descriptor: int) -> None:
        calls.append(descriptor)
        real(descriptor)

    monkeypatch.setattr(os, "fsync", counting)
    return calls


def test_small_blocks_are_rows_and_large_ones_files(database: Database, tmp_path: Path) -> None:
    store = open_store(database, tmp_path)
    small = [os.urandom(4096), os.urandom(PACK_MAX)]
    large = [os.urandom(PACK_MAX + 1)]
    item = Item()
    create(store, "alice", item, [*small, *large])
    assert packed_ids(store) == {block_id(b).hex() for b in small}
    assert block_files(store) == {block_id(b).hex() for b in large}
    for data in [*small, *large]:
        assert run(store.read_block(item.id, block_id(data))) == data
    assert run(store.read_stored(block_id(small[0]))) == small[0]
    assert run(store.usage("alice")) == (sum(map(len, [*small, *large])), 1)


def test_a_batch_of_small_blocks_and_its_descriptors_call_no_fsync_of_their_own(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database, tmp_path)
    fsyncs = count_fsyncs(monkeypatch)
    blocks = [os.urandom(4096) for _ in range(16)]
    items = [Item() for _ in blocks]

    async def put_and_create() -> None:
        transfer_id, _ = await store.open_transfer("alice", NOW)
        await store.put_blocks("alice", transfer_id, [(block_id(b), b) for b in blocks], NOW)
        writes = [(item.public, item.write([b])) for item, b in zip(items, blocks, strict=True)]
        await store.create_many("alice", writes, transfer_id, NOW)

    run(put_and_create())
    assert fsyncs == [], "the durable COMMIT (SQLite's own WAL sync) is the only one"
    assert block_files(store) == set()
    assert run(store.read_block(items[3].id, block_id(blocks[3]))) == blocks[3]


def test_unreferenced_packed_blocks_are_dropped_at_start_up(
    database: Database, tmp_path: Path
) -> None:
    store = open_store(database, tmp_path)
    kept, pending, item = os.urandom(3000), [os.urandom(3000), os.urandom(3000)], Item()
    create(store, "alice", item, [kept])
    transfer = upload(store, "alice", pending)  # ... then the server dies before the create
    assert len(packed_ids(store)) == 3

    restarted = open_store(database, tmp_path)
    assert packed_ids(restarted) == {block_id(kept).hex()}
    received, _ = run(restarted.transfer_status("alice", transfer, NOW))
    assert received == [], "the client sends them again"
    assert run(restarted.read_block(item.id, block_id(kept))) == kept


def test_a_packed_block_goes_with_its_last_reference(database: Database, tmp_path: Path) -> None:
    store = open_store(database, tmp_path)
    shared, own = os.urandom(2000), os.urandom(2000)
    first, second = Item(), Item()
    one = create(store, "alice", first, [shared, own])
    two = create(store, "alice", second, [shared])
    run(store.delete(first.id, first.delete(one.signature), None, NOW))
    assert packed_ids(store) == {block_id(shared).hex()}
    run(store.delete(second.id, second.delete(two.signature), None, NOW))
    assert packed_ids(store) == set()
    assert run(store.usage("alice")) == (0, 0)


def as_schema_9(database: Database) -> None:
    """The database as the server before packed blocks left it: schema 9, no table (the
    files were written with `pack_max=0`, as that server wrote every block)."""

    def downgrade(connection: sqlite3.Connection) -> None:
        connection.execute("DROP TABLE obj_packed_blocks")
        connection.execute("PRAGMA user_version = 9")

    database.call(downgrade)


def test_a_store_written_one_file_per_block_still_reads_and_grows_packed(tmp_path: Path) -> None:
    written = Database(tmp_path / DATABASE_FILE, threads=1)
    try:
        old = open_store(written, tmp_path, pack_max=0)
        before, item = [os.urandom(3000), os.urandom(5000)], Item()
        create(old, "alice", item, before)
        assert block_files(old) == {block_id(b).hex() for b in before}
        as_schema_9(written)
    finally:
        written.close()

    database = Database(tmp_path / DATABASE_FILE, threads=1)  # migrates 9 -> 10
    try:
        store = open_store(database, tmp_path)
        for data in before:
            assert run(store.read_block(item.id, block_id(data))) == data
        after, later = os.urandom(3000), Item()
        create(store, "alice", later, [before[0], after])  # one old file, one new row
        assert packed_ids(store) == {block_id(after).hex()}
        assert run(store.read_block(later.id, block_id(before[0]))) == before[0]
        assert run(store.read_block(later.id, block_id(after))) == after
    finally:
        database.close()

    with sqlite3.connect(tmp_path / DATABASE_FILE) as copy:  # what an export reads
        source = ServerDataDir(tmp_path, copy)
        assert source.block(block_id(after)) == after
        assert source.block(block_id(before[1])) == before[1]
    copy.close()
