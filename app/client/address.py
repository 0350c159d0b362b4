"""User and server addresses: `name#host[:port]` (DESIGN §6).

A server is named by its host (a DNS name, an IPv4 address or a bracketed IPv6
address), optionally with a port for local use. Names and hosts are lower-cased.
Parsing errors are `AddressError` (a `ValueError`) and say which part is wrong.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from app.client.errors import ClientError

__all__ = ["Address", "AddressError", "ServerHost", "is_loopback", "parse_address", "parse_host"]

_NAME = re.compile(r"[a-z0-9._-]{1,64}")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_MAX_HOST_LENGTH = 253


class AddressError(ClientError, ValueError):
    """A user or server address is malformed; the message names the faulty part."""


@dataclass(frozen=True)
class ServerHost:
    """A server host with an optional port; `str()` gives `host[:port]`."""

    host: str
    port: int | None = None

    def __str__(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return shown if self.port is None else f"{shown}:{self.port}"


@dataclass(frozen=True)
class Address:
    """A user address `name#host[:port]`."""

    name: str
    server: ServerHost

    def __str__(self) -> str:
        return f"{self.name}#{self.server}"


def parse_address(text: str) -> Address:
    """Parse `name#host[:port]`; raise `AddressError` naming what is wrong."""
    if "#" not in text:
        raise AddressError(f"address {text!r} lacks '#': expected name#host")
    name, _, host = text.strip().partition("#")
    name = name.lower()
    if not name:
        raise AddressError("address has an empty user name before '#'")
    if not _NAME.fullmatch(name):
        raise AddressError(f"user name {name!r} is invalid: use 1-64 characters from a-z 0-9 . _ -")
    return Address(name, parse_host(host))


def parse_host(text: str) -> ServerHost:
    """Parse `host[:port]` (IPv6 in brackets); raise `AddressError` on a bad host or port."""
    text = text.strip().lower()
    if not text:
        raise AddressError("host is empty")
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep:
            raise AddressError(f"host {text!r} has an unclosed '['")
        _check_ipv6(host)
        if rest and not rest.startswith(":"):
            raise AddressError(f"host {text!r} has junk after ']'")
        port_text = rest[1:] if rest else None
    else:
        host, sep, port_text_raw = text.partition(":")
        port_text = port_text_raw if sep else None
        _check_name_or_ipv4(host)
    port = None if port_text is None else _parse_port(port_text)
    return ServerHost(host, port)


def is_loopback(host: str) -> bool:
    """True for `localhost`, 127.0.0.0/8 and ::1 (the hosts where plain http is allowed)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _parse_port(text: str) -> int:
    if not text.isdigit() or len(text) > 5 or not 0 < int(text) <= 65535:
        raise AddressError(f"port {text!r} is invalid: expected a number from 1 to 65535")
    return int(text)


def _check_ipv6(host: str) -> None:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        raise AddressError(f"host [{host}] is not a valid IPv6 address") from None


def _check_name_or_ipv4(host: str) -> None:
    if not host:
        raise AddressError("host is empty")
    if all(part.isdigit() for part in host.split(".")):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise AddressError(f"host {host!r} is not a valid IPv4 address") from None
        return
    labels = host.removesuffix(".").split(".")
    if len(host) > _MAX_HOST_LENGTH or not all(_LABEL.fullmatch(label) for label in labels):
        raise AddressError(f"host {host!r} is not a valid host name")
