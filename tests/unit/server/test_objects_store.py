"""ObjectStore: descriptors, compare-and-swap, links, refcounts, quotas, locks, deletion."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from objects_helpers import NOW, Item, create, new_block, run, upload

from app.wire.objects import block_id
from server_stub.database import Database
from server_stub.objects import (
    BadSignatureError,
    BlockMissingError,
    CasMismatchError,
    IdMismatchError,
    IdTakenError,
    LimitExceededError,
    LockedError,
    NotFoundError,
    ObjectLimits,
    ObjectStore,
    QuotaExceededError,
    TransferUnknownError,
)
from server_stub.objects.blockfiles import BlockFiles

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
LIMITS = ObjectLimits(quota=10_000, versions_kept=3, max_extra=1000, max_blocks=8)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "objects.sqlite", threads=4)
    yield db
    db.close()


@pytest.fixture
def store(database: Database, tmp_path: Path) -> ObjectStore:
    return ObjectStore(database, BlockFiles(tmp_path / "blocks"), LIMITS)


def stored_files(store: ObjectStore) -> set[bytes]:
    return {bytes.fromhex(p.name) for p in store.files.root.glob("*/*/*") if p.is_file()}


def test_create_get_and_read_blocks_only_through_their_descriptor(store: ObjectStore) -> None:
    item, other = Item(), Item()
    blocks = [new_block(), new_block()]
    version = create(store, "alice", item, blocks, b"meta")
    create(store, "alice", other, [new_block()])
    assert version.seq == 1
    [found, missing] = run(store.get([item.id, Item().id]))
    assert missing is None and found is not None
    assert found.public_key == item.public and found.current.extra == b"meta"
    assert found.current.block_ids == tuple(block_id(b) for b in blocks)
    assert run(store.read_block(item.id, block_id(blocks[1]))) == blocks[1]
    with pytest.raises(NotFoundError):  # the block exists, but `other` does not list it
        run(store.read_block(other.id, block_id(blocks[0])))
    with pytest.raises(NotFoundError):
        run(store.read_block(item.id, block_id(b"never stored")))


def test_get_answers_in_request_order_with_none_where_missing(store: ObjectStore) -> None:
    items = [Item() for _ in range(5)]
    for index, item in enumerate(items):
        create(store, "alice", item, [], b"meta %d" % index)
    asked = [items[3].id, Item().id, items[0].id, items[3].id, Item().id, items[4].id]
    found = run(store.get(asked))
    assert [None if d is None else d.current.extra for d in found] == [
        b"meta 3",
        None,
        b"meta 0",
        b"meta 3",
        None,
        b"meta 4",
    ]
    assert [d.descriptor_id for d in found if d is not None] == [
        items[3].id,
        items[0].id,
        items[3].id,
        items[4].id,
    ]


def test_create_checks_id_key_signature_and_uniqueness(store: ObjectStore) -> None:
    item, stranger = Item(), Item()
    write = item.write([])
    with pytest.raises(IdMismatchError):
        run(store.create("alice", stranger.public, write, None, NOW))
    forged = replace(write, signature=stranger.key.sign(b"anything"))
    with pytest.raises(BadSignatureError):
        run(store.create("alice", item.public, forged, None, NOW))
    r, s = int.from_bytes(write.signature[:32], "big"), int.from_bytes(write.signature[32:], "big")
    high_s = replace(write, signature=r.to_bytes(32, "big") + (N - s).to_bytes(32, "big"))
    with pytest.raises(BadSignatureError):  # the same signature in its high-S form
        run(store.create("alice", item.public, high_s, None, NOW))
    run(store.create("alice", item.public, write, None, NOW))
    with pytest.raises(IdTakenError):
        run(store.create("bob", item.public, write, None, NOW))


def test_blocks_must_come_from_the_callers_transfer(store: ObjectStore) -> None:
    item, data = Item(), new_block()
    with pytest.raises(BlockMissingError):
        run(store.create("alice", item.public, item.write([data]), None, NOW))
    bobs = upload(store, "bob", [data])
    with pytest.raises(TransferUnknownError):
        run(store.create("alice", item.public, item.write([data]), bobs, NOW))
    alices = upload(store, "alice", [new_block()])
    with pytest.raises(BlockMissingError):
        run(store.create("alice", item.public, item.write([data]), alices, NOW))
    assert run(store.get([item.id])) == [None]


def test_create_many_makes_all_or_none(database: Database, tmp_path: Path) -> None:
    store = ObjectStore(database, BlockFiles(tmp_path / "many"), replace(LIMITS, max_descriptors=4))
    blocks = [new_block(), new_block(), new_block()]
    transfer = upload(store, "alice", blocks)
    items = [Item() for _ in blocks]
    writes = [(i.public, i.write([b])) for i, b in zip(items, blocks, strict=True)]
    ids = [i.id for i in items]
    with pytest.raises(IdTakenError):  # one id twice: the first was made inside the call
        run(store.create_many("alice", [*writes, writes[0]], transfer, NOW))
    stray = (items[2].public, items[2].write([new_block()]))  # a block of no transfer
    with pytest.raises(BlockMissingError):
        run(store.create_many("alice", [*writes[:2], stray], transfer, NOW))
    with pytest.raises(BadSignatureError):
        forged = replace(writes[1][1], signature=writes[0][1].signature)
        run(store.create_many("alice", [writes[0], (writes[1][0], forged)], transfer, NOW))
    assert run(store.get(ids)) == [None, None, None]
    assert run(store.usage("alice"))[1] == 0
    made = run(store.create_many("alice", writes, transfer, NOW))
    assert [v.seq for v in made] == [1, 1, 1]
    for item, data in zip(items, blocks, strict=True):
        assert run(store.read_block(item.id, block_id(data))) == data
    with pytest.raises(QuotaExceededError):  # 3 + 2 > 4 descriptors: neither is made
        run(
            store.create_many(
                "alice", [(i.public, i.write([])) for i in (Item(), Item())], None, NOW
            )
        )
    assert run(store.usage("alice"))[1] == 3


def test_update_is_compare_and_swap_on_the_previous_signature(store: ObjectStore) -> None:
    item = Item()
    first = create(store, "alice", item, [])
    second = run(store.update(item.write([], b"v2"), first.signature, **anonymous()))
    assert second.seq == 2
    with pytest.raises(CasMismatchError):  # a writer that read version 1
        run(store.update(item.write([], b"v2b"), first.signature, **anonymous()))
    forged = replace(item.write([], b"v3"), signature=Item().key.sign(b"x"))
    with pytest.raises(BadSignatureError):
        run(store.update(forged, second.signature, **anonymous()))
    [current] = run(store.get([item.id]))
    assert current is not None and current.current.extra == b"v2"


def anonymous(lock_id: bytes | None = None) -> dict[str, object]:
    return {"user": None, "transfer_id": None, "lock_id": lock_id, "now": NOW}


def test_racing_updates_exactly_one_wins(store: ObjectStore) -> None:
    item = Item()
    first = create(store, "alice", item, [])
    writes = [item.write([], f"racer {n}".encode()) for n in range(8)]

    async def race() -> list[object]:
        calls = [store.update(w, first.signature, **anonymous()) for w in writes]
        return await asyncio.gather(*calls, return_exceptions=True)

    outcomes = run(race())
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1
    assert sum(isinstance(o, CasMismatchError) for o in outcomes) == 7


def test_two_stores_on_one_file_racing_in_threads(tmp_path: Path) -> None:
    """Each store has its own lock: only the SQLite transaction keeps the CAS atomic."""
    databases = [Database(tmp_path / "shared.sqlite", threads=2) for _ in range(2)]
    stores = [ObjectStore(db, BlockFiles(tmp_path / "blocks"), LIMITS) for db in databases]
    try:
        item = Item()
        first = create(stores[0], "alice", item, [])
        barrier, results = threading.Barrier(6), []

        def worker(n: int) -> None:
            barrier.wait()
            try:
                w = item.write([], f"thread {n}".encode())
                run(stores[n % 2].update(w, first.signature, **anonymous()))
                results.append("won")
            except CasMismatchError:
                results.append("lost")

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == ["lost"] * 5 + ["won"]
    finally:
        for db in databases:
            db.close()


def test_versions_history_restore_and_pruning(store: ObjectStore) -> None:
    item = Item()
    blocks = [new_block() for _ in range(5)]
    signature = create(store, "alice", item, [blocks[0]]).signature
    for n in range(1, 5):
        transfer = upload(store, "alice", [blocks[n]])
        write = item.write([blocks[n]], f"v{n + 1}".encode())
        call = {"user": "alice", "transfer_id": transfer, "lock_id": None, "now": NOW}
        signature = run(store.update(write, signature, **call)).signature
        run(store.close_transfer("alice", transfer, NOW))
    history = run(store.history(item.id))
    assert [v.seq for v in history] == [4, 3]  # versions_kept = 3: current 5 plus two
    assert stored_files(store) == {block_id(b) for b in blocks[2:]}
    with pytest.raises(NotFoundError):
        run(store.read_block(item.id, block_id(blocks[0])))
    restored = run(store.update(item.write([blocks[2]], b"v3 again"), signature, **anonymous()))
    assert restored.seq == 6  # a kept version's blocks need no upload
    assert run(store.read_block(item.id, block_id(blocks[2]))) == blocks[2]


def test_refcounts_delete_shared_blocks_last(store: ObjectStore) -> None:
    shared, own = new_block(), new_block()
    first, second = Item(), Item()
    v1 = create(store, "alice", first, [shared, own])
    v2 = create(store, "bob", second, [shared])
    run(store.delete(first.id, first.delete(v1.signature), None, NOW))
    assert stored_files(store) == {block_id(shared)}
    assert run(store.usage("alice")) == (0, 0)
    assert run(store.usage("bob")) == (100, 1)
    run(store.delete(second.id, second.delete(v2.signature), None, NOW))
    assert stored_files(store) == set()
    assert run(store.get([first.id, second.id])) == [None, None]


def test_delete_signature_is_bound_to_the_current_version(store: ObjectStore) -> None:
    item = Item()
    v1 = create(store, "alice", item, [])
    v2 = run(store.update(item.write([], b"v2"), v1.signature, **anonymous()))
    with pytest.raises(BadSignatureError):  # a delete signed for version 1
        run(store.delete(item.id, item.delete(v1.signature), None, NOW))
    with pytest.raises(BadSignatureError):
        run(store.delete(item.id, Item().delete(v2.signature), None, NOW))
    run(store.delete(item.id, item.delete(v2.signature), None, NOW))
    with pytest.raises(NotFoundError):
        run(store.delete(item.id, item.delete(v2.signature), None, NOW))


def test_quota_counts_transfers_and_descriptors(database: Database, tmp_path: Path) -> None:
    limits = replace(LIMITS, quota=250, max_descriptors=2)
    store = ObjectStore(database, BlockFiles(tmp_path / "q"), limits)
    a, b = new_block(100), new_block(100)
    item = Item()
    v1 = create(store, "alice", item, [a, b])
    assert run(store.usage("alice")) == (200, 1)
    with pytest.raises(QuotaExceededError):
        upload(store, "alice", [new_block(60)])
    assert len(stored_files(store)) == 2, "a refused block leaves no file"
    upload(store, "bob", [new_block(200)])  # another user's quota is separate
    run(store.update(item.write([a]), v1.signature, **anonymous()))
    create(store, "alice", Item(), [])
    with pytest.raises(QuotaExceededError):
        create(store, "alice", Item(), [])
    [current] = run(store.get([item.id]))
    assert current is not None
    run(store.delete(item.id, item.delete(current.current.signature), None, NOW))
    assert run(store.usage("alice")) == (0, 1)
    upload(store, "alice", [new_block(250)])


def test_limits_of_one_write(store: ObjectStore) -> None:
    item = Item()
    with pytest.raises(LimitExceededError):
        run(store.create("alice", item.public, item.write([], b"x" * 1001), None, NOW))
    blocks = [new_block(10) for _ in range(9)]
    with pytest.raises(LimitExceededError):
        run(store.create("alice", item.public, item.write(blocks), None, NOW))
    transfer, _ = run(store.open_transfer("alice", NOW))
    big = new_block(LIMITS.max_block + 1)
    with pytest.raises(LimitExceededError):
        run(store.put_block("alice", transfer, block_id(big), big, NOW))
    with pytest.raises(IdMismatchError):
        run(store.put_block("alice", transfer, block_id(b"other"), b"data", NOW))
    assert stored_files(store) == set()


def test_locks_refuse_other_writers_until_expiry(store: ObjectStore) -> None:
    item, holder, other = Item(), b"L" * 16, b"M" * 16
    v1 = create(store, "alice", item, [])
    expires = run(store.lock(item.id, holder, 60, item.lock(holder, 60, v1.signature), NOW))
    assert expires == NOW + 60
    with pytest.raises(LockedError):
        run(store.update(item.write([], b"v2"), v1.signature, **anonymous()))
    with pytest.raises(LockedError):
        run(store.lock(item.id, other, 60, item.lock(other, 60, v1.signature), NOW))
    with pytest.raises(BadSignatureError):
        run(store.lock(item.id, holder, 60, Item().lock(holder, 60, v1.signature), NOW))
    v2 = run(store.update(item.write([], b"v2"), v1.signature, **anonymous(holder)))
    later = {"user": None, "transfer_id": None, "lock_id": None, "now": NOW + 61}
    v3 = run(store.update(item.write([], b"v3"), v2.signature, **later))  # lock expired
    run(store.lock(item.id, other, 30, item.lock(other, 30, v3.signature), NOW + 62))
    with pytest.raises(LockedError):
        run(store.unlock(item.id, holder, item.unlock(holder, v3.signature), NOW + 63))
    run(store.unlock(item.id, other, item.unlock(other, v3.signature), NOW + 63))
    run(store.update(item.write([], b"v4"), v3.signature, **anonymous()))


def test_delete_all_of_a_user(store: ObjectStore) -> None:
    mine = [Item() for _ in range(3)]
    for item in mine:
        create(store, "carol", item, [new_block()])
    theirs = Item()
    create(store, "dave", theirs, [new_block()])
    pending = upload(store, "carol", [new_block()])
    run(store.delete_all_of("carol"))
    assert run(store.get([i.id for i in mine])) == [None, None, None]
    assert run(store.get([theirs.id]))[0] is not None
    assert len(stored_files(store)) == 1
    assert run(store.usage("carol")) == (0, 0)
    with pytest.raises(TransferUnknownError):
        run(store.transfer_status("carol", pending, NOW))


def test_update_by_another_key_holder_is_charged_to_the_owner(store: ObjectStore) -> None:
    item = Item()
    v1 = create(store, "alice", item, [])
    data = new_block(300)
    transfer = upload(store, "bob", [data])
    call = {"user": "bob", "transfer_id": transfer, "lock_id": None, "now": NOW}
    v2 = run(store.update(item.write([data]), v1.signature, **call))
    assert run(store.usage("alice")) == (300, 1)
    assert run(store.usage("bob")) == (0, 0)
    with pytest.raises(TransferUnknownError):  # naming a transfer needs its owner's login
        no_login = anonymous() | {"transfer_id": transfer}
        run(store.update(item.write([data], b"x"), v2.signature, **no_login))


def test_a_key_that_is_not_a_point_is_refused(store: ObjectStore) -> None:
    write = Item().write([])
    with pytest.raises(IdMismatchError):
        run(store.create("alice", b"\x02" + b"\xff" * 32, write, None, NOW))
