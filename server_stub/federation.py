"""The server's own side of federation: discovery of other servers and an HTTP client.

`Federation` is what the PrivMX Proxy (handlers_proxy.py, PROXY.md) runs on:

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
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import socket
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from app.crypto.ecc import PrivateKey
from server_stub.web import CONFIG_PATHS

__all__ = [
    "DESTINATION_PATTERN",
    "DestinationRefusedError",
    "DestinationUnreachableError",
    "Discovered",
    "Federation",
    "FederationError",
    "GuardedResolver",
    "InvalidDestinationError",
    "NotPrivmxError",
    "ProxyLimits",
    "ResponseTooLargeError",
    "SelfProxyError",
    "address_allowed",
    "attach_federation",
    "open_federation",
    "parse_destination",
]

MiB = 1024 * 1024
MAX_CONFIG = 64 * 1024
MAX_TTL = 7 * 24 * 3600
DESTINATION_PATTERN = r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?"
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_HEADERS = {"User-Agent": "privshare-server", "Accept-Encoding": "identity"}

ResolverFactory = Callable[[], AbstractResolver]


class FederationError(Exception):
    """Root of this module's errors; `code` is what the RPC answers."""

    code = 1600


class InvalidDestinationError(FederationError):
    """The destination is not `host[:port]`."""

    code = -32602  # INVALID_PARAMS (server_stub.rpc)


class DestinationRefusedError(FederationError):
    """The destination, or a host it leads to, is not one this server may contact."""

    code = 1602


class SelfProxyError(DestinationRefusedError):
    """The destination is this server itself."""

    code = 1603


class NotPrivmxError(FederationError):
    """The destination answered but serves no valid PrivMX configuration."""

    code = 1604


class DestinationUnreachableError(FederationError):
    """No connection, a timeout, or an answer other than 200."""

    code = 1605


class ResponseTooLargeError(FederationError):
    """The destination's answer exceeds the limit."""

    code = 1606


@dataclass(frozen=True)
class ProxyLimits:
    """Limits of the proxy; `PRIVSHARE_PROXY_*` variables override the integers."""

    allow_private: bool = False
    max_data: int = 16 * MiB
    max_response: int = 24 * MiB
    burst: int = 60
    per_minute: int = 120
    connect_timeout: int = 5
    request_timeout: int = 30
    max_concurrent: int = 16
    max_redirects: int = 5
    max_cache_ttl: int = 600
    cache_entries: int = 1024

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], *, allow_private: bool) -> ProxyLimits:
        changes: dict[str, Any] = {"allow_private": allow_private}
        for field in fields(cls):
            variable = "PRIVSHARE_PROXY_" + field.name.upper()
            if field.name == "allow_private" or variable not in environ:
                continue
            text = environ[variable]
            if not text.isdigit() or int(text) < 1:
                raise ValueError(f"{variable} must be a positive integer, not {text!r}")
            changes[field.name] = int(text)
        return replace(cls(), **changes)


