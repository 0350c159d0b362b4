"""In-memory client/server pairs for every opening, and a misbehaving peer with one
switch per test, each asserting the exact error (checklist 31-36)."""

from __future__ import annotations

from hashlib import sha256

import msgpack
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from proto_pairs import det_rand, drain, full_ecdhe, server_ecdhe_response, split_frames

from app.crypto.ecc import PrivateKey
from app.protocol import AlertCode, ClientConnection, ServerConnection, alert_frame
from app.protocol._codec import pack
from app.protocol._frames import ContentType, encode_header
from app.protocol._keys import Transcript, exchange_keys
from app.protocol._messages import parse_point
from app.protocol._records import Direction
from app.protocol.errors import (
    AlertReceived,
    BadRecordMacError,
    DecodeError,
    HandshakeAuthError,
    HandshakeError,
    InvalidPointError,
    LocalProtocolError,
    RenegotiationError,
    ServerKeyMismatchError,
    UnexpectedMessageError,
)
from app.protocol.events import (
    EcdhefHello,
    EcdheHello,
    EndOfExchange,
    HandshakeMessage,
    Request,
    Response,
    ServerAuthenticated,
    Ticket,
    TicketHello,
    TicketsIssued,
)

SERVER = PrivateKey.from_bytes(bytes(31) + b"\x07")
PINNED = SERVER.public_key.to_bytes()


def hkdf(ikm: bytes, salt: bytes, label: bytes, length: int = 32) -> bytes:
    return HKDF(hashes.SHA256(), length, salt, b"privshare/v1/" + label).derive(ikm)


def test_ecdhe_pair_and_key_schedule_against_an_independent_hkdf() -> None:
    client = ClientConnection(server_key=PINNED, randbytes=det_rand(b"client"))
    request = client.send(EcdheHello(2, agent="test"))
    server = ServerConnection(SERVER, randbytes=det_rand(b"server"))
    events = drain(server, request)
    assert [type(e).__name__ for e in events] == ["EcdheRequest"]
    response = server.send(TicketsIssued((b"\x01" * 32, b"\x02" * 32), 900))
    got = drain(client, response)
    assert got[0] == ServerAuthenticated(PINNED)
    assert got[1] == TicketsIssued((b"\x01" * 32, b"\x02" * 32), 900, server.master)
    assert client.master == server.master
    # recompute the master from the wire bytes alone, with another HKDF implementation
    hello, ticket_request = split_frames(request)
    server_hello = split_frames(response)[0]
    transcript = b"".join(
        len(f[8:]).to_bytes(4, "big") + f[8:] for f in (hello, ticket_request, server_hello)
    )
    client_eph = PrivateKey.generate(det_rand(b"client"))
    server_eph = msgpack.unpackb(server_hello[8:])["key"]
    premaster = client_eph.ecdh(parse_point(server_eph))
    th = sha256(transcript).digest()
    assert hkdf(premaster, th, b"tls/master") == server.master


def test_ticket_and_ecdhef_exchanges_carry_rpc_both_ways() -> None:
    issued = full_ecdhe(SERVER, PINNED)
    ticket = Ticket(issued.tickets[0], issued.family_master)
    for opening in (TicketHello(ticket.ticket_id, ticket), EcdhefHello(PINNED, 1_000)):
        client = ClientConnection()
        body = client.send(opening) + client.send(Request(1, "m", {"b": b"\x00"}))
        server = ServerConnection(SERVER)
        server.receive_data(body)
        server.receive_data(b"")
        first = server.next_event()
        if isinstance(first, TicketHello):
            server.resume(ticket.secret)
        else:
            assert first == EcdhefHello(PINNED, 1_000, "privshare", first.client_random)
        assert server.next_event() == Request(1, "m", {"b": b"\x00"})
        assert server.next_event() is EndOfExchange
        assert drain(client, server.send(Response(1, [b"\xff"]))) == [Response(1, [b"\xff"])]


def test_modified_hello_fails_the_signature() -> None:
    client = ClientConnection(server_key=PINNED)
    request = client.send(EcdheHello(2, agent="privshare"))
    tampered = request.replace(b"privshare", b"privsharX")
    with pytest.raises(HandshakeAuthError):
        drain(client, server_ecdhe_response(SERVER, tampered))


def test_modified_ticket_request_fails_the_signature() -> None:
    client = ClientConnection(server_key=PINNED)
    hello, ticket_request = split_frames(client.send(EcdheHello(2)))
    changed = ticket_request[:8] + pack({"type": "ticket_request", "count": 3})
    with pytest.raises(HandshakeError):
        drain(client, server_ecdhe_response(SERVER, hello + changed))


