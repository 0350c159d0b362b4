"""A PrivMX TLS channel over HTTP POST: tickets, logins and RPC calls.

`Channel` drives `app.protocol` (the sans-IO state machines) over a `Transport`. It
keeps a pool of single-use tickets under a lock, so several threads may call at once;
each call spends its own ticket. See app/protocol/SPEC.md §8.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any, Protocol

from app.crypto.ecc import PrivateKey


class Transport(Protocol):
    """Moves one request body to the endpoint and returns the response body.
    Raises `app.client.transport.TransportError` on any failure."""

    def post(self, url: str, body: bytes) -> bytes: ...


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
    ) -> None:
        raise NotImplementedError

    @property
    def username(self) -> str | None:
        """Who the channel is logged in as, or None."""
        raise NotImplementedError

    def call(self, method: str, **params: Any) -> Any:
        """One RPC call; returns its result or raises `RemoteCallError`."""
        raise NotImplementedError

    def login_srp(self, username: str, password: str) -> None:
        """Log in with a password (SRP-6a); later calls run as `username`."""
        raise NotImplementedError

    def login_key(self, private_key: PrivateKey, username: str) -> None:
        """Log in by proving possession of a key registered for `username`."""
        raise NotImplementedError

    def logout(self) -> None:
        """End the server session and forget its tickets; the channel becomes anonymous."""
        raise NotImplementedError
