"""Reaching a server: discovery, the server-key pin, and a `Channel` to it.

The first contact with a host pins the key its configuration names (DESIGN §5); later,
a different key is refused with `ServerKeyChangedError` until the person accepts it
(as SSH does). Pins live in the vault once there is one; before that (signing in on a
new device) in a `MemoryPins` that is copied into the new vault.

`connect(host, pins, via=home_link)` may go through the home server's PrivMX Proxy
(app/client/proxy.py) as `route` says: "direct" (never), "via-home" (always) or "auto"
(the default: directly, and through the proxy when discovery cannot reach the host);
a connector's `home` link stands in for `via` when none is given (so `whois` and the
sharing services, which take a connector, follow the route too).
The proxied channel is end to end with `host` and pinned exactly like a direct one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from app.client.channel import Channel
from app.client.discovery import DiscoveryCache, ServerConfig, discover
from app.client.errors import ClientError
from app.client.proxy import ProxyTransport
from app.client.transport import HttpTransport, Transport
from app.services.boundary import service_boundary
from app.services.errors import ServerUnreachableError, TamperingDetectedError

__all__ = ["ROUTES", "Connector", "MemoryPins", "Pins", "ServerKeyChangedError", "ServerLink"]

ROUTES = ("direct", "via-home", "auto")


class ServerKeyChangedError(TamperingDetectedError):
    """The server's key differs from the one pinned at first contact."""

    def __init__(self, host: str, pinned: bytes, offered: bytes) -> None:
        super().__init__(
            f"the key of server {host} has CHANGED (pinned {pinned.hex()[:16]}..., now "
            f"{offered.hex()[:16]}...): someone may be impersonating it; accept the new key "
            "only if its operator confirms the change"
        )
        self.host, self.pinned, self.offered = host, pinned, offered


class Pins(Protocol):
    """Where pinned server keys are kept (the vault implements this)."""

    def server_key(self, host: str) -> bytes | None: ...

    def pin_server_key(self, host: str, key: bytes, *, replace: bool = False) -> None: ...


@dataclass
class MemoryPins:
    """Pins held in memory until a vault exists."""

    keys: dict[str, bytes] = field(default_factory=dict)

    def server_key(self, host: str) -> bytes | None:
        return self.keys.get(host)

    def pin_server_key(self, host: str, key: bytes, *, replace: bool = False) -> None:
        if host in self.keys and self.keys[host] != key and not replace:
            raise ServerKeyChangedError(host, self.keys[host], key)
        self.keys[host] = key


@dataclass(frozen=True)
class ServerLink:
    """A discovered server and a channel to it."""

    config: ServerConfig
    channel: Channel


@dataclass
class Connector:
    """Opens channels to servers by host name; one per process is enough."""

    transport: Transport = field(default_factory=HttpTransport)
    allow_http: bool = False
    clock: Callable[[], float] = time.time
    cache: DiscoveryCache = field(default_factory=DiscoveryCache)
    route: str = "auto"  # with a home link: "direct", "via-home" or "auto" (module doc)
    proxied: DiscoveryCache = field(default_factory=DiscoveryCache)
    home: ServerLink | None = None  # the logged-in link used as `via` when none is given

    def __post_init__(self) -> None:
        if self.route not in ROUTES:
            raise ValueError(f"route must be one of {', '.join(ROUTES)}, not {self.route!r}")

    @service_boundary()
    def connect(self, host: str, pins: Pins, via: ServerLink | None = None) -> ServerLink:
        """Discover `host`, check its key against the pin (pinning it at first contact);
        `via` (a logged-in link to one's own server) allows the proxy per `route`."""
        via = via or self.home
        if via is None or self.route == "direct" or via.config.host == host.strip().lower():
            return self._open(host, pins, self.transport, self.cache)
        if self.route == "auto":
            try:
                return self._open(host, pins, self.transport, self.cache)
            except ServerUnreachableError:
                pass
        return self._open(host, pins, ProxyTransport(via.channel, host), self.proxied)

    def _open(
        self, host: str, pins: Pins, transport: Transport, cache: DiscoveryCache
    ) -> ServerLink:
        try:
            config = discover(
                host, transport, allow_http=self.allow_http, now=self.clock(), cache=cache
            )
        except ClientError as error:
            raise ServerUnreachableError(str(error)) from error
        pinned = pins.server_key(config.host)
        if pinned is None:
            pins.pin_server_key(config.host, config.server_key)
        elif pinned != config.server_key:
            raise ServerKeyChangedError(config.host, pinned, config.server_key)
        channel = Channel(transport, config.endpoint, config.server_key, clock=self.clock)
        return ServerLink(config, channel)
