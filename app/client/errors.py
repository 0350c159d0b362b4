"""The errors of `app.client`, all under one root.

ClientError
├── TransportError        (transport.py) no usable HTTP answer: unreachable, timeout, status
├── DiscoveryError        (discovery.py) no valid PrivMX configuration for a host
├── AddressError          (address.py) a malformed `name#host[:port]`
├── RemoteCallError       the server answered an RPC with an error {code, message}
├── NotLoggedInError      logout() or a user-only action without a login
└── SessionExpiredError   the server no longer knows the login session: log in again

A `Channel` also lets `app.protocol.errors.ProtocolError` subclasses through unchanged
(e.g. `ServerKeyMismatchError`, `StretchingDowngradeError`, `SRPServerProofError`,
`AlertReceived`): they name what the server or network did wrong, and the user must
act on some of them (a changed server key). Callers catch these two roots.
"""

from __future__ import annotations


class ClientError(Exception):
    """Root of every error raised by app.client itself."""


class RemoteCallError(ClientError):
    """The server refused an RPC call; `code` and `message` are what it said."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"server error {code}: {message}")
        self.code = code
        self.message = message


class NotLoggedInError(ClientError):
    """This needs a logged-in channel."""


class SessionExpiredError(ClientError):
    """The server ended the login session (logout elsewhere, restart, expiry)."""

    def __init__(self, message: str = "the login session has ended; log in again") -> None:
        super().__init__(message)