@dataclass(frozen=True)
class Destination:
    """A server host with an optional port; `str()` gives `host[:port]`."""

    host: str
    port: int | None = None

    def __str__(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return shown if self.port is None else f"{shown}:{self.port}"


@dataclass(frozen=True)
class Discovered:
    """A validated configuration: where to POST, which key, and the document as fetched."""

    destination: str
    endpoint: str
    server_key: bytes
    ttl: int
    document: bytes
    source_url: str


def parse_destination(text: str) -> Destination:
    """`host[:port]` (IPv6 in brackets), lower-cased; `InvalidDestinationError` else."""
    text = text.strip().lower()
    if text.startswith("["):
        host, closed, rest = text[1:].partition("]")
        _require(bool(closed), f"destination {text!r} has an unclosed '['")
        port_text = rest[1:] if rest.startswith(":") else None
        if rest and port_text is None:
            raise InvalidDestinationError(f"destination {text!r} has junk after ']'")
        _require(_is_ip(host, 6), f"destination [{host}] is not an IPv6 address")
    else:
        host, sep, port_raw = text.partition(":")
        port_text = port_raw if sep else None
        labels = host.removesuffix(".").split(".")
        valid = 0 < len(host) <= 253 and all(_LABEL.fullmatch(label) for label in labels)
        _require(valid, f"destination {text!r} is not host[:port]")
    if port_text is None:
        return Destination(host)
    _require(
        port_text.isdigit() and 0 < int(port_text) <= 65535, f"bad port in destination {text!r}"
    )
    return Destination(host, int(port_text))


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidDestinationError(message)


def _is_ip(text: str, version: int | None = None) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return version is None or address.version == version


def address_allowed(text: str, allow_private: bool) -> bool:
    """May this server connect to the IP address `text`?"""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    if address.is_unspecified or address.is_multicast:
        return False
    if allow_private:
        return True
    embedded = _embedded_ipv4(address)
    if embedded is not None and not address_allowed(str(embedded), False):
        return False
    return address.is_global and not address.is_link_local


def _embedded_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Any:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _is_loopback(text: str) -> bool:
    return ipaddress.ip_address(text.split("%", 1)[0]).is_loopback


class ForbiddenAddressError(OSError):
    """Raised inside the resolver so aiohttp never connects to a refused address."""


class GuardedResolver(AbstractResolver):
    """A resolver that refuses a name when any of its addresses is not allowed."""

    def __init__(self, inner: AbstractResolver, allow_private: bool) -> None:
        self._inner = inner
        self._allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if not results or any(not address_allowed(r["host"], self._allow_private) for r in results):
            raise ForbiddenAddressError(f"{host} resolves to an address this server may not use")
        return results

    async def close(self) -> None:
        await self._inner.close()


class RateLimiter:
    """A token bucket per user: `burst` calls at once, `per_minute` refilled."""

    def __init__(self, burst: int, per_minute: int, max_users: int = 10_000) -> None:
        self._burst = float(burst)
        self._rate = per_minute / 60.0
        self._max_users = max_users
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def admit(self, user: str, now: float) -> bool:
        tokens, last = self._buckets.pop(user, (self._burst, now))
        tokens = min(self._burst, tokens + max(0.0, now - last) * self._rate)
        admitted = tokens >= 1.0
        self._buckets[user] = (tokens - 1.0 if admitted else tokens, now)
        while len(self._buckets) > self._max_users:
            self._buckets.popitem(last=False)
        return admitted


class Federation:
    """Discovery and forwarding on one aiohttp client session (made on first use)."""

    def __init__(
        self,
        own_key: bytes,
        limits: ProxyLimits = ProxyLimits(),
        *,
        resolver: ResolverFactory = ThreadedResolver,
    ) -> None:
        self.limits = limits
        self._own_key = bytes(own_key)
        self._make_resolver = resolver
        self._resolver: GuardedResolver | None = None
        self._client: aiohttp.ClientSession | None = None
        self._cache: OrderedDict[str, tuple[float, Discovered]] = OrderedDict()
        self._rate = RateLimiter(limits.burst, limits.per_minute)

    def admit(self, username: str, now: float) -> bool:
        return self._rate.admit(username, now)

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
        current, visited = start, [str(start)]
        while True:
            raw, url = await self._fetch(current)
            document = json.loads(raw)
            if "redirect" not in document:
                break
            current = self._redirect(document["redirect"], url, visited)
        found = await self._validate(document, raw, url, str(start))
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
                return await _read_capped(response, self.limits.max_response)
        except FederationError:
            self._cache.pop(found.destination, None)
            raise
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            self._cache.pop(found.destination, None)
            raise _connection_failure(exc, found.destination) from None

    # --- discovery ---

    def _redirect(self, target: object, url: str, visited: list[str]) -> Destination:
        if not isinstance(target, str):
            raise NotPrivmxError(f"{url}: 'redirect' must be a host string")
        try:
            current = parse_destination(target)
        except InvalidDestinationError as exc:
            raise NotPrivmxError(f"{url}: bad 'redirect': {exc}") from None
        if str(current) in visited or len(visited) > self.limits.max_redirects:
            raise NotPrivmxError(f"discovery redirects loop or exceed {self.limits.max_redirects}")
        visited.append(str(current))
        return current

    async def _fetch(self, destination: Destination) -> tuple[bytes, str]:
        addresses = await self._checked_addresses(destination.host)
        http_ok = self.limits.allow_private and all(_is_loopback(a) for a in addresses)
        schemes = ("https", "http") if http_ok else ("https",)
        timeout = aiohttp.ClientTimeout(total=self.limits.connect_timeout * 2)
        reached = False
        for path in CONFIG_PATHS:
            for scheme in schemes:
                url = f"{scheme}://{destination}{path}"
                try:
                    async with self._session().get(
                        url, allow_redirects=False, timeout=timeout
                    ) as response:
                        reached = True
                        if response.status == 200:
                            raw = await _read_capped(response, MAX_CONFIG)
                            if _is_json_object(raw):
                                return raw, url
                except ResponseTooLargeError:
                    reached = True
                except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                    if _forbidden(exc):
                        raise DestinationRefusedError(f"{destination} is not allowed") from None
        if not reached:
            raise DestinationUnreachableError(f"{destination} cannot be reached")
        raise NotPrivmxError(f"{destination} serves no PrivMX configuration")

    async def _validate(
        self, document: dict[str, Any], raw: bytes, url: str, destination: str
    ) -> Discovered:
        version, ttl = document.get("version"), document.get("ttl")
        endpoint, key_hex = document.get("defaultEndpoint"), document.get("serverKey")
        if version != 1 or type(version) is not int:
            raise NotPrivmxError(f"{url}: unsupported or missing 'version'")
        if type(ttl) is not int or not 0 <= ttl <= MAX_TTL:
            raise NotPrivmxError(f"{url}: 'ttl' must be an integer 0..{MAX_TTL}")
        if not isinstance(key_hex, str) or not re.fullmatch(r"0[23][0-9a-fA-F]{64}", key_hex):
            raise NotPrivmxError(f"{url}: 'serverKey' must be a compressed public key in hex")
        if not isinstance(endpoint, str):
            raise NotPrivmxError(f"{url}: 'defaultEndpoint' must be a URL")
        await self._check_endpoint(endpoint, url)
        return Discovered(destination, endpoint, bytes.fromhex(key_hex), ttl, raw, url)

    async def _check_endpoint(self, endpoint: str, url: str) -> None:
        try:
            parts = urlsplit(endpoint)
            host = parts.hostname
            _ = parts.port  # raises ValueError on a bad port
        except ValueError:
            raise NotPrivmxError(f"{url}: 'defaultEndpoint' is not a valid URL") from None
        if parts.scheme not in ("http", "https") or not host:
            raise NotPrivmxError(f"{url}: 'defaultEndpoint' is not an http(s) URL")
        if parts.username is not None or parts.password is not None or parts.fragment:
            raise NotPrivmxError(f"{url}: 'defaultEndpoint' has credentials or a fragment")
        addresses = await self._checked_addresses(host)
        if parts.scheme == "http" and not (
            self.limits.allow_private and all(_is_loopback(a) for a in addresses)
        ):
            raise DestinationRefusedError(f"{url}: the endpoint must use https")

    async def _checked_addresses(self, host: str) -> list[str]:
        """Every address of `host`, each allowed; `DestinationRefusedError` otherwise."""
        if _is_ip(host):
            addresses = [host]
        else:
            try:
                results = await self._guard().resolve(host, 0, socket.AF_UNSPEC)
            except ForbiddenAddressError:
                raise DestinationRefusedError(f"{host} is not allowed as a destination") from None
            except OSError:
                raise DestinationUnreachableError(f"{host} does not resolve") from None
            addresses = [r["host"] for r in results]
        if not all(address_allowed(a, self.limits.allow_private) for a in addresses):
            raise DestinationRefusedError(f"{host} is not allowed as a destination")
        return addresses

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


async def _read_capped(response: aiohttp.ClientResponse, limit: int) -> bytes:
    declared = response.content_length
    if declared is not None and declared > limit:
        raise ResponseTooLargeError(f"the answer has {declared} bytes; the limit is {limit}")
    parts: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise ResponseTooLargeError(f"the answer exceeds {limit} bytes")
        parts.append(chunk)
    return b"".join(parts)


def _is_json_object(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw), dict)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False


def _forbidden(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ForbiddenAddressError):
            return True
        current = getattr(current, "os_error", None) or current.__cause__ or current.__context__
    return False


def _connection_failure(exc: BaseException, destination: str) -> FederationError:
    if _forbidden(exc):
        return DestinationRefusedError(f"{destination} is not allowed as a destination")
    if isinstance(exc, TimeoutError):
        return DestinationUnreachableError(f"{destination} did not answer in time")
    return DestinationUnreachableError(f"{destination} cannot be reached")


def open_federation(server_key: PrivateKey, allow_private: bool) -> Federation:
    """The server's federation with limits from `PRIVSHARE_PROXY_*` variables."""
    limits = ProxyLimits.from_environ(os.environ, allow_private=allow_private)
    return Federation(server_key.public_key.to_bytes(), limits)


def attach_federation(app: web.Application, federation: Federation | None) -> web.Application:
    """Close the federation's HTTP client when `app` stops."""
    if federation is not None:

        async def close(_app: web.Application) -> None:
            await federation.close()

        app.on_cleanup.append(close)
    return app
