"""The client side of one PrivMX TLS exchange (one HTTP request and its response).

    conn = ClientConnection(server_key=pinned)
    body = conn.send(EcdheHello(ticket_count=32))
    conn.receive_data(response_body); conn.receive_data(b"")
    while (event := conn.next_event()) is not EndOfExchange: ...

No I/O, no clock: randomness is injected. Errors are `ProtocolError`s; after one, the
connection stays failed and raises it again.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from app.crypto.ecc import PrivateKey
from app.crypto.errors import SignatureError
from app.protocol import _states as st
from app.protocol._codec import pack, pack_lifting
from app.protocol._connection import ConnectionBase
from app.protocol._frames import DEFAULT_MAX_FRAME_SIZE, Buffer, ContentType, Frame, FrameReader
from app.protocol._keys import ExchangeKeys, Transcript, exchange_keys, server_signature_message
from app.protocol._messages import (
    CLIENT_BODIES,
    SERVER_HELLO,
    SERVER_MESSAGES,
    decode_alert,
    decode_handshake,
    decode_response,
    parse_point,
)
from app.protocol._records import Direction
from app.protocol.errors import (
    AlertReceived,
    HandshakeAuthError,
    LocalProtocolError,
    ProtocolError,
    RenegotiationError,
    ServerKeyMismatchError,
    UnexpectedMessageError,
)
from app.protocol.events import (
    NEED_DATA,
    EcdhefHello,
    EcdheHello,
    EndOfExchange,
    Event,
    HandshakeMessage,
    Request,
    Response,
    ServerAuthenticated,
    TicketHello,
    TicketsIssued,
)

_REPLY_TYPE = {"ticket_request": "ticket_response"}
_BEFORE_REPLIES = (st.IDLE, st.OPENED, st.BODY_HANDSHAKE, st.BODY_REQUESTS)


class ClientConnection(ConnectionBase):
    """One client exchange. `server_key` is the pinned 33-byte key (None: not pinned yet,
    the key the server proves is reported by `ServerAuthenticated`)."""

    def __init__(
        self,
        *,
        server_key: bytes | None = None,
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
        max_frame_size: int = DEFAULT_MAX_FRAME_SIZE,
    ) -> None:
        self._pinned = server_key
        self._randbytes = randbytes
        self._max = max_frame_size
        self._machine = st.StateMachine(st.CLIENT_TABLE)
        self._reader = FrameReader(max_frame_size)
        self._write = Direction()
        self._read = Direction()
        self._transcript = Transcript()
        self._expected: list[tuple[str, Any]] = []
        self._ephemeral: PrivateKey | None = None
        self._hello_hash = b""
        self._keys: ExchangeKeys | None = None
        self._family_master = b""
        self._attachments: list[bytes] = []
        self._error: ProtocolError | None = None

    # --- sending ---

    def send(self, event: Event) -> bytes:
        """The bytes to put in the request body for `event`."""
        return b"".join(self.send_parts(event))

    def send_all(self, events: Iterable[Event]) -> bytes:
        """The request body for several events, joined once (no copy per event)."""
        return b"".join(part for event in events for part in self.send_parts(event))

    def send_parts(self, event: Event) -> list[Buffer]:
        """The bytes of `send` as pieces to write in order: a large value given in a
        request is one piece, not copied."""
        return self._guarded(self._send, event)

    def _send(self, event: Event) -> list[Buffer]:
        if isinstance(event, EcdheHello):
            return self._send_ecdhe(event)
        if isinstance(event, TicketHello):
            return self._send_ticket(event)
        if isinstance(event, EcdhefHello):
            return self._send_ecdhef(event)
        if isinstance(event, HandshakeMessage):
            return self._send_handshake(event)
        if isinstance(event, Request):
            return self._send_request(event)
        raise LocalProtocolError(f"a client cannot send {event!r}")

    def _send_ecdhe(self, event: EcdheHello) -> list[Buffer]:
        self._machine.fire("send_ecdhe", local=True)
        self._ephemeral = PrivateKey.generate(self._randbytes)
        hello = self._record_message(
            {
                "type": "ecdhe",
                "key": self._ephemeral.public_key.to_bytes(),
                "client_random": self._randbytes(32),
                "agent": event.agent,
            }
        )
        request = self._record_message({"type": "ticket_request", "count": event.ticket_count})
        self._hello_hash = self._transcript.digest()
        self._expected = [("handshake", "ticket_response")]
        return [
            *self._write.seal_parts(ContentType.HANDSHAKE, hello),
            *self._write.seal_parts(ContentType.HANDSHAKE, request),
        ]

    def _send_ticket(self, event: TicketHello) -> list[Buffer]:
        if event.ticket is None or event.ticket.ticket_id != event.ticket_id:
            raise LocalProtocolError("a client TicketHello needs its Ticket")
        self._machine.fire("send_ticket", local=True)
        hello = self._record_message(
            {"type": "ticket", "ticket_id": event.ticket_id, "client_random": self._randbytes(32)}
        )
        self._family_master = event.ticket.family_master
        return self._open_keys(event.ticket.secret, hello)

    def _send_ecdhef(self, event: EcdhefHello) -> list[Buffer]:
        try:
            static = parse_point(event.server_key)
        except ProtocolError as exc:
            raise LocalProtocolError("the server key given is not a valid point") from exc
        self._machine.fire("send_ecdhef", local=True)
        ephemeral = PrivateKey.generate(self._randbytes)
        hello = self._record_message(
            {
                "type": "ecdhef",
                "key": ephemeral.public_key.to_bytes(),
                "client_random": self._randbytes(32),
                "server_key": event.server_key,
                "time": event.time_ms,
                "agent": event.agent,
            }
        )
        out = self._open_keys(ephemeral.ecdh(static), hello)
        self._family_master = self.master
        return out

    def _open_keys(self, premaster: bytes, hello: bytes) -> list[Buffer]:
        self._keys = exchange_keys(premaster, self._transcript.digest())
        self._write.prepare(self._keys.client)
        self._read.prepare(self._keys.server)
        out: list[Buffer] = [self._write.seal(ContentType.HANDSHAKE, hello)]
        out.append(self._write.seal(ContentType.CHANGE_CIPHER_SPEC, b""))
        self._write.activate(LocalProtocolError)
        return out

    def _send_handshake(self, event: HandshakeMessage) -> list[Buffer]:
        message = event.message
        kind = message.get("type")
        if not isinstance(kind, str) or kind not in CLIENT_BODIES:
            raise LocalProtocolError(f"{kind!r} cannot be sent inside an exchange")
        payload = pack(message)
        self._machine.fire("send_handshake", local=True)
        self._expected = [("handshake", _REPLY_TYPE.get(kind, kind))]
        return list(self._write.seal_parts(ContentType.HANDSHAKE, payload))

    def _send_request(self, event: Request) -> list[Buffer]:
        message = {"id": event.id, "method": event.method, "params": event.params}
        envelope, attachments = pack_lifting(message)
        self._machine.fire("send_request", local=True)
        self._expected.append(("response", event.id))
        out: list[Buffer] = []
        for attachment in attachments:
            out += self._write.seal_parts(ContentType.ATTACHMENT, attachment)
        out += self._write.seal_parts(ContentType.APPLICATION_DATA, envelope)
        return out

    def _record_message(self, message: dict[str, Any]) -> bytes:
        payload = pack(message)
        self._transcript.add(payload)
        return payload

    # --- receiving ---

    def receive_data(self, data: Buffer) -> None:
        """Feed response bytes; `b""` marks the end of the response body."""
        self._guarded(self._receive, data)

    def _receive(self, data: Buffer) -> None:
        if self._machine.state in _BEFORE_REPLIES:
            self._machine.fire("receive", local=True)
        self._reader.feed(data)

    def next_event(self) -> Event:
        """The next event of the response, `NEED_DATA`, or `EndOfExchange`."""
        return self._guarded(self._next_event)

    def _next_event(self) -> Event:
        if self._machine.state is st.DONE:
            return EndOfExchange
        frame = self._reader.next_frame()
        if frame is None:
            if not self._reader.at_end:
                return NEED_DATA
            if self._expected or self._attachments:
                raise UnexpectedMessageError("the response ended before every reply came")
            self._machine.fire("recv_end", local=False)
            return EndOfExchange
        return self._handle_frame(frame)

    def _handle_frame(self, frame: Frame) -> Event:
        if frame.content_type is ContentType.ALERT:
            code, message = decode_alert(frame.payload)
            raise AlertReceived(code, message)
        if frame.content_type is ContentType.CHANGE_CIPHER_SPEC:
            return self._on_ccs(frame)
        if frame.content_type is ContentType.ATTACHMENT:
            return self._on_attachment(frame)
        if frame.content_type is ContentType.HANDSHAKE:
            if self._machine.state is st.AWAIT_SERVER_HELLO:
                return self._on_server_hello(frame)
            return self._on_handshake_reply(frame)
        return self._on_response(frame)

    def _on_server_hello(self, frame: Frame) -> Event:
        self._machine.fire("recv_server_hello", local=False)
        assert self._ephemeral is not None
        message = decode_handshake(self._read.open(frame), SERVER_HELLO, self._max)
        server_key = message["server_key"]
        if self._pinned is not None and not hmac.compare_digest(self._pinned, server_key):
            raise ServerKeyMismatchError(self._pinned, server_key)
        signed = server_signature_message(
            self._hello_hash, message["key"], message["server_random"], server_key
        )
        try:
            parse_point(server_key).verify(message["signature"], signed)
        except SignatureError:
            raise HandshakeAuthError() from None
        premaster = self._ephemeral.ecdh(parse_point(message["key"]))
        self._transcript.add(frame.payload)
        self._keys = exchange_keys(premaster, self._transcript.digest())
        self._family_master = self._keys.master
        self._read.prepare(self._keys.server)
        return ServerAuthenticated(server_key)

    def _on_handshake_reply(self, frame: Frame) -> Event:
        self._machine.fire("recv_reply", local=False)
        if self._attachments:
            raise UnexpectedMessageError("attachments before a handshake message")
        payload = self._read.open(frame)
        message = decode_handshake(payload, SERVER_MESSAGES, self._max)
        kind = message["type"]
        if kind in SERVER_HELLO:
            raise RenegotiationError("the server started a second handshake")
        if not self._expected or self._expected[0] != ("handshake", kind):
            raise UnexpectedMessageError(f"unexpected {kind} reply")
        self._expected.pop(0)
        if kind == "ticket_response":
            return TicketsIssued(tuple(message["tickets"]), message["ttl"], self._family_master)
        return HandshakeMessage(message, payload)

    def _on_response(self, frame: Frame) -> Event:
        self._machine.fire("recv_reply", local=False)
        attachments, self._attachments = self._attachments, []
        request_id, result, error = decode_response(self._read.open(frame), self._max, attachments)
        if not self._expected or self._expected[0] != ("response", request_id):
            raise UnexpectedMessageError("an RPC response out of order")
        self._expected.pop(0)
        return Response(request_id, result, error)

    # --- failure handling ---
