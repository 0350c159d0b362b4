"""Helpers of the sink-store unit tests: a real database, object store and PKI log in a
temporary directory; users with published keystores; sinks and posts with real keys."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from app.crypto import base58
from app.crypto.ecc import PrivateKey
from app.pki import openpgp
from app.wire.messages import (
    ANONYMOUS,
    Envelope,
    encode_envelope,
    seal,
    seal_body,
    sink_create_signed_bytes,
)
from app.wire.objects import block_id
from server_stub.database import Database
from server_stub.objects import ObjectLimits, ObjectStore
from server_stub.objects.blockfiles import BlockFiles
from server_stub.pki.log import PKILog
from server_stub.pki.service import PKIService
from server_stub.sinks import NewSink, Post, PostResult, SinkLimits, SinkStore

T = TypeVar("T")
NOW = 1_700_000_000.0
HOST = "files.test"
LIMITS = SinkLimits(
    rate_per_key=10_000,
    rate_per_address=10_000,
    max_messages=20,
    quota=200_000,
    max_sinks=4,
    unverified_messages=20,
    unverified_quota=200_000,
)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


@dataclass
class World:
    database: Database
    objects: ObjectStore
    log: PKILog
    pki: PKIService
    tmp: Path
    stores: list[SinkStore] = field(default_factory=list)

    def sinks(self, limits: SinkLimits = LIMITS) -> SinkStore:
        store = SinkStore(self.database, self.objects, limits, self.pki)
        self.stores.append(store)
        return store

    def files(self) -> set[bytes]:
        root = self.objects.files.root
        return {bytes.fromhex(p.name) for p in root.glob("*/*/*") if p.is_file()}


def open_world(tmp: Path) -> World:
    database = Database(tmp / "server.sqlite", threads=2)
    objects = ObjectStore(database, BlockFiles(tmp / "blocks"), ObjectLimits(quota=10**6))
    log = PKILog(tmp / "pki.sqlite", PrivateKey.generate(), now_ms=int(NOW * 1000))
    return World(database, objects, log, PKIService(log, HOST), tmp)


class User:
    """A user of this server with a keystore published in the world's PKI log."""

    def __init__(self, world: World, name: str, *, publish: bool = True) -> None:
        self.name = name
        self.address = f"{name}#{HOST}"
        self.identity = PrivateKey.generate()
        self.keystore = openpgp.emit_keystore(
            openpgp.new_keystore(self.identity, self.address, created=int(NOW))
        )
        if publish:
            world.log.publish(self.keystore, now_ms=int(NOW * 1000))


@dataclass(frozen=True)
class Sink:
    key: PrivateKey
    sink_id: str
    owner: str


def create_sink(
    store: SinkStore, owner: str, acl: str = "public", *, default: bool = False, data: bytes = b""
) -> Sink:
    key = PrivateKey.generate()
    sink_id = base58.address(key.public_key.to_bytes())
    signature = key.sign(sink_create_signed_bytes(sink_id, owner, acl))
    new = NewSink(key.public_key.to_bytes(), acl, signature, data, default)
    info = run(store.create(owner, new, NOW))
    assert info.sink_id == sink_id
    return Sink(key, sink_id, owner)


def envelope(
    sender: PrivateKey,
    address: str,
    sink: Sink,
    text: bytes = b"hello",
    blocks: Sequence[bytes] = (),
) -> Envelope:
    body = seal_body(sink.key.public_key, text)
    ids = [block_id(b) for b in blocks]
    return seal(sender, address, sink.sink_id, body, ids, timestamp=int(NOW * 1000))


def make_post(
    env: Envelope,
    *,
    inline: Sequence[bytes] = (),
    transfer_id: bytes | None = None,
    session_user: str | None = None,
    peer: str = "192.0.2.1",
) -> Post:
    return Post(
        encode_envelope(env), env, {block_id(b): b for b in inline}, transfer_id, session_user, peer
    )


async def post_async(
    store: SinkStore,
    sender: PrivateKey,
    address: str,
    sink: Sink,
    *,
    now: float = NOW,
    **options: Any,
) -> PostResult:
    blocks = options.pop("blocks", ())
    env = envelope(sender, address, sink, options.pop("text", b"hello"), blocks)
    return await store.post(make_post(env, **options), now)


def post(
    store: SinkStore, sender: PrivateKey, address: str, sink: Sink, **options: Any
) -> PostResult:
    return run(post_async(store, sender, address, sink, **options))


def anonymous_post(store: SinkStore, sink: Sink, **options: Any) -> PostResult:
    return post(store, PrivateKey.generate(), ANONYMOUS, sink, **options)


def new_block(size: int = 1000) -> bytes:
    return secrets.token_bytes(size)
