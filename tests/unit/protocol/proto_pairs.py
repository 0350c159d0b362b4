"""Helpers for sans-IO tests: deterministic randomness, frame splitting, exchange runners."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable

from app.crypto.ecc import PrivateKey
from app.protocol import ClientConnection, ServerConnection
from app.protocol.events import NEED_DATA, EcdheHello, EndOfExchange, Event, TicketsIssued


def det_rand(seed: bytes) -> Callable[[int], bytes]:
    """A reproducible byte stream (SHA-256 in counter mode) standing in for randomness."""
    counter = itertools.count()

    def randbytes(n: int) -> bytes:
        out = b""
        while len(out) < n:
            out += hashlib.sha256(seed + next(counter).to_bytes(8, "big")).digest()
        return out[:n]

    return randbytes


def split_frames(body: bytes) -> list[bytes]:
    frames = []
    while body:
        length = int.from_bytes(body[2:6], "big")
        frames.append(body[: 8 + length])
        body = body[8 + length :]
    return frames


def drain(conn: ClientConnection | ServerConnection, data: bytes) -> list[Event]:
    conn.receive_data(data)
    conn.receive_data(b"")
    events: list[Event] = []
    while (event := conn.next_event()) is not EndOfExchange:
        assert event is not NEED_DATA
        events.append(event)
    return events


def server_ecdhe_response(server_key: PrivateKey, request: bytes, ids: int = 2) -> bytes:
    server = ServerConnection(server_key)
    drain(server, request)
    tickets = tuple(bytes([i]) * 32 for i in range(1, ids + 1))
    return server.send(TicketsIssued(tickets, 900))


def full_ecdhe(server_key: PrivateKey, pinned: bytes | None = None) -> TicketsIssued:
    """Run an honest ecdhe; return the client's TicketsIssued event."""
    client = ClientConnection(server_key=pinned)
    response = server_ecdhe_response(server_key, client.send(EcdheHello(2)))
    events = drain(client, response)
    issued = events[-1]
    assert isinstance(issued, TicketsIssued)
    return issued
