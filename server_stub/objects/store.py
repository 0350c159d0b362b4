"""`ObjectStore`: the async interface of blocks, descriptors, transfers and quotas.

SQLite work runs on the `Database` pool, file work on `asyncio.to_thread`; nothing
blocks the event loop. Every mutation holds one store lock and one `BEGIN IMMEDIATE`
transaction, and removes the files of blocks it orphaned only after COMMIT, under the
same lock, so a block being put again cannot lose its file to a concurrent clean-up.
Two stores on one database file still get exactly one winner of a compare-and-swap:
the check and the write share a transaction.

Durability: `put_block` hashes the block once and writes its file without fsync (a small
block: a row of `obj_packed_blocks` in the same transaction, packed.py), and
commits its transfer rows without syncing the WAL (recovery drops unreferenced blocks);
every other mutation fsyncs, before its durable COMMIT, the unsynced blocks it made
referenced (durability.py).
A descriptor write naming a transfer fsyncs its listed blocks first, in parallel and
outside the lock, so the COMMIT usually finds nothing left to sync.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from app.crypto import base58
from app.crypto.ecc import PublicKey
from app.crypto.errors import CryptoError
from app.wire.objects import SHA256, block_hasher, descriptor_signed_bytes
from server_stub.objects import control, descriptors, packed, parents, transfers
from server_stub.objects.blockfiles import BlockFiles
from server_stub.objects.config import ObjectLimits
from server_stub.objects.descriptors import Uploads
from server_stub.objects.durability import UnsyncedBlocks, drop_transfer_only_blocks, referenced
from server_stub.objects.errors import (
    BlockUnavailableError,
    IdMismatchError,
    LimitExceededError,
    NotFoundError,
    ObjectError,
    TransferUnknownError,
)
from server_stub.objects.parents import ParentAuth
from server_stub.objects.records import Descriptor, Version, Write
from server_stub.objects.refs import collect_garbage, owner_usage, transaction
from server_stub.ports import BlockStore, SqlDatabase

__all__ = ["BLOCKS_DIR", "ObjectStore", "open_objects"]

BLOCKS_DIR = "blocks"
INLINE_HASH_BYTES = 256 * 1024  # hashed on the event loop up to this much (about 0.15 ms)
T = TypeVar("T")
Mutation = Callable[..., tuple[T, list[bytes]]]


class ObjectStore:
    """Blocks, descriptors and transfers on SQLite plus a block directory."""

    def __init__(
        self,
        database: SqlDatabase,
        files: BlockStore,
        limits: ObjectLimits | None = None,
        *,
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
        pack_max: int = 0,
    ) -> None:
        """`pack_max`: blocks of at most this many bytes are packed as database rows
        (packed.py; 0: every block is a file, as a fleet's bucket keeps them)."""
        self._db = database
        self.files = files
        self.limits = limits or ObjectLimits()
        self.pack_max = pack_max
        self._randbytes = randbytes
        self._lock = threading.Lock()
        self._unsynced = UnsyncedBlocks(files)
        database.call(parents.ensure_schema)

    # --- transfers and blocks ---

    async def open_transfer(
        self,
        user: str | None,
        now: float,
        parent: ParentAuth | None = None,
        *,
        session: bytes = b"",
    ) -> tuple[bytes, float]:
        """A new transfer id and its expiry for `session` (the caller's ticket family);
        expired transfers are cleaned, and at the cap another session's stale one is
        reclaimed (transfers.open_transfer). With `parent` the transfer is the parent
        owner's, tied to that parent (parents.py)."""
        transfer_id = self._randbytes(16)

        def body(connection: sqlite3.Connection) -> tuple[float, list[bytes]]:
            garbage = _expire(connection, now)
            owner = user
            if parent is not None:
                assert parent.nonce is not None, "transferOpen spends a challenge"
                action = "transferOpen"
                owner = parents.authorise(
                    connection, self.limits, action, parent, parent.nonce, now
                )
                parents.tie_transfer(connection, transfer_id, parent.parent_id)
            if owner is None:
                raise TransferUnknownError("opening a transfer needs a login or a parent key")
            expires, reclaimed = transfers.open_transfer(
                connection, self.limits, owner, transfer_id, now, session
            )
            return expires, garbage + reclaimed

        return transfer_id, await self._db.run(self._mutate, body)

    async def transfer_challenge(self, parent_id: str, now: float) -> tuple[bytes, float]:
        """A single-use nonce to open a transfer under `parent_id`, and its expiry."""
        nonce = self._randbytes(parents.CHALLENGE_SIZE)

        def body(connection: sqlite3.Connection) -> tuple[float, list[bytes]]:
            return parents.issue_challenge(connection, self.limits, parent_id, nonce, now), []

        return nonce, await self._db.run(self._mutate, body)

    async def put_block(
        self,
        user: str | None,
        transfer_id: bytes,
        block_id: bytes,
        data: bytes,
        now: float,
        block_hash: str = SHA256,
    ) -> float:
        """Store `data` in the transfer (idempotent); returns the transfer's new expiry."""
        return await self.put_blocks(user, transfer_id, [(block_id, data)], now, block_hash)

    async def put_blocks(
        self,
        user: str | None,
        transfer_id: bytes,
        blocks: Sequence[tuple[bytes, bytes]],
        now: float,
        block_hash: str = SHA256,
    ) -> float:
        """Store `(block_id, data)` pairs in the transfer in one transaction (all or
        none are recorded; idempotent; every id checked with `block_hash`); returns the
        transfer's new expiry."""
        for _, data in blocks:
            if len(data) > self.limits.max_block:
                raise LimitExceededError(f"a block is at most {self.limits.max_block} bytes")
        large = [(block_id, data) for block_id, data in blocks if not self._packs(data)]
        if large or sum(len(data) for _, data in blocks) > INLINE_HASH_BYTES:
            await asyncio.to_thread(self._check_and_write_all, blocks, large, block_hash)
        else:  # small blocks only: hashing them costs less than a hand-off to a thread
            _check_ids(blocks, block_hash)

        def body(connection: sqlite3.Connection) -> tuple[float, list[bytes]]:
            expires = now
            small: list[tuple[bytes, bytes]] = []
            for block_id, data in blocks:
                block = (block_id, len(data))
                expires = transfers.add_block(
                    connection, self.limits, user, transfer_id, block, now
                )
                if self._packs(data):
                    small.append((block_id, data))
                elif not self.files.exists(block_id):  # cleaned between write and this lock
                    self._write_unsynced(block_id, data)
            self._pack(connection, small)
            return expires, []

        block_ids = [block_id for block_id, _ in blocks]
        try:
            return await self._db.run(self._record_blocks, block_ids, body)
        except ObjectError:
            for block_id in block_ids:
                await self._db.run(self._mutate, _forget_file_if_unknown, block_id)
            raise

    async def transfer_status(
        self, user: str | None, transfer_id: bytes, now: float
    ) -> tuple[list[bytes], float]:
        """The ids received so far, in order, and the expiry."""

        def body(connection: sqlite3.Connection) -> tuple[list[bytes], float]:
            transfers.require_live(connection, user, transfer_id, now)
            (expires,) = connection.execute(
                "SELECT expires FROM obj_transfers WHERE id = ?", (transfer_id,)
            ).fetchone()
            return transfers.transfer_blocks(connection, transfer_id), float(expires)

        return await self._db.run(body)

    async def close_transfer(self, user: str | None, transfer_id: bytes, now: float) -> None:
        def body(connection: sqlite3.Connection) -> tuple[None, list[bytes]]:
            transfers.require_live(connection, user, transfer_id, now)
            return None, transfers.delete_transfers(connection, [transfer_id])

        await self._db.run(self._mutate, body)

    # --- descriptor writes ---

    async def create(
        self,
        user: str | None,
        public_key: bytes,
        write: Write,
        transfer_id: bytes | None,
        now: float,
        parent: ParentAuth | None = None,
    ) -> Version:
        """A new descriptor owned by `user`, or with `parent` by the parent's owner
        (OBJECTS.md `descriptorCreate`)."""
        self._check_new(public_key, write)
        uploads = Uploads(transfer_id, user, None if parent is None else parent.parent_id)
        await self._presync(write, transfer_id)

        def body(connection: sqlite3.Connection) -> tuple[Version, list[bytes]]:
            owner = user
            if parent is not None:
                subject = write.descriptor_id.encode("utf-8")
                action = "descriptorCreate"
                owner = parents.authorise(connection, self.limits, action, parent, subject, now)
            assert owner is not None, "a create needs a login or a parent key"
            stored = (owner, public_key)
            return descriptors.create(connection, self.limits, stored, write, uploads, now), []

        return await self._db.run(self._mutate, body)

    async def create_many(
        self,
        user: str,
        items: Sequence[tuple[bytes, Write]],
        transfer_id: bytes | None,
        now: float,
    ) -> list[Version]:
        """New descriptors owned by `user`, each `(public_key, write)` checked as `create`
        checks it: all made in one transaction after one batch of fsyncs, or on any error
        none (OBJECTS.md `descriptorCreateMany`)."""
        for public_key, write in items:
            self._check_new(public_key, write)
        uploads = Uploads(transfer_id, user, None)
        if transfer_id is not None:
            await self._sync_files([block_id for _, write in items for block_id in write.block_ids])

        def body(connection: sqlite3.Connection) -> tuple[list[Version], list[bytes]]:
            made = [
                descriptors.create(connection, self.limits, (user, key), write, uploads, now)
                for key, write in items
            ]
            return made, []

        return await self._db.run(self._mutate, body)

    async def update(
        self,
        write: Write,
        previous_signature: bytes,
        *,
        user: str | None,
        transfer_id: bytes | None,
        lock_id: bytes | None,
        now: float,
    ) -> Version:
        """A new version if signed by the item key and `previous_signature` is current."""
        self._check_write(write)
        uploads = Uploads(transfer_id, user)
        guards = (previous_signature, lock_id)
        await self._presync(write, transfer_id)
        return await self._db.run(
            self._mutate, descriptors.update, self.limits, write, guards, uploads, now
        )

    async def delete(
        self, descriptor_id: str, signature: bytes, lock_id: bytes | None, now: float
    ) -> None:
        def body(connection: sqlite3.Connection) -> tuple[None, list[bytes]]:
            return None, control.delete(connection, descriptor_id, signature, lock_id, now)

        await self._db.run(self._mutate, body)

    async def lock(
        self, descriptor_id: str, lock_id: bytes, ttl: int, signature: bytes, now: float
    ) -> float:
        if not 1 <= ttl <= self.limits.max_lock_ttl:
            raise LimitExceededError(f"a lock lasts 1..{self.limits.max_lock_ttl} seconds")
        request = (descriptor_id, lock_id, ttl)

        def body(connection: sqlite3.Connection) -> tuple[float, list[bytes]]:
            return control.lock(connection, self.limits, request, signature, now), []

        return await self._db.run(self._mutate, body)

    async def unlock(
        self, descriptor_id: str, lock_id: bytes, signature: bytes, now: float
    ) -> None:
        def body(connection: sqlite3.Connection) -> tuple[None, list[bytes]]:
            control.unlock(connection, descriptor_id, lock_id, signature, now)
            return None, []

        await self._db.run(self._mutate, body)

    async def delete_all_of(self, username: str) -> None:
        """Remove every descriptor, transfer and unreferenced block of `username`."""
        await self._db.run(self._mutate, _delete_all_of, username)

    # --- reads ---

    async def get(self, descriptor_ids: Sequence[str]) -> list[Descriptor | None]:
        """The descriptors in request order (None where there is none)."""
        return await self._db.run(_get_many, list(descriptor_ids))

    async def signatures(self, descriptor_ids: Sequence[str]) -> dict[str, bytes]:
        """The current signature of each of those descriptors that exists."""
        return await self._db.run(descriptors.signatures_many, list(descriptor_ids))

    async def history(self, descriptor_id: str) -> list[Version]:
        """Older kept versions, newest first."""

        def body(connection: sqlite3.Connection) -> list[Version]:
            stored = descriptors.load(connection, descriptor_id)
            return descriptors.history(connection, descriptor_id, stored.descriptor.current.seq)

        return await self._db.run(body)

    async def read_block(self, descriptor_id: str, block_id: bytes) -> bytes:
        """A block's bytes, if a kept version of the descriptor lists it."""
        linked, data = await self._db.run(_linked_block, descriptor_id, block_id)
        if not linked:
            raise NotFoundError("this descriptor lists no such block")
        if data is not None:
            return data
        try:
            return await asyncio.to_thread(self.files.read, block_id)
        except BlockUnavailableError:
            if not await self._db.run(descriptors.links, descriptor_id, block_id):
                raise NotFoundError("this descriptor lists no such block") from None
            raise

    async def read_stored(self, block_id: bytes) -> bytes:
        """A block's bytes wherever they are kept (its packed row, else its file), with no
        check of who may read them: the caller checked that (a message's attachments)."""
        data = await self._db.run(packed.read, block_id)
        if data is not None:
            return data
        return await asyncio.to_thread(self.files.read, block_id)

    async def read_blocks(
        self, descriptor_id: str, block_ids: Sequence[bytes], budget: int
    ) -> list[bytes]:
        """The bytes of the leading `block_ids` whose stored sizes fit in `budget` (always
        the first), if a kept version of the descriptor lists every one of `block_ids`
        (the access rule of `read_block`, for each id)."""
        found = await self._db.run(_readable, descriptor_id, block_ids, budget)
        if found is None:
            raise NotFoundError("this descriptor lists no such block")
        chosen, packed_data = found
        try:
            return await asyncio.to_thread(self._read_all, chosen, packed_data)
        except BlockUnavailableError:
            if await self._db.run(_readable, descriptor_id, chosen, budget) is None:
                raise NotFoundError("this descriptor lists no such block") from None
            raise

    async def usage(self, user: str) -> tuple[int, int]:
        """(bytes, descriptors) charged to `user`."""
        return await self._db.run(owner_usage, user)

    # --- start-up ---

    def recover(self, now: float) -> int:
        """Clean expired transfers and orphan files (call before serving); returns how
        many files were removed."""
        self._db.call(self._mutate, _expire_and_collect, now)
        self._db.call(self._mutate, _drop_unsynced_leftovers)
        return self.files.sweep(lambda block_id: self._db.call(_is_known, block_id))

    # --- maintenance (the multi-process leader, backends/postgres/leader.py) ---

    def mutate_now(self, body: Mutation[T], *args: Any) -> T:
        """Run `body` as a mutation (lock, transaction) on the calling thread."""
        result: T = self._db.call(self._mutate, body, *args)
        return result

    def collect_expired(self, now: float) -> None:
        """Close expired transfers; drop the rows of blocks nothing holds any more."""
        self.mutate_now(_expire_and_collect, now)

    # --- internals ---

    def _mutate(self, connection: sqlite3.Connection, body: Mutation[T], *args: Any) -> T:
        """Run `body` in one transaction under the store lock; before COMMIT, fsync every
        unsynced block it made referenced; after COMMIT, remove the files it orphaned."""
        return self._mutate_syncing(connection, None, body, *args)

    def _mutate_syncing(
        self,
        connection: sqlite3.Connection,
        candidates: list[bytes] | None,
        body: Mutation[T],
        *args: Any,
    ) -> T:
        """`_mutate`, checking only `candidates` (None: every unsynced block).

        The commit itself is made durable (synchronous=FULL for this transaction): the
        database runs WAL with synchronous=NORMAL, where a commit may roll back after a
        power loss; a rolled-back descriptor write must not find the block files its
        commit orphaned already deleted."""
        with self._lock:
            connection.execute("PRAGMA synchronous=FULL")
            try:
                with transaction(connection):
                    result, garbage = body(connection, *args)
                    pending = self._unsynced.pending() if candidates is None else candidates
                    self._unsynced.sync_referenced(connection, pending)
            finally:
                connection.execute("PRAGMA synchronous=NORMAL")
            self._unsynced.forget(garbage)  # first: a block written again after the
            self.files.remove(garbage)  # removal is recorded again, and kept
        return result

    def _record_blocks(
        self,
        connection: sqlite3.Connection,
        block_ids: list[bytes],
        body: Mutation[float],
    ) -> float:
        """`_mutate_syncing` for rows that only a transfer holds, committed without
        waiting for the disk: after a crash, start-up recovery drops every block no record
        references (`drop_transfer_only_blocks`) whether or not its row survived, so a
        durable commit here would protect nothing. A block among `block_ids` that a record
        already references (its file was recreated) is still fsynced before the COMMIT;
        nothing is orphaned here, so no file is removed after it."""
        with self._lock:
            with transaction(connection):
                result, garbage = body(connection)
                self._unsynced.sync_referenced(connection, block_ids)
            assert not garbage, "recording blocks in a transfer orphans nothing"
        return result

    def _read_all(self, block_ids: list[bytes], packed_data: dict[bytes, bytes]) -> list[bytes]:
        """Each block's bytes: its packed row's, else its file's (one read each)."""
        return [
            data if (data := packed_data.get(block_id)) is not None else self.files.read(block_id)
            for block_id in block_ids
        ]

    def _check_and_write_all(
        self,
        blocks: Sequence[tuple[bytes, bytes]],
        files: Sequence[tuple[bytes, bytes]],
        block_hash: str,
    ) -> None:
        """Check every id of `blocks` first (a mismatch writes nothing), then write
        `files` (those of them not packed)."""
        _check_ids(blocks, block_hash)
        for block_id, data in files:
            self._write_unsynced(block_id, data)

    def _packs(self, data: bytes) -> bool:
        return self.pack_max > 0 and len(data) <= self.pack_max

    def _pack(self, connection: sqlite3.Connection, small: list[tuple[bytes, bytes]]) -> None:
        """Inside `put_blocks`' transaction: store small blocks as rows. A block a record
        already references keeps what it has; one whose row and file are both gone (scrub
        quarantined it) comes back as a file, which the COMMIT's durability point fsyncs
        (a row committed here would not be durable yet)."""
        if not small:
            return
        already = set(referenced(connection, [block_id for block_id, _ in small]))
        for block_id, data in small:
            if block_id not in already:
                packed.put(connection, block_id, data)
            elif not packed.is_packed(connection, block_id) and not self.files.exists(block_id):
                self._write_unsynced(block_id, data)

    def _write_unsynced(self, block_id: bytes, data: bytes) -> None:
        if self.files.write_unsynced(block_id, data):
            self._unsynced.add(block_id)

    async def _presync(self, write: Write, transfer_id: bytes | None) -> None:
        """fsync the listed blocks a transfer brought, before taking the lock."""
        if transfer_id is not None:
            await self._sync_files(write.block_ids)

    async def _sync_files(self, block_ids: Sequence[bytes]) -> None:
        """fsync the unsynced block files among `block_ids` on a thread (packed blocks
        have none: then no hand-off to a thread at all)."""
        if self._unsynced.any_pending(block_ids):
            await asyncio.to_thread(self._unsynced.sync, block_ids)

    def _check_new(self, public_key: bytes, write: Write) -> None:
        """What a new descriptor must be before anything is stored: within the limits,
        its id the address of its key, its signature valid."""
        self._check_write(write)
        try:
            PublicKey.from_bytes(public_key)
        except CryptoError:
            raise IdMismatchError("the public key is not a compressed secp256k1 point") from None
        if len(public_key) != 33 or base58.address(public_key) != write.descriptor_id:
            raise IdMismatchError("the descriptor id is not the address of the public key")
        message = descriptor_signed_bytes(write.descriptor_id, write.block_ids, write.extra)
        descriptors.verify(public_key, write.signature, message)

    def _check_write(self, write: Write) -> None:
        if len(write.extra) > self.limits.max_extra:
            raise LimitExceededError(f"extra is at most {self.limits.max_extra} bytes")
        if len(write.block_ids) > self.limits.max_blocks:
            raise LimitExceededError(f"at most {self.limits.max_blocks} blocks per descriptor")


def open_objects(
    database: SqlDatabase,
    data_dir: Path,
    *,
    environ: Mapping[str, str] = os.environ,
    now: Callable[[], float] = time.time,
    pack_max: int = packed.PACK_MAX,
) -> ObjectStore:
    """The store of a server's data directory, limits from `PRIVSHARE_OBJECTS_*`, after
    start-up recovery; blocks of at most `pack_max` bytes are packed (0: none)."""
    store = ObjectStore(
        database,
        BlockFiles(data_dir / BLOCKS_DIR),
        ObjectLimits.from_environ(environ),
        pack_max=pack_max,
    )
    store.recover(now())
    return store


def _expire(connection: sqlite3.Connection, now: float) -> list[bytes]:
    return transfers.delete_transfers(connection, transfers.expired_transfers(connection, now))


def _expire_and_collect(connection: sqlite3.Connection, now: float) -> tuple[None, list[bytes]]:
    garbage = _expire(connection, now)
    rows = connection.execute("SELECT id FROM obj_blocks WHERE refs = 0").fetchall()
    return None, garbage + collect_garbage(connection, [bytes(row[0]) for row in rows])


def _drop_unsynced_leftovers(connection: sqlite3.Connection) -> tuple[None, list[bytes]]:
    garbage = drop_transfer_only_blocks(connection)
    packed.drop_unknown(connection)
    return None, garbage


def _check_ids(blocks: Sequence[tuple[bytes, bytes]], block_hash: str) -> None:
    hasher = block_hasher(block_hash)
    for block_id, data in blocks:
        if hasher(data) != block_id:
            raise IdMismatchError(f"the block id is not the {block_hash} hash of its data")


def _readable(
    connection: sqlite3.Connection, descriptor_id: str, block_ids: Sequence[bytes], budget: int
) -> tuple[list[bytes], dict[bytes, bytes]] | None:
    """None unless a kept version of the descriptor lists every one of `block_ids`; else
    the leading ids whose stored sizes fit in `budget` (at least one) and the bytes of
    those among them that are packed."""
    sizes = descriptors.linked_sizes(connection, descriptor_id, block_ids)
    if len(sizes) != len(set(block_ids)):
        return None
    chosen = _leading_within(block_ids, sizes, budget)
    found = {block_id: packed.read(connection, block_id) for block_id in set(chosen)}
    return chosen, {block_id: data for block_id, data in found.items() if data is not None}


def _linked_block(
    connection: sqlite3.Connection, descriptor_id: str, block_id: bytes
) -> tuple[bool, bytes | None]:
    """Whether a kept version of the descriptor lists the block, and its bytes if packed."""
    if not descriptors.links(connection, descriptor_id, block_id):
        return False, None
    return True, packed.read(connection, block_id)


def _forget_file_if_unknown(
    connection: sqlite3.Connection, block_id: bytes
) -> tuple[None, list[bytes]]:
    return None, [] if _is_known(connection, block_id) else [block_id]


def _is_known(connection: sqlite3.Connection, block_id: bytes) -> bool:
    row = connection.execute("SELECT 1 FROM obj_blocks WHERE id = ?", (block_id,)).fetchone()
    return row is not None


def _delete_all_of(connection: sqlite3.Connection, username: str) -> tuple[None, list[bytes]]:
    rows = connection.execute("SELECT id FROM obj_descriptors WHERE owner = ?", (username,))
    garbage: list[bytes] = []
    for (descriptor_id,) in rows.fetchall():
        garbage.extend(descriptors.remove(connection, str(descriptor_id), username))
    garbage.extend(
        transfers.delete_transfers(connection, transfers.transfers_of(connection, username))
    )
    connection.execute("DELETE FROM obj_owners WHERE owner = ?", (username,))
    return None, garbage


def _leading_within(
    block_ids: Sequence[bytes], sizes: Mapping[bytes, int], budget: int
) -> list[bytes]:
    """The longest prefix of `block_ids` whose sizes add up to at most `budget` (at least
    the first id, whatever its size)."""
    total = 0
    for count, block_id in enumerate(block_ids):
        total += sizes[block_id]
        if total > budget and count:
            return list(block_ids[:count])
    return list(block_ids)


def _get_many(connection: sqlite3.Connection, ids: list[str]) -> list[Descriptor | None]:
    found = descriptors.load_many(connection, ids)
    return [found.get(descriptor_id) for descriptor_id in ids]
