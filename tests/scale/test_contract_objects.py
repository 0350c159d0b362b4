"""The object store behaves the same on SQLite + block files and on PostgreSQL + S3:
descriptors, compare-and-swap (also between independent connections, as between
processes), reference counts, quotas, reads (S3 re-hashes, block files are scrubbed;
SHA-256 and BLAKE3 ids alike);
on S3, orphans go only through the leader's collection, after the grace period."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field, replace

import pytest
from backend_helpers import Backend

from app.crypto import base58
from app.crypto.ecc import PrivateKey
from app.wire.objects import BLAKE3, SHA256, block_id, delete_signed_bytes, descriptor_signed_bytes
from server_stub.backends.postgres.leader import Leader, collect_orphans
from server_stub.backends.s3.blocks import S3Blocks
from server_stub.objects import (
    BlockUnavailableError,
    CasMismatchError,
    IdTakenError,
    NotFoundError,
    ObjectLimits,
    ObjectStore,
    QuotaExceededError,
    Version,
    Write,
)

NOW = 1_000_000.0
LIMITS = ObjectLimits(quota=10_000, versions_kept=3, max_extra=1000, max_blocks=8)


@dataclass
class Item:
    key: PrivateKey = field(default_factory=PrivateKey.generate)

    @property
    def public(self) -> bytes:
        return self.key.public_key.to_bytes()

    @property
    def id(self) -> str:
        return base58.address(self.public)

    def write(
        self, blocks: list[bytes], extra: bytes = b"extra", block_hash: str = SHA256
    ) -> Write:
        ids = tuple(block_id(b, block_hash) for b in blocks)
        signature = self.key.sign(descriptor_signed_bytes(self.id, ids, extra))
        return Write(self.id, ids, extra, signature)


def create(
    store: ObjectStore, user: str, item: Item, blocks: list[bytes], block_hash: str = SHA256
) -> Version:
    async def go() -> Version:
        transfer_id, _ = await store.open_transfer(user, NOW)
        for data in blocks:
            bid = block_id(data, block_hash)
            await store.put_block(user, transfer_id, bid, data, NOW, block_hash)
        write = item.write(blocks, block_hash=block_hash)
        version = await store.create(user, item.public, write, transfer_id, NOW)
        await store.close_transfer(user, transfer_id, NOW)
        return version

    return asyncio.run(go())


def update(store: ObjectStore, item: Item, extra: bytes, previous: bytes) -> Version:
    write = item.write([], extra)
    return asyncio.run(
        store.update(write, previous, user=None, transfer_id=None, lock_id=None, now=NOW)
    )


@pytest.fixture
def store(backend: Backend) -> ObjectStore:
    return ObjectStore(backend.database, backend.blocks, LIMITS)


@pytest.mark.parametrize("block_hash", [SHA256, BLAKE3])
def test_create_get_and_verified_block_reads(store: ObjectStore, block_hash: str) -> None:
    item, data = Item(), secrets.token_bytes(300)
    version = create(store, "alice", item, [data], block_hash)
    [found] = asyncio.run(store.get([item.id]))
    assert found is not None and found.current == version
    block = block_id(data, block_hash)
    assert asyncio.run(store.read_block(item.id, block)) == data
    with pytest.raises(NotFoundError):
        asyncio.run(store.read_block(item.id, hashlib.sha256(b"other").digest()))
    with pytest.raises(IdTakenError):
        create(store, "bob", item, [])
    assert asyncio.run(store.usage("alice")) == (300, 1)


def test_several_blocks_read_in_one_call_within_a_byte_budget(backend: Backend) -> None:
    store = ObjectStore(backend.database, backend.blocks, replace(LIMITS, quota=1 << 20))
    item = Item()
    blocks = [secrets.token_bytes(size) for size in (300, 70_000, 200)]  # packed and files
    create(store, "alice", item, blocks)
    ids = [hashlib.sha256(b).digest() for b in blocks]
    assert asyncio.run(store.read_blocks(item.id, ids[::-1], 1 << 20)) == blocks[::-1]
    assert asyncio.run(store.read_blocks(item.id, ids, 70_300)) == blocks[:2]
    assert asyncio.run(store.read_blocks(item.id, ids[1:], 10)) == blocks[1:2]  # at least one
    with pytest.raises(NotFoundError):
        asyncio.run(store.read_blocks(item.id, [*ids, hashlib.sha256(b"other").digest()], 1))


@pytest.mark.parametrize("block_hash", [SHA256, BLAKE3])
def test_a_block_that_does_not_hash_to_its_id_is_never_served_as_genuine(
    backend: Backend, block_hash: str
) -> None:
    """S3 re-hashes on read; block files are served as stored (clients check every block
    against its signed descriptor) and `privshare server scrub` finds them."""
    store = ObjectStore(backend.database, backend.blocks, LIMITS)
    item, data = Item(), secrets.token_bytes(64)
    create(store, "alice", item, [data], block_hash)
    block = block_id(data, block_hash)
    assert asyncio.run(store.read_block(item.id, block)) == data
    if isinstance(backend.blocks, S3Blocks):  # tamper with the stored object
        client, bucket = backend.blocks._client, backend.blocks.location.bucket
        key = "blocks/" + block.hex()[:2] + "/" + block.hex()[2:4] + "/" + block.hex()
        client.put_object(Bucket=bucket, Key=key, Body=b"tampered")
        with pytest.raises(BlockUnavailableError):
            asyncio.run(store.read_block(item.id, block))
        return
    backend.blocks.path(block).write_bytes(b"tampered")  # type: ignore[attr-defined]
    assert asyncio.run(store.read_block(item.id, block)) == b"tampered"
    assert not backend.blocks.matches(block)  # type: ignore[attr-defined]


def test_update_is_compare_and_swap(store: ObjectStore) -> None:
    item = Item()
    first = create(store, "alice", item, [])
    second = update(store, item, b"v2", first.signature)
    assert second.seq == 2
    with pytest.raises(CasMismatchError):
        update(store, item, b"v2b", first.signature)


def test_signatures_are_the_current_ones_of_the_ids_that_exist(store: ObjectStore) -> None:
    """What descriptorGet's `known` compares with (one query, no records loaded)."""
    same, moved, gone = Item(), Item(), Item()
    kept = create(store, "alice", same, [])
    first = create(store, "alice", moved, [])
    second = update(store, moved, b"v2", first.signature)
    found = asyncio.run(store.signatures([same.id, moved.id, gone.id]))
    assert found == {same.id: kept.signature, moved.id: second.signature}
    assert asyncio.run(store.signatures([])) == {}
    many = [same.id, *(Item().id for _ in range(1023))]  # descriptorGet's max_ids
    assert asyncio.run(store.signatures(many)) == {same.id: kept.signature}
    records = asyncio.run(store.get(many))
    assert [r is not None for r in records] == [True] + [False] * 1023


