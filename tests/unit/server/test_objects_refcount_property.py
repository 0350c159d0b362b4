"""Hypothesis: after any sequence of writes, the block files on disk are exactly the blocks
some kept version lists or some open transfer holds, and each owner's bytes are the
sizes of the distinct blocks their descriptors list."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from objects_helpers import NOW, Item, run, upload

from app.wire.objects import block_id
from server_stub.database import Database
from server_stub.objects import ObjectLimits, ObjectStore, Version
from server_stub.objects.blockfiles import BlockFiles

POOL = [bytes([n]) * (50 + n) for n in range(6)]  # six distinct blocks of known sizes
OPS = st.lists(
    st.tuples(
        st.sampled_from(["write", "delete", "close"]),
        st.integers(0, 2),  # which descriptor
        st.sets(st.integers(0, 5), max_size=3),  # which blocks
    ),
    max_size=12,
)


def apply(store: ObjectStore, items: list[Item], current: dict[int, Version], op: tuple) -> None:
    kind, slot, chosen = op
    item, blocks = items[slot], [POOL[n] for n in sorted(chosen)]
    if kind == "delete" and slot in current:
        run(store.delete(item.id, item.delete(current.pop(slot).signature), None, NOW))
    elif kind == "write":
        transfer = upload(store, "owner", blocks)
        write = item.write(blocks)
        if slot in current:
            call = {"user": "owner", "transfer_id": transfer, "lock_id": None, "now": NOW}
            current[slot] = run(store.update(write, current[slot].signature, **call))
        else:
            current[slot] = run(store.create("owner", item.public, write, transfer, NOW))
        if len(chosen) % 2 == 0:  # leave some transfers open
            run(store.close_transfer("owner", transfer, NOW))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_files_and_usage_follow_references(ops: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(Path(tmp) / "db.sqlite")
        try:
            store = ObjectStore(
                database, BlockFiles(Path(tmp) / "blocks"), ObjectLimits(versions_kept=2)
            )
            items, current = [Item() for _ in range(3)], {}
            for op in ops:
                apply(store, items, current, op)
            check(store, database, items, current)
        finally:
            database.close()


def check(
    store: ObjectStore, database: Database, items: list[Item], current: dict[int, Version]
) -> None:
    listed: set[bytes] = set()
    for slot in current:
        versions = [current[slot], *run(store.history(items[slot].id))]
        assert len(versions) <= 2
        for version in versions:
            listed.update(version.block_ids)
    in_transfers = {
        bytes(row[0])
        for row in database.call(
            lambda c: c.execute("SELECT block_id FROM obj_transfer_blocks").fetchall()
        )
    }
    on_disk = {bytes.fromhex(p.name) for p in store.files.root.glob("*/*/*")}
    assert on_disk == listed | in_transfers
    sizes = {block_id(b): len(b) for b in POOL}
    assert run(store.usage("owner")) == (sum(sizes[b] for b in listed), len(current))
    for slot in current:
        for block in current[slot].block_ids:
            assert (
                run(store.read_block(items[slot].id, block))
                == POOL[[block_id(b) for b in POOL].index(block)]
            )
