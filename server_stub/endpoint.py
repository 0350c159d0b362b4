"""The protocol endpoint of the storage server: request body in, response body out.

`Endpoint.handle` runs one PrivMX TLS exchange (app/protocol/SPEC.md) against the ports
of `server_stub.ports`; the HTTP layer only moves bytes. It never raises for bad input
and never sends internals: every failure becomes an ALERT frame with a fixed text.

Pending logins (between `srp_init` and `srp_exchange`) and the `ecdhef` replay cache go
through the `PendingLogins` and `ReplayCache` ports (server_stub/logins.py): in this
process's memory by default, in PostgreSQL for a fleet of processes.
"""

from __future__ import annotations

import inspect
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from app.crypto.ecc import PrivateKey
from app.crypto.kdf import derive_key
from app.protocol import AlertCode, Buffer, ProtocolError, ServerConnection, alert_frame
from app.protocol.errors import (
    EncodeError,
    LoginError,
    ReplayError,
    StaleRequestError,
    TooManyAttemptsError,
    UnexpectedMessageError,
)
from app.protocol.events import (
    EcdhefHello,
    EcdheRequest,
    EndOfExchange,
    HandshakeMessage,
    Request,
    Response,
    Ticket,
    TicketHello,
    TicketsIssued,
)
from app.protocol.login_server import (
    ServerKeyLogin,
    ServerSrpLogin,
)
from server_stub.logins import (
    SEED_SIZE,
    LoginStart,
    MemoryPendingLogins,
    MemoryReplayCache,
    replay,
)
from server_stub.ports import (
    Dispatcher,
    LoginThrottle,
    PendingLogins,
    ReplayCache,
    RpcError,
    Session,
    SessionLog,
    SrpRecord,
    TicketRecord,
    TicketStore,
    UserStore,
)

_log = logging.getLogger(__name__)
INTERNAL_RPC_ERROR = -32603
SESSION_ID_SIZE = 16
TOUCH_INTERVAL = 60.0  # seconds between two notes of one session's use (SESSIONS.md)

_ALERT_TEXT = {
    AlertCode.DECODE_ERROR: "malformed message",
    AlertCode.UNEXPECTED_MESSAGE: "unexpected message",
    AlertCode.HANDSHAKE_FAILURE: "handshake failed",
    AlertCode.BAD_RECORD_MAC: "bad record",
    AlertCode.UNKNOWN_TICKET: "unknown ticket",
    AlertCode.LOGIN_FAILED: "login failed",
    AlertCode.TOO_MANY_ATTEMPTS: "too many attempts, try later",
    AlertCode.INTERNAL_ERROR: "internal error",
    AlertCode.RECORD_OVERFLOW: "frame too large",
    AlertCode.UNSUPPORTED_VERSION: "unsupported version",
    AlertCode.STALE_REQUEST: "stale request",
}


@dataclass(frozen=True)
class Limits:
    """Server-side limits of the endpoint."""

    max_frame_size: int = 32 * 1024 * 1024
    max_tickets_per_request: int = 64
    ticket_ttl: int = 900
    login_ttl: int = 120
    ecdhef_window: float = 120.0
    max_pending_logins: int = 10_000
    max_rpc_per_request: int = 64
    srp_iterations_for_unknown_users: int = 210_000


def _log_error(error: BaseException) -> None:
    _log.error("endpoint failure", exc_info=error)


@dataclass(frozen=True)
class _Family:
    """The ticket family an exchange runs in."""

    master: bytes
    session_id: bytes
    username: str | None


