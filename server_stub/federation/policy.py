"""The proxy's policy: which destinations and addresses it may contact, and its limits.

Pure checks with no HTTP of their own (federation.py, PROXY.md): the `FederationError`
tree with the RPC `code` of each, `ProxyLimits` (from `PRIVSHARE_PROXY_*` variables),
`parse_destination` (`host[:port]`, never a URL), `address_allowed` (deny by default:
only a globally routable unicast address outside every special-purpose block, whose
embedded IPv4 address, in any form (mapped, 6to4, Teredo, NAT64), is one too; unless
private destinations are allowed), `GuardedResolver`
(the same check inside aiohttp's resolver at connect time) and the per-user
`RateLimiter` (a token bucket) behind the `ProxyRates` port: `LocalProxyRates` keeps the
buckets in this process (the embedded server), `backends/postgres/proxy_rates.py` in the
PostgreSQL a fleet shares (so N processes admit one burst per user, not N).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Protocol

from aiohttp.abc import AbstractResolver, ResolveResult

from server_stub.limits import check_positive, environ_overrides

__all__ = [
    "DESTINATION_PATTERN",
    "Destination",
    "DestinationRefusedError",
    "DestinationUnreachableError",
    "FederationError",
    "ForbiddenAddressError",
    "GuardedResolver",
    "InvalidDestinationError",
    "LocalProxyRates",
    "NotPrivmxError",
    "ProxyLimits",
    "ProxyRates",
    "RateLimiter",
    "ResponseTooLargeError",
    "SelfProxyError",
    "address_allowed",
    "is_ip",
    "is_loopback",
    "parse_destination",
]

MiB = 1024 * 1024
DESTINATION_PATTERN = r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?"
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix
_NOT_ROUTABLE_V4 = tuple(
    ipaddress.IPv4Network(block)
    for block in ("0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.88.99.0/24", "224.0.0.0/3")
)
_NOT_ROUTABLE_V6 = tuple(
    ipaddress.IPv6Network(block)
    for block in (
        "::/96",  # IPv4-compatible (deprecated, RFC 4291) and the unspecified/loopback
        "::ffff:0:0/96",  # IPv4-mapped: judged by its IPv4 address above, never here
        "::ffff:0:0:0/96",  # IPv4-translated (SIIT, RFC 2765)
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215)
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments, Teredo among them
        "2001:db8::/32",  # documentation
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)


class FederationError(Exception):
    """Root of the federation's errors; `code` is what the RPC answers."""

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
        names = {
            field.name: "PRIVSHARE_PROXY_" + field.name.upper()
            for field in fields(cls)
            if field.name != "allow_private"
        }
        limits = replace(cls(), allow_private=allow_private, **environ_overrides(environ, names))
        check_positive(limits, "proxy")
        return limits


@dataclass(frozen=True)
class Destination:
    """A server host with an optional port; `str()` gives `host[:port]`."""

    host: str
    port: int | None = None

    def __str__(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return shown if self.port is None else f"{shown}:{self.port}"


def parse_destination(text: str) -> Destination:
    """`host[:port]` (IPv6 in brackets), lower-cased; `InvalidDestinationError` else."""
    text = text.strip().lower()
    if text.startswith("["):
        host, closed, rest = text[1:].partition("]")
        _require(bool(closed), f"destination {text!r} has an unclosed '['")
        port_text = rest[1:] if rest.startswith(":") else None
        if rest and port_text is None:
            raise InvalidDestinationError(f"destination {text!r} has junk after ']'")
        _require(is_ip(host, 6), f"destination [{host}] is not an IPv6 address")
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


def is_ip(text: str, version: int | None = None) -> bool:
    """Is `text` an IP address (of IP `version`, when given)?"""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return version is None or address.version == version


def address_allowed(text: str, allow_private: bool) -> bool:
    """May this server connect to the IP address `text`? Unspecified and multicast
    never; otherwise only a globally routable one, unless private ones are allowed."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    if address.is_unspecified or address.is_multicast:
        return False
    return allow_private or _globally_routable(address)


def _globally_routable(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Deny by default: global unicast, outside every special-purpose block, and every
    IPv4 address it embeds (mapped, 6to4, Teredo server and client, NAT64) is too."""
    if isinstance(address, ipaddress.IPv4Address):
        return (
            address.is_global
            and not (address.is_multicast or address.is_reserved or address.is_link_local)
            and not any(address in block for block in _NOT_ROUTABLE_V4)
        )
    if address.ipv4_mapped is not None:  # the connection goes out over IPv4
        return _globally_routable(address.ipv4_mapped)
    if any(address in block for block in _NOT_ROUTABLE_V6):
        return False
    if not all(_globally_routable(embedded) for embedded in _embedded_ipv4(address)):
        return False
    return address.is_global and not (address.is_link_local or address.is_site_local)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    embedded: list[ipaddress.IPv4Address] = []
    if address.sixtofour is not None:
        embedded.append(address.sixtofour)
    if address.teredo is not None:
        embedded.extend(address.teredo)
    if address in _NAT64:
        embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return embedded


def is_loopback(text: str) -> bool:
    """Is the IP address `text` (an optional `%zone` ignored) a loopback address?"""
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


class ProxyRates(Protocol):
    """The proxy's per-user token buckets: `burst` calls at once, `per_minute` refilled."""

    async def admit(self, user: str, now: float) -> bool:
        """Take one token of `user`'s bucket; False when it is empty."""


class LocalProxyRates:
    """`ProxyRates` in this process's memory."""

    def __init__(self, burst: int, per_minute: int) -> None:
        self._buckets = RateLimiter(burst, per_minute)

    async def admit(self, user: str, now: float) -> bool:
        return self._buckets.admit(user, now)


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