def test_stores_on_independent_connections_race_and_one_wins(backend: Backend) -> None:
    """Each store has its own in-process lock: only the database keeps the CAS atomic."""
    others = [backend.reopen() for _ in range(2)]
    stores = [ObjectStore(db, backend.blocks, LIMITS) for db in others]
    try:
        item = Item()
        first = create(stores[0], "alice", item, [])
        barrier, results = threading.Barrier(6), []

        def worker(n: int) -> None:
            barrier.wait()
            try:
                update(stores[n % 2], item, f"thread {n}".encode(), first.signature)
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
        for database in others:
            database.close()


def test_shared_blocks_are_counted_once_and_freed_last(store: ObjectStore) -> None:
    shared, own = secrets.token_bytes(1000), secrets.token_bytes(500)
    first, second = Item(), Item()
    v1 = create(store, "alice", first, [shared, own])
    create(store, "alice", second, [shared])
    assert asyncio.run(store.usage("alice")) == (1500, 2)
    signature = first.key.sign(delete_signed_bytes(first.id, v1.signature))
    asyncio.run(store.delete(first.id, signature, None, NOW))
    assert asyncio.run(store.usage("alice")) == (1000, 1)
    block = hashlib.sha256(shared).digest()
    assert asyncio.run(store.read_block(second.id, block)) == shared


def test_quota_is_enforced(store: ObjectStore) -> None:
    create(store, "alice", Item(), [secrets.token_bytes(6000)])
    with pytest.raises(QuotaExceededError):
        create(store, "alice", Item(), [secrets.token_bytes(6000)])


def test_orphans_leave_the_bucket_only_after_the_grace_period(backend: Backend) -> None:
    if not isinstance(backend.blocks, S3Blocks):
        pytest.skip("block files are removed at once, under the process's lock")
    store = ObjectStore(backend.database, backend.blocks, LIMITS)
    item, kept, dropped = Item(), secrets.token_bytes(100), secrets.token_bytes(100)
    version = create(store, "alice", item, [kept, dropped])
    update_blocks = item.write([kept], b"v2")
    asyncio.run(
        store.update(
            update_blocks, version.signature, user=None, transfer_id=None, lock_id=None, now=NOW
        )
    )
    stray = secrets.token_bytes(100)  # uploaded by a process that died before its row
    backend.blocks.write(hashlib.sha256(stray).digest(), stray)
    all_three = {hashlib.sha256(b).digest() for b in (kept, dropped, stray)}
    assert set(backend.blocks.all_ids()) == all_three
    # the versions kept still list `dropped`; a delete of the item frees it
    assert collect_orphans(store, backend.blocks, cutoff=0.0) == 0  # nothing old enough
    assert collect_orphans(store, backend.blocks, cutoff=2e9) == 1  # the stray only
    assert set(backend.blocks.all_ids()) == {hashlib.sha256(b).digest() for b in (kept, dropped)}


def test_one_leader_at_a_time(backend: Backend) -> None:
    if backend.name != "postgres":
        pytest.skip("an embedded server has one process: it needs no leader")
    assert isinstance(backend.blocks, S3Blocks)
    store = ObjectStore(backend.database, backend.blocks, LIMITS)
    first = Leader(backend.location, store, backend.blocks, clock=lambda: NOW)
    second = Leader(backend.location, store, backend.blocks, clock=lambda: NOW)
    try:
        assert first.round() and not second.round()
        first.close()  # the leader's process dies: its session lock goes with it
        deadline = time.monotonic() + 10  # once PostgreSQL has ended that backend
        while not second.round() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert second.leading
    finally:
        first.close()
        second.close()
