"""Typed wrappers of the server's object RPCs (server_stub/OBJECTS.md).

`ObjectsApi(caller)` turns each RPC into a method with typed arguments and results;
`caller` is a logged-in `Channel` (anything with `call(method, **params)`). Errors:

    RemoteCallError (app.client.errors)     the server refused a call
    ├── ObjectNotFoundError        2001  no such descriptor, or a block it does not list
    ├── IdTakenError               2002  descriptorCreate with an id in use
    ├── BadSignatureError          2003  a signature did not verify on the server
    ├── CasMismatchError           2004  another writer changed the descriptor first
    ├── LockedError                2005  locked by another lock id
    ├── QuotaExceededError         2006  the owner's quota is full
    ├── LimitExceededError         2007  a size or count limit
    ├── TransferUnknownError       2008  unknown, expired or closed transfer
    ├── BlockMissingError          2009  a listed block is in neither the transfer nor history
    └── IdMismatchError            2010  a block id or public key does not match
    MalformedObjectResponseError (ClientError)  the answer does not have the documented shape

A malformed answer means the server (or whoever sits between) misbehaved; callers
treat it like any other tampering. Nothing here decides what a descriptor means:
checking signatures and opening `extra` is app.fs's job; signing a `ParentGrant` (a
write authorised by a parent item's key instead of a login) is app.services'.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from app.client._answers import Answers
from app.client.errors import ClientError, RemoteCallError
from app.wire.objects import (
    BLAKE3,
    BLOCK_ID_SIZE,
    SHA256,
    block_id,
    join_block_ids,
    split_block_ids,
)

__all__ = [
    "MAX_BLOCKS_PER_GET",
    "MAX_BLOCKS_PER_PUT",
    "MAX_CREATES_ANY",
    "MAX_CREATES_PER_CALL",
    "MAX_GET_BYTES",
    "MAX_IDS_PER_GET",
    "MAX_PUT_BYTES",
    "BadSignatureError",
    "BatchCaller",
    "BlockMissingError",
    "CasMismatchError",
    "ChallengeUnknownError",
    "DescriptorRecord",
    "DescriptorVersion",
    "IdMismatchError",
    "IdTakenError",
    "LimitExceededError",
    "LockedError",
    "MalformedObjectResponseError",
    "NewDescriptor",
    "ObjectNotFoundError",
    "ObjectsApi",
    "ParentGrant",
    "QuotaExceededError",
    "RpcCaller",
    "StorageUsage",
    "TransferUnknownError",
]

MAX_IDS_PER_GET = 1024  # descriptorGet's ids per request since issue 14 (OBJECTS.md)
OLD_MAX_IDS_PER_GET = 256  # a server before refuses more (then asked in pieces of this)
MAX_BLOCKS_PER_PUT = 16  # blockPutMany's limit (OBJECTS.md)
MAX_PUT_BYTES = 16 * (1024 * 1024 + 4096)  # blockPutMany's bytes of blocks (OBJECTS.md)
MAX_CREATES_PER_CALL = 16  # descriptorCreateMany's limit on every server (OBJECTS.md)
MAX_CREATES_ANY = 64  # the most a client sends, whatever a server's objectsInfo names
MAX_BLOCKS_PER_GET = 64  # blockGetMany's ids per request (OBJECTS.md)
MAX_GET_BYTES = 8 * 1024 * 1024 + 64 * 1024  # blockGetMany's bytes per answer (OBJECTS.md)
_METHOD_NOT_FOUND = -32601
_INVALID_PARAMS = -32602
_TRANSFER_ID_SIZE = 16
_SIGNATURE_SIZE = 64
_PUBLIC_KEY_SIZE = 33
_NONCE_SIZE = 32


class RpcCaller(Protocol):
    def call(self, method: str, **params: Any) -> Any: ...


@runtime_checkable
class BatchCaller(RpcCaller, Protocol):
    """A caller that sends several calls in one exchange (`Channel.call_many`): each
    call's result, or the `RemoteCallError` it was refused with, in order."""

    def call_many(self, calls: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Any]: ...


class ObjectNotFoundError(RemoteCallError):
    """No such descriptor, or a block the named descriptor does not list."""


class IdTakenError(RemoteCallError):
    """A descriptor with this id exists already."""


