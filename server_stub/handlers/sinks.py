"""RPC methods of inboxes and messages (server_stub/SINKS.md is their contract).

Each handler reads its params strictly, calls `services.sinks` (a `SinkStore`) and
shapes the answer; store errors become `RpcError(code, message)` with the codes of
SINKS.md (object-store errors keep theirs, e.g. 2008 for an unknown transfer).
"""

from __future__ import annotations

import asyncio
from typing import Any

from app.wire.messages import ACLS, EnvelopeError, decode_envelope
from app.wire.objects import BLOCK_ID_SIZE, block_id
from server_stub.objects import ObjectError
from server_stub.ports import RpcError
from server_stub.rpc import Call, Params, Registry, present, translating
from server_stub.sinks import (
    EnvelopeInvalidError,
    LimitExceededError,
    NewSink,
    Post,
    SinkError,
    SinkInfo,
    SinkStore,
    StoredMessage,
)

__all__ = ["RESPONSE_BUDGET", "SINK_ID_PATTERN", "register_sinks"]

SINK_ID_PATTERN = r"[1-9A-HJ-NP-Za-km-z]{25,35}"
ACL_PATTERN = "|".join(ACLS)
RESPONSE_BUDGET = 24 * 1024 * 1024
MAX_SEQ = 2**62
MAX_BYTES = 2**53  # a registered byte limit
MAX_TIME = 2.0**40  # a registered expiry (seconds; NaN fails the comparison too)


def register_sinks(registry: Registry) -> None:
    """Add the methods of SINKS.md to `registry`."""
    for name, handler, login in (
        ("sinkLimits", sink_limits, False),
        ("sinkCreate", sink_create, True),
        ("sinkList", sink_list, True),
        ("sinkInfo", sink_info, True),
        ("sinkDelete", sink_delete, True),
        ("sinkPoll", sink_poll, True),
        ("messagePost", message_post, False),
        ("messageGet", message_get, True),
        ("messageDelete", message_delete, True),
        ("messageBlockGet", message_block_get, True),
    ):
        registry.method(name, login=login)(translating((SinkError, ObjectError))(handler))


def _store(call: Call) -> SinkStore:
    return present(call.services.sinks, "this server keeps no inboxes")


def _user(call: Call) -> str:
    username = call.session.username
    assert username is not None, "registered with login=True"
    return username


def _info(sink: SinkInfo) -> dict[str, Any]:
    return {
        "sink_id": sink.sink_id,
        "public_key": sink.public_key,
        "acl": sink.acl,
        "data": sink.data,
        "default": sink.is_default,
        "last_seq": sink.last_seq,
        "messages": sink.messages,
        "bytes": sink.bytes,
        "created": sink.created,
        "expires": sink.expires,
        "max_bytes": sink.max_bytes,
    }


# --- sinks ---


