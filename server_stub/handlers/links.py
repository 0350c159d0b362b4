"""RPC methods of share links, for their owner (server_stub/LINKS.md §6 is their contract).

Each handler reads its params strictly, calls `services.links` (a `LinkStore`) and shapes
the answer; store errors become `RpcError(code, message)` with the codes of LINKS.md.
"""

from __future__ import annotations

from typing import Any

from server_stub.links.errors import LinkError
from server_stub.links.routes import LINK_ID_PATTERN
from server_stub.links.store import MIN_PASSWORD_ITERATIONS, LinkRecord, LinkStore, NewLink
from server_stub.rpc import Call, Params, Registry, present, translating

__all__ = ["register_links"]

MAX_NOTE = 4096
MAX_MANIFEST = 256 * 1024
MAX_FILES = 10_000
MAX_BLOCK = (16 << 20) + 26
MAX_BLOCKS_PER_FILE = 2**32
MAX_ITERATIONS = 100_000_000
MAX_TIME = 2**40
SALT_SIZE = 16


def register_links(registry: Registry) -> None:
    """Add the methods of LINKS.md §6 to `registry` (all need a logged-in session)."""
    for name, handler in (
        ("linkCreate", link_create),
        ("linkBlockPut", link_block_put),
        ("linkPublish", link_publish),
        ("linkList", link_list),
        ("linkRevoke", link_revoke),
        ("linkDrops", link_drops),
        ("linkDropBlock", link_drop_block),
        ("linkDropDelete", link_drop_delete),
    ):
        registry.method(name, login=True)(translating((LinkError,))(handler))


def _store(call: Call) -> LinkStore:
    return present(call.services.links, "this server keeps no links")


def _user(call: Call) -> str:
    username = call.session.username
    assert username is not None, "registered with login=True"
    return username


def _id(params: Params) -> str:
    return params.text("id", LINK_ID_PATTERN)


async def link_create(call: Call, params: Params) -> dict[str, Any]:
    link_id = _id(params)
    mode = params.text("mode", "download|request")
    access = params.blob("access", 32, 32)
    note = params.blob("note", 29, MAX_NOTE)
    salt = iterations = expires = max_downloads = None
    if params.has("kdf"):
        kdf = params.mapping("kdf")
        salt = kdf.blob("salt", SALT_SIZE, SALT_SIZE)
        iterations = kdf.integer("iterations", MIN_PASSWORD_ITERATIONS, MAX_ITERATIONS)
        kdf.done()
    if params.has("expires"):
        expires = params.integer("expires", int(call.now) + 1, MAX_TIME)
    if params.has("maxDownloads"):
        max_downloads = params.integer("maxDownloads", 1, 1_000_000)
    params.done()
    link = NewLink(
        link_id, _user(call), mode, access, note, salt, iterations, expires, max_downloads
    )
    await _store(call).create(link, call.now)
    return {}


async def link_block_put(call: Call, params: Params) -> dict[str, Any]:
    link_id = _id(params)
    file = params.integer("file", 0, MAX_FILES - 1)
    index = params.integer("index", 0, MAX_BLOCKS_PER_FILE - 1)
    data = params.blob("data", 26, MAX_BLOCK)
    params.done()
    await _store(call).put_block(_user(call), link_id, file, index, data)
    return {}


async def link_publish(call: Call, params: Params) -> dict[str, Any]:
    link_id = _id(params)
    manifest = params.blob("manifest", 29, MAX_MANIFEST)
    raw_counts = params.items("counts", 0, MAX_FILES, "block counts")
    params.done()
    counts = []
    for count in raw_counts:
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count < 2**32:
            raise params.error("counts", "must hold integers from 1 to 2^32 - 1")
        counts.append(count)
    await _store(call).publish(_user(call), link_id, manifest, counts)
    return {}


async def link_list(call: Call, params: Params) -> list[dict[str, Any]]:
    params.done()
    return [_listed(record, call.now) for record in await _store(call).owned(_user(call))]


def _listed(record: LinkRecord, now: float) -> dict[str, Any]:
    return {
        "id": record.link_id,
        "mode": record.mode,
        "state": record.status(now) if record.state != "pending" else "pending",
        "created": record.created,
        "expires": record.expires,
        "maxDownloads": record.max_downloads,
        "downloads": record.downloads,
        "size": record.size,
        "drops": record.drops,
        "password": record.salt is not None,
        "note": record.note,
    }


async def link_revoke(call: Call, params: Params) -> dict[str, Any]:
    link_id = _id(params)
    params.done()
    await _store(call).revoke(_user(call), link_id)
    return {}


async def link_drops(call: Call, params: Params) -> list[dict[str, Any]]:
    link_id = _id(params)
    params.done()
    drops = await _store(call).drops(_user(call), link_id)
    return [
        {
            "drop": d.number,
            "header": d.header,
            "count": d.count,
            "size": d.size,
            "created": d.created,
        }
        for d in drops
    ]


async def link_drop_block(call: Call, params: Params) -> bytes:
    link_id = _id(params)
    number = params.integer("drop", 1, 2**31)
    index = params.integer("index", 0, MAX_BLOCKS_PER_FILE - 1)
    params.done()
    return await _store(call).drop_block(_user(call), link_id, number, index)


async def link_drop_delete(call: Call, params: Params) -> dict[str, Any]:
    link_id = _id(params)
    number = params.integer("drop", 1, 2**31)
    params.done()
    await _store(call).delete_drop(_user(call), link_id, number)
    return {}
