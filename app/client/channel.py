"""A PrivMX TLS channel over HTTP POST: tickets, logins and RPC calls.

`Channel` drives `app.protocol` (the sans-IO state machines) over a `Transport`. It
keeps a pool of single-use tickets under a lock, so several threads may call at once;
each call spends its own ticket. Handshakes (ecdhe, refills, logins) run one at a time.
See app/protocol/SPEC.md §8. Crypto decisions live in app.protocol, not here.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, runtime_checkable

from app.client.errors import NotLoggedInError, RemoteCallError, SessionExpiredError
from app.crypto.ecc import PrivateKey
from app.protocol import AlertCode, Buffer, ClientConnection
from app.protocol.errors import AlertReceived, RemoteProtocolError
from app.protocol.events import (
    EcdheHello,
    EndOfExchange,
    Event,
    HandshakeMessage,
    Request,
    Response,
    ServerAuthenticated,
    Ticket,
    TicketHello,
    TicketsIssued,
)
from app.protocol.login import KeyLogin, LoginResult, SrpLogin

DEFAULT_BATCH = 64  # a refill per 63 calls (the server issues at most 64 per request)
MAX_BATCH = 64
MAX_CALLS_PER_EXCHANGE = 64  # the server's max_rpc_per_request (SPEC.md §8)
SPARE = 1  # tickets kept back to refill the pool (a login pool cannot run an ecdhe)
EXPIRY_MARGIN = 30.0  # seconds: a ticket this close to its expiry is not used
_T = TypeVar("_T")


class Transport(Protocol):
    """Moves one request body to the endpoint and returns the response body.
    Raises `app.client.transport.TransportError` on any failure."""

    def post(self, url: str, body: bytes) -> bytes: ...


@runtime_checkable
class GatherTransport(Transport, Protocol):
    """A transport that sends a body given as pieces, in order, without joining them
    first (a block's ciphertext goes to the socket as it is)."""

    def post_parts(self, url: str, parts: Sequence[Buffer]) -> bytes: ...


@dataclass(frozen=True)
class _PooledTicket:
    ticket: Ticket
    expires: float


class Channel:
    """The client end of PrivMX TLS.

    `server_key` is the server's pinned 33-byte static key, or None at first contact:
    the key the server proves then is passed to `on_new_server_key` (the caller pins
    it). A different key than the pinned one raises `ServerKeyMismatchError`.
    """

    def __init__(
        self,
        transport: Transport,
        endpoint_url: str,
        server_key: bytes | None,
        *,
        on_new_server_key: Callable[[bytes], None] | None = None,
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
        clock: Callable[[], float] = time.time,
        batch: int = DEFAULT_BATCH,
    ) -> None:
        if not 2 + 2 * SPARE <= batch <= MAX_BATCH:
            raise ValueError(f"batch must be between {2 + 2 * SPARE} and {MAX_BATCH}")
        self._transport = transport
        self._gather = transport if isinstance(transport, GatherTransport) else None
        self._url = endpoint_url
        self._server_key = server_key
        self._on_new_server_key = on_new_server_key
        self._randbytes = randbytes
        self._clock = clock
        self._batch = batch
        self._lock = threading.Lock()  # guards the pool, the username and the ids
        self._handshake_lock = threading.RLock()  # one handshake or login at a time
        self._pool: deque[_PooledTicket] = deque()
        self._username: str | None = None
        self._next_id = 0

    @property
    def username(self) -> str | None:
        """Who the channel is logged in as, or None."""
        with self._lock:
            return self._username

    @property
    def server_key(self) -> bytes | None:
        return self._server_key

    def call(self, method: str, **params: Any) -> Any:
        """One RPC call; returns its result or raises `RemoteCallError`."""
        (outcome,) = self.call_many([(method, params)])
        if isinstance(outcome, RemoteCallError):
            raise outcome
        return outcome

    def call_many(self, calls: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Any]:
        """Several RPC calls in one exchange: one ticket, one HTTP request (SPEC.md §4.4).
        The server answers them in order, each on its own (a refused call does not stop
        the next). Returns, per call in order, its result or the `RemoteCallError` it was
        refused with (returned, not raised)."""
        if not 1 <= len(calls) <= MAX_CALLS_PER_EXCHANGE:
            raise ValueError(f"call_many takes 1..{MAX_CALLS_PER_EXCHANGE} calls")
        for attempt in range(2):
            ticket = self._take(1)[0]
            conn = self._connection()
            parts = conn.send_parts(TicketHello(ticket.ticket_id, ticket))
            for method, params in calls:
                parts += conn.send_parts(Request(self._new_id(), method, dict(params)))
            try:
                events = self._exchange(conn, parts)
            except AlertReceived as alert:
                if attempt == 0 and self._ticket_lost(alert):
                    continue
                raise
            if len(events) != len(calls) or not all(isinstance(e, Response) for e in events):
                raise RemoteProtocolError(f"expected {len(calls)} responses")
            return [_outcome(response) for response in events if isinstance(response, Response)]
        raise AssertionError("unreachable")  # pragma: no cover

    def login_srp(self, username: str, password: str) -> None:
        """Log in with a password (SRP-6a); later calls run as `username`."""
        with self._handshake_lock:
            first, second = self._take(2)
            login = SrpLogin(username, password, first.family_master, randbytes=self._randbytes)
            challenge = self._handshake(first, login.init_message())
            message = login.exchange_message(_as_message(challenge), self._batch)
            self._adopt(login.finish(_as_message(self._handshake(second, message))))

    def login_key(self, private_key: PrivateKey, username: str) -> None:
        """Log in by proving possession of a key registered for `username`."""
        with self._handshake_lock:
            first, second = self._take(2)
            login = KeyLogin(private_key, username, first.family_master)
            challenge = self._handshake(first, login.init_message())
            message = login.exchange_message(_as_message(challenge), self._batch)
            self._adopt(login.finish(_as_message(self._handshake(second, message))))

    def logout(self) -> None:
        """End the server session and forget its tickets; the channel becomes anonymous."""
        with self._handshake_lock:
            if self.username is None:
                raise NotLoggedInError("the channel is not logged in")
            (ticket,) = self._take(1)
            try:
                self._handshake(ticket, {"type": "logout"})
            except AlertReceived as alert:
                if alert.code != AlertCode.UNKNOWN_TICKET:
                    raise
            finally:
                self._forget_login()

    # --- tickets ---

    def _take(self, count: int) -> list[Ticket]:
        """`count` tickets of one family, replenishing the pool first when it is low."""
        while True:
            with self._lock:
                self._drop_expired()
                if len(self._pool) >= count + SPARE:
                    return [self._pool.popleft().ticket for _ in range(count)]
            self._replenish(count)

    def _replenish(self, count: int) -> None:
        with self._handshake_lock:
            with self._lock:
                self._drop_expired()
                if len(self._pool) >= count + SPARE:
                    return
                spare = self._pool.popleft().ticket if self._pool else None
                logged_in = self._username is not None
            if spare is None and logged_in:
                self._forget_login()
                raise SessionExpiredError()
            if spare is None:
                self._ecdhe()
                return
            try:
                issued = self._handshake(spare, {"type": "ticket_request", "count": self._batch})
            except AlertReceived as alert:
                if not self._ticket_lost(alert):
                    raise
                return
            self._add(_single([issued], TicketsIssued), spare.family_master)

    def _ecdhe(self) -> None:
        conn = self._connection()
        events = self._exchange(conn, conn.send_parts(EcdheHello(self._batch)))
        proof = _single(events[:1], ServerAuthenticated)
        issued = _single(events[1:], TicketsIssued)
        if self._server_key is None:
            self._server_key = proof.server_key
            if self._on_new_server_key is not None:
                self._on_new_server_key(proof.server_key)
        with self._lock:
            self._pool.clear()
            self._username = None
        self._add(issued, issued.family_master)

    def _add(self, issued: TicketsIssued, family_master: bytes) -> None:
        expires = self._clock() + issued.ttl - EXPIRY_MARGIN
        with self._lock:
            if self._pool and self._pool[0].ticket.family_master != family_master:
                return  # the family changed meanwhile (login/logout): these are stale
            for ticket_id in issued.tickets:
                self._pool.append(_PooledTicket(Ticket(ticket_id, family_master), expires))

    def _adopt(self, result: LoginResult) -> None:
        expires = self._clock() + result.ttl - EXPIRY_MARGIN
        with self._lock:
            self._pool = deque(
                _PooledTicket(Ticket(i, result.family_master), expires) for i in result.tickets
            )
            self._username = result.username

    def _forget_login(self) -> None:
        with self._lock:
            self._pool.clear()
            self._username = None

    def _drop_expired(self) -> None:
        now = self._clock()
        while self._pool and self._pool[0].expires <= now:
            self._pool.popleft()

    def _ticket_lost(self, alert: AlertReceived) -> bool:
        """After `unknown_ticket`: an anonymous pool is dropped (the next call runs a fresh
        ecdhe) and True is returned; a login pool means the session ended."""
        if alert.code != AlertCode.UNKNOWN_TICKET:
            return False
        with self._lock:
            logged_in = self._username is not None
        self._forget_login()
        if logged_in:
            raise SessionExpiredError() from alert
        return True

    # --- exchanges ---

    def _connection(self) -> ClientConnection:
        return ClientConnection(server_key=self._server_key, randbytes=self._randbytes)

    def _new_id(self) -> int:
        with self._lock:
            self._next_id += 1
            return self._next_id

    def _handshake(self, ticket: Ticket, message: dict[str, Any]) -> Event:
        conn = self._connection()
        parts = [
            *conn.send_parts(TicketHello(ticket.ticket_id, ticket)),
            *conn.send_parts(HandshakeMessage(message)),
        ]
        events = self._exchange(conn, parts)
        if len(events) != 1:
            raise RemoteProtocolError("expected exactly one handshake reply")
        return events[0]

    def _exchange(self, conn: ClientConnection, parts: list[Buffer]) -> list[Event]:
        if self._gather is not None:
            response = self._gather.post_parts(self._url, parts)
        else:
            response = self._transport.post(self._url, b"".join(parts))
        conn.receive_data(response)
        conn.receive_data(b"")
        events: list[Event] = []
        while (event := conn.next_event()) is not EndOfExchange:
            events.append(event)
        return events


def _single(events: list[Event], kind: type[_T]) -> _T:
    if len(events) != 1 or not isinstance(events[0], kind):
        raise RemoteProtocolError(f"expected one {kind.__name__}")
    return events[0]


def _outcome(response: Response) -> Any:
    if response.error is not None:
        return RemoteCallError(response.error["code"], response.error["message"])
    return response.result


def _as_message(event: Event) -> HandshakeMessage:
    return _single([event], HandshakeMessage)
