"""Hypothesis: random bytes and random event sequences only ever raise ProtocolError
subclasses (or, at the Endpoint, return ALERT frames) — never anything else, never hang."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import msgpack
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "protocol"))
from proto_pairs import full_ecdhe
from protocol_fakes import make_world

from app.crypto.ecc import PrivateKey
from app.protocol import ClientConnection, ProtocolError, ServerConnection
from app.protocol._frames import ContentType, encode_header
from app.protocol.events import (
    NEED_DATA,
    EcdhefHello,
    EcdheHello,
    EndOfExchange,
    HandshakeMessage,
    Request,
    Response,
    Ticket,
    TicketHello,
    TicketsIssued,
)

SERVER = PrivateKey.from_bytes(bytes(31) + b"\x0b")
ISSUED = full_ecdhe(SERVER)
TICKET = Ticket(ISSUED.tickets[0], ISSUED.family_master)
WORLD = make_world()
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

frames = st.builds(
    lambda kind, payload: encode_header(kind, len(payload)) + payload,
    st.sampled_from(list(ContentType)),
    st.one_of(
        st.binary(max_size=64),
        st.dictionaries(
            st.sampled_from(["type", "key", "count", "ticket_id"]),
            st.one_of(
                st.binary(max_size=40),
                st.integers(-(2**63), 2**64 - 1),
                st.sampled_from(["ecdhe", "ticket", "ticket_request", "logout"]),
            ),
            max_size=4,
        ).map(lambda d: msgpack.packb(d, use_bin_type=True)),
    ),
)
bodies = st.one_of(st.binary(max_size=300), st.lists(frames, max_size=5).map(b"".join))


def run_to_end(conn: ClientConnection | ServerConnection, data: bytes, chunk: int) -> None:
    for i in range(0, len(data), chunk):
        conn.receive_data(data[i : i + chunk])
    conn.receive_data(b"")
    for _ in range(100):  # every frame yields an event or an error: never a loop
        event = conn.next_event()
        assert event is not NEED_DATA
        if event is EndOfExchange:
            return
        if isinstance(conn, ServerConnection) and isinstance(event, TicketHello):
            conn.resume(TICKET.secret)
    raise AssertionError("no end of exchange after 100 events")


@FAST
@given(bodies, st.integers(1, 50))
def test_server_connection_raises_only_protocol_errors(body: bytes, chunk: int) -> None:
    try:
        run_to_end(ServerConnection(SERVER), body, chunk)
    except ProtocolError:
        pass


@FAST
@given(bodies, st.sampled_from(["ecdhe", "ticket"]))
def test_client_connection_raises_only_protocol_errors(body: bytes, opening: str) -> None:
    client = ClientConnection()
    if opening == "ecdhe":
        client.send(EcdheHello(2))
    else:
        client.send(TicketHello(TICKET.ticket_id, TICKET))
        client.send(Request(1, "m", {}))
    try:
        run_to_end(client, body, 7)
    except ProtocolError:
        pass


@FAST
@given(bodies)
def test_endpoint_always_answers_with_frames(body: bytes) -> None:
    status, response = asyncio.run(WORLD.endpoint.handle(body, peer="x", now=1.0e9))
    assert status == 200
    assert response[:2] in (bytes([1, 21]),)
    assert WORLD.errors == []


client_events = st.lists(
    st.one_of(
        st.builds(EcdheHello, st.integers(-5, 100)),
        st.just(TicketHello(TICKET.ticket_id, TICKET)),
        st.builds(
            EcdhefHello,
            st.sampled_from([SERVER.public_key.to_bytes(), b"bad"]),
            st.integers(0, 2**40),
        ),
        st.builds(
            HandshakeMessage,
            st.sampled_from(
                [{"type": "logout"}, {"type": "ecdhe"}, {"type": "srp_init", "I": "a"}]
            ),
        ),
        st.builds(Request, st.integers(0, 5), st.sampled_from(["a", "b"]), st.just({})),
        st.builds(Response, st.integers(0, 5)),
        st.just(TicketsIssued((b"\x01" * 32,), 5)),
    ),
    max_size=6,
)


@FAST
@given(client_events, st.binary(max_size=40))
def test_random_event_sequences(events: list[object], reply: bytes) -> None:
    for conn in (ClientConnection(), ServerConnection(SERVER)):
        try:
            for event in events:
                conn.send(event)  # type: ignore[arg-type]
            run_to_end(conn, reply, 5)
        except ProtocolError:
            pass


ATTACHMENT_SIZES = st.sampled_from([0, 1, 65535, 65536, 65537, 200_000])
params_with_blobs = st.dictionaries(
    st.sampled_from(["a", "b", "c"]),
    st.one_of(
        ATTACHMENT_SIZES.map(bytes),
        st.lists(ATTACHMENT_SIZES.map(lambda n: b"\x07" * n), max_size=3),
        st.dictionaries(st.just("inner"), ATTACHMENT_SIZES.map(lambda n: b"\x09" * n)),
        st.integers(0, 9),
    ),
    max_size=3,
)


@settings(max_examples=40, deadline=None)
@given(params_with_blobs, params_with_blobs, st.integers(1, 4096))
def test_values_with_attachments_round_trip_both_ways(
    params: dict[str, object], result: dict[str, object], chunk: int
) -> None:
    client = ClientConnection()
    body = client.send_all((TicketHello(TICKET.ticket_id, TICKET), Request(1, "m", params)))
    server = ServerConnection(SERVER)
    for i in range(0, len(body), chunk * 64):
        server.receive_data(body[i : i + chunk * 64])
    server.receive_data(b"")
    server.next_event()
    server.resume(TICKET.secret)
    assert server.next_event() == Request(1, "m", params)
    assert server.next_event() is EndOfExchange
    client.receive_data(server.send(Response(1, result)))
    client.receive_data(b"")
    assert client.next_event() == Response(1, result)
    assert client.next_event() is EndOfExchange


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**31), st.integers(1, 255))
def test_any_changed_byte_of_an_attachment_body_is_refused(position: int, flip: int) -> None:
    client = ClientConnection()
    params = {"data": bytes(70_000)}
    body = bytearray(
        client.send_all((TicketHello(TICKET.ticket_id, TICKET), Request(1, "m", params)))
    )
    start = int.from_bytes(body[2:6], "big") + 16  # after the hello and the CCS
    body[start + position % (len(body) - start)] ^= flip
    server = ServerConnection(SERVER)
    try:
        run_to_end(server, bytes(body), len(body))
    except ProtocolError:
        return
    raise AssertionError("a changed byte went unnoticed")
