"""The storage and policy interfaces the protocol endpoint needs (implemented by H6).

`server_stub.endpoint.Endpoint` talks to storage only through these ports, so the same
endpoint runs on SQLite, PostgreSQL or the in-memory fakes of the unit tests. Every
store method is `async` and receives `now` (seconds since the epoch) from the caller;
nothing here reads a clock. See app/protocol/SPEC.md §8 for the whole contract.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from app.pki.heads import TreeHead
from app.pki.verify import LookupResponse

if TYPE_CHECKING:
    from server_stub.logins import LoginStart
    from server_stub.sessions import StoredSession

_T = TypeVar("_T")


@dataclass(frozen=True)
class TicketRecord:
    """One single-use ticket as the server keeps it.

    `family_master` is the secret of the exchange (or login) that issued the batch; the
    ticket's key is derived from it and `ticket_id` (SPEC §3). `session_id` names the
    family: anonymous families get a random one too. `username` is None for anonymous
    tickets and the logged-in user for tickets issued by a login.
    """

    ticket_id: bytes
    family_master: bytes
    session_id: bytes
    username: str | None
    expires: float


class TicketStore(Protocol):
    """Single-use tickets. `consume` must be atomic: two concurrent calls with the same
    id never both get the record."""

    async def store(self, records: Sequence[TicketRecord], now: float) -> None:
        """Keep a batch (all or nothing). May drop expired records while at it."""

    async def consume(self, ticket_id: bytes, now: float) -> TicketRecord | None:
        """Remove and return the ticket if it exists and `now < expires`; else None."""

    async def revoke_session(self, session_id: bytes) -> None:
        """Remove every ticket of this session (logout)."""


class SessionLog(Protocol):
    """The logged-in sessions of every account (server_stub/sessions.py, SESSIONS.md).
    Optional: an endpoint without one keeps no session list."""

    async def opened(
        self,
        session_id: bytes,
        username: str,
        login_key: bytes | None,
        peer: str,
        now: float,
        expires: float,
    ) -> None:
        """A login opened `session_id` (`login_key` None: a password login)."""

    async def used(self, session_id: bytes, now: float, expires: float | None = None) -> bool:
        """A request or a ticket batch of the session; False if the session has ended."""

    async def closed(self, session_id: bytes) -> None:
        """The session logged out."""


class SessionStore(SessionLog, Protocol):
    """The session list the account's methods read and end (handlers/sessions.py).
    `server_stub.sessions.SqlSessions` implements it on either `SqlDatabase`: one
    SQLite file, or the PostgreSQL database every process of a fleet shares, so a
    session ended through one process is refused by all (SESSIONS.md §4)."""

    async def list(self, username: str, now: float) -> list[StoredSession]:
        """The account's sessions with unexpired tickets, most recently used first."""

    async def end(self, username: str, public: bytes, now: float) -> None:
        """Delete the session and its tickets at once; `NoSuchSessionError` if the
        account has no open session with that public id."""

    async def end_for_key(self, username: str, login_key: bytes) -> int:
        """End every session `login_key` opened for `username`; how many there were."""


@dataclass(frozen=True)
class KdfParams:
    """How the client stretches its password before SRP (SPEC §6.1)."""

    algorithm: str  # "PBKDF2-SHA512"
    iterations: int
    salt: bytes


@dataclass(frozen=True)
class SrpRecord:
    """What the server keeps for a password login. `group` is an app.crypto.srp group
    name; `verifier` = g^x mod N with x from the stretched password."""

    salt: bytes
    verifier: int
    group: str
    kdf: KdfParams


class UserStore(Protocol):
    """Read-only view of the accounts the logins need."""

    async def srp_record(self, username: str) -> SrpRecord | None:
        """The SRP record of `username`, or None if there is no such user."""

    async def username_for_login_key(self, public_key: bytes) -> str | None:
        """The user who registered this 33-byte compressed key for key login, or None."""


class LoginThrottle(Protocol):
    """Online-guessing limits on logins, per (subject, client address) and per address.

    `method` is "password" (`subject` = the user name tried) or "key" (`subject` = the
    key's hex); the two methods are counted apart, so password failures never block a
    key login."""

    async def may_attempt(
        self, method: Literal["password", "key"], subject: str, address: str, now: float
    ) -> bool:
        """False when this subject from this address, or this address, must wait."""

    async def record_failure(
        self, method: Literal["password", "key"], subject: str, address: str, now: float
    ) -> None:
        """Count a failed login."""

    async def record_success(
        self, method: Literal["password", "key"], subject: str, address: str, now: float
    ) -> None:
        """Forget earlier failures of this subject from this address."""


