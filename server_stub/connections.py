"""Connection limits below aiohttp: no half-sent request holds a connection for long,
and no client holds too many (slowloris).

aiohttp bounds header sizes but not the time a client takes to send them, and keeps a
connection as long as bytes trickle in. `GuardedProtocols` wraps aiohttp's protocol
factory (`web.Server`):

- **connection cap**: at most `max_connections` open connections, and `max_per_address`
  from one client address (a trusted reverse proxy is exempt: its connections carry
  many clients); one more is closed at once, before a byte is read;
- **header timeout**: a request's header block (from a new connection, or the first
  byte of the next request on a kept-alive one, to the blank line) must arrive within
  `header_timeout` seconds, else the client gets `408` and the connection is closed;
- idle kept-alive connections close after `keepalive_timeout` (aiohttp's setting).

The body has its own deadline in web.py (`body_deadline`): `body_timeout` seconds plus
the time the declared length takes at `min_body_rate` bytes per second.
Defaults below; `PRIVSHARE_HTTP_*` variables override them (server_stub/README.md).
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from server_stub.limits import check_positive, environ_overrides

__all__ = ["ENV_NAMES", "ConnectionLimits", "GuardedProtocols"]

_TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: text/plain\r\n"
    b"Content-Length: 16\r\n\r\nrequest timeout\n"
)


@dataclass(frozen=True)
class ConnectionLimits:
    header_timeout: int = 20
    body_timeout: int = 30
    min_body_rate: int = 16 * 1024
    keepalive_timeout: int = 75
    max_connections: int = 1024
    max_per_address: int = 64

    def __post_init__(self) -> None:
        check_positive(self, "connection")

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ConnectionLimits:
        return replace(cls(), **environ_overrides(environ, ENV_NAMES))


ENV_NAMES: dict[str, str] = {
    "header_timeout": "PRIVSHARE_HTTP_HEADER_TIMEOUT",
    "body_timeout": "PRIVSHARE_HTTP_BODY_TIMEOUT",
    "min_body_rate": "PRIVSHARE_HTTP_MIN_BODY_RATE",
    "keepalive_timeout": "PRIVSHARE_HTTP_KEEPALIVE_TIMEOUT",
    "max_connections": "PRIVSHARE_HTTP_MAX_CONNECTIONS",
    "max_per_address": "PRIVSHARE_HTTP_MAX_PER_ADDRESS",
}

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class GuardedProtocols:
    """A protocol factory for `loop.create_server`: each connection's aiohttp protocol,
    behind the cap and the header timeout."""

    def __init__(
        self,
        inner: Callable[[], asyncio.Protocol],
        limits: ConnectionLimits,
        trusted: Sequence[IpNetwork] = (),
    ) -> None:
        self._inner = inner
        self.limits = limits
        self._trusted = tuple(trusted)
        self._open = 0
        self._per_address: dict[str, int] = {}

    def __call__(self) -> asyncio.Protocol:
        return _Guarded(self, self._inner())

    def admit(self, address: str) -> bool:
        counted = not self._is_trusted(address)
        if self._open >= self.limits.max_connections or (
            counted and self._per_address.get(address, 0) >= self.limits.max_per_address
        ):
            return False
        self._open += 1
        if counted:
            self._per_address[address] = self._per_address.get(address, 0) + 1
        return True

    def release(self, address: str) -> None:
        self._open -= 1
        left = self._per_address.get(address, 0) - 1
        if left > 0:
            self._per_address[address] = left
        else:
            self._per_address.pop(address, None)

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self._trusted)


class _Guarded(asyncio.Protocol):
    """One connection: counts against the caps and times the header block of each
    request. States: HEADERS (timer running: a new connection, or the first byte of a
    request arrived) -> BODY (blank line seen) -> IDLE (the handler wrote its response;
    aiohttp's keep-alive timeout governs) -> HEADERS at the next byte."""

    HEADERS, BODY, IDLE = "headers", "body", "idle"

    def __init__(self, guard: GuardedProtocols, inner: asyncio.Protocol) -> None:
        self._guard = guard
        self._inner = inner
        self._transport: asyncio.Transport | None = None
        self._address = ""
        self._timer: asyncio.TimerHandle | None = None
        self._state = self.HEADERS
        self._tail = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        if not self._guard.admit(address):
            transport.abort()
            return
        self._transport, self._address = transport, address
        self._arm()
        self._inner.connection_made(_WatchedTransport(transport, self._responded))

    def data_received(self, data: bytes) -> None:
        if self._transport is None:
            return
        if self._state == self.IDLE:
            self._state, self._tail = self.HEADERS, b""
            self._arm()
        if self._state == self.HEADERS:
            window = self._tail + data
            if b"\r\n\r\n" in window:
                self._state = self.BODY
                self._disarm()
            else:
                self._tail = window[-3:]
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received() if self._transport is not None else None

    def connection_lost(self, exc: Exception | None) -> None:
        if self._transport is None:
            return
        self._disarm()
        self._guard.release(self._address)
        self._transport = None
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    def _responded(self) -> None:
        if self._state == self.BODY:
            self._state = self.IDLE

    def _arm(self) -> None:
        self._disarm()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self._guard.limits.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _too_slow(self) -> None:
        self._timer = None
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(_TIMEOUT_ANSWER)
            self._transport.close()


class _WatchedTransport(asyncio.Transport):
    """The transport as aiohttp's protocol sees it: every call goes through; a write
    tells the guard a response is on its way."""

    def __init__(self, inner: asyncio.Transport, on_write: Callable[[], None]) -> None:
        super().__init__()
        self._inner = inner
        self._on_write = on_write

    def write(self, data: Any) -> None:
        self._on_write()
        self._inner.write(data)

    def writelines(self, list_of_data: Any) -> None:
        self._on_write()
        self._inner.writelines(list_of_data)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._inner.get_extra_info(name, default)

    def is_closing(self) -> bool:
        return self._inner.is_closing()

    def close(self) -> None:
        self._inner.close()

    def abort(self) -> None:
        self._inner.abort()

    def is_reading(self) -> bool:
        return self._inner.is_reading()

    def pause_reading(self) -> None:
        self._inner.pause_reading()

    def resume_reading(self) -> None:
        self._inner.resume_reading()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._inner.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._inner.get_protocol()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._inner.set_write_buffer_limits(high, low)

    def get_write_buffer_size(self) -> int:
        return self._inner.get_write_buffer_size()

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._inner.get_write_buffer_limits()

    def can_write_eof(self) -> bool:
        return self._inner.can_write_eof()

    def write_eof(self) -> None:
        self._inner.write_eof()
