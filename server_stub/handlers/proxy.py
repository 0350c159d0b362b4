"""The PrivMX Proxy's RPC methods (PROXY.md; the work is done by federation/client.py).

    proxy{destination, data}   (login)  -> bin: the destination's raw answer to `data`
    proxyDiscover{destination} (login)  -> {document: bin (the JSON as fetched), url: str}

`destination` is `host[:port]`, never a URL. Only this server's logged-in users may
call them, each call (of either method) takes one token of the user's rate limit.
Refusals are `RpcError(code, message)`:

| code   | meaning                                                            |
|--------|--------------------------------------------------------------------|
| -32602 | destination is not host[:port], or data is empty or too large      |
| 1001   | not logged in                                                      |
| 1601   | this server runs no proxy                                          |
| 1602   | the destination (or a host it leads to) is not allowed (private, loopback, ...) |
| 1603   | the destination is this server itself                              |
| 1604   | the destination serves no valid PrivMX configuration               |
| 1605   | the destination cannot be reached, timed out or answered non-200   |
| 1606   | the destination's answer is too large                              |
| 1607   | rate limit: too many proxy calls, try again later                  |
"""

from __future__ import annotations

from typing import Any

from server_stub.federation.client import Federation
from server_stub.federation.policy import DESTINATION_PATTERN, FederationError, ProxyLimits
from server_stub.ports import RpcError
from server_stub.rpc import Call, Params, Registry

__all__ = ["PROXY_RATE_LIMITED", "PROXY_UNAVAILABLE", "register_proxy"]

PROXY_UNAVAILABLE = 1601
PROXY_RATE_LIMITED = 1607
MAX_DATA = ProxyLimits().max_data


def register_proxy(registry: Registry) -> None:
    registry.method("proxy", login=True)(proxy)
    registry.method("proxyDiscover", login=True)(proxy_discover)


async def proxy(call: Call, params: Params) -> bytes:
    destination = params.text("destination", DESTINATION_PATTERN)
    federation = _federation(call)
    data = params.blob("data", 1, min(MAX_DATA, federation.limits.max_data))
    params.done()
    await _admit(call, federation)
    try:
        return await federation.forward(destination, data, call.now)
    except FederationError as exc:
        raise RpcError(exc.code, str(exc)) from None


async def proxy_discover(call: Call, params: Params) -> dict[str, Any]:
    destination = params.text("destination", DESTINATION_PATTERN)
    params.done()
    federation = _federation(call)
    await _admit(call, federation)
    try:
        found = await federation.discover(destination, call.now)
    except FederationError as exc:
        raise RpcError(exc.code, str(exc)) from None
    return {"document": found.document, "url": found.source_url}


def _federation(call: Call) -> Federation:
    federation = getattr(call.services, "proxy", None)
    if not isinstance(federation, Federation):
        raise RpcError(PROXY_UNAVAILABLE, "this server runs no PrivMX proxy")
    return federation


async def _admit(call: Call, federation: Federation) -> None:
    username = call.session.username
    assert username is not None  # the registry checked the login
    if not await federation.admit(username, call.now):
        raise RpcError(PROXY_RATE_LIMITED, "too many proxy calls; try again in a minute")
