"""The RPC dispatcher: a registry of methods with strict parameter checks.

`Registry.method(name, login=...)` registers an async handler
`handler(call: Call, params: Params) -> result`; `Registry.dispatcher(services)` gives
the `Dispatcher` that `server_stub.endpoint.Endpoint` calls. Errors the client sees:

| code   | meaning                                              |
|--------|------------------------------------------------------|
| -32601 | no such method                                       |
| -32602 | a parameter is missing, unknown, ill-typed or out of range (message names it) |
| -32603 | a server fault (a stored block missing or corrupt on disk) |
| 1001   | the method needs a logged-in session                 |
| 1002   | registration refused (name taken, key taken, no or bad invitation) |

`translating(errors)` wraps a handler so a store's refusals (exceptions carrying their
RPC `code`) reach the client as `RpcError(code, message)`; `present(service, absent)`
answers "no such method" on a server that runs without that service.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from server_stub.accounts import SqliteAccounts
from server_stub.devices import SqliteDevices
from server_stub.federation.client import Federation
from server_stub.links.store import LinkStore
from server_stub.objects import ObjectStore
from server_stub.objects.errors import BlockUnavailableError
from server_stub.pki.service import PKIService
from server_stub.ports import Dispatcher, RpcError, Session, SessionStore
from server_stub.rendezvous import Mailboxes
from server_stub.sinks import SinkStore
from server_stub.storage import SqliteUsers

__all__ = [
    "INTERNAL_ERROR",
    "INVALID_PARAMS",
    "LOGIN_REQUIRED",
    "METHOD_NOT_FOUND",
    "REGISTRATION_REFUSED",
    "Call",
    "Params",
    "Registry",
    "Services",
    "present",
    "translating",
]

METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
LOGIN_REQUIRED = 1001
REGISTRATION_REFUSED = 1002

_Service = TypeVar("_Service")


@dataclass(frozen=True)
class Services:
    """What handlers may use: storage, settings, the clock."""

    users: SqliteUsers
    open_registration: bool
    clock: Callable[[], float]
    accounts: SqliteAccounts | None = None  # privData, credentials, deletion (accounts.py)
    pki: PKIService | None = None  # the key log (server_stub/pki, handlers/pki.py)
    objects: ObjectStore | None = None  # blocks, descriptors (objects/, handlers/objects.py)
    proxy: Federation | None = None  # the PrivMX Proxy (federation/, handlers/proxy.py)
    sinks: SinkStore | None = None  # inboxes and messages (sinks/, handlers/sinks.py)
    links: LinkStore | None = None  # share links (links/, handlers/links.py, LINKS.md)
    rendezvous: Mailboxes | None = None  # device-link mailboxes (rendezvous.py)
    devices: SqliteDevices | None = None  # named device login keys (devices.py)
    sessions: SessionStore | None = None  # open sessions (sessions.py, SESSIONS.md)
    proof_key: bytes = b""  # derives account-proof challenges (handlers/account.py)


@dataclass(frozen=True)
class Call:
    """One call as a handler sees it."""

    session: Session
    services: Services
    now: float


Handler = Callable[[Call, "Params"], Awaitable[Any]]


@dataclass(frozen=True)
class _Method:
    handler: Handler
    login: bool


class Registry:
    """Method name -> handler, with the login requirement of each."""

    def __init__(self) -> None:
        self._methods: dict[str, _Method] = {}

    def method(self, name: str, *, login: bool = False) -> Callable[[Handler], Handler]:
        """Decorator registering `handler` as `name`."""

        def register(handler: Handler) -> Handler:
            if name in self._methods:
                raise ValueError(f"RPC method {name!r} registered twice")
            self._methods[name] = _Method(handler, login)
            return handler

        return register

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._methods)

    def dispatcher(self, services: Services) -> Dispatcher:
        """The callable the endpoint uses for every RPC request."""

        async def dispatch(session: Session, method: str, params: dict[str, Any]) -> Any:
            entry = self._methods.get(method)
            if entry is None:
                raise RpcError(METHOD_NOT_FOUND, f"no method {method[:64]!r}")
            if entry.login and not session.is_authenticated:
                raise RpcError(LOGIN_REQUIRED, f"{method} needs a logged-in session")
            if not isinstance(params, dict):
                raise RpcError(INVALID_PARAMS, "params must be a map")
            return await entry.handler(Call(session, services, services.clock()), Params(params))

        return dispatch


def translating(errors: tuple[type[Exception], ...]) -> Callable[[Handler], Handler]:
    """A wrapper turning `errors` (each with an RPC `code`) into `RpcError(code, message)`
    and a block unavailable on disk into INTERNAL_ERROR."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(call: Call, params: Params) -> Any:
            try:
                return await handler(call, params)
            except errors as exc:
                code: int = exc.code  # type: ignore[attr-defined]  # each of `errors` has one
                raise RpcError(code, str(exc)) from None
            except BlockUnavailableError:
                raise RpcError(INTERNAL_ERROR, "the block is unavailable") from None

        return run

    return wrap


def present(service: _Service | None, absent: str) -> _Service:
    """`service`, or `RpcError(METHOD_NOT_FOUND, absent)` on a server without it."""
    if service is None:
        raise RpcError(METHOD_NOT_FOUND, absent)
    return service


class Params:
    """Typed, strict access to a params map: every key must be read and known.

    Readers raise `RpcError(INVALID_PARAMS, "<path>: <what is wrong>")`; `done()`
    refuses keys nobody read.
    """

    def __init__(self, raw: dict[str, Any], path: str = "params") -> None:
        self._raw = raw
        self._path = path
        self._read: set[str] = set()

    def _get(self, name: str) -> Any:
        self._read.add(name)
        if name not in self._raw:
            raise self.error(name, "is missing")
        return self._raw[name]

    def has(self, name: str) -> bool:
        """True if `name` is present (it then still has to be read)."""
        return name in self._raw

    def error(self, name: str, problem: str) -> RpcError:
        return RpcError(INVALID_PARAMS, f"{self._path}.{name} {problem}")

    def text(self, name: str, pattern: str) -> str:
        value = self._get(name)
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            raise self.error(name, f"must be a string matching {pattern}")
        return value

    def blob(self, name: str, low: int, high: int) -> bytes:
        value = self._get(name)
        if not isinstance(value, bytes) or not low <= len(value) <= high:
            size = f"{low}" if low == high else f"{low}..{high}"
            raise self.error(name, f"must be binary of {size} bytes")
        return value

    def integer(self, name: str, low: int, high: int) -> int:
        value = self._get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise self.error(name, f"must be an integer from {low} to {high}")
        return value

    def items(self, name: str, low: int, high: int, what: str = "items") -> list[Any]:
        """A list of `low`..`high` entries, unchecked: the caller checks each entry."""
        value = self._get(name)
        if not isinstance(value, list) or not low <= len(value) <= high:
            raise self.error(name, f"must be a list of {low}..{high} {what}")
        return value

    def mapping(self, name: str) -> Params:
        value = self._get(name)
        if not isinstance(value, dict):
            raise self.error(name, "must be a map")
        return Params(value, f"{self._path}.{name}")

    def done(self) -> None:
        unknown = sorted(str(key) for key in self._raw if key not in self._read)
        if unknown:
            raise RpcError(INVALID_PARAMS, f"{self._path} has unknown keys: {', '.join(unknown)}")
