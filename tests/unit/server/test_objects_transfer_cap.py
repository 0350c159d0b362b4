"""The cap of open transfers per user (server_stub/objects/transfers.py): a killed
client's transfers do not lock its user out, a resumed upload keeps its own transfer,
and one session still cannot open more than the cap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from objects_helpers import NOW, new_block, run

from app.wire.objects import block_id
from server_stub.database import Database
from server_stub.objects import LimitExceededError, ObjectLimits, ObjectStore, TransferUnknownError
from server_stub.objects.blockfiles import BlockFiles

LIMITS = ObjectLimits(max_transfers=4, transfer_ttl=3600)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ObjectStore]:
    database = Database(tmp_path / "db.sqlite")
    yield ObjectStore(database, BlockFiles(tmp_path / "blocks"), LIMITS)
    database.close()


def _open(store: ObjectStore, session: bytes, now: float) -> bytes:
    transfer_id, _ = run(store.open_transfer("alice", now, session=session))
    return transfer_id


def _put(store: ObjectStore, transfer_id: bytes, data: bytes, now: float) -> None:
    run(store.put_block("alice", transfer_id, block_id(data), data, now))


def _alive(store: ObjectStore, transfer_id: bytes, now: float) -> bool:
    try:
        run(store.transfer_status("alice", transfer_id, now))
    except TransferUnknownError:
        return False
    return True


def test_one_session_cannot_open_more_than_the_cap(store: ObjectStore) -> None:
    opened = [_open(store, b"flood", NOW + n) for n in range(LIMITS.max_transfers)]
    with pytest.raises(LimitExceededError, match="at most 4 open transfers"):
        _open(store, b"flood", NOW + 100)
    with pytest.raises(LimitExceededError):
        _open(store, b"flood", NOW + 3000)  # idle for long, but its own: still refused
    assert all(_alive(store, t, NOW + 3000) for t in opened)


def test_killed_sessions_leave_transfers_that_a_new_session_reclaims(store: ObjectStore) -> None:
    blocks = [new_block(100) for _ in range(LIMITS.max_transfers)]
    killed = []
    for n, data in enumerate(blocks):  # each killed after its first block
        transfer_id = _open(store, b"killed-%d" % n, NOW + n)
        _put(store, transfer_id, data, NOW + n)
        killed.append(transfer_id)
    _put(store, killed[0], new_block(100), NOW + 10)  # the first one is active again
    fresh = _open(store, b"new", NOW + 20)
    assert not _alive(store, killed[1], NOW + 20)  # idle the longest: reclaimed
    stored = {p.name for p in store.files.root.glob("*/*/*") if p.is_file()}
    assert block_id(blocks[1]).hex() not in stored and block_id(blocks[2]).hex() in stored
    assert all(_alive(store, t, NOW + 20) for t in [killed[0], *killed[2:], fresh])
    _put(store, killed[3], new_block(100), NOW + 21)  # a resumed upload keeps its own
    for n in range(LIMITS.max_transfers - 1):  # the new session fills the cap alone
        _open(store, b"new", NOW + 30 + n)
    with pytest.raises(LimitExceededError):
        _open(store, b"new", NOW + 40)


def test_the_cap_counts_only_unexpired_transfers(store: ObjectStore) -> None:
    for n in range(LIMITS.max_transfers):
        _open(store, b"old", NOW + n)
    later = NOW + LIMITS.transfer_ttl + 10
    for n in range(LIMITS.max_transfers):
        _open(store, b"old", later + n)
