"""A `Transport` through the home server's PrivMX Proxy (DESIGN §6, server_stub/PROXY.md).

`ProxyTransport(home, destination)` carries the raw frames of a *separate* PrivMX TLS
channel to `destination` inside `proxy{destination, data}` calls on `home` (a logged-in
channel to one's own server). The channel over it has its own ecdhe, tickets and
server-key pinning with the destination: the home server sees only ciphertext and a
handshake it cannot complete, so it can neither read nor alter the tunnel (an altered
byte fails the destination's signature or a record's tag).

    post(url, body)   -> proxy{destination, data=body}; `url` (the endpoint the
                         destination's configuration names) is not used: the home
                         server forwards to the endpoint it discovered itself
    get_json(url)     -> proxyDiscover{destination=<host of url>}: the destination's
                         configuration JSON as the home server fetched it (the home server
                         tries every discovery path itself, so only the first candidate
                         URL of a host, https + the first path, costs a call; the
                         others repeat its failure)

The home server could lie about the configuration (its key) at first contact; a key
pinned before (or learnt elsewhere) is then refused by the handshake signature.
Errors are `TransportError`s: `ProxyRefusedError` (the home server will not proxy
there: not allowed, itself, rate limit, no proxy; `.code`), `UnreachableError` (the
destination cannot be reached), `InvalidResponseError` (no valid configuration, too
large, malformed answer). Errors of the home channel itself go through unchanged.
"""

from __future__ import annotations

import json
from typing import Any, Protocol
from urllib.parse import urlsplit

from app.client.errors import RemoteCallError
from app.client.transport import InvalidResponseError, TransportError, UnreachableError

__all__ = [
    "PROXY_CODES",
    "HomeChannel",
    "ProxyRefusedError",
    "ProxyTransport",
]

FIRST_CONFIG_PATH = "/privmx/privmx-configuration.json"
_JSON_LIMIT = 64 * 1024

PROXY_CODES = {
    -32601: "the home server has no proxy",
    1001: "the proxy needs a logged-in channel to the home server",
    1601: "the home server runs no proxy",
    1602: "the home server refuses to proxy to this destination",
    1603: "the destination is the home server itself",
    1604: "the destination serves no PrivMX configuration",
    1605: "the destination cannot be reached from the home server",
    1606: "the destination's answer is too large",
    1607: "the home server's proxy rate limit was reached; try again later",
}
_UNREACHABLE = frozenset({1605})
_INVALID = frozenset({1604, 1606})


class HomeChannel(Protocol):
    """What the proxy needs of the home server's (logged-in) `Channel`."""

    def call(self, method: str, **params: Any) -> Any: ...


class ProxyRefusedError(TransportError):
    """The home server will not proxy this call; `code` is its RPC error code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class ProxyTransport:
    """`Transport` to `destination` (`host[:port]`) through `home`'s proxy."""

    def __init__(self, home: HomeChannel, destination: str) -> None:
        self._home = home
        self._destination = destination.strip().lower()
        self._failures: dict[str, TransportError] = {}

    @property
    def destination(self) -> str:
        return self._destination

    def post(self, url: str, body: bytes) -> bytes:
        answer = self._call("proxy", self._destination, data=bytes(body))
        if not isinstance(answer, bytes):
            raise InvalidResponseError(f"{self._destination} via proxy: answer is not bytes")
        return answer

    def get_json(self, url: str) -> dict[str, Any]:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        first = parts.scheme == "https" and parts.path == FIRST_CONFIG_PATH
        if not first and host in self._failures:
            raise self._failures[host]
        try:
            answer = self._call("proxyDiscover", host)
            return _configuration(answer, host)
        except TransportError as error:
            self._failures[host] = error
            raise

    def _call(self, method: str, destination: str, **params: Any) -> Any:
        try:
            return self._home.call(method, destination=destination, **params)
        except RemoteCallError as error:
            raise _translate(error, destination) from error


def _translate(error: RemoteCallError, destination: str) -> TransportError:
    what = PROXY_CODES.get(error.code, "the home server's proxy failed")
    message = f"{destination} via proxy: {what} ({error.message})"
    if error.code in _UNREACHABLE:
        return UnreachableError(message)
    if error.code in _INVALID:
        return InvalidResponseError(message)
    return ProxyRefusedError(message, error.code)


def _configuration(answer: Any, host: str) -> dict[str, Any]:
    document = answer.get("document") if isinstance(answer, dict) else None
    if not isinstance(document, bytes) or len(document) > _JSON_LIMIT:
        raise InvalidResponseError(f"{host} via proxy: malformed proxyDiscover answer")
    try:
        value = json.loads(document)
    except (UnicodeDecodeError, ValueError):
        raise InvalidResponseError(f"{host} via proxy: configuration is not JSON") from None
    if not isinstance(value, dict):
        raise InvalidResponseError(f"{host} via proxy: configuration is not a JSON object")
    return value
