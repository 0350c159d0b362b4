"""The protocol endpoint of the storage server: request body in, response body out.

`Endpoint.handle` runs one PrivMX TLS exchange (app/protocol/SPEC.md) against the ports
of `server_stub.ports`; the HTTP layer only moves bytes. It never raises for bad input
and never sends internals: every failure becomes an ALERT frame.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from app.crypto.ecc import PrivateKey

from server_stub.ports import Dispatcher, LoginThrottle, TicketStore, UserStore

_log = logging.getLogger(__name__)


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


def _log_error(error: BaseException) -> None:
    _log.error("endpoint failure", exc_info=error)


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
    ) -> None:
        raise NotImplementedError

    @property
    def public_key(self) -> bytes:
        """The 33-byte static key clients pin (published by discovery)."""
        raise NotImplementedError

    async def handle(self, body: bytes, *, peer: str, now: float) -> tuple[int, bytes]:
        """Run one exchange. Returns (HTTP status, response body); 200 with an ALERT
        frame for every protocol failure. Never raises for any input."""
        raise NotImplementedError