@dataclass(frozen=True)
class Session:
    """Who is calling: `username` is None for an anonymous channel. `session_id` is
    stable across all requests of one ticket family (one login); `peer` is the client
    address as the HTTP layer saw it."""

    session_id: bytes
    username: str | None
    peer: str

    @property
    def is_authenticated(self) -> bool:
        return self.username is not None


class RpcError(Exception):
    """Raised by a dispatcher to answer `{"error": {"code", "message"}}` to the client.
    Any other exception becomes a generic internal error (never its text)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


Dispatcher = Callable[[Session, str, dict[str, Any]], Awaitable[Any] | Any]
"""`dispatcher(session, method, params)` returns the result (or an awaitable of it)
or raises `RpcError`. The result must be msgpack-serialisable (bytes stay bytes)."""


class SqlDatabase(Protocol):
    """Where the SQL stores run their helpers: `run(fn, *args)` awaits
    `fn(connection, *args)` off the event loop, `call` runs it on the calling thread.
    `server_stub.database.Database` (SQLite, embedded) and
    `server_stub.backends.postgres.database.PgDatabase` implement it; the connection
    takes the SQL both engines accept (backends/SPEC.md §1)."""

    def call(self, fn: Callable[..., _T], *args: object) -> _T: ...

    async def run(self, fn: Callable[..., _T], *args: object) -> _T: ...

    def close(self) -> None: ...


class BlockStore(Protocol):
    """Block bytes by id (the SHA-256 or BLAKE3 of the bytes, as the put named). Blocking
    calls: run them off the event loop. `objects.blockfiles.BlockFiles` (a directory,
    embedded) and `backends.s3.blocks.S3Blocks` (a bucket) implement it."""

    def exists(self, block_id: bytes) -> bool: ...

    def write(self, block_id: bytes, data: bytes) -> None:
        """Store durably (the caller checked the hash); idempotent."""

    def write_unsynced(self, block_id: bytes, data: bytes | memoryview) -> bool:
        """Store unless present (durable only after `sync`); True if this call stored it."""

    def sync(self, block_ids: Iterable[bytes]) -> None:
        """Make the named blocks durable (nothing to do where puts are durable)."""

    def read(self, block_id: bytes) -> bytes:
        """The bytes (a store need not re-hash them: clients check every block against its
        signed descriptor, `privshare server scrub` checks the files store); else
        `BlockUnavailableError`."""

    def remove(self, block_ids: Iterable[bytes]) -> None:
        """The blocks are garbage (now, or by the store's own collector later)."""

    def sweep(self, is_known: Callable[[bytes], bool]) -> int:
        """Delete what `is_known` denies and foreign names; returns how many."""


class KeyLog(Protocol):
    """The server's PKI log (app/pki/SPEC.md §1-§2): one algorithm
    (`server_stub.pki.log.MerkleKeyLog`) with its rows in SQLite (`PKILog`, one process)
    or PostgreSQL (`backends.postgres.pki_log.PgPKILog`, shared by every process).
    Blocking calls: run them off the event loop."""

    @property
    def size(self) -> int: ...

    def head(self) -> TreeHead: ...

    def tick(self, now_ms: int) -> TreeHead | None: ...

    def publish(self, keystore: bytes, *, now_ms: int) -> tuple[int, TreeHead]: ...

    def latest_revision(self, name: str) -> int: ...

    def lookup(
        self, name: str, *, since: int = 1, old_size: int = 0, until: int | None = None
    ) -> LookupResponse: ...

    def consistency(self, old_size: int, new_size: int | None = None) -> list[bytes]: ...

    def heads_since(self, timestamp: int) -> list[TreeHead]: ...

    def close(self) -> None: ...


class PendingLogins(Protocol):
    """Logins between their two requests (server_stub/logins.py), by login id."""

    async def put(self, login_id: bytes, start: LoginStart, expires: float, now: float) -> None:
        """Keep `start` until `expires` (may drop expired or, when full, the oldest)."""

    async def take(self, login_id: bytes, now: float) -> LoginStart | None:
        """Remove and return the start if kept and `now < expires`: once, atomically."""


class ReplayCache(Protocol):
    """The `ecdhef` client randoms seen in the freshness window (SPEC §4)."""

    async def first_use(self, random: bytes, expires: float, now: float) -> bool | None:
        """Record `random` until `expires`: True if new, False if seen (a replay), None
        if the cache is full (refuse the request)."""


class PostRateLimiter(Protocol):
    """Inbox post rates per sender key and client address (sinks/rates.py)."""

    def admit(self, sender_key: bytes, address: str, now: float) -> float:
        """Seconds to wait before posting (0.0: admitted, and counted)."""