class BadSignatureError(RemoteCallError):
    """The server found a signature that does not verify."""


class CasMismatchError(RemoteCallError):
    """The descriptor changed since it was read: re-read, merge, retry."""


class LockedError(RemoteCallError):
    """Another writer holds the descriptor's lock."""


class QuotaExceededError(RemoteCallError):
    """The account's storage quota is full."""


class LimitExceededError(RemoteCallError):
    """A server limit (block size, extra size, blocks or transfers) was reached."""


class TransferUnknownError(RemoteCallError):
    """The upload session is unknown, expired or closed: open another."""


class BlockMissingError(RemoteCallError):
    """A listed block was not uploaded in the transfer nor kept by this descriptor."""


class IdMismatchError(RemoteCallError):
    """A block's id is not its hash, or a public key is not the descriptor's."""


class ChallengeUnknownError(RemoteCallError):
    """The transfer-open challenge is unknown, used or expired: ask for another."""


class MalformedObjectResponseError(ClientError):
    """The server's answer to an object call does not have the documented shape."""


_BY_CODE: dict[int, type[RemoteCallError]] = {
    2001: ObjectNotFoundError,
    2002: IdTakenError,
    2003: BadSignatureError,
    2004: CasMismatchError,
    2005: LockedError,
    2006: QuotaExceededError,
    2007: LimitExceededError,
    2008: TransferUnknownError,
    2009: BlockMissingError,
    2010: IdMismatchError,
    2011: ChallengeUnknownError,
}
_ANSWERS = Answers(MalformedObjectResponseError, "an object call", _BY_CODE)
_as_map = _ANSWERS.as_map
_field = _ANSWERS.field
_time = _ANSWERS.number


@dataclass(frozen=True)
class StorageUsage:
    """An account's bytes (the distinct blocks of every kept version) and objects, with the
    server's limits for them (objectsInfo, OBJECTS.md)."""

    used_bytes: int
    used_descriptors: int
    quota: int
    max_descriptors: int


@dataclass(frozen=True)
class ParentGrant:
    """A write authorised by a parent item's key (OBJECTS.md "Parent authorisation")."""

    parent_id: str
    window: int
    signature: bytes
    nonce: bytes | None = None  # transferOpen only

    def params(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "parent_id": self.parent_id,
            "parent_window": self.window,
            "parent_signature": self.signature,
        }
        if self.nonce is not None:
            found["nonce"] = self.nonce
        return found


@dataclass(frozen=True)
class NewDescriptor:
    """One descriptor of a `descriptor_create_many`, signed by its item key."""

    id: str
    public_key: bytes
    block_ids: tuple[bytes, ...]
    extra: bytes
    signature: bytes

    def params(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "public_key": self.public_key,
            "blocks": join_block_ids(self.block_ids),
            "extra": self.extra,
            "signature": self.signature,
        }


@dataclass(frozen=True)
class DescriptorRecord:
    """The current version of a descriptor as the server returned it (unverified)."""

    id: str
    public_key: bytes
    block_ids: tuple[bytes, ...]
    extra: bytes
    signature: bytes
    seq: int
    server_time: float
    lock_expires: float | None
    block_data: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class DescriptorVersion:
    """An older kept version of a descriptor (unverified)."""

    seq: int
    block_ids: tuple[bytes, ...]
    extra: bytes
    signature: bytes
    server_time: float


