"""Discovery of another server for the proxy: fetch, follow redirects, validate.

`Discovery.find(destination)` tries the three discovery paths (https first; plain http
only for loopback hosts when private destinations are allowed), follows `redirect`
documents (no loops, at most `max_redirects`), and validates the configuration into a
`Discovered`. Every host it would connect to (the destination, a redirect target, the
configuration's endpoint) is resolved and every address checked (policy.py).
Caching and the self-loop check are the caller's (`Federation.discover`).
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from server_stub.federation.policy import (
    Destination,
    DestinationRefusedError,
    DestinationUnreachableError,
    ForbiddenAddressError,
    GuardedResolver,
    InvalidDestinationError,
    NotPrivmxError,
    ProxyLimits,
    ResponseTooLargeError,
    address_allowed,
    is_ip,
    is_loopback,
    parse_destination,
)
from server_stub.web import CONFIG_PATHS

__all__ = ["Discovered", "Discovery", "is_forbidden", "read_capped"]

MAX_CONFIG = 64 * 1024
MAX_TTL = 7 * 24 * 3600


@dataclass(frozen=True)
class Discovered:
    """A validated configuration: where to POST, which key, and the document as fetched."""

    destination: str
    endpoint: str
    server_key: bytes
    ttl: int
    document: bytes
    source_url: str


class Discovery:
    """Fetches and validates configurations on the caller's client session and resolver
    (both made on first use, by the factories given)."""

    def __init__(
        self,
        limits: ProxyLimits,
        session: Callable[[], aiohttp.ClientSession],
        guard: Callable[[], GuardedResolver],
    ) -> None:
        self.limits = limits
        self._session = session
        self._guard = guard

    async def find(self, start: Destination) -> Discovered:
        """The validated configuration of `start`, redirects followed."""
        current, visited = start, [str(start)]
        while True:
            raw, url = await self._fetch(current)
            document = json.loads(raw)
            if "redirect" not in document:
                break
            current = self._redirect(document["redirect"], url, visited)
        return await self._validate(document, raw, url, str(start))

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
        http_ok = self.limits.allow_private and all(is_loopback(a) for a in addresses)
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
                            raw = await read_capped(response, MAX_CONFIG)
                            if _is_json_object(raw):
                                return raw, url
                except ResponseTooLargeError:
                    reached = True
                except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                    if is_forbidden(exc):
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
            self.limits.allow_private and all(is_loopback(a) for a in addresses)
        ):
            raise DestinationRefusedError(f"{url}: the endpoint must use https")

    async def _checked_addresses(self, host: str) -> list[str]:
        """Every address of `host`, each allowed; `DestinationRefusedError` otherwise."""
        if is_ip(host):
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


async def read_capped(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """The body of `response`; `ResponseTooLargeError` past `limit` bytes."""
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


def is_forbidden(exc: BaseException) -> bool:
    """Did `exc` come from the resolver refusing an address (`ForbiddenAddressError`)?"""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ForbiddenAddressError):
            return True
        current = getattr(current, "os_error", None) or current.__cause__ or current.__context__
    return False
