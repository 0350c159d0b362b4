"""The server side of one PrivMX TLS exchange (one HTTP request and its response).

    conn = ServerConnection(static_key)
    conn.receive_data(body); conn.receive_data(b"")
    event = conn.next_event()          # EcdheRequest | TicketHello | EcdhefHello | ...
    # TicketHello: look the ticket up, then conn.resume(ticket_secret)
    # HandshakeMessage / Request: collect; at EndOfExchange answer with conn.send(...)

No I/O, no clock, no storage: the caller (server_stub.endpoint) owns those.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from app.crypto.ecc import PrivateKey
from app.protocol import _states as st
from app.protocol._codec import pack, pack_lifting
from app.protocol._connection import ConnectionBase
from app.protocol._frames import DEFAULT_MAX_FRAME_SIZE, Buffer, ContentType, Frame, FrameReader
from app.protocol._keys import ExchangeKeys, Transcript, exchange_keys, server_signature_message
from app.protocol._messages import (
    CLIENT_BODIES,
    CLIENT_MESSAGES,
    CLIENT_OPENINGS,
    decode_handshake,
    decode_request,
    parse_point,
)
from app.protocol._records import Direction
from app.protocol.errors import (
    AlertCode,
    HandshakeError,
    LocalProtocolError,
    ProtocolError,
    RemoteProtocolError,
    RenegotiationError,
    UnexpectedMessageError,
)
from app.protocol.events import (
    NEED_DATA,
    EcdhefHello,
    EcdheRequest,
    EndOfExchange,
    Event,
    HandshakeMessage,
    Request,
    Response,
    TicketHello,
    TicketsIssued,
)

_TICKET_REQUEST_ONLY = {"ticket_request": CLIENT_BODIES["ticket_request"]}
DEFAULT_MAX_REQUESTS = 64


def alert_frame(code: int, message: str) -> bytes:
    """A plain ALERT frame (SPEC §2): the whole response of a failed exchange."""
    payload = pack({"code": int(code), "message": message[:200]})
    return Direction().seal(ContentType.ALERT, payload)


class ServerConnection(ConnectionBase):
    """One server exchange, with the server's static key."""

    def __init__(
        self,
        static_key: PrivateKey,
        *,
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
        max_frame_size: int = DEFAULT_MAX_FRAME_SIZE,
        max_requests: int = DEFAULT_MAX_REQUESTS,
    ) -> None:
        self._static = static_key
        self._randbytes = randbytes
        self._max = max_frame_size
        self._max_requests = max_requests
        self._machine = st.StateMachine(st.SERVER_TABLE)
        self._reader = FrameReader(max_frame_size)
        self._read = Direction()
        self._write = Direction()
        self._transcript = Transcript()
        self._keys: ExchangeKeys | None = None
        self._ephemeral_peer = b""
        self._pending_output = b""
        self._expected: list[tuple[str, Any]] = []
        self._attachments: list[bytes] = []
        self._error: ProtocolError | None = None

    # --- receiving ---

    def receive_data(self, data: Buffer) -> None:
        """Feed request bytes; `b""` marks the end of the request body."""
        self._guarded(self._reader.feed, data)

    def next_event(self) -> Event:
        return self._guarded(self._next_event)

    def resume(self, ticket_secret: bytes) -> None:
        """Set the keys of a ticket exchange (after `TicketHello`)."""
        self._guarded(self._resume, ticket_secret)

    def _resume(self, ticket_secret: bytes) -> None:
        self._machine.fire("resume", local=True)
        self._set_keys(ticket_secret)

    def _next_event(self) -> Event:
        if self._machine.state is st.AWAIT_RESUME:
            raise LocalProtocolError("call resume() with the ticket's secret first")
        frame = self._reader.next_frame()
        if frame is None:
            if not self._reader.at_end:
                return NEED_DATA
            if self._attachments:
                raise UnexpectedMessageError("attachments without their request")
            self._machine.fire("recv_end", local=False)
            return EndOfExchange
        return self._handle_frame(frame)

    def _handle_frame(self, frame: Frame) -> Event:
        kind = frame.content_type
        if kind is ContentType.ALERT:
            raise UnexpectedMessageError("a client does not send alerts")
        if kind is ContentType.CHANGE_CIPHER_SPEC:
            return self._on_ccs(frame)
        if kind is ContentType.APPLICATION_DATA:
            return self._on_request(frame)
        if kind is ContentType.ATTACHMENT:
            return self._on_attachment(frame)
        state = self._machine.state
        if state is st.IDLE:
            return self._on_opening(frame)
        if state is st.AWAIT_TICKET_REQUEST:
            return self._on_ticket_request(frame)
        if state in (st.IN_APPLICATION_DATA, st.RESPONDING):
            decode_handshake(self._read.open(frame), CLIENT_MESSAGES, self._max)
            raise RenegotiationError("a second handshake inside one exchange")
        return self._on_body_handshake(frame)

    def _on_opening(self, frame: Frame) -> Event:
        message = decode_handshake(frame.payload, CLIENT_OPENINGS, self._max)
        self._machine.fire("recv_" + message["type"], local=False)
        self._transcript.add(frame.payload)
        if message["type"] == "ecdhe":
            self._ephemeral_peer = message["key"]
            return self._next_event()
        if message["type"] == "ticket":
            return TicketHello(message["ticket_id"])
        return self._on_ecdhef(message)

    def _on_ecdhef(self, message: dict[str, Any]) -> Event:
        own = self._static.public_key.to_bytes()
        if not hmac.compare_digest(message["server_key"], own):
            raise HandshakeError("the client used another server key")
        self._set_keys(self._static.ecdh(parse_point(message["key"])))
        return EcdhefHello(
            message["server_key"], message["time"], message["agent"], message["client_random"]
        )

    def _on_ticket_request(self, frame: Frame) -> Event:
        message = decode_handshake(frame.payload, _TICKET_REQUEST_ONLY, self._max)
        self._machine.fire("recv_ticket_request", local=False)
        self._transcript.add(frame.payload)
        ephemeral = PrivateKey.generate(self._randbytes)
        server_random = self._randbytes(32)
        own = self._static.public_key.to_bytes()
        ephemeral_pub = ephemeral.public_key.to_bytes()
        signed = server_signature_message(
            self._transcript.digest(), ephemeral_pub, server_random, own
        )
        hello = pack(
            {
                "type": "ecdhe",
                "key": ephemeral_pub,
                "server_random": server_random,
                "server_key": own,
                "signature": self._static.sign(signed),
            }
        )
        self._transcript.add(hello)
        self._pending_output = self._write.seal(ContentType.HANDSHAKE, hello)
        premaster = ephemeral.ecdh(parse_point(self._ephemeral_peer))
        self._keys = exchange_keys(premaster, self._transcript.digest())
        self._write.prepare(self._keys.server)
        self._switch_write()
        self._expected = [("handshake", "ticket_response")]
        return EcdheRequest(message["count"])

    def _on_body_handshake(self, frame: Frame) -> Event:
        self._machine.fire("recv_handshake", local=False)
        payload = self._read.open(frame)
        message = decode_handshake(payload, CLIENT_MESSAGES, self._max)
        kind = message["type"]
        if kind in CLIENT_OPENINGS:
            raise RenegotiationError("a second handshake inside one exchange")
        self._expected = [("handshake", "ticket_response" if kind == "ticket_request" else kind)]
        return HandshakeMessage(message, payload)

    def _on_request(self, frame: Frame) -> Event:
        self._machine.fire("recv_request", local=False)
        attachments, self._attachments = self._attachments, []
        request_id, method, params = decode_request(self._read.open(frame), self._max, attachments)
        if len(self._expected) >= self._max_requests:
            raise RemoteProtocolError("too many calls in one request")
        self._expected.append(("response", request_id))
        return Request(request_id, method, params)

    def _set_keys(self, premaster: bytes) -> None:
        self._keys = exchange_keys(premaster, self._transcript.digest())
        self._read.prepare(self._keys.client)
        self._write.prepare(self._keys.server)
        self._switch_write()

    def _switch_write(self) -> None:
        self._pending_output += self._write.seal(ContentType.CHANGE_CIPHER_SPEC, b"")
        self._write.activate(LocalProtocolError)

    # --- sending ---

    def send(self, event: Event) -> bytes:
        """The response bytes for one reply, in the order the requests came."""
        return b"".join(self.send_parts(event))

    def send_all(self, events: Iterable[Event]) -> bytes:
        """The response bytes for several replies, joined once."""
        return b"".join(part for event in events for part in self.send_parts(event))

    def send_parts(self, event: Event) -> list[Buffer]:
        """The bytes of `send` as pieces to write in order (a large result is one piece,
        not copied). A result msgpack cannot carry raises `EncodeError` and changes
        nothing: answer that call with an error instead."""
        return self._guarded(self._send, event)

    def _send(self, event: Event) -> list[Buffer]:
        records = _records_of(event)
        expected = _reply_kind(event)
        self._machine.fire("send", local=True)
        if not self._expected or self._expected[0] != expected:
            raise LocalProtocolError(f"no reply of that kind is due now: {expected}")
        self._expected.pop(0)
        out: list[Buffer] = [self._pending_output] if self._pending_output else []
        self._pending_output = b""
        for content_type, payload in records:
            out += self._write.seal_parts(content_type, payload)
        return out

    @property
    def replies_due(self) -> int:
        return len(self._expected)

    def send_alert(self, code: AlertCode, message: str) -> bytes:
        """End the exchange with an ALERT (the whole response body)."""
        self._error = self._error or UnexpectedMessageError("the exchange was ended by an alert")
        self._machine.fail()
        return alert_frame(code, message)


def _reply_kind(event: Event) -> tuple[str, Any]:
    if isinstance(event, TicketsIssued):
        return ("handshake", "ticket_response")
    if isinstance(event, HandshakeMessage):
        return ("handshake", event.type)
    assert isinstance(event, Response)
    return ("response", event.id)


def _records_of(event: Event) -> list[tuple[ContentType, Buffer]]:
    """The records of one reply: attachments first, then the message (SPEC §5.1)."""
    if isinstance(event, TicketsIssued):
        tickets = {"type": "ticket_response", "tickets": list(event.tickets), "ttl": event.ttl}
        return [(ContentType.HANDSHAKE, pack(tickets))]
    if isinstance(event, HandshakeMessage):
        return [(ContentType.HANDSHAKE, pack(event.message))]
    if not isinstance(event, Response):
        raise LocalProtocolError(f"a server cannot send {event!r}")
    if event.error is not None:
        return [(ContentType.APPLICATION_DATA, pack({"id": event.id, "error": event.error}))]
    envelope, attachments = pack_lifting({"id": event.id, "result": event.result})
    records: list[tuple[ContentType, Buffer]] = [(ContentType.ATTACHMENT, a) for a in attachments]
    return [*records, (ContentType.APPLICATION_DATA, envelope)]