class ObjectsApi:
    """The object RPCs of one server, over a (logged-in) channel."""

    def __init__(self, caller: RpcCaller) -> None:
        self._caller = caller
        self._puts_many = True  # until the server says it has no blockPutMany
        self._creates_many = True  # until the server says it has no descriptorCreateMany
        self._knows_known = True  # until the server refuses descriptorGet's `known`
        self._gets_many = True  # until the server says it has no blockGetMany
        self._limits: dict[str, Any] | None = None  # objectsInfo, asked once
        self._ids_per_get = MAX_IDS_PER_GET  # until the server refuses that many

    @property
    def caller(self) -> RpcCaller:
        return self._caller

    def session_info(self) -> tuple[bool, float]:
        """(whether this channel is logged in, the server's time), from `objectsInfo`."""
        result = _as_map(self._call("objectsInfo"))
        return "used_bytes" in result, _time(result, "server_time")

    def usage(self) -> StorageUsage:
        """What the logged-in account stores on the server (ciphertext) and its quota."""
        result = _as_map(self._call("objectsInfo"))
        if "used_bytes" not in result:
            raise MalformedObjectResponseError("objectsInfo names no usage: not logged in?")
        return StorageUsage(
            used_bytes=_field(result, "used_bytes", int),
            used_descriptors=_field(result, "used_descriptors", int),
            quota=_field(result, "quota", int),
            max_descriptors=_field(result, "max_descriptors", int),
        )

    def max_block(self) -> int:
        """The largest block this server stores (`objectsInfo.max_block`), asked once."""
        value: int = _field(self._server_limits(), "max_block", int)
        if value < 1:
            raise MalformedObjectResponseError("objectsInfo's max_block must be positive")
        return value

    def block_hash(self) -> str:
        """The block-id hash for new content: BLAKE3 when `objectsInfo.block_hashes` lists
        it, else SHA-256 (every server before BLAKE3 ids; FORMAT.md §3)."""
        hashes = self._server_limits().get("block_hashes", [])
        return BLAKE3 if isinstance(hashes, list) and BLAKE3 in hashes else SHA256

    def _server_limits(self) -> dict[str, Any]:
        if self._limits is None:
            self._limits = _as_map(self._call("objectsInfo"))
        return self._limits

    def max_creates(self) -> int:
        """Descriptors per `descriptorCreateMany` this server takes (its `objectsInfo`
        `max_creates_per_call`, at most MAX_CREATES_ANY; a server that names none takes
        MAX_CREATES_PER_CALL), asked once."""
        value = self._server_limits().get("max_creates_per_call", MAX_CREATES_PER_CALL)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise MalformedObjectResponseError("objectsInfo's max_creates_per_call is no count")
        return min(value, MAX_CREATES_ANY)

    def _call(self, method: str, **params: Any) -> Any:
        return _ANSWERS.call(self._caller.call, method, **params)

    # --- uploads ---

    def transfer_open(self, grant: ParentGrant | None = None) -> bytes:
        """A new upload session (the caller's, or with `grant` tied to the parent);
        returns its 16-byte id."""
        params = grant.params() if grant is not None else {}
        result = _as_map(self._call("transferOpen", **params))
        return _field_bytes(result, "transfer_id", _TRANSFER_ID_SIZE)

    def transfer_challenge(self, parent_id: str) -> tuple[bytes, float]:
        """A single-use nonce for a parent-authorised `transferOpen`, and the server time."""
        result = _as_map(self._call("transferChallenge", parent_id=parent_id))
        return _field_bytes(result, "nonce", _NONCE_SIZE), _time(result, "server_time")

    def block_put(
        self,
        transfer_id: bytes,
        data: bytes,
        known_id: bytes | None = None,
        block_hash: str = SHA256,
    ) -> bytes:
        """Store one block in the transfer; returns its id (the server checks it with
        `block_hash`)."""
        expected = known_id if known_id is not None else block_id(data, block_hash)
        params = _hash_param(block_hash)
        result = _as_map(
            self._call("blockPut", transfer_id=transfer_id, id=expected, data=data, **params)
        )
        if _field_bytes(result, "id", BLOCK_ID_SIZE) != expected:
            raise MalformedObjectResponseError("the server acknowledged another block id")
        return expected

    def block_put_many(
        self,
        transfer_id: bytes,
        blocks: Sequence[tuple[bytes, bytes]],
        block_hash: str = SHA256,
    ) -> None:
        """Store `(block_id, data)` pairs (1..MAX_BLOCKS_PER_PUT, ids computed with
        `block_hash`) in the transfer with one request and one server transaction; one
        `blockPut` each on an older server (and for a single block)."""
        if self._puts_many and len(blocks) > 1:
            params = _put_params(transfer_id, blocks, block_hash)
            try:
                result = self._call("blockPutMany", **params)
            except RemoteCallError as error:
                if error.code != _METHOD_NOT_FOUND:
                    raise
                self._puts_many = False
            else:
                _check_put(result, params["ids"])
                return
        for bid, block in blocks:
            self.block_put(transfer_id, block, bid, block_hash)

    def put_and_create(
        self,
        transfer_id: bytes,
        blocks: Sequence[tuple[bytes, bytes]],
        items: Sequence[NewDescriptor],
        block_hash: str = SHA256,
    ) -> None:
        """Store `(block_id, data)` pairs in the transfer, then create `items`
        (1..`max_creates()` descriptors listing those blocks), in one exchange when the
        caller can and the blocks come to at most MAX_PUT_BYTES: their `blockPutMany`
        requests (MAX_BLOCKS_PER_PUT blocks each) and a `descriptorCreateMany`, answered in
        order (OBJECTS.md "Blocks and descriptors in one exchange"). All of `items` are
        created or, on any refusal, none; the first refusal is raised. Otherwise, and on
        an older server, `put_then_create`. Block ids are computed with
        `block_hash`."""
        fits = sum(len(data) for _, data in blocks) <= MAX_PUT_BYTES
        caller = self._caller if isinstance(self._caller, BatchCaller) else None
        if caller is None or not (fits and self._puts_many and self._creates_many):
            self.put_then_create(transfer_id, blocks, items, block_hash)
            return
        calls: list[tuple[str, Mapping[str, Any]]] = [
            (
                "blockPutMany",
                _put_params(transfer_id, blocks[at : at + MAX_BLOCKS_PER_PUT], block_hash),
            )
            for at in range(0, len(blocks), MAX_BLOCKS_PER_PUT)
        ]
        create = {"items": [item.params() for item in items], "transfer_id": transfer_id}
        outcomes = caller.call_many([*calls, ("descriptorCreateMany", create)])
        if len(outcomes) != len(calls) + 1:
            raise MalformedObjectResponseError("the server answered another number of calls")
        for (_, params), put in zip(calls, outcomes, strict=False):
            if isinstance(put, RemoteCallError) and put.code == _METHOD_NOT_FOUND:
                self._puts_many = False  # so no descriptor listing those blocks was made
                self.put_then_create(transfer_id, blocks, items, block_hash)
                return
            _check_put(_ANSWERS.raised(put), params["ids"])
        created = outcomes[-1]
        if isinstance(created, RemoteCallError) and created.code == _METHOD_NOT_FOUND:
            self._creates_many = False
            self.descriptor_create_many(items, transfer_id)
            return
        _check_created(_ANSWERS.raised(created), len(items))

    def put_then_create(
        self,
        transfer_id: bytes,
        blocks: Sequence[tuple[bytes, bytes]],
        items: Sequence[NewDescriptor],
        block_hash: str = SHA256,
    ) -> None:
        """`put_and_create` as separate requests: the blocks (as many per request as
        `blockPutMany` takes), then the descriptors."""
        start = 0
        while start < len(blocks):
            end, size = start, 0
            while end < len(blocks) and end - start < MAX_BLOCKS_PER_PUT:
                size += len(blocks[end][1])
                if size > MAX_PUT_BYTES and end > start:
                    break
                end += 1
            self.block_put_many(transfer_id, blocks[start:end], block_hash)
            start = end
        self.descriptor_create_many(items, transfer_id)

    def transfer_status(self, transfer_id: bytes) -> tuple[bytes, ...]:
        """The block ids the server has received in this transfer."""
        result = _as_map(self._call("transferStatus", transfer_id=transfer_id))
        return _block_list(result, "blocks")

    def transfer_close(self, transfer_id: bytes) -> None:
        self._call("transferClose", transfer_id=transfer_id)

    # --- descriptors ---

    def descriptor_create(
        self,
        descriptor_id: str,
        public_key: bytes,
        block_ids: Sequence[bytes],
        extra: bytes,
        signature: bytes,
        transfer_id: bytes | None = None,
        grant: ParentGrant | None = None,
    ) -> int:
        """Create a descriptor owned by the caller (with `grant`: by the parent's owner);
        returns its seq."""
        params: dict[str, Any] = {
            "id": descriptor_id,
            "public_key": public_key,
            "blocks": join_block_ids(block_ids),
            "extra": extra,
            "signature": signature,
        }
        if transfer_id is not None:
            params["transfer_id"] = transfer_id
        if grant is not None:
            params.update(grant.params())
        return _seq(self._call("descriptorCreate", **params))

    def descriptor_create_many(
        self, items: Sequence[NewDescriptor], transfer_id: bytes | None = None
    ) -> None:
        """Create `items` (1..`max_creates()` descriptors owned by the caller) with one
        request and one server transaction: all of them, or on any error none. One
        `descriptorCreate` each on an older server (and for a single item)."""
        if self._creates_many and len(items) > 1:
            params: dict[str, Any] = {"items": [item.params() for item in items]}
            if transfer_id is not None:
                params["transfer_id"] = transfer_id
            try:
                result = self._call("descriptorCreateMany", **params)
            except RemoteCallError as error:
                if error.code != _METHOD_NOT_FOUND:
                    raise
                self._creates_many = False
            else:
                _check_created(result, len(items))
                return
        for item in items:
            self.descriptor_create(
                item.id, item.public_key, item.block_ids, item.extra, item.signature, transfer_id
            )

    def descriptor_update(
        self,
        descriptor_id: str,
        block_ids: Sequence[bytes],
        extra: bytes,
        signature: bytes,
        previous_signature: bytes,
        transfer_id: bytes | None = None,
    ) -> int:
        """Replace the descriptor if its current signature is `previous_signature`."""
        params: dict[str, Any] = {
            "id": descriptor_id,
            "blocks": join_block_ids(block_ids),
            "extra": extra,
            "signature": signature,
            "previous_signature": previous_signature,
        }
        if transfer_id is not None:
            params["transfer_id"] = transfer_id
        return _seq(self._call("descriptorUpdate", **params))

    def descriptor_delete(self, descriptor_id: str, signature: bytes) -> None:
        self._call("descriptorDelete", id=descriptor_id, signature=signature)

    def descriptor_get(
        self, ids: Sequence[str], include_blocks: int = 0
    ) -> tuple[dict[str, DescriptorRecord], frozenset[str]]:
        """The current records of up to 1024 ids (by id) and the ids the server lacks.
        Ids the server deferred (answer size budget) are asked for again."""
        if not 1 <= len(ids) <= MAX_IDS_PER_GET:
            raise ValueError(f"descriptor_get takes 1..{MAX_IDS_PER_GET} ids")
        found: dict[str, DescriptorRecord] = {}
        missing: set[str] = set()
        wanted = list(dict.fromkeys(ids))
        while wanted:
            records, absent, deferred, _ = self._get_once(wanted, include_blocks)
            asked = set(wanted)  # not the list: 1024 ids a record, a quadratic scan
            found.update((r.id, r) for r in records if r.id in asked)
            missing |= absent & asked
            if len(deferred) >= len(wanted) or not set(deferred) <= asked:
                raise MalformedObjectResponseError("the server deferred every descriptor asked")
            wanted = deferred
        return found, frozenset(missing)

    def descriptor_get_changed(
        self, ids: Sequence[str], known: Mapping[str, bytes]
    ) -> tuple[dict[str, DescriptorRecord], frozenset[str], frozenset[str]]:
        """As `descriptor_get`, for ids whose verified signature the caller holds in
        `known`: also the ids the server says are unchanged (current signature = the
        known one), for which it sends no record. The caller trusts that no more than a
        replay of the version it verified. A server without `known` sends every record."""
        if not 1 <= len(ids) <= MAX_IDS_PER_GET:
            raise ValueError(f"descriptor_get takes 1..{MAX_IDS_PER_GET} ids")
        wanted = list(dict.fromkeys(ids))
        if not self._knows_known or not any(i in known for i in wanted):
            every, absent_ids = self.descriptor_get(wanted)
            return every, absent_ids, frozenset()
        try:
            records, absent, deferred, same = self._get_once(wanted, 0, known)
        except RemoteCallError as error:
            if error.code != _INVALID_PARAMS or "known" not in error.message:
                raise
            self._knows_known = False
            every, absent_ids = self.descriptor_get(wanted)
            return every, absent_ids, frozenset()
        asked = set(wanted)
        if not same <= asked or same & ({r.id for r in records} | absent | set(deferred)):
            raise MalformedObjectResponseError("the server said unchanged of ids not asked")
        found = {r.id: r for r in records if r.id in asked}
        missing = absent & asked
        if deferred:
            if not set(deferred) <= asked or len(deferred) >= len(wanted) - len(same):
                raise MalformedObjectResponseError("the server deferred every descriptor asked")
            more, more_missing = self.descriptor_get(deferred)
            found.update(more)
            missing |= more_missing
        return found, frozenset(missing), frozenset(same)

    def _get_once(
        self, ids: list[str], include_blocks: int, known: Mapping[str, bytes] | None = None
    ) -> tuple[list[DescriptorRecord], set[str], list[str], set[str]]:
        """One `descriptorGet` of `ids`, or one per piece a server before issue 14 takes
        (256 ids: it refuses more naming `ids`, and is then asked in pieces)."""
        if len(ids) > self._ids_per_get:
            return self._get_in_pieces(ids, include_blocks, known)
        try:
            return self._get_one(ids, include_blocks, known)
        except RemoteCallError as error:
            if (
                error.code != _INVALID_PARAMS
                or not error.message.startswith("params.ids ")
                or len(ids) <= OLD_MAX_IDS_PER_GET
            ):
                raise
        self._ids_per_get = OLD_MAX_IDS_PER_GET
        return self._get_in_pieces(ids, include_blocks, known)

    def _get_in_pieces(
        self, ids: list[str], include_blocks: int, known: Mapping[str, bytes] | None
    ) -> tuple[list[DescriptorRecord], set[str], list[str], set[str]]:
        records: list[DescriptorRecord] = []
        missing: set[str] = set()
        deferred: list[str] = []
        unchanged: set[str] = set()
        step = self._ids_per_get
        for start in range(0, len(ids), step):
            found, absent, later, same = self._get_one(
                ids[start : start + step], include_blocks, known
            )
            records += found
            missing |= absent
            deferred += later
            unchanged |= same
        return records, missing, deferred, unchanged

    def _get_one(
        self, ids: list[str], include_blocks: int, known: Mapping[str, bytes] | None
    ) -> tuple[list[DescriptorRecord], set[str], list[str], set[str]]:
        params: dict[str, Any] = {"ids": ids}
        if include_blocks:
            params["include_blocks"] = include_blocks
        if known is not None:
            params["known"] = [known.get(i) for i in ids]
        result = _as_map(self._call("descriptorGet", **params))
        records = [_record(raw) for raw in _field(result, "descriptors", list)]
        missing = _str_list(result, "missing")
        deferred = _str_list(result, "deferred") if "deferred" in result else []
        unchanged = _str_list(result, "unchanged") if known is not None else []
        return records, set(missing), deferred, set(unchanged)

    def descriptor(self, descriptor_id: str, include_blocks: int = 0) -> DescriptorRecord | None:
        """The current record of one descriptor, or None if the server has none."""
        found, _ = self.descriptor_get([descriptor_id], include_blocks)
        return found.get(descriptor_id)

    def descriptor_history(self, descriptor_id: str) -> list[DescriptorVersion]:
        """Older kept versions, newest first (the current one is not included)."""
        versions: list[DescriptorVersion] = []
        params: dict[str, Any] = {"id": descriptor_id}
        while True:
            result = _as_map(self._call("descriptorHistory", **params))
            page = [_version(raw) for raw in _field(result, "versions", list)]
            versions += page
            if not result.get("more") or not page:
                return versions
            if "before" in params and page[-1].seq >= params["before"]:
                raise MalformedObjectResponseError("the server's history pages do not advance")
            params["before"] = page[-1].seq

    def block_get(self, descriptor_id: str, wanted: bytes) -> bytes:
        """A block listed by the descriptor. Its bytes are NOT checked here: the content
        decryptor authenticates them (and their hash against the signed block list)."""
        result = _as_map(self._call("blockGet", descriptor_id=descriptor_id, block_id=wanted))
        data: bytes = _field(result, "data", bytes)
        return data

    def block_get_many(self, descriptor_id: str, wanted: Sequence[bytes]) -> list[bytes]:
        """The blocks `wanted` (1..MAX_BLOCKS_PER_GET ids the descriptor lists), in order,
        with as few requests as the server's answer budget allows; one `blockGet` each on
        an older server. Not checked here either (see `block_get`), except that every
        answer holds 1..asked blocks: the server answers a leading part of the ids, and the
        rest is asked again."""
        if not 1 <= len(wanted) <= MAX_BLOCKS_PER_GET:
            raise ValueError(f"block_get_many takes 1..{MAX_BLOCKS_PER_GET} ids")
        found: list[bytes] = []
        while self._gets_many and len(found) < len(wanted) and len(wanted) > 1:
            rest = join_block_ids(wanted[len(found) :])
            try:
                result = self._call("blockGetMany", descriptor_id=descriptor_id, ids=rest)
            except RemoteCallError as error:
                if error.code != _METHOD_NOT_FOUND:
                    raise
                self._gets_many = False
                break
            found += _leading_blocks(result, len(wanted) - len(found))
        found += [self.block_get(descriptor_id, bid) for bid in wanted[len(found) :]]
        return found


