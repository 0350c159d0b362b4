"""Attachments (SPEC §5.1): large bin values travel as their own AEAD records before the
RPC message that refers to them. Checked against an independent HKDF + AES-GCM, both
directions, in order, and every way a record or placeholder can be wrong."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import msgpack
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from proto_pairs import drain, full_ecdhe, split_frames
from protocol_fakes import EndpointTransport, make_world

from app.client.channel import Channel
from app.client.errors import RemoteCallError
from app.crypto.ecc import PrivateKey
from app.protocol import ClientConnection, ServerConnection
from app.protocol._codec import ATTACHMENT_MIN, MAX_ATTACHMENTS, pack
from app.protocol._frames import ContentType, FrameReader, encode_header
from app.protocol._keys import Transcript, exchange_keys
from app.protocol._records import Direction
from app.protocol.errors import (
    BadRecordMacError,
    DecodeError,
    EncodeError,
    LocalProtocolError,
    UnexpectedMessageError,
)
from app.protocol.events import EndOfExchange, Request, Response, Ticket, TicketHello

SERVER = PrivateKey.from_bytes(bytes(31) + b"\x09")
BIG = os.urandom(3 * ATTACHMENT_MIN + 5)
ATTACHMENT, APPLICATION_DATA = 25, 23


def fresh_ticket() -> Ticket:
    issued = full_ecdhe(SERVER)
    return Ticket(issued.tickets[0], issued.family_master)


def hkdf(ikm: bytes, salt: bytes, label: bytes, length: int = 32) -> bytes:
    return HKDF(hashes.SHA256(), length, salt, b"privshare/v1/" + label).derive(ikm)


def independent_keys(ticket: Ticket, hello_payload: bytes, side: bytes) -> tuple[bytes, bytes]:
    """(key, iv) of one direction of a ticket exchange, from the SPEC alone."""
    th = hashlib.sha256(len(hello_payload).to_bytes(4, "big") + hello_payload).digest()
    secret = hkdf(ticket.family_master, b"", b"tls/ticket" + ticket.ticket_id)
    master = hkdf(secret, th, b"tls/master")
    return hkdf(master, th, b"tls/" + side + b"-key"), hkdf(master, th, b"tls/" + side + b"-iv", 12)


def ticket_request_body(*events: Any) -> tuple[bytes, Ticket]:
    body, ticket, _ = client_and_body(*events)
    return body, ticket


def client_and_body(*events: Any) -> tuple[bytes, Ticket, ClientConnection]:
    ticket = fresh_ticket()
    client = ClientConnection()
    return client.send_all((TicketHello(ticket.ticket_id, ticket), *events)), ticket, client


def serve(body: bytes, ticket: Ticket) -> tuple[ServerConnection, list[Any]]:
    server = ServerConnection(SERVER)
    server.receive_data(body)
    server.receive_data(b"")
    events = [server.next_event()]
    server.resume(ticket.secret)
    while (event := server.next_event()) is not EndOfExchange:
        events.append(event)
    return server, events


def open_independently(frames: list[bytes], key: bytes, iv: bytes) -> list[tuple[int, bytes]]:
    out = []
    for seq, frame in enumerate(frames):
        nonce = (int.from_bytes(iv, "big") ^ seq).to_bytes(12, "big")
        out.append((frame[1], AESGCM(key).decrypt(nonce, frame[8:], frame[:8])))
    return out


def test_large_params_are_attachments_on_the_wire() -> None:
    params = {"data": BIG, "small": b"s" * (ATTACHMENT_MIN - 1), "n": 7}
    body, ticket = ticket_request_body(Request(5, "put", params))
    hello, ccs, *records = split_frames(body)
    assert ccs == encode_header(ContentType.CHANGE_CIPHER_SPEC, 0)
    key, iv = independent_keys(ticket, hello[8:], b"client")
    opened = open_independently(records, key, iv)
    assert [kind for kind, _ in opened] == [ATTACHMENT, APPLICATION_DATA]
    assert opened[0][1] == BIG
    envelope = msgpack.unpackb(opened[1][1])
    placeholder = msgpack.ExtType(1, len(BIG).to_bytes(4, "big"))
    assert envelope == {"id": 5, "method": "put", "params": {**params, "data": placeholder}}
    _, events = serve(body, ticket)
    assert events[1] == Request(5, "put", params)
    assert type(events[1].params["data"]) is bytes


def test_attachments_keep_their_order_at_every_level_and_any_buffer_type() -> None:
    values = [os.urandom(ATTACHMENT_MIN + i) for i in range(4)]
    params = {
        "a": values[0],
        "nested": {"b": bytearray(values[1])},
        "list": [memoryview(values[2]), values[3]],
    }
    body, ticket = ticket_request_body(Request(1, "m", params))
    hello, _, *records = split_frames(body)
    opened = open_independently(records, *independent_keys(ticket, hello[8:], b"client"))
    assert [plain for _, plain in opened[:-1]] == values
    _, events = serve(body, ticket)
    expected = {"a": values[0], "nested": {"b": values[1]}, "list": [values[2], values[3]]}
    assert events[1].params == expected


def test_large_results_travel_back_as_attachments() -> None:
    body, ticket, client = client_and_body(
        Request(1, "a", {}), Request(2, "b", {}), Request(3, "c", {})
    )
    server, _ = serve(body, ticket)
    out = server.send_all(
        [Response(1, BIG), Response(2, {"chunk": bytearray(BIG), "n": 1}), Response(3, b"x")]
    )
    _, *records = split_frames(out)
    key, iv = independent_keys(ticket, split_frames(body)[0][8:], b"server")
    kinds = [kind for kind, _ in open_independently(records, key, iv)]
    assert kinds == [ATTACHMENT, APPLICATION_DATA, ATTACHMENT, APPLICATION_DATA, APPLICATION_DATA]
    assert drain(client, out) == [
        Response(1, BIG),
        Response(2, {"chunk": BIG, "n": 1}),
        Response(3, b"x"),
    ]


def test_send_parts_does_not_copy_a_large_value() -> None:
    ticket = fresh_ticket()
    client = ClientConnection()
    client.send(TicketHello(ticket.ticket_id, ticket))
    parts = client.send_parts(Request(1, "m", {"data": BIG}))
    assert [len(p) for p in parts] == [8, len(BIG) + 16, 8, len(parts[3])]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r: [r[1], r[0], r[2]],  # two attachments swapped
        lambda r: [r[1], r[2]],  # an attachment dropped
        lambda r: [r[0], r[0], r[1], r[2]],  # an attachment replayed
        lambda r: [r[0][:20] + bytes([r[0][20] ^ 1]) + r[0][21:], r[1], r[2]],  # bit flipped
        lambda r: [bytes([1, APPLICATION_DATA]) + r[0][2:], r[1], r[2]],  # type in the AAD
        lambda r: [r[0], r[1][:-1] + bytes([r[1][-1] ^ 0x80]), r[2]],  # tag changed
    ],
    ids=["swapped", "dropped", "replayed", "ciphertext", "type", "tag"],
)
def test_tampered_attachment_records_fail(tamper) -> None:  # type: ignore[no-untyped-def]
    body, ticket = ticket_request_body(Request(1, "m", {"a": BIG, "b": BIG[::-1]}))
    hello, ccs, *records = split_frames(body)
    assert len(records) == 3
    with pytest.raises(BadRecordMacError):
        serve(b"".join([hello, ccs, *tamper(records)]), ticket)


def authentic_body(*records: tuple[ContentType, bytes]) -> tuple[bytes, Ticket]:
    """A body whose records all open (the client's real keys) but say what we choose."""
    body, ticket = ticket_request_body()
    hello = split_frames(body)[0]
    transcript = Transcript()
    transcript.add(hello[8:])
    writer = Direction()
    writer.prepare(exchange_keys(ticket.secret, transcript.digest()).client)
    writer.activate(LocalProtocolError)
    return body + b"".join(writer.seal(kind, payload) for kind, payload in records), ticket


def envelope(params: dict[str, Any]) -> tuple[ContentType, bytes]:
    return ContentType.APPLICATION_DATA, pack({"id": 1, "method": "m", "params": params})


def ref(length: int, code: int = 1) -> msgpack.ExtType:
    return msgpack.ExtType(code, length.to_bytes(4, "big"))


A = (ContentType.ATTACHMENT, b"abc")


@pytest.mark.parametrize(
    ("records", "error"),
    [
        ([A, envelope({"x": 1})], DecodeError),  # no placeholder refers to it
        ([A, envelope({"x": ref(4)})], DecodeError),  # another length than announced
        ([envelope({"x": ref(3)})], DecodeError),  # a placeholder without its attachment
        ([A, envelope({"x": ref(3), "y": ref(3)})], DecodeError),  # one attachment, two refs
        ([A, envelope({"x": ref(3, code=2)})], DecodeError),  # an unknown extension
        ([A], UnexpectedMessageError),  # the body ends after an attachment
        ([A, (ContentType.HANDSHAKE, pack({"type": "logout"}))], UnexpectedMessageError),
        ([A] * (MAX_ATTACHMENTS + 1) + [envelope({})], DecodeError),  # too many
    ],
    ids=["unused", "length", "missing", "reused", "ext-code", "dangling", "handshake", "many"],
)
def test_authentic_but_malformed_attachments_are_refused(records, error) -> None:  # type: ignore[no-untyped-def]
    body, ticket = authentic_body(*records)
    with pytest.raises(error):
        serve(body, ticket)


def test_attachments_work_when_exactly_right() -> None:
    body, ticket = authentic_body(
        A, (ContentType.ATTACHMENT, b""), envelope({"x": [ref(3), ref(0)]})
    )
    assert serve(body, ticket)[1][1] == Request(1, "m", {"x": [b"abc", b""]})


def test_an_attachment_reference_in_a_handshake_message_is_refused() -> None:
    message = pack({"type": "srp_init", "I": ref(3)})
    body, ticket = authentic_body((ContentType.HANDSHAKE, message))
    with pytest.raises(DecodeError):
        serve(body, ticket)


def test_client_refuses_a_response_that_ends_after_an_attachment() -> None:
    body, ticket, client = client_and_body(Request(1, "m", {}))
    server, _ = serve(body, ticket)
    ccs, attachment, _ = split_frames(server.send(Response(1, BIG)))
    with pytest.raises(UnexpectedMessageError):
        drain(client, ccs + attachment)


def test_plain_directions_neither_seal_nor_open_attachments() -> None:
    with pytest.raises(LocalProtocolError):
        Direction().seal(ContentType.ATTACHMENT, b"x")
    reader = FrameReader()
    reader.feed(encode_header(ContentType.ATTACHMENT, 1) + b"x")
    frame = reader.next_frame()
    assert frame is not None
    with pytest.raises(UnexpectedMessageError):
        Direction().open(frame)


def test_a_value_msgpack_cannot_carry_leaves_the_exchange_usable() -> None:
    ticket = fresh_ticket()
    client = ClientConnection()
    client.send(TicketHello(ticket.ticket_id, ticket))
    with pytest.raises(EncodeError):
        client.send(Request(1, "m", {"bad": object()}))
    body = client.send(Request(2, "m", {"ok": 1}))
    assert body
    request_body, ticket = ticket_request_body(Request(1, "m", {}))
    server, _ = serve(request_body, ticket)
    with pytest.raises(EncodeError):
        server.send(Response(1, {1, 2}))
    assert server.send(Response(1, error={"code": 1, "message": "no"}))


def test_a_large_frame_fed_in_small_pieces_is_joined_once() -> None:
    data = encode_header(ContentType.ALERT, len(BIG)) + BIG + encode_header(ContentType.ALERT, 2)
    reader = FrameReader(len(BIG))
    pieces = [data[i : i + 1000] for i in range(0, len(data), 1000)] + [b"ok"]
    payloads = []
    for piece in pieces:
        reader.feed(piece)
        while (frame := reader.next_frame()) is not None:
            payloads.append(bytes(frame.payload))
    reader.feed(b"")
    assert payloads == [BIG, b"ok"] and reader.at_end


def test_channel_round_trips_large_values_and_survives_an_unencodable_result() -> None:
    world = make_world()
    transport = EndpointTransport(world)
    channel = Channel(transport, "http://server/privmx/api/v1", None, clock=lambda: world.clock[0])
    big = os.urandom(1024 * 1024)
    assert channel.call("echo", data=big, other=BIG) == {"data": big, "other": BIG}
    assert len(split_frames(transport.requests[-1])) == 5  # hello, CCS, 2 attachments, call
    with pytest.raises(RemoteCallError) as failed:
        channel.call("unencodable")
    assert (failed.value.code, failed.value.message) == (-32603, "internal error")
    assert [type(e) for e in world.errors] == [EncodeError]
    assert channel.call("echo", n=1) == {"n": 1}
