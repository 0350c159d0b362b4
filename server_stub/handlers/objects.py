"""RPC methods of the file objects (server_stub/OBJECTS.md is their contract).

Each handler reads its params strictly, calls `services.objects` (an `ObjectStore`)
and shapes the answer; store errors become `RpcError(code, message)` with the codes of
OBJECTS.md. Answers stay under `RESPONSE_BUDGET` bytes: descriptors or versions past it
are left for another call (`deferred`, `more`).
"""

from __future__ import annotations

import re
from typing import Any

from app.wire.objects import BLOCK_HASHES, BLOCK_ID_SIZE, SHA256, join_block_ids, split_block_ids
from server_stub.objects import Descriptor, ObjectError, ObjectStore, ParentAuth, Version, Write
from server_stub.objects.parents import CHALLENGE_SIZE
from server_stub.ports import RpcError
from server_stub.rpc import LOGIN_REQUIRED, Call, Params, Registry, present, translating

__all__ = [
    "DESCRIPTOR_ID_PATTERN",
    "MAX_BLOCKS_PER_GET",
    "MAX_BLOCKS_PER_PUT",
    "MAX_BYTES_PER_PUT",
    "MAX_CREATES_PER_CALL",
    "MAX_GET_BYTES",
    "RESPONSE_BUDGET",
    "register_objects",
]

DESCRIPTOR_ID_PATTERN = r"[1-9A-HJ-NP-Za-km-z]{25,35}"
_DESCRIPTOR_ID = re.compile(DESCRIPTOR_ID_PATTERN)
RESPONSE_BUDGET = 24 * 1024 * 1024
MAX_BLOCKS_PER_PUT = 16
# the blocks of one blockPutMany: what 16 blocks of the old 1 MiB + 4 KiB limit took, so a
# request stays under half the 33 MiB body whatever max_block is (a larger block: blockPut)
MAX_BYTES_PER_PUT = 16 * (1024 * 1024 + 4096)
MAX_CREATES_PER_CALL = 64  # descriptorCreateMany's limit (16 before issue 14's batches)
MAX_BLOCKS_PER_GET = 64  # ids per blockGetMany
MAX_GET_BYTES = 8 * 1024 * 1024 + 64 * 1024  # 8 x 1 MiB or 2 x 4 MiB chunks, with overhead


def register_objects(registry: Registry) -> None:
    """Add the methods of OBJECTS.md to `registry`."""
    for name, handler, login in (
        ("objectsInfo", objects_info, False),
        ("transferChallenge", transfer_challenge, False),
        ("transferOpen", transfer_open, False),  # a login, or a parent key (checked here)
        ("blockPut", block_put, False),  # the caller's transfer, or one tied to a parent
        ("blockPutMany", block_put_many, False),
        ("transferStatus", transfer_status, False),
        ("transferClose", transfer_close, False),
        ("descriptorCreate", descriptor_create, False),  # a login, or a parent key
        ("descriptorCreateMany", descriptor_create_many, False),
        ("descriptorUpdate", descriptor_update, False),
        ("descriptorDelete", descriptor_delete, False),
        ("descriptorLock", descriptor_lock, False),
        ("descriptorUnlock", descriptor_unlock, False),
        ("descriptorGet", descriptor_get, False),
        ("descriptorHistory", descriptor_history, False),
        ("blockGet", block_get, False),
        ("blockGetMany", block_get_many, False),
    ):
        registry.method(name, login=login)(translating((ObjectError,))(handler))


def _store(call: Call) -> ObjectStore:
    return present(call.services.objects, "this server stores no file objects")


def _login(call: Call, method: str) -> str:
    username = call.session.username
    if username is None:
        raise RpcError(LOGIN_REQUIRED, f"{method} needs a logged-in session or parent_id")
    return username


def _parent(params: Params, *, nonce: bool) -> ParentAuth | None:
    """The parent authorisation of a request (OBJECTS.md), if it names `parent_id`."""
    if not params.has("parent_id"):
        return None
    return ParentAuth(
        params.text("parent_id", DESCRIPTOR_ID_PATTERN),
        params.integer("parent_window", 0, 2**62),
        params.blob("parent_signature", 64, 64),
        params.blob("nonce", CHALLENGE_SIZE, CHALLENGE_SIZE) if nonce else None,
    )