def _hash_param(block_hash: str) -> dict[str, str]:
    """`blockPut`'s `hash`: sent only for BLAKE3, so a server that predates it (and has
    never advertised it) sees exactly the request it knows."""
    return {} if block_hash == SHA256 else {"hash": block_hash}


def _put_params(
    transfer_id: bytes, blocks: Sequence[tuple[bytes, bytes]], block_hash: str
) -> dict[str, Any]:
    ids = join_block_ids([bid for bid, _ in blocks])
    data = [block for _, block in blocks]
    return {"transfer_id": transfer_id, "ids": ids, "data": data, **_hash_param(block_hash)}


def _check_put(result: Any, ids: bytes) -> None:
    if _field_bytes(_as_map(result), "ids", len(ids)) != ids:
        raise MalformedObjectResponseError("the server acknowledged other block ids")


def _check_created(result: Any, count: int) -> None:
    if _as_map(result).get("seqs") != [1] * count:
        raise MalformedObjectResponseError("the server created other versions")


def _field_bytes(result: dict[str, Any], name: str, size: int) -> bytes:
    value: bytes = _field(result, name, bytes)
    if len(value) != size:
        raise MalformedObjectResponseError(f"{name!r} must be {size} bytes")
    return value


def _block_list(result: dict[str, Any], name: str) -> tuple[bytes, ...]:
    try:
        return split_block_ids(_field(result, name, bytes))
    except ValueError:
        raise MalformedObjectResponseError(f"{name!r} is not a list of block ids") from None


