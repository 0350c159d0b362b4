"""An inbox's registered expiry and byte limit (server_stub/SINKS.md "Drop inboxes") on
SQLite + block files and on PostgreSQL + S3: posts after the expiry are refused with
SINK_EXPIRED, larger ones with SINK_FULL, an inbox without them takes both, and the
messages of an inbox expired longer than the grace period are collected (their blocks
freed) while the inbox stays and keeps refusing."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest
from backend_helpers import Backend

from app.crypto import base58
from app.crypto.ecc import PrivateKey
from app.wire.messages import ANONYMOUS, encode_envelope, seal, seal_body, sink_create_signed_bytes
from app.wire.objects import block_id
from server_stub.objects import ObjectLimits, ObjectStore
from server_stub.sinks import (
    NewSink,
    Post,
    SinkExpiredError,
    SinkFullError,
    SinkLimits,
    SinkStore,
)

NOW = 1_700_000_000.0
GRACE = 1000
LIMITS = SinkLimits(rate_per_key=10_000, rate_per_address=10_000, expired_grace=GRACE)


@dataclass(frozen=True)
class Inbox:
    key: PrivateKey
    sink_id: str


def store_on(backend: Backend) -> SinkStore:
    objects = ObjectStore(backend.database, backend.blocks, ObjectLimits())
    return SinkStore(backend.database, objects, LIMITS)


def create(store: SinkStore, expires: float | None, max_bytes: int | None) -> Inbox:
    key = PrivateKey.generate()
    sink_id = base58.address(key.public_key.to_bytes())
    signature = key.sign(sink_create_signed_bytes(sink_id, "bob", "anonymous"))
    new = NewSink(key.public_key.to_bytes(), "anonymous", signature, b"", False, expires, max_bytes)
    info = asyncio.run(store.create("bob", new, NOW))
    assert (info.expires, info.max_bytes) == (expires, max_bytes)
    return Inbox(key, sink_id)


def post(store: SinkStore, inbox: Inbox, block: bytes, now: float) -> int:
    body = seal_body(inbox.key.public_key, b"hello")
    ids = [block_id(block)]
    env = seal(
        PrivateKey.generate(), ANONYMOUS, inbox.sink_id, body, ids, timestamp=int(now * 1000)
    )
    raw = encode_envelope(env)
    result = asyncio.run(
        store.post(Post(raw, env, {block_id(block): block}, None, None, "192.0.2.7"), now)
    )
    return result.seq


def test_expiry_and_size_limit_are_enforced(backend: Backend) -> None:
    store = store_on(backend)
    limited = create(store, NOW + 100, 5000)
    free = create(store, None, None)
    assert post(store, limited, b"a" * 3000, NOW + 10) == 1
    with pytest.raises(SinkFullError, match="larger than this drop inbox takes"):
        post(store, limited, b"b" * 6000, NOW + 20)
    with pytest.raises(SinkExpiredError, match="expired: ask its owner for a new address"):
        post(store, limited, b"c" * 10, NOW + 100)
    assert post(store, free, b"d" * 6000, NOW + 200) == 1  # no registered limits: taken
    [info] = [s for s in asyncio.run(store.sinks_of("bob")) if s.sink_id == limited.sink_id]
    assert (info.messages, info.expires, info.max_bytes) == (1, NOW + 100, 5000)


def test_messages_of_long_expired_inboxes_are_collected(backend: Backend) -> None:
    store = store_on(backend)
    expiring = create(store, NOW + 100, None)
    lasting = create(store, None, None)
    kept_block, gone_block = b"k" * 2000, b"g" * 2000
    post(store, expiring, gone_block, NOW + 1)
    post(store, lasting, kept_block, NOW + 1)

    assert store.collect_expired(NOW + 100 + GRACE - 1) == 0  # still in its grace period
    assert store.collect_expired(NOW + 100 + GRACE + 1) == 1
    assert store.collect_expired(NOW + 100 + GRACE + 2) == 0  # nothing left to collect
    sinks = {s.sink_id: s for s in asyncio.run(store.sinks_of("bob"))}
    assert (sinks[expiring.sink_id].messages, sinks[expiring.sink_id].bytes) == (0, 0)
    assert sinks[lasting.sink_id].messages == 1  # no expiry: never collected
    got = asyncio.run(store.get("bob", expiring.sink_id, [1]))
    assert got == [None]
    with pytest.raises(SinkExpiredError):  # the inbox stays, refusing, until deleted
        post(store, expiring, b"x" * 10, NOW + 100 + GRACE + 3)
    rows = backend.database.call(lambda c: c.execute("SELECT id FROM obj_blocks").fetchall())
    known = {bytes(row[0]) for row in rows}
    assert block_id(kept_block) in known and block_id(gone_block) not in known
