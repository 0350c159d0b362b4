"""In-memory fakes of the server ports and a transport that calls an Endpoint directly."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.crypto import srp
from app.crypto.ecc import PrivateKey
from app.protocol.login import stretch_password
from server_stub.endpoint import Endpoint, Limits
from server_stub.ports import KdfParams, RpcError, Session, SrpRecord, TicketRecord

ITERATIONS = 210_000
GROUP = srp.RFC5054_2048


class MemoryTickets:
    def __init__(self) -> None:
        self.records: dict[bytes, TicketRecord] = {}
        self.fail_next: Exception | None = None

    async def store(self, records: Sequence[TicketRecord], now: float) -> None:
        for record in records:
            self.records[record.ticket_id] = record

    async def consume(self, ticket_id: bytes, now: float) -> TicketRecord | None:
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error
        record = self.records.pop(ticket_id, None)
        if record is None or now >= record.expires:
            return None
        return record

    async def revoke_session(self, session_id: bytes) -> None:
        for ticket_id in [i for i, r in self.records.items() if r.session_id == session_id]:
            del self.records[ticket_id]


class MemoryUsers:
    def __init__(self) -> None:
        self.srp: dict[str, SrpRecord] = {}
        self.keys: dict[bytes, str] = {}

    def add_password_user(
        self, username: str, password: str, *, iterations: int = ITERATIONS, group: str = GROUP.name
    ) -> None:
        kdf_salt, salt = b"k" * 16 + username.encode()[:16], b"s" * 32
        secret = stretch_password(password.encode(), kdf_salt, iterations)
        verifier = srp.make_verifier(srp.group_by_name(group), username.encode(), secret, salt)
        self.srp[username] = SrpRecord(
            salt, verifier, group, KdfParams("PBKDF2-SHA512", iterations, kdf_salt)
        )

    async def srp_record(self, username: str) -> SrpRecord | None:
        return self.srp.get(username)

    async def username_for_login_key(self, public_key: bytes) -> str | None:
        return self.keys.get(public_key)


@dataclass
class MemoryThrottle:
    limit: int = 5
    failures: dict[tuple[str, str], int] = field(default_factory=dict)
    successes: list[str] = field(default_factory=list)

    async def may_attempt(self, method: str, subject: str, address: str, now: float) -> bool:
        return self.failures.get((method + ":" + subject, address), 0) < self.limit

    async def record_failure(self, method: str, subject: str, address: str, now: float) -> None:
        key = (method + ":" + subject, address)
        self.failures[key] = self.failures.get(key, 0) + 1

    async def record_success(self, method: str, subject: str, address: str, now: float) -> None:
        self.successes.append(subject)
        self.failures.pop((method + ":" + subject, address), None)


class RecordingDispatcher:
    """Answers `whoami` with the session, `echo` with its params, `fail` with RpcError,
    `unencodable` with a value msgpack cannot carry, `crash` with a bare exception;
    records every session it saw."""

    def __init__(self) -> None:
        self.sessions: list[Session] = []

    async def __call__(self, session: Session, method: str, params: dict[str, Any]) -> Any:
        self.sessions.append(session)
        if method == "whoami":
            return session.username
        if method == "echo":
            return params
        if method == "user_only":
            if not session.is_authenticated:
                raise RpcError(401, "login required")
            return "secret of " + str(session.username)
        if method == "fail":
            raise RpcError(7, "refused")
        if method == "unencodable":
            return {"a set": {1, 2}}
        raise RuntimeError("internal detail that must not leak")


@dataclass
class ServerWorld:
    key: PrivateKey
    tickets: MemoryTickets
    users: MemoryUsers
    throttle: MemoryThrottle
    dispatcher: RecordingDispatcher
    endpoint: Endpoint
    errors: list[BaseException]
    clock: list[float]


def make_world(limits: Limits | None = None) -> ServerWorld:
    errors: list[BaseException] = []
    world = ServerWorld(
        PrivateKey.generate(),
        MemoryTickets(),
        MemoryUsers(),
        MemoryThrottle(),
        RecordingDispatcher(),
        None,  # type: ignore[arg-type]
        errors,
        [1_800_000_000.0],
    )
    world.endpoint = Endpoint(
        world.key,
        world.tickets,
        world.users,
        world.throttle,
        world.dispatcher,
        limits=limits or Limits(),
        on_error=errors.append,
    )
    return world


class EndpointTransport:
    """Runs `Endpoint.handle` in its own event loop per request; records every body.
    `mutate` may rewrite a request body (an active attacker) before the server sees it,
    `mutate_response` the response before the client does."""

    def __init__(self, world: ServerWorld, peer: str = "127.0.0.1") -> None:
        self.world = world
        self.peer = peer
        self.requests: list[bytes] = []
        self.responses: list[bytes] = []
        self.mutate: Callable[[bytes], bytes] | None = None
        self.mutate_response: Callable[[bytes], bytes] | None = None
        self._lock = threading.Lock()

    def post(self, url: str, body: bytes) -> bytes:
        assert url == "http://server/privmx/api/v1"
        with self._lock:
            self.requests.append(body)
            if self.mutate is not None:
                body = self.mutate(body)
            status, response = self.send(body)
            assert status == 200
            if self.mutate_response is not None:
                response = self.mutate_response(response)
            self.responses.append(response)
            return response

    def send(self, body: bytes) -> tuple[int, bytes]:
        return asyncio.run(
            self.world.endpoint.handle(body, peer=self.peer, now=self.world.clock[0])
        )