def _leading_blocks(result: Any, asked: int) -> list[bytes]:
    data = _as_map(result).get("data")
    if not isinstance(data, list) or not all(isinstance(block, bytes) for block in data):
        raise MalformedObjectResponseError("'data' must be a list of blocks")
    if not 1 <= len(data) <= asked:
        raise MalformedObjectResponseError(f"the server answered {len(data)} of {asked} blocks")
    return data


def _str_list(result: dict[str, Any], name: str) -> list[str]:
    value: list[Any] = _field(result, name, list)
    if not all(isinstance(item, str) for item in value):
        raise MalformedObjectResponseError(f"{name!r} must list descriptor ids")
    return value


def _seq(value: Any) -> int:
    seq: int = _field(_as_map(value), "seq", int)
    return seq


def _record(raw: Any) -> DescriptorRecord:
    item = _as_map(raw)
    lock = item.get("lock_expires")
    block_data = item.get("block_data", [])
    if lock is not None:
        lock = _time(item, "lock_expires")
    if not isinstance(block_data, list) or not all(isinstance(b, bytes) for b in block_data):
        raise MalformedObjectResponseError("'block_data' must be a list of blocks")
    return DescriptorRecord(
        id=_field(item, "id", str),
        public_key=_field_bytes(item, "public_key", _PUBLIC_KEY_SIZE),
        block_ids=_block_list(item, "blocks"),
        extra=_field(item, "extra", bytes),
        signature=_field_bytes(item, "signature", _SIGNATURE_SIZE),
        seq=_field(item, "seq", int),
        server_time=_time(item, "server_time"),
        lock_expires=lock,
        block_data=tuple(block_data),
    )


def _version(raw: Any) -> DescriptorVersion:
    item = _as_map(raw)
    return DescriptorVersion(
        seq=_field(item, "seq", int),
        block_ids=_block_list(item, "blocks"),
        extra=_field(item, "extra", bytes),
        signature=_field_bytes(item, "signature", _SIGNATURE_SIZE),
        server_time=_time(item, "server_time"),
    )