# --- transfers and blocks ---


async def objects_info(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    store = _store(call)
    limits = store.limits
    info: dict[str, Any] = {
        "max_block": limits.max_block,
        "max_extra": limits.max_extra,
        "max_blocks": limits.max_blocks,
        "max_descriptors": limits.max_descriptors,
        "quota": limits.quota,
        "versions_kept": limits.versions_kept,
        "transfer_ttl": limits.transfer_ttl,
        "max_ids": limits.max_ids,
        "parent_rate": limits.parent_rate,
        "max_blocks_per_put": MAX_BLOCKS_PER_PUT,
        "max_creates_per_call": MAX_CREATES_PER_CALL,
        "max_bytes_per_put": MAX_BYTES_PER_PUT,
        "max_blocks_per_get": MAX_BLOCKS_PER_GET,
        "max_get_bytes": MAX_GET_BYTES,
        "block_hashes": sorted(BLOCK_HASHES),
        "server_time": call.now,
    }
    if call.session.username is not None:
        info["used_bytes"], info["used_descriptors"] = await store.usage(call.session.username)
    return info


async def transfer_challenge(call: Call, params: Params) -> dict[str, Any]:
    parent_id = params.text("parent_id", DESCRIPTOR_ID_PATTERN)
    params.done()
    nonce, expires = await _store(call).transfer_challenge(parent_id, call.now)
    return {"nonce": nonce, "expires": expires, "server_time": call.now}


async def transfer_open(call: Call, params: Params) -> dict[str, Any]:
    parent = _parent(params, nonce=True)
    params.done()
    user = call.session.username if parent else _login(call, "transferOpen")
    transfer_id, expires = await _store(call).open_transfer(
        user, call.now, parent, session=call.session.session_id
    )
    return {"transfer_id": transfer_id, "expires": expires}


async def block_put(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    transfer_id = params.blob("transfer_id", 16, 16)
    block_id = params.blob("id", BLOCK_ID_SIZE, BLOCK_ID_SIZE)
    data = params.blob("data", 0, store.limits.max_block)
    block_hash = _block_hash(params)
    params.done()
    user, now = call.session.username, call.now
    expires = await store.put_block(user, transfer_id, block_id, data, now, block_hash)
    return {"id": block_id, "expires": expires}


async def block_put_many(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    transfer_id = params.blob("transfer_id", 16, 16)
    joined = params.blob("ids", BLOCK_ID_SIZE, BLOCK_ID_SIZE * MAX_BLOCKS_PER_PUT)
    if len(joined) % BLOCK_ID_SIZE:
        raise params.error("ids", f"must be 32-byte ids back to back (1..{MAX_BLOCKS_PER_PUT})")
    block_ids = split_block_ids(joined)
    data = params.items("data", len(block_ids), len(block_ids), "blocks, one per id")
    if not all(isinstance(block, bytes) for block in data):
        raise params.error("data", "must hold binary blocks")
    if sum(map(len, data)) > MAX_BYTES_PER_PUT:
        raise params.error("data", f"must hold at most {MAX_BYTES_PER_PUT} bytes: send fewer")
    block_hash = _block_hash(params)
    params.done()
    blocks = list(zip(block_ids, data, strict=True))
    user, now = call.session.username, call.now
    expires = await store.put_blocks(user, transfer_id, blocks, now, block_hash)
    return {"ids": joined, "expires": expires}


def _block_hash(params: Params) -> str:
    """`hash`: the function the block ids were computed with; SHA-256 when absent (every
    client before BLAKE3 ids)."""
    if not params.has("hash"):
        return SHA256
    return params.text("hash", "|".join(sorted(BLOCK_HASHES)))


async def transfer_status(call: Call, params: Params) -> dict[str, Any]:
    transfer_id = params.blob("transfer_id", 16, 16)
    params.done()
    status = await _store(call).transfer_status(call.session.username, transfer_id, call.now)
    blocks, expires = status
    return {"blocks": join_block_ids(blocks), "expires": expires}


async def transfer_close(call: Call, params: Params) -> bool:
    transfer_id = params.blob("transfer_id", 16, 16)
    params.done()
    await _store(call).close_transfer(call.session.username, transfer_id, call.now)
    return True


# --- descriptor writes ---


def _read_write(params: Params, store: ObjectStore) -> Write:
    descriptor_id = params.text("id", DESCRIPTOR_ID_PATTERN)
    limit = store.limits.max_blocks * BLOCK_ID_SIZE
    joined = params.blob("blocks", 0, limit)
    if len(joined) % BLOCK_ID_SIZE:
        raise params.error("blocks", f"must be a multiple of {BLOCK_ID_SIZE} bytes")
    extra = params.blob("extra", 0, store.limits.max_extra)
    signature = params.blob("signature", 64, 64)
    return Write(descriptor_id, split_block_ids(joined), extra, signature)


def _optional_blob(params: Params, name: str, size: int) -> bytes | None:
    return params.blob(name, size, size) if params.has(name) else None


async def descriptor_create(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    write = _read_write(params, store)
    public_key = params.blob("public_key", 33, 33)
    transfer_id = _optional_blob(params, "transfer_id", 16)
    parent = _parent(params, nonce=False)
    params.done()
    user = call.session.username if parent else _login(call, "descriptorCreate")
    version = await store.create(user, public_key, write, transfer_id, call.now, parent)
    return {"seq": version.seq, "server_time": version.server_time}


async def descriptor_create_many(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    raw = params.items("items", 1, MAX_CREATES_PER_CALL, "descriptors")
    transfer_id = _optional_blob(params, "transfer_id", 16)
    params.done()
    user = _login(call, "descriptorCreateMany")
    items: list[tuple[bytes, Write]] = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise params.error(f"items[{index}]", "must be a map")
        item = Params(entry, f"params.items[{index}]")
        write = _read_write(item, store)
        items.append((item.blob("public_key", 33, 33), write))
        item.done()
    versions = await store.create_many(user, items, transfer_id, call.now)
    return {"seqs": [v.seq for v in versions], "server_time": versions[0].server_time}


async def descriptor_update(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    write = _read_write(params, store)
    previous = params.blob("previous_signature", 64, 64)
    transfer_id = _optional_blob(params, "transfer_id", 16)
    lock_id = _optional_blob(params, "lock_id", 16)
    params.done()
    version = await store.update(
        write,
        previous,
        user=call.session.username,
        transfer_id=transfer_id,
        lock_id=lock_id,
        now=call.now,
    )
    return {"seq": version.seq, "server_time": version.server_time}


async def descriptor_delete(call: Call, params: Params) -> bool:
    descriptor_id = params.text("id", DESCRIPTOR_ID_PATTERN)
    signature = params.blob("signature", 64, 64)
    lock_id = _optional_blob(params, "lock_id", 16)
    params.done()
    await _store(call).delete(descriptor_id, signature, lock_id, call.now)
    return True


async def descriptor_lock(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    descriptor_id = params.text("id", DESCRIPTOR_ID_PATTERN)
    lock_id = params.blob("lock_id", 16, 16)
    ttl = params.integer("ttl", 1, store.limits.max_lock_ttl)
    signature = params.blob("signature", 64, 64)
    params.done()
    expires = await store.lock(descriptor_id, lock_id, ttl, signature, call.now)
    return {"expires": expires}


async def descriptor_unlock(call: Call, params: Params) -> bool:
    descriptor_id = params.text("id", DESCRIPTOR_ID_PATTERN)
    lock_id = params.blob("lock_id", 16, 16)
    signature = params.blob("signature", 64, 64)
    params.done()
    await _store(call).unlock(descriptor_id, lock_id, signature, call.now)
    return True


# --- reads ---


def _read_ids(params: Params, limit: int) -> list[str]:
    raw = params.items("ids", 1, limit, "descriptor ids")
    if all(isinstance(item, str) and _DESCRIPTOR_ID.fullmatch(item) for item in raw):
        return list(raw)  # the usual case, checked in one pass; else the first bad one named:
    ids = [Params({"id": item}, f"{params._path}.ids[{n}]") for n, item in enumerate(raw)]
    return [item.text("id", DESCRIPTOR_ID_PATTERN) for item in ids]


async def descriptor_get(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    ids = _read_ids(params, store.limits.max_ids)
    inline = 0
    if params.has("include_blocks"):
        inline = params.integer("include_blocks", 0, store.limits.max_inline_blocks)
    known = _read_known(params, len(ids)) if params.has("known") else None
    params.done()
    unchanged: list[str] = []
    asked = ids
    if known is not None:  # the caller's verified signatures: answer "unchanged" for those
        current = await store.signatures(ids)
        unchanged = [i for i, sig in zip(ids, known, strict=True) if sig and current.get(i) == sig]
        skipped = set(unchanged)
        asked = [i for i in ids if i not in skipped]
    found = await store.get(asked) if asked else []
    records: list[dict[str, Any]] = []
    missing: list[str] = []
    deferred: list[str] = []
    budget = RESPONSE_BUDGET
    for descriptor_id, descriptor in zip(asked, found, strict=True):
        if descriptor is None:
            missing.append(descriptor_id)
        elif _size(descriptor.current) > budget and records:
            deferred.append(descriptor_id)
        else:
            record = await _record(store, descriptor, inline, budget - _size(descriptor.current))
            budget -= _size(descriptor.current) + sum(map(len, record.get("block_data", ())))
            records.append(record)
    answer = {"descriptors": records, "missing": missing, "deferred": deferred}
    if known is not None:
        answer["unchanged"] = unchanged
    return answer


def _read_known(params: Params, count: int) -> list[bytes | None]:
    """One signature (64 bytes) or nil per id: what the caller holds verified."""
    raw = params.items("known", count, count, "signatures or nils, one per id")
    if all(item is None or (isinstance(item, bytes) and len(item) == 64) for item in raw):
        return list(raw)  # the usual case, checked in one pass; else the first bad one named:
    return [
        None
        if item is None
        else Params({"signature": item}, f"{params._path}.known[{n}]").blob("signature", 64, 64)
        for n, item in enumerate(raw)
    ]


async def _record(
    store: ObjectStore, descriptor: Descriptor, inline: int, budget: int
) -> dict[str, Any]:
    record: dict[str, Any] = {"id": descriptor.descriptor_id, "public_key": descriptor.public_key}
    record.update(_version(descriptor.current))
    record["lock_expires"] = descriptor.lock_expires
    if inline:
        data: list[bytes] = []
        for block_id in descriptor.current.block_ids[:inline]:
            if budget < store.limits.max_block:
                break
            block = await store.read_block(descriptor.descriptor_id, block_id)
            budget -= len(block)
            data.append(block)
        record["block_data"] = data
    return record


def _version(version: Version) -> dict[str, Any]:
    return {
        "seq": version.seq,
        "blocks": join_block_ids(version.block_ids),
        "extra": version.extra,
        "signature": version.signature,
        "server_time": version.server_time,
    }


def _size(version: Version) -> int:
    return len(version.extra) + BLOCK_ID_SIZE * len(version.block_ids) + 256


async def descriptor_history(call: Call, params: Params) -> dict[str, Any]:
    descriptor_id = params.text("id", DESCRIPTOR_ID_PATTERN)
    before = params.integer("before", 1, 2**62) if params.has("before") else 2**62
    params.done()
    versions = [v for v in await _store(call).history(descriptor_id) if v.seq < before]
    shown: list[dict[str, Any]] = []
    budget = RESPONSE_BUDGET
    for version in versions:
        if _size(version) > budget and shown:
            break
        budget -= _size(version)
        shown.append(_version(version))
    return {"versions": shown, "more": len(shown) < len(versions)}


async def block_get(call: Call, params: Params) -> dict[str, Any]:
    descriptor_id = params.text("descriptor_id", DESCRIPTOR_ID_PATTERN)
    block_id = params.blob("block_id", BLOCK_ID_SIZE, BLOCK_ID_SIZE)
    params.done()
    return {"data": await _store(call).read_block(descriptor_id, block_id)}


async def block_get_many(call: Call, params: Params) -> dict[str, Any]:
    descriptor_id = params.text("descriptor_id", DESCRIPTOR_ID_PATTERN)
    joined = params.blob("ids", BLOCK_ID_SIZE, BLOCK_ID_SIZE * MAX_BLOCKS_PER_GET)
    if len(joined) % BLOCK_ID_SIZE:
        raise params.error("ids", f"must be 32-byte ids back to back (1..{MAX_BLOCKS_PER_GET})")
    params.done()
    blocks = await _store(call).read_blocks(descriptor_id, split_block_ids(joined), MAX_GET_BYTES)
    return {"data": blocks}