def test_wrong_server_signature() -> None:
    client = ClientConnection(server_key=PINNED)
    request = client.send(EcdheHello(2))
    impostor = PrivateKey.generate()
    response = server_ecdhe_response(impostor, request)
    forged = response.replace(impostor.public_key.to_bytes(), PINNED)
    with pytest.raises(HandshakeAuthError):
        drain(client, forged)


def test_pinned_key_mismatch() -> None:
    other = PrivateKey.generate()
    client = ClientConnection(server_key=PINNED)
    with pytest.raises(ServerKeyMismatchError) as error:
        drain(client, server_ecdhe_response(other, client.send(EcdheHello(2))))
    assert error.value.received == other.public_key.to_bytes()
    with pytest.raises(ServerKeyMismatchError):  # a failed exchange stays failed
        client.next_event()


def test_no_pin_reports_the_key_it_verified() -> None:
    client = ClientConnection(server_key=None)
    events = drain(client, server_ecdhe_response(SERVER, client.send(EcdheHello(2))))
    assert events[0] == ServerAuthenticated(PINNED)


def ticket_body(*events_after) -> tuple[bytes, Ticket]:  # type: ignore[no-untyped-def]
    issued = full_ecdhe(SERVER, PINNED)
    ticket = Ticket(issued.tickets[0], issued.family_master)
    client = ClientConnection()
    body = client.send(TicketHello(ticket.ticket_id, ticket))
    for event in events_after:
        body += client.send(event)
    return body, ticket


def run_server(body: bytes, ticket: Ticket) -> list[object]:
    server = ServerConnection(SERVER)
    server.receive_data(body)
    server.receive_data(b"")
    events = [server.next_event()]
    server.resume(ticket.secret)
    while (event := server.next_event()) is not EndOfExchange:
        events.append(event)
    return events


def test_second_handshake_inside_an_exchange_is_refused() -> None:
    body, ticket = ticket_body(HandshakeMessage({"type": "srp_init", "I": "alice"}))
    writer = _encrypting_twin(body, ticket)  # keeps encrypting after the body
    extra = writer.seal(ContentType.HANDSHAKE, pack({"type": "key_init", "pub": PINNED}))
    with pytest.raises(RenegotiationError):
        run_server(body + extra, ticket)


def test_encrypted_ecdhe_inside_an_exchange_is_refused() -> None:
    body, ticket = ticket_body()
    writer = _encrypting_twin(body, ticket, skip=0)
    hello = {"type": "ecdhe", "key": PINNED, "client_random": bytes(32), "agent": ""}
    with pytest.raises(RenegotiationError):
        run_server(body + writer.seal(ContentType.HANDSHAKE, pack(hello)), ticket)


def _encrypting_twin(body: bytes, ticket: Ticket, skip: int | None = None):  # type: ignore[no-untyped-def]
    """A write direction with the client's keys, advanced past the records in `body`."""
    frames = split_frames(body)
    transcript = Transcript()
    transcript.add(frames[0][8:])
    direction = Direction()
    direction.prepare(exchange_keys(ticket.secret, transcript.digest()).client)
    direction.activate(LocalProtocolError)
    direction._seq = len(frames) - 2 if skip is None else skip
    return direction


def test_client_refuses_a_server_hello_among_replies() -> None:
    issued = full_ecdhe(SERVER, PINNED)
    ticket = Ticket(issued.tickets[0], issued.family_master)
    client = ClientConnection()
    body = client.send(TicketHello(ticket.ticket_id, ticket))
    body += client.send(HandshakeMessage({"type": "ticket_request", "count": 2}))
    server = ServerConnection(SERVER)
    server.receive_data(body)
    server.receive_data(b"")
    server.next_event()
    server.resume(ticket.secret)
    server.next_event()
    hello = {
        "type": "ecdhe",
        "key": PINNED,
        "server_random": bytes(32),
        "server_key": PINNED,
        "signature": bytes(64),
    }
    server._expected = [("handshake", "ecdhe")]
    with pytest.raises(RenegotiationError):
        drain(client, server.send(HandshakeMessage(hello)))


def test_reordered_and_duplicated_requests_fail() -> None:
    body, ticket = ticket_body(*(Request(i, "m", {}) for i in range(3)))
    frames = split_frames(body)
    hello_ccs, records = frames[:2], frames[2:]
    for changed in ([records[1], records[0], records[2]], [records[0], records[0]], records[1:]):
        with pytest.raises(BadRecordMacError):
            run_server(b"".join(hello_ccs + changed), ticket)