async def sink_limits(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    store = _store(call)
    limits = store.limits
    info: dict[str, Any] = {
        name: getattr(limits, name)
        for name in (
            "max_sinks max_data max_envelope max_blocks max_inline_blocks max_inline_bytes "
            "max_messages quota unverified_quota unverified_messages rate_per_key "
            "rate_per_address unverified_bytes_per_address max_poll_sinks max_wait_ms max_ids"
        ).split()
    }
    info["max_block"] = _max_block(call)
    if call.session.username is not None:
        info["used_bytes"] = await store.used_bytes(call.session.username)
    return info


def _max_block(call: Call) -> int:
    objects = call.services.objects
    return objects.limits.max_block if objects is not None else 0


async def sink_create(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    public_key = params.blob("public_key", 33, 33)
    acl = params.text("acl", ACL_PATTERN)
    signature = params.blob("signature", 64, 64)
    data = params.blob("data", 0, store.limits.max_data) if params.has("data") else b""
    is_default = _optional_bool(params, "default")
    expires = _optional_time(params, "expires")
    max_bytes = params.integer("max_bytes", 1, MAX_BYTES) if params.has("max_bytes") else None
    params.done()
    new = NewSink(public_key, acl, signature, data, is_default, expires, max_bytes)
    sink = await store.create(_user(call), new, call.now)
    return {"sink_id": sink.sink_id, "created": sink.created}


def _optional_time(params: Params, name: str) -> float | None:
    """Seconds since the epoch (int or float), or None when not given."""
    if not params.has(name):
        return None
    value = params._get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise params.error(name, "must be a time in seconds since the epoch")
    if not 0 < value < MAX_TIME:
        raise params.error(name, "must be a time in seconds since the epoch")
    return float(value)


def _optional_bool(params: Params, name: str) -> bool:
    if not params.has(name):
        return False
    value = params._get(name)
    if not isinstance(value, bool):
        raise params.error(name, "must be a boolean")
    return value


async def sink_list(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    return {"sinks": [_info(s) for s in await _store(call).sinks_of(_user(call))]}


async def sink_info(call: Call, params: Params) -> dict[str, Any]:
    sink_id = params.text("sink_id", SINK_ID_PATTERN)
    params.done()
    return _info(await _store(call).info(_user(call), sink_id))


async def sink_delete(call: Call, params: Params) -> bool:
    sink_id = params.text("sink_id", SINK_ID_PATTERN)
    params.done()
    await _store(call).delete(_user(call), sink_id)
    return True


async def sink_poll(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    raw = params.items("sinks", 1, store.limits.max_poll_sinks)
    after: dict[str, int] = {}
    for number, item in enumerate(raw):
        if not isinstance(item, dict):
            raise params.error(f"sinks[{number}]", "must be a map")
        entry = Params(item, f"params.sinks[{number}]")
        sink_id = entry.text("sink_id", SINK_ID_PATTERN)
        after[sink_id] = entry.integer("after_seq", 0, MAX_SEQ)
        entry.done()
    wait_ms = params.integer("wait_ms", 0, store.limits.max_wait_ms)
    params.done()
    found = await store.poll(_user(call), after, wait_ms)
    return {
        "sinks": [
            {"sink_id": sink_id, "last_seq": last, "seqs": seqs}
            for sink_id, (last, seqs) in found.items()
        ]
    }


# --- messages ---


async def message_post(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    sink_id = params.text("sink_id", SINK_ID_PATTERN)
    raw = params.blob("envelope", 1, store.limits.max_envelope)
    blocks = _read_inline(call, params, store) if params.has("blocks") else []
    transfer_id = params.blob("transfer_id", 16, 16) if params.has("transfer_id") else None
    params.done()
    inline = await asyncio.to_thread(_by_id, blocks)  # hashing up to 16 MiB
    try:
        envelope = decode_envelope(raw, store.limits.max_envelope)
    except EnvelopeError as exc:
        raise RpcError(EnvelopeInvalidError.code, f"not a valid envelope: {exc}") from None
    if envelope.sink_id != sink_id:
        raise RpcError(EnvelopeInvalidError.code, "the envelope is addressed to another inbox")
    post = Post(raw, envelope, inline, transfer_id, call.session.username, call.session.peer)
    result = await store.post(post, call.now)
    return {
        "seq": result.seq,
        "server_time": result.server_time,
        "sender_verified_by_server": result.verified,
    }


def _read_inline(call: Call, params: Params, store: SinkStore) -> list[bytes]:
    limits = store.limits
    raw = params.items("blocks", 0, limits.max_inline_blocks)
    max_block = _max_block(call)
    if any(not isinstance(b, bytes) or len(b) > max_block for b in raw):
        raise params.error("blocks", f"must hold binary blocks of at most {max_block} bytes")
    if sum(len(b) for b in raw) > limits.max_inline_bytes:
        raise LimitExceededError(f"inline blocks are at most {limits.max_inline_bytes} bytes")
    return raw


def _by_id(blocks: list[bytes]) -> dict[bytes, bytes]:
    return {block_id(data): data for data in blocks}


async def message_get(call: Call, params: Params) -> dict[str, Any]:
    store = _store(call)
    sink_id = params.text("sink_id", SINK_ID_PATTERN)
    seqs = _read_seqs(params, store.limits.max_ids)
    params.done()
    found = await store.get(_user(call), sink_id, seqs)
    messages: list[dict[str, Any]] = []
    missing: list[int] = []
    deferred: list[int] = []
    budget = RESPONSE_BUDGET
    for seq, message in zip(seqs, found, strict=True):
        if message is None:
            missing.append(seq)
        elif len(message.envelope) + 256 > budget and messages:
            deferred.append(seq)
        else:
            budget -= len(message.envelope) + 256
            messages.append(_message(message))
    return {"messages": messages, "missing": missing, "deferred": deferred}


def _read_seqs(params: Params, limit: int) -> list[int]:
    raw = params.items("seqs", 1, limit)
    if any(not isinstance(s, int) or isinstance(s, bool) or not 1 <= s <= MAX_SEQ for s in raw):
        raise params.error("seqs", f"must hold integers from 1 to {MAX_SEQ}")
    return raw


def _message(message: StoredMessage) -> dict[str, Any]:
    return {
        "seq": message.seq,
        "envelope": message.envelope,
        "server_time": message.server_time,
        "sender_verified_by_server": message.verified,
        "size": message.size,
    }


async def message_delete(call: Call, params: Params) -> bool:
    sink_id = params.text("sink_id", SINK_ID_PATTERN)
    seq = params.integer("seq", 1, MAX_SEQ)
    params.done()
    await _store(call).delete_message(_user(call), sink_id, seq)
    return True


async def message_block_get(call: Call, params: Params) -> dict[str, Any]:
    sink_id = params.text("sink_id", SINK_ID_PATTERN)
    seq = params.integer("seq", 1, MAX_SEQ)
    wanted = params.blob("block_id", BLOCK_ID_SIZE, BLOCK_ID_SIZE)
    params.done()
    return {"data": await _store(call).read_block(_user(call), sink_id, seq, wanted)}
