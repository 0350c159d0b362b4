"""`SinkStore`: the async interface of inboxes and messages (SINKS.md).

SQLite work runs on the `Database` pool; file work on `asyncio.to_thread`. Every
mutation runs through the object store's mutation path (its lock and one `BEGIN
IMMEDIATE` transaction, block files removed after COMMIT), because messages hold
references to its blocks. Posts wake long polls through `SinkSignals`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web

from app.crypto import base58
from app.crypto.ecc import PublicKey
from app.crypto.errors import CryptoError
from app.wire.messages import sink_create_signed_bytes
from server_stub.objects import ObjectStore
from server_stub.objects.errors import BlockUnavailableError
from server_stub.pki.service import PKIService
from server_stub.ports import PostRateLimiter, SqlDatabase
from server_stub.sinks import links, tables
from server_stub.sinks.config import SinkLimits
from server_stub.sinks.errors import (
    BadSignatureError,
    EnvelopeInvalidError,
    LimitExceededError,
    MessageNotFoundError,
    RateLimitedError,
    SinkNotFoundError,
)
from server_stub.sinks.rates import PostRates, UnverifiedBytes
from server_stub.sinks.records import Post, PostResult, SinkInfo, StoredMessage
from server_stub.sinks.senders import check_access, check_sender, check_signature
from server_stub.sinks.signals import SinkSignals

__all__ = ["NewSink", "SinkStore", "attach_sinks", "open_sinks"]

T = TypeVar("T")
_log = logging.getLogger("server_stub.sinks")


@dataclass(frozen=True)
class NewSink:
    public_key: bytes
    acl: str
    signature: bytes
    data: bytes = b""
    is_default: bool = False
    expires: float | None = None  # optional, registered by the owner (drop inboxes)
    max_bytes: int | None = None


class SinkStore:
    """Sinks and messages on SQLite, blocks through the object store."""

    def __init__(
        self,
        database: SqlDatabase,
        objects: ObjectStore,
        limits: SinkLimits | None = None,
        pki: PKIService | None = None,
        *,
        signals: SinkSignals | None = None,  # a fleet's: backends/postgres/sinks_state.py
        rates: PostRateLimiter | None = None,
    ) -> None:
        self._db = database
        self._objects = objects
        self.limits = limits or SinkLimits()
        self.pki = pki
        self.signals = signals or SinkSignals()
        self.rates = rates or PostRates(
            self.limits.rate_per_key, self.limits.rate_per_address, self.limits.rate_window
        )
        self.unverified_bytes = UnverifiedBytes(
            self.limits.unverified_bytes_per_address, self.limits.rate_window
        )

    # --- owner operations ---

    async def create(self, owner: str, new: NewSink, now: float) -> SinkInfo:
        try:
            PublicKey.from_bytes(new.public_key)
        except CryptoError:
            raise EnvelopeInvalidError("the sink key is not a secp256k1 public key") from None
        if len(new.public_key) != 33:
            raise EnvelopeInvalidError("the sink key is a 33-byte compressed key")
        sink_id = base58.address(new.public_key)
        signed = sink_create_signed_bytes(sink_id, owner, new.acl)
        try:
            PublicKey.from_bytes(new.public_key).verify(new.signature, signed)
        except CryptoError:
            raise BadSignatureError("the sink key did not sign this creation") from None
        sink = SinkInfo(
            sink_id,
            new.public_key,
            owner,
            new.acl,
            new.data,
            new.is_default,
            0,
            0,
            0,
            now,
            new.expires,
            new.max_bytes,
        )
        await self._mutate(_no_garbage(tables.insert_sink), self.limits, sink)
        return sink

    async def sinks_of(self, owner: str) -> list[SinkInfo]:
        return await self._db.run(tables.list_sinks, owner)

    async def info(self, owner: str, sink_id: str) -> SinkInfo:
        return await self._db.run(tables.owned_sink, sink_id, owner)

    async def used_bytes(self, owner: str) -> int:
        return await self._db.run(tables.owner_bytes, owner)

    async def delete(self, owner: str, sink_id: str) -> None:
        await self._mutate(_delete_sink, sink_id, owner)
        self.signals.notify(sink_id)

    async def delete_all_of(self, username: str) -> None:
        """Remove every sink, message and block link of `username` (account deletion)."""
        for sink in await self.sinks_of(username):
            await self._mutate(_delete_sink, sink.sink_id, username)
            self.signals.notify(sink.sink_id)
        await self._mutate(_forget_usage_owner, links.usage_owner(username))

    # --- messages ---

    async def post(self, post: Post, now: float) -> PostResult:
        """Check and store one message (SINKS.md `messagePost`, checks in that order)."""
        envelope = post.envelope
        sink = await self._db.run(tables.load_sink, envelope.sink_id)
        if sink is None:
            raise SinkNotFoundError("no such inbox")
        known_size = len(post.raw) + sum(len(data) for data in post.inline.values())
        tables.check_registered_limits(sink, known_size, now)  # again when stored
        wait = self.rates.admit(envelope.sender_key, post.peer, now)
        if wait:
            raise RateLimitedError(f"too many messages: retry in {wait} seconds")
        check_access(sink, envelope, post.session_user)
        check_signature(envelope)
        verified = await check_sender(envelope, self.pki)
        if not verified and (wait := self.unverified_bytes.wait(post.peer, now)):
            raise RateLimitedError(f"too many bytes: retry in {wait} seconds")
        self._check_blocks(post)
        await asyncio.to_thread(_write_files, self._objects, post.inline)
        try:
            seq, size = await self._mutate(
                _store_post, self._objects, self.limits, post, (sink.owner, verified), now
            )
        except BaseException:
            await self._mutate(_forget_files, list(post.inline))
            raise
        if not verified:
            self.unverified_bytes.record(post.peer, size, now)
        self.signals.notify(envelope.sink_id)
        return PostResult(seq, now, verified)

    async def poll(
        self, owner: str, after: Mapping[str, int], wait_ms: int
    ) -> dict[str, tuple[int, list[int]]]:
        """sink id -> (last seq, kept seqs after the given one); waits up to `wait_ms`
        for a post when there is nothing new yet."""
        limit = self.limits.max_poll_seqs
        with self.signals.listening(after) as event:
            found = await self._db.run(_poll, owner, dict(after), limit)
            nothing = not any(seqs for _, seqs in found.values())
            if wait_ms <= 0 or self.signals.closed or not nothing:
                return found
            try:
                await asyncio.wait_for(event.wait(), wait_ms / 1000)
            except TimeoutError:
                return found
        return await self._db.run(_poll, owner, dict(after), limit)

    async def get(
        self, owner: str, sink_id: str, seqs: Sequence[int]
    ) -> list[StoredMessage | None]:
        def body(connection: sqlite3.Connection) -> list[StoredMessage | None]:
            tables.owned_sink(connection, sink_id, owner)
            return tables.get_messages(connection, sink_id, seqs)

        return await self._db.run(body)

    async def delete_message(self, owner: str, sink_id: str, seq: int) -> None:
        await self._mutate(_delete_message, sink_id, owner, seq)

    async def read_block(self, owner: str, sink_id: str, seq: int, block_id: bytes) -> bytes:
        """A block's bytes, if the kept message `seq` of the owner's sink lists it."""
        link = links.link_id(sink_id, seq)

        def listed(connection: sqlite3.Connection) -> bool:
            tables.owned_sink(connection, sink_id, owner)
            return links.links(connection, link, block_id)

        if not await self._db.run(listed):
            raise MessageNotFoundError("this message lists no such block")
        try:
            return await self._objects.read_stored(block_id)
        except BlockUnavailableError:
            if not await self._db.run(listed):  # deleted meanwhile
                raise MessageNotFoundError("this message lists no such block") from None
            raise

    # --- maintenance ---

    def collect_expired(self, now: float) -> int:
        """Delete the messages of inboxes whose registered expiry passed more than the
        grace period ago (blocking: a background task's or the fleet leader's job); the
        inbox itself stays, refusing posts, until its owner deletes it. How many went."""
        before = now - self.limits.expired_grace
        expired = self._db.call(tables.expired_sinks, before)
        removed = 0
        for sink_id, owner in expired:
            removed += self._objects.mutate_now(_collect_sink, sink_id, owner, before)
        return removed

    # --- internals ---

    def _check_blocks(self, post: Post) -> None:
        listed = set(post.envelope.block_ids)
        if len(post.envelope.block_ids) > self.limits.max_blocks:
            raise LimitExceededError(f"at most {self.limits.max_blocks} blocks per message")
        if any(block_id not in listed for block_id in post.inline):
            raise LimitExceededError("an inline block the envelope does not list")

    async def _mutate(self, body: Callable[..., tuple[T, list[bytes]]], *args: Any) -> T:
        # the object store's lock + transaction + removal of orphaned block files
        return await self._db.run(self._objects._mutate, body, *args)


def attach_sinks(
    app: web.Application, store: SinkStore | None, *, collect_every: float | None = None
) -> web.Application:
    """End waiting long polls when `app` shuts down (so the server stops at once); with
    `collect_every` (the embedded server: no fleet leader), collect expired inboxes'
    messages at that interval while `app` runs."""
    if store is not None:

        async def wake_polls(app: web.Application) -> None:
            store.signals.close()

        app.on_shutdown.append(wake_polls)
        if collect_every is not None:
            app.cleanup_ctx.append(_collecting(store, collect_every))
    return app


def _collecting(
    store: SinkStore, interval: float
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def collect_while_running(app: web.Application) -> AsyncIterator[None]:
        stop = asyncio.Event()

        async def rounds() -> None:
            while not stop.is_set():
                try:
                    await asyncio.to_thread(store.collect_expired, time.time())
                except Exception:
                    _log.exception("collecting expired inboxes failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), interval)

        task = asyncio.create_task(rounds())
        yield
        stop.set()  # a round under way finishes before the database closes
        await task

    return collect_while_running


def open_sinks(
    database: SqlDatabase,
    objects: ObjectStore | None,
    pki: PKIService | None = None,
    *,
    environ: Mapping[str, str] = os.environ,
) -> SinkStore:
    """The sink store of a server, limits from `PRIVSHARE_SINKS_*` (messages keep their
    attachment blocks in `objects`, so a server with inboxes needs an object store)."""
    if objects is None:
        raise ValueError("inboxes need the object store (their attachments are blocks)")
    return SinkStore(database, objects, SinkLimits.from_environ(environ), pki)


def _no_garbage(fn: Callable[..., None]) -> Callable[..., tuple[None, list[bytes]]]:
    def body(connection: sqlite3.Connection, *args: Any) -> tuple[None, list[bytes]]:
        fn(connection, *args)
        return None, []

    return body


def _write_files(objects: ObjectStore, inline: Mapping[bytes, bytes]) -> None:
    for block_id, data in inline.items():
        objects.files.write(block_id, data)


def _forget_files(
    connection: sqlite3.Connection, block_ids: list[bytes]
) -> tuple[None, list[bytes]]:
    return None, links.unknown_blocks(connection, block_ids)


def _store_post(
    connection: sqlite3.Connection,
    objects: ObjectStore,
    limits: SinkLimits,
    post: Post,
    owner_verified: tuple[str, bool],
    now: float,
) -> tuple[tuple[int, int], list[bytes]]:
    owner, verified = owner_verified
    for block_id, data in post.inline.items():
        if not objects.files.exists(block_id):  # cleaned between the write and this lock
            objects.files.write(block_id, data)
    transfer = None
    if post.transfer_id is not None:
        if post.session_user is None:
            raise LimitExceededError("a transfer needs a logged-in session")
        transfer = (post.session_user, post.transfer_id)
    envelope = post.envelope
    sizes = links.block_sizes(connection, envelope.block_ids, post.inline, transfer, now)
    size = len(post.raw) + sum(sizes.values())
    stored = StoredMessage(0, post.raw, envelope.block_ids, verified, size, now)
    seq = tables.add_message(connection, limits, envelope.sink_id, stored)
    link = links.link_id(envelope.sink_id, seq)
    links.link_blocks(connection, link, owner, sizes, post.transfer_id, now)
    return (seq, size), []


def _collect_sink(
    connection: sqlite3.Connection, sink_id: str, owner: str, before: float
) -> tuple[int, list[bytes]]:
    sink = tables.load_sink(connection, sink_id)
    if sink is None or sink.expires is None or sink.expires >= before:
        return 0, []  # deleted, or its owner changed it meanwhile
    garbage: list[bytes] = []
    messages = tables.delete_all_messages(connection, sink_id)
    for message in messages:
        link = links.link_id(sink_id, message.seq)
        garbage.extend(links.unlink_blocks(connection, link, owner, message.block_ids))
    return len(messages), garbage


def _delete_message(
    connection: sqlite3.Connection, sink_id: str, owner: str, seq: int
) -> tuple[None, list[bytes]]:
    tables.owned_sink(connection, sink_id, owner)
    message = tables.delete_message(connection, sink_id, seq)
    return None, links.unlink_blocks(
        connection, links.link_id(sink_id, seq), owner, message.block_ids
    )


def _delete_sink(
    connection: sqlite3.Connection, sink_id: str, owner: str
) -> tuple[None, list[bytes]]:
    tables.owned_sink(connection, sink_id, owner)
    garbage: list[bytes] = []
    for message in tables.delete_sink(connection, sink_id):
        link = links.link_id(sink_id, message.seq)
        garbage.extend(links.unlink_blocks(connection, link, owner, message.block_ids))
    return None, garbage


def _forget_usage_owner(
    connection: sqlite3.Connection, usage_owner: str
) -> tuple[None, list[bytes]]:
    connection.execute("DELETE FROM obj_usage WHERE owner = ?", (usage_owner,))
    connection.execute("DELETE FROM obj_owners WHERE owner = ?", (usage_owner,))
    return None, []


def _poll(
    connection: sqlite3.Connection, owner: str, after: dict[str, int], limit: int
) -> dict[str, tuple[int, list[int]]]:
    found: dict[str, tuple[int, list[int]]] = {}
    for sink_id, seq in after.items():
        sink = tables.owned_sink(connection, sink_id, owner)
        found[sink_id] = (sink.last_seq, tables.seqs_after(connection, sink_id, seq, limit))
    return found
