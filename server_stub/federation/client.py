"""The server's own side of federation: discovery of other servers and an HTTP client.

`Federation` is what the PrivMX Proxy (handlers/proxy.py, PROXY.md) runs on:

    await federation.discover(destination, now) -> Discovered
        the destination's configuration as this server fetched it (the three discovery
        paths, https first; plain http only for loopback hosts when private destinations
        are allowed), validated, cached for its ttl (at most 10 minutes)
    await federation.forward(destination, data, now) -> bytes
        POSTs `data` (raw PrivMX TLS frames) to the discovered endpoint and returns the
        raw answer, size-capped
    federation.admit(username, now) -> bool
        the per-user rate limit (a token bucket)

No open relay: `destination` is a host (`host[:port]`), never a URL. Every host this
server would connect to (the destination, a redirect target, the configuration's
endpoint) is resolved and *every* address checked; loopback, private, link-local,
shared, reserved, multicast and unspecified addresses (also when embedded in IPv6
forms: IPv4-mapped, 6to4, Teredo, NAT64) are refused unless the operator allows
private destinations. The same check runs again inside aiohttp's resolver at connect
time (no DNS cache), so a name cannot be rebound between the check and the connection.
A destination whose configuration names this server's own key is refused (no loop).

Errors (all `FederationError`, each with the RPC `code` the handler answers):
`InvalidDestinationError` (-32602), `DestinationRefusedError` (1602),
`SelfProxyError` (1603), `NotPrivmxError` (1604: no valid configuration there),
`DestinationUnreachableError` (1605: no connection, timeout, non-200 answer),
`ResponseTooLargeError` (1606).

The policy (destinations, addresses, limits, errors) is in `policy.py`, the discovery
fetch in `discovery.py`.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable

import aiohttp
from aiohttp import web
from aiohttp.abc import AbstractResolver
from aiohttp.resolver import ThreadedResolver

from app.crypto.ecc import PrivateKey
from server_stub.federation.discovery import Discovered, Discovery, is_forbidden, read_capped
from server_stub.federation.policy import (
    DestinationRefusedError,
    DestinationUnreachableError,
    FederationError,
    GuardedResolver,
    LocalProxyRates,
    ProxyLimits,
    ProxyRates,
    SelfProxyError,
    parse_destination,
)

__all__ = ["Federation", "attach_federation", "open_federation"]

_HEADERS = {"User-Agent": "privshare-server", "Accept-Encoding": "identity"}

ResolverFactory = Callable[[], AbstractResolver]
_DEFAULT_LIMITS = ProxyLimits()  # frozen: one shared default is safe


class Federation:
    """Discovery and forwarding on one aiohttp client session (made on first use)."""

    def __init__(
        self,
        own_key: bytes,
        limits: ProxyLimits = _DEFAULT_LIMITS,
        *,
        resolver: ResolverFactory = ThreadedResolver,
        rates: ProxyRates | None = None,
    ) -> None:
        self.limits = limits
        self._own_key = bytes(own_key)
        self._make_resolver = resolver
        self._resolver: GuardedResolver | None = None
        self._client: aiohttp.ClientSession | None = None
        self._cache: OrderedDict[str, tuple[float, Discovered]] = OrderedDict()
        self._rates = rates or LocalProxyRates(limits.burst, limits.per_minute)
        self._discovery = Discovery(limits, self._session, self._guard)

    async def admit(self, username: str, now: float) -> bool:
        return await self._rates.admit(username, now)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def discover(self, destination: str, now: float) -> Discovered:
        start = parse_destination(destination)
        cached = self._cache.get(str(start))
        if cached is not None and now < cached[0]:
            return cached[1]
        self._cache.pop(str(start), None)
        found = await self._discovery.find(start)
        if found.server_key == self._own_key:
            raise SelfProxyError(f"{start} is this server itself")
        self._remember(found, now)
        return found

    async def forward(self, destination: str, data: bytes, now: float) -> bytes:
        found = await self.discover(destination, now)
        timeout = aiohttp.ClientTimeout(
            total=self.limits.request_timeout, connect=self.limits.connect_timeout
        )
        headers = {"Content-Type": "application/octet-stream"}
        try:
            async with self._session().post(
                found.endpoint, data=data, headers=headers, allow_redirects=False, timeout=timeout
            ) as response:
                if response.status != 200:
                    raise DestinationUnreachableError(
                        f"{found.destination} answered HTTP {response.status}"
                    )
                return await read_capped(response, self.limits.max_response)
        except FederationError:
            self._cache.pop(found.destination, None)
            raise
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            self._cache.pop(found.destination, None)
            raise _connection_failure(exc, found.destination) from None

    def _remember(self, found: Discovered, now: float) -> None:
        ttl = min(found.ttl, self.limits.max_cache_ttl)
        if ttl <= 0:
            return
        self._cache[found.destination] = (now + ttl, found)
        while len(self._cache) > self.limits.cache_entries:
            self._cache.popitem(last=False)

    # --- the HTTP client ---

    def _guard(self) -> GuardedResolver:
        if self._resolver is None:
            self._resolver = GuardedResolver(self._make_resolver(), self.limits.allow_private)
        return self._resolver

    def _session(self) -> aiohttp.ClientSession:
        if self._client is None:
            connector = aiohttp.TCPConnector(
                resolver=self._guard(), use_dns_cache=False, limit=self.limits.max_concurrent
            )
            self._client = aiohttp.ClientSession(
                connector=connector,
                headers=_HEADERS,
                auto_decompress=False,
                trust_env=False,
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self._client


def _connection_failure(exc: BaseException, destination: str) -> FederationError:
    if is_forbidden(exc):
        return DestinationRefusedError(f"{destination} is not allowed as a destination")
    if isinstance(exc, TimeoutError):
        return DestinationUnreachableError(f"{destination} did not answer in time")
    return DestinationUnreachableError(f"{destination} cannot be reached")


def open_federation(
    server_key: PrivateKey,
    allow_private: bool,
    rates: Callable[[ProxyLimits], ProxyRates] | None = None,
) -> Federation:
    """The server's federation with limits from `PRIVSHARE_PROXY_*` variables; `rates`
    makes the shared token buckets of a fleet (else they live in this process)."""
    limits = ProxyLimits.from_environ(os.environ, allow_private=allow_private)
    shared = None if rates is None else rates(limits)
    return Federation(server_key.public_key.to_bytes(), limits, rates=shared)


def attach_federation(app: web.Application, federation: Federation | None) -> web.Application:
    """Close the federation's HTTP client when `app` stops."""
    if federation is not None:

        async def close(_app: web.Application) -> None:
            await federation.close()

        app.on_cleanup.append(close)
    return app
