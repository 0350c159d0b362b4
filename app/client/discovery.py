"""Service discovery: from a host to its PrivMX endpoint and server key (DESIGN §6).

For a host, `discover` GETs these paths in order, each over https and then (when the
caller allows it) over http; on a loopback host each over http and then https:

    /privmx/privmx-configuration.json
    /.well-known/privmx-configuration.json
    /privmx-configuration.json

The first answer that is a JSON object wins and is validated strictly:

    {"defaultEndpoint": "https://host/privmx/api/v1",   absolute http(s) URL
     "ttl": 600,                                         seconds, 0..604800 (0: do not cache)
     "serverKey": "02ab...",                             hex of the 33-byte compressed key
     "version": 1}                                       must be 1
    or {"redirect": "other.host[:port]", "ttl": ...}     discovery restarts there (<= 5 hops)

Loopback hosts try http first because there an https attempt that fails costs about
0.05 s of CPU per command (a TLS context and a failed handshake) and protects nothing:
whoever can answer on the loopback port can refuse TLS and get the http fallback anyway,
and the channel checks the server's key (pinned at first contact) whatever carried the
configuration.

Unknown keys are ignored (room for later versions). A `DiscoveryCache` keeps answers per
host for their ttl. Errors (all `DiscoveryError`): `HostUnknownError` (no path could be
reached because the host does not resolve or accepts no connection),
`ConfigurationNotFoundError` (reachable, but no path gave a JSON object),
`InvalidConfigurationError` (an answer was found but is wrong; the message says how),
`RedirectLoopError` (more than 5 redirects or a loop).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from app.client.address import AddressError, ServerHost, is_loopback, parse_host
from app.client.errors import ClientError
from app.client.transport import (
    ProxyFailedError,
    Transport,
    TransportError,
    UnreachableError,
)

__all__ = [
    "CONFIG_PATHS",
    "MAX_REDIRECTS",
    "ConfigurationNotFoundError",
    "DiscoveryCache",
    "DiscoveryError",
    "HostUnknownError",
    "InvalidConfigurationError",
    "RedirectLoopError",
    "ServerConfig",
    "discover",
]

CONFIG_PATHS = (
    "/privmx/privmx-configuration.json",
    "/.well-known/privmx-configuration.json",
    "/privmx-configuration.json",
)
MAX_REDIRECTS = 5
MAX_TTL = 7 * 24 * 3600
PROTOCOL_VERSION = 1
_SERVER_KEY_HEX_LENGTH = 66


class DiscoveryError(ClientError):
    """Service discovery failed; the message says for which host and why."""


class HostUnknownError(DiscoveryError):
    """The host could not be reached at all (unknown name, or no server listening)."""


class ConfigurationNotFoundError(DiscoveryError):
    """The host answered, but none of the configuration paths held a configuration."""


class InvalidConfigurationError(DiscoveryError):
    """The host served a PrivMX configuration that is malformed or not allowed."""


class RedirectLoopError(DiscoveryError):
    """Redirects went on for more than `MAX_REDIRECTS` hops or came back to a host."""


@dataclass(frozen=True)
class ServerConfig:
    """A validated configuration: where to POST frames and which key to expect."""

    host: str
    endpoint: str
    server_key: bytes
    ttl: int
    version: int
    source_url: str


@dataclass
class DiscoveryCache:
    """Per-host answers, each kept until `now >= expiry` (the answer's ttl)."""

    entries: dict[str, tuple[float, ServerConfig]] = field(default_factory=dict)

    def get(self, host: str, now: float) -> ServerConfig | None:
        entry = self.entries.get(host)
        if entry is None or now >= entry[0]:
            self.entries.pop(host, None)
            return None
        return entry[1]

    def put(self, host: str, config: ServerConfig, now: float) -> None:
        if config.ttl > 0:
            self.entries[host] = (now + config.ttl, config)


def discover(
    host: str,
    transport: Transport,
    *,
    allow_http: bool = False,
    now: float | None = None,
    cache: DiscoveryCache | None = None,
) -> ServerConfig:
    """Find the configuration of `host` (`host[:port]`), following redirects."""
    moment = time.time() if now is None else now
    visited: list[str] = []
    current = _host_or_error(host)
    while True:
        key = str(current)
        cached = cache.get(key, moment) if cache is not None else None
        if cached is not None:
            return cached
        if key in visited:
            raise RedirectLoopError(f"discovery redirects loop back to {key}")
        visited.append(key)
        if len(visited) > MAX_REDIRECTS + 1:
            raise RedirectLoopError(f"discovery for {host} was redirected more than 5 times")
        document, url = _fetch(current, transport, allow_http)
        redirect = _redirect_target(document, url)
        if redirect is None:
            config = _validate(document, current, url, allow_http)
            if cache is not None:
                for seen in visited:
                    cache.put(seen, config, moment)
            return config
        current = redirect


def _host_or_error(text: str) -> ServerHost:
    try:
        return parse_host(text)
    except AddressError as exc:
        raise HostUnknownError(f"cannot discover {text!r}: {exc}") from None


def _candidate_urls(host: ServerHost, allow_http: bool) -> list[str]:
    if is_loopback(host.host):
        schemes = ["http", "https"]  # why: the module doc
    else:
        schemes = ["https", "http"] if allow_http else ["https"]
    return [f"{scheme}://{host}{path}" for path in CONFIG_PATHS for scheme in schemes]


def _fetch(host: ServerHost, transport: Transport, allow_http: bool) -> tuple[dict[str, Any], str]:
    reached = False
    failures: list[TransportError] = []
    for url in _candidate_urls(host, allow_http):
        try:
            return transport.get_json(url), url
        except UnreachableError as exc:
            failures.append(exc)
        except TransportError as exc:
            reached = True
            failures.append(exc)
    proxy_failure = next((f for f in failures if isinstance(f, ProxyFailedError)), None)
    if proxy_failure is not None:  # the proxy is the problem, whatever else answered
        raise HostUnknownError(f"host {host} could not be reached: {proxy_failure}")
    if not reached:
        raise HostUnknownError(
            f"host {host} is unknown or unreachable ({_first_per_scheme(failures)})"
        )
    raise ConfigurationNotFoundError(
        f"no PrivMX configuration found at {host} (tried {len(failures)} URLs; last: "
        f"{failures[-1]})"
    )


def _first_per_scheme(failures: list[TransportError]) -> str:
    """The first failure of each scheme tried, each quoting its URL (in the order tried)."""
    shown: dict[str, str] = {}
    for failure in failures:
        shown.setdefault(str(failure).split(":", 1)[0], str(failure))
    return "; ".join(shown.values())


def _redirect_target(document: dict[str, Any], url: str) -> ServerHost | None:
    if "redirect" not in document:
        return None
    target = document["redirect"]
    if not isinstance(target, str):
        raise InvalidConfigurationError(f"{url}: 'redirect' must be a host string")
    try:
        return parse_host(target)
    except AddressError as exc:
        raise InvalidConfigurationError(f"{url}: bad 'redirect': {exc}") from None


def _validate(
    document: dict[str, Any], host: ServerHost, url: str, allow_http: bool
) -> ServerConfig:
    version = _field(document, "version", int, url)
    if version != PROTOCOL_VERSION:
        raise InvalidConfigurationError(f"{url}: unsupported version {version} (expected 1)")
    ttl = _field(document, "ttl", int, url)
    if not 0 <= ttl <= MAX_TTL:
        raise InvalidConfigurationError(f"{url}: 'ttl' {ttl} is outside 0..{MAX_TTL}")
    endpoint = _endpoint(_field(document, "defaultEndpoint", str, url), url, allow_http)
    server_key = _server_key(_field(document, "serverKey", str, url), url)
    return ServerConfig(str(host), endpoint, server_key, ttl, version, url)


def _field(document: dict[str, Any], name: str, kind: type, url: str) -> Any:
    if name not in document:
        raise InvalidConfigurationError(f"{url}: '{name}' is missing")
    value = document[name]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InvalidConfigurationError(f"{url}: '{name}' must be a {kind.__name__}")
    return value


def _endpoint(value: str, url: str, allow_http: bool) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidConfigurationError(f"{url}: 'defaultEndpoint' is not an http(s) URL")
    if parts.username or parts.password or parts.fragment:
        raise InvalidConfigurationError(f"{url}: 'defaultEndpoint' has credentials or fragment")
    if parts.scheme == "http" and not (allow_http or is_loopback(parts.hostname)):
        raise InvalidConfigurationError(
            f"{url}: 'defaultEndpoint' uses plain http for a non-loopback host"
        )
    return value


def _server_key(value: str, url: str) -> bytes:
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = b""
    if len(value) != _SERVER_KEY_HEX_LENGTH or key[:1] not in (b"\x02", b"\x03"):
        raise InvalidConfigurationError(
            f"{url}: 'serverKey' must be the hex of a 33-byte compressed public key"
        )
    return key
