"""The PKI's RPC methods (app/pki/SPEC.md; the log is `server_stub.pki.log.PKILog`).

    pkiGetKeystore{name, since?=1, old_size?=0, revision?}
        -> {name, head, consistency, revisions: [{revision, keystore, leaf_index,
           inclusion}]}  (app.pki.wire.encode_lookup): revisions `since`..`revision`
           (default: the newest) of `name` with inclusion proofs in the current head, and
           the consistency proof from the client's checkpoint size `old_size`. No
           revision at all = the name is unknown.
    pkiGetHistory{name}            -> the same, every revision from 1
    pkiGetHead{}                   -> {head}
    pkiGetConsistency{old_size, new_size} -> {proof: [bin32...]}
    pkiPublish{keystore}  (login)  -> {revision, head}

`name` is a full user ID `user#host` or `server:` (the server's own key). `pkiPublish`
accepts only a keystore whose user ID is `<session user>#<this server's host>`; the
first revision of a name must not name a predecessor, every later one must be signed by
the previous identity key (PKILog.publish checks both). Refusals are
`RpcError(PKI_REFUSED, reason)`; sizes above the limits are `INVALID_PARAMS`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from app.pki import heads, wire
from app.pki.errors import KeystoreError, PKIUsageError
from app.pki.openpgp import parse_keystore
from server_stub.pki.service import PKIService
from server_stub.ports import RpcError
from server_stub.rpc import INVALID_PARAMS, Call, Params, Registry

__all__ = ["NAME_PATTERN", "PKI_REFUSED", "PKI_UNAVAILABLE", "register_pki"]

PKI_REFUSED = 1401
PKI_UNAVAILABLE = 1402
NAME_PATTERN = r"[a-z0-9._-]{1,64}#[a-z0-9.:\[\]-]{1,260}|server:"
MAX_KEYSTORE = 64 * 1024
MAX_SIZE = (1 << 63) - 1


def register_pki(registry: Registry) -> None:
    registry.method("pkiGetKeystore")(get_keystore)
    registry.method("pkiGetHistory")(get_history)
    registry.method("pkiGetHead")(get_head)
    registry.method("pkiGetConsistency")(get_consistency)
    registry.method("pkiPublish", login=True)(publish)


def _pki(call: Call) -> PKIService:
    pki = getattr(call.services, "pki", None)
    if not isinstance(pki, PKIService):
        raise RpcError(PKI_UNAVAILABLE, "this server does not run a key log")
    return pki


def _optional(params: Params, name: str, default: int) -> int:
    return params.integer(name, 0, MAX_SIZE) if params.has(name) else default


async def get_keystore(call: Call, params: Params) -> dict[str, Any]:
    name = params.text("name", NAME_PATTERN)
    since = max(_optional(params, "since", 1), 1)
    old_size = _optional(params, "old_size", 0)
    until = params.integer("revision", 1, MAX_SIZE) if params.has("revision") else None
    params.done()
    pki = _pki(call)
    if old_size > pki.log.size:
        raise params.error("old_size", f"is beyond the log's size {pki.log.size}")
    lookup = await asyncio.to_thread(
        pki.log.lookup, name, since=since, old_size=old_size, until=until
    )
    return wire.encode_lookup(lookup)


async def get_history(call: Call, params: Params) -> dict[str, Any]:
    name = params.text("name", NAME_PATTERN)
    params.done()
    lookup = await asyncio.to_thread(_pki(call).log.lookup, name)
    return wire.encode_lookup(lookup)


async def get_head(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    return {"head": heads.encode_head(_pki(call).log.head())}


async def get_consistency(call: Call, params: Params) -> dict[str, Any]:
    old_size = params.integer("old_size", 0, MAX_SIZE)
    new_size = params.integer("new_size", 0, MAX_SIZE)
    params.done()
    pki = _pki(call)
    try:
        proof = pki.log.consistency(old_size, new_size)
    except PKIUsageError:
        raise RpcError(
            INVALID_PARAMS, f"need 0 <= old_size <= new_size <= {pki.log.size}"
        ) from None
    return {"proof": proof}


async def publish(call: Call, params: Params) -> dict[str, Any]:
    keystore = params.blob("keystore", 1, MAX_KEYSTORE)
    params.done()
    pki = _pki(call)
    if pki.host is None:
        raise RpcError(PKI_UNAVAILABLE, "the server does not know its host name yet")
    expected = f"{call.session.username}#{pki.host}"
    try:
        user_id = parse_keystore(keystore).user_id
    except KeystoreError as exc:
        raise RpcError(PKI_REFUSED, f"not a valid keystore: {exc}") from None
    if user_id != expected:
        raise RpcError(PKI_REFUSED, f"the keystore's user ID must be {expected!r}, not {user_id!r}")
    if pki.log.latest_revision(user_id) >= wire.MAX_REVISIONS:
        raise RpcError(PKI_REFUSED, f"{user_id} has {wire.MAX_REVISIONS} revisions, the limit")
    try:
        revision, head = await asyncio.to_thread(pki.log.publish, keystore, now_ms=pki.now_ms())
    except KeystoreError as exc:
        raise RpcError(
            PKI_REFUSED, f"the keystore cannot follow the published one: {exc}"
        ) from None
    return {"revision": revision, "head": heads.encode_head(head)}
