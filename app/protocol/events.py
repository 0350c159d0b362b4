"""The events exchanged with the sans-IO connections (h11 style): the caller `send`s
events to get bytes, feeds bytes with `receive_data` and reads events with `next_event`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.protocol._keys import ticket_secret


class _Sentinel(type):
    def __repr__(cls) -> str:
        return cls.__name__


class NEED_DATA(metaclass=_Sentinel):  # noqa: N801 - a sentinel, as in h11
    """`next_event` needs more input (or the end of input, `receive_data(b"")`)."""


@dataclass(frozen=True)
class Ticket:
    """A single-use ticket as the client keeps it."""

    ticket_id: bytes
    family_master: bytes = field(repr=False)

    @property
    def secret(self) -> bytes:
        return ticket_secret(self.family_master, self.ticket_id)


# --- client -> server openings ---


@dataclass(frozen=True)
class EcdheHello:
    """Open a full handshake that asks for `ticket_count` tickets."""

    ticket_count: int
    agent: str = "privshare"


@dataclass(frozen=True)
class EcdhefHello:
    """Open a one-pass exchange to a server whose static key is known. Server side:
    `client_random` and `time_ms` are what the client sent (check freshness)."""

    server_key: bytes
    time_ms: int
    agent: str = "privshare"
    client_random: bytes = b""


@dataclass(frozen=True)
class TicketHello:
    """Open an exchange with a ticket. Client side: `ticket` is set. Server side:
    `ticket_id` is what the client sent; call `ServerConnection.resume`."""

    ticket_id: bytes
    ticket: Ticket | None = None


@dataclass(frozen=True)
class EcdheRequest:
    """Server side: a complete `ecdhe` + `ticket_request`; answer with `TicketsIssued`."""

    ticket_count: int


# --- inside an exchange ---


@dataclass(frozen=True)
class HandshakeMessage:
    """A handshake message inside an encrypted exchange (ticket request, logins, logout).
    `raw` is its exact msgpack bytes (for transcripts) on the receiving side."""

    message: dict[str, Any]
    raw: bytes = b""

    @property
    def type(self) -> str:
        return str(self.message["type"])


@dataclass(frozen=True)
class TicketsIssued:
    """A `ticket_response`. Client side, `family_master` is the exchange's master for
    tickets issued by `ecdhe`/`ecdhef`; inside a ticket exchange the caller knows the
    family (the one of the ticket it spent)."""

    tickets: tuple[bytes, ...]
    ttl: int
    family_master: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Request:
    """An RPC call."""

    id: int
    method: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Response:
    """An RPC answer: `error` is None or `{"code": int, "message": str}`."""

    id: int
    result: Any = None
    error: dict[str, Any] | None = None


@dataclass(frozen=True)
class ServerAuthenticated:
    """Client side: the server proved `server_key` in an `ecdhe` reply."""

    server_key: bytes


class EndOfExchange(metaclass=_Sentinel):
    """The whole body was read and everything expected was in it."""


Event = (
    EcdheHello
    | EcdhefHello
    | TicketHello
    | EcdheRequest
    | HandshakeMessage
    | TicketsIssued
    | Request
    | Response
    | ServerAuthenticated
    | type[EndOfExchange]
    | type[NEED_DATA]
)