def test_reordered_responses_fail_at_the_client() -> None:
    body, ticket = ticket_body(Request(1, "a", {}), Request(2, "b", {}))
    server = ServerConnection(SERVER)
    server.receive_data(body)
    server.receive_data(b"")
    server.next_event()
    server.resume(ticket.secret)
    while server.next_event() is not EndOfExchange:
        pass
    out = server.send(Response(1, "a")) + server.send(Response(2, "b"))
    ccs, first, second = split_frames(out)
    client = ClientConnection()
    client.send(TicketHello(ticket.ticket_id, ticket))
    client.send(Request(1, "a", {}))
    client.send(Request(2, "b", {}))
    with pytest.raises(BadRecordMacError):
        drain(client, ccs + second + first)


def test_dropped_response_is_noticed() -> None:
    _, ticket = ticket_body(Request(1, "a", {}))
    client = ClientConnection()
    client.send(TicketHello(ticket.ticket_id, ticket))
    client.send(Request(1, "a", {}))
    with pytest.raises(UnexpectedMessageError):
        drain(client, encode_header(ContentType.CHANGE_CIPHER_SPEC, 0))


def test_replayed_ecdhe_response_fails_for_a_new_client() -> None:
    first = ClientConnection(server_key=PINNED)
    response = server_ecdhe_response(SERVER, first.send(EcdheHello(2)))
    second = ClientConnection(server_key=PINNED)
    second.send(EcdheHello(2))
    with pytest.raises(HandshakeAuthError):
        drain(second, response)


def test_early_ccs_and_application_data_before_keys() -> None:
    for body in (
        encode_header(ContentType.CHANGE_CIPHER_SPEC, 0),
        encode_header(ContentType.APPLICATION_DATA, 1) + b"x",
    ):
        with pytest.raises(UnexpectedMessageError):
            drain(ServerConnection(SERVER), body)


def test_alert_ends_the_exchange_for_good() -> None:
    client = ClientConnection(server_key=PINNED)
    client.send(EcdheHello(2))
    client.receive_data(alert_frame(AlertCode.UNKNOWN_TICKET, "unknown ticket"))
    with pytest.raises(AlertReceived) as alert:
        client.next_event()
    assert (alert.value.code, alert.value.message) == (5, "unknown ticket")
    with pytest.raises(AlertReceived):
        client.receive_data(b"")
    with pytest.raises(AlertReceived):
        client.send(Request(1, "m", {}))


def test_api_misuse_is_local() -> None:
    client = ClientConnection()
    with pytest.raises(LocalProtocolError):
        client.send(Request(1, "m", {}))  # nothing opened
    client = ClientConnection()
    client.send(EcdheHello(1))
    with pytest.raises(LocalProtocolError):
        client.send(EcdheHello(1))
    server = ServerConnection(SERVER)
    with pytest.raises(LocalProtocolError):
        server.send(Response(1, None))


@pytest.mark.parametrize(
    "message",
    [
        {"type": "ecdhe", "key": PINNED, "client_random": bytes(31), "agent": ""},
        {"type": "ecdhe", "key": PINNED, "client_random": bytes(32)},
        {"type": "ecdhe", "key": PINNED, "client_random": bytes(32), "agent": "", "x": 1},
        {"type": "ecdhe", "key": PINNED, "client_random": "not bytes" * 4, "agent": ""},
        {"type": "nope"},
        [1, 2, 3],
    ],
)
def test_malformed_hello_is_a_decode_error(message: object) -> None:
    payload = msgpack.packb(message, use_bin_type=True)
    with pytest.raises(DecodeError):
        drain(
            ServerConnection(SERVER), encode_header(ContentType.HANDSHAKE, len(payload)) + payload
        )


@pytest.mark.parametrize(
    "key",
    [
        b"",
        bytes(33),
        b"\x04" + bytes(64),
        b"\x02" + bytes(32),
        b"\x05" + PINNED[1:],
        PINNED + b"\0",
        b"\x02" + b"\xff" * 32,
    ],
    ids=["empty", "zeros", "infinity-ish", "x=0", "bad-prefix", "too-long", "x>=p"],
)
def test_bad_points_in_hellos(key: bytes) -> None:
    hello = pack({"type": "ecdhe", "key": key, "client_random": bytes(32), "agent": ""})
    with pytest.raises(InvalidPointError):
        drain(ServerConnection(SERVER), encode_header(ContentType.HANDSHAKE, len(hello)) + hello)
    client = ClientConnection(server_key=PINNED)
    client.send(EcdheHello(2))
    reply = pack(
        {
            "type": "ecdhe",
            "key": key,
            "server_random": bytes(32),
            "server_key": PINNED,
            "signature": bytes(64),
        }
    )
    with pytest.raises(InvalidPointError):
        drain(client, encode_header(ContentType.HANDSHAKE, len(reply)) + reply)