class Endpoint:
    """One per server process; `handle` may run concurrently for many requests."""

    def __init__(
        self,
        server_key: PrivateKey,
        tickets: TicketStore,
        users: UserStore,
        throttle: LoginThrottle,
        dispatcher: Dispatcher,
        *,
        limits: Limits = Limits(),
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
        on_error: Callable[[BaseException], None] = _log_error,
        pending: PendingLogins | None = None,
        replays: ReplayCache | None = None,
        sessions: SessionLog | None = None,
    ) -> None:
        self._key = server_key
        self._tickets = tickets
        self._users = users
        self._throttle = throttle
        self._dispatcher = dispatcher
        self._limits = limits
        self._randbytes = randbytes
        self._on_error = on_error
        self._fake_secret = derive_key(server_key.to_bytes(), "server/fake-srp-accounts")
        self._pending = pending or MemoryPendingLogins(limits.max_pending_logins)
        self._replays = replays or MemoryReplayCache(limits.max_pending_logins)
        self._sessions = sessions
        self._touched: dict[bytes, float] = {}  # session id -> when its use was last noted

    @property
    def public_key(self) -> bytes:
        """The 33-byte static key clients pin (published by discovery)."""
        return self._key.public_key.to_bytes()

    async def handle(
        self, body: bytes | bytearray | memoryview, *, peer: str, now: float
    ) -> tuple[int, bytes]:
        """Run one exchange. Returns (HTTP status, response body); 200 with an ALERT
        frame for every protocol failure. Never raises for any input."""
        status, pieces = await self.respond(body, peer=peer, now=now)
        return status, b"".join(pieces)

    async def respond(
        self, body: bytes | bytearray | memoryview, *, peer: str, now: float
    ) -> tuple[int, list[Buffer]]:
        """`handle`, with the response body as pieces to send in order, not joined: a
        large answer's ciphertext is one piece, not copied again."""
        conn = ServerConnection(
            self._key,
            randbytes=self._randbytes,
            max_frame_size=self._limits.max_frame_size,
            max_requests=self._limits.max_rpc_per_request,
        )
        try:
            return 200, await self._run(conn, body, peer, now)
        except ProtocolError as exc:
            code = AlertCode(exc.alert)
        except Exception as exc:
            self._on_error(exc)
            code = AlertCode.INTERNAL_ERROR
        return 200, [alert_frame(code, _ALERT_TEXT[code])]

    async def _run(
        self, conn: ServerConnection, body: bytes | bytearray | memoryview, peer: str, now: float
    ) -> list[Buffer]:
        conn.receive_data(body)
        conn.receive_data(b"")
        opening = conn.next_event()
        if isinstance(opening, EcdheRequest):
            _expect_end(conn)
            family = _Family(conn.master, self._randbytes(SESSION_ID_SIZE), None)
            return conn.send_parts(await self._issue(family, opening.ticket_count, now))
        if isinstance(opening, TicketHello):
            family = await self._resume(conn, opening, now)
        elif isinstance(opening, EcdhefHello):
            await self._check_fresh(opening, now)
            family = _Family(conn.master, self._randbytes(SESSION_ID_SIZE), None)
        else:
            raise UnexpectedMessageError("an exchange must open with a handshake")
        return await self._serve_body(conn, family, peer, now)

    async def _resume(self, conn: ServerConnection, hello: TicketHello, now: float) -> _Family:
        record = await self._tickets.consume(hello.ticket_id, now)
        if record is None:
            raise ReplayError("unknown ticket")
        conn.resume(Ticket(hello.ticket_id, record.family_master).secret)
        if record.username is not None:
            await self._note_use(record.session_id, now)
        return _Family(record.family_master, record.session_id, record.username)

    async def _check_fresh(self, hello: EcdhefHello, now: float) -> None:
        window = self._limits.ecdhef_window
        if abs(now - hello.time_ms / 1000) > window:
            raise StaleRequestError("outside the time window")
        first = await self._replays.first_use(hello.client_random, now + 2 * window, now)
        if first is False:
            raise StaleRequestError("replayed")
        if first is None:
            raise StaleRequestError("too many one-pass requests in the window")

    async def _serve_body(
        self, conn: ServerConnection, family: _Family, peer: str, now: float
    ) -> list[Buffer]:
        events = []
        while (event := conn.next_event()) is not EndOfExchange:
            events.append(event)
        first = events[0]
        if isinstance(first, HandshakeMessage):
            return conn.send_parts(await self._handshake(first, family, peer, now))
        session = Session(family.session_id, family.username, peer)
        parts: list[Buffer] = []
        for request in events:
            assert isinstance(request, Request)
            parts += await self._answer(conn, session, request)
        return parts

    # --- tickets ---

    async def _issue(self, family: _Family, count: int, now: float) -> TicketsIssued:
        count = max(1, min(count, self._limits.max_tickets_per_request))
        ttl = self._limits.ticket_ttl
        ids = tuple(self._randbytes(32) for _ in range(count))
        records = [
            TicketRecord(i, family.master, family.session_id, family.username, now + ttl)
            for i in ids
        ]
        await self._tickets.store(records, now)
        return TicketsIssued(ids, ttl)

    # --- the session list (server_stub/sessions.py) ---

    async def _note_use(self, session_id: bytes, now: float) -> None:
        """Record a logged-in request, at most once a minute per session."""
        if self._sessions is None or now - self._touched.get(session_id, 0.0) < TOUCH_INTERVAL:
            return
        if len(self._touched) >= self._limits.max_pending_logins:
            self._touched.clear()
        self._touched[session_id] = now
        await self._sessions.used(session_id, now)

    async def _extend_session(self, family: _Family, now: float) -> None:
        """A logged-in family asks for tickets: refused if its session was ended (a
        request that raced the end must not bring it back)."""
        if family.username is None or self._sessions is None:
            return
        if not await self._sessions.used(family.session_id, now, now + self._limits.ticket_ttl):
            raise ReplayError("unknown ticket")

    # --- handshakes inside an exchange ---

    async def _handshake(
        self, message: HandshakeMessage, family: _Family, peer: str, now: float
    ) -> HandshakeMessage | TicketsIssued:
        kind = message.type
        if kind == "ticket_request":
            await self._extend_session(family, now)
            return await self._issue(family, message.message["count"], now)
        if kind == "logout":
            if family.username is not None:
                await self._tickets.revoke_session(family.session_id)
                if self._sessions is not None:
                    await self._sessions.closed(family.session_id)
            return HandshakeMessage({"type": "logout"})
        if kind == "srp_init":
            return await self._srp_init(message, family, now)
        if kind == "key_init":
            return await self._key_init(message, family, now)
        return await self._login_exchange(message, family, peer, now)

    async def _srp_init(
        self, message: HandshakeMessage, family: _Family, now: float
    ) -> HandshakeMessage:
        username = message.message["I"]
        record = await self._users.srp_record(username)
        return await self._start("srp", username, record, message, family, now)

    async def _key_init(
        self, message: HandshakeMessage, family: _Family, now: float
    ) -> HandshakeMessage:
        username = await self._users.username_for_login_key(message.message["pub"])
        return await self._start("key", username, None, message, family, now)

    async def _start(
        self,
        kind: str,
        username: str | None,
        record: SrpRecord | None,
        message: HandshakeMessage,
        family: _Family,
        now: float,
    ) -> HandshakeMessage:
        """Begin a login from a seed, and keep what rebuilds it (server_stub/logins.py)."""
        start = LoginStart(
            kind,
            username,
            record,
            family.master,
            family.session_id,
            message.raw,
            message.message,
            self._randbytes(SEED_SIZE),
        )
        login, challenge = replay(start, self._fake_secret)
        await self._pending.put(login.login_id, start, now + self._limits.login_ttl, now)
        return HandshakeMessage(challenge)

    async def _take_pending(
        self, message: HandshakeMessage, family: _Family, now: float
    ) -> ServerSrpLogin | ServerKeyLogin:
        start = await self._pending.take(message.message["login_id"], now)
        if start is None or start.session_id != family.session_id:
            raise LoginError("login failed")
        login, _ = replay(start, self._fake_secret)
        expected = ServerSrpLogin if message.type == "srp_exchange" else ServerKeyLogin
        if not isinstance(login, expected):
            raise LoginError("login failed")
        return login

    async def _login_exchange(
        self, message: HandshakeMessage, family: _Family, peer: str, now: float
    ) -> HandshakeMessage:
        login = await self._take_pending(message, family, now)
        method: Literal["password", "key"]
        if isinstance(login, ServerKeyLogin):
            method, subject = "key", login.public_key.hex()
        else:
            method, subject = "password", login.username
        if not await self._throttle.may_attempt(method, subject, peer, now):
            raise TooManyAttemptsError("too many attempts")
        try:
            if isinstance(login, ServerSrpLogin):
                proof, master = login.verify(message)
                reply: dict[str, Any] = {"type": "srp_exchange", "M2": proof}
            else:
                master = login.verify(message)
                reply = {"type": "key_exchange", "username": login.username}
        except LoginError:
            await self._throttle.record_failure(method, subject, peer, now)
            raise
        await self._throttle.record_success(method, subject, peer, now)
        assert login.username is not None
        new_family = _Family(master, self._randbytes(SESSION_ID_SIZE), login.username)
        issued = await self._issue(new_family, message.message["count"], now)
        if self._sessions is not None:
            key = login.public_key if isinstance(login, ServerKeyLogin) else None
            expires = now + issued.ttl
            await self._sessions.opened(
                new_family.session_id, login.username, key, peer, now, expires
            )
        return HandshakeMessage({**reply, "tickets": list(issued.tickets), "ttl": issued.ttl})

    # --- RPC ---

    async def _answer(
        self, conn: ServerConnection, session: Session, request: Request
    ) -> list[Buffer]:
        """The records of one call's response; a result msgpack cannot carry becomes an
        internal error (it is encoded once, here, not checked and encoded again)."""
        try:
            return conn.send_parts(await self._call(session, request))
        except EncodeError as exc:
            self._on_error(exc)
            return conn.send_parts(_internal_error(request.id))

    async def _call(self, session: Session, request: Request) -> Response:
        try:
            result = self._dispatcher(session, request.method, request.params)
            if inspect.isawaitable(result):
                result = await result
        except RpcError as exc:
            return Response(request.id, error={"code": exc.code, "message": exc.message[:1024]})
        except Exception as exc:
            self._on_error(exc)
            return _internal_error(request.id)
        return Response(request.id, result)


def _internal_error(request_id: int) -> Response:
    return Response(request_id, error={"code": INTERNAL_RPC_ERROR, "message": "internal error"})


def _expect_end(conn: ServerConnection) -> None:
    if conn.next_event() is not EndOfExchange:
        raise UnexpectedMessageError("extra data after the ticket request")
