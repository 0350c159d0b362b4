"""The errors of `app.protocol`, all under one root (h11's split of who is to blame).

ProtocolError
├── LocalProtocolError            you misused the API (wrong state, bad argument)
│   └── EncodeError               a value msgpack cannot carry (the exchange goes on)
└── RemoteProtocolError           the peer (or the network) misbehaved
    ├── FrameError                malformed frame: bad type, reserved bits, truncated
    │   ├── FrameTooLargeError    a frame above `max_frame_size`
    │   └── UnsupportedVersionError
    ├── DecodeError               a payload that is not the msgpack message expected
    ├── UnexpectedMessageError    a message the current state does not allow
    │   └── RenegotiationError    a second handshake inside an exchange (checklist 34)
    ├── BadRecordMacError         a record that does not open (changed, reordered, dropped,
    │                             duplicated) — one message whatever the cause
    ├── ReplayError               a ticket or request seen before (checklist 31)
    │   └── StaleRequestError     an `ecdhef` outside the time window or replayed
    ├── HandshakeError            the handshake cannot complete (checklist 32)
    │   ├── HandshakeAuthError    the server's signature is wrong (checklist 36)
    │   ├── ServerKeyMismatchError  the server proved a key other than the pinned one
    │   └── InvalidPointError     a point off the curve, at infinity, badly encoded (35)
    ├── LoginError                a login failed
    │   ├── StretchingDowngradeError  KDF parameters below our floor (checklist 4)
    │   ├── UntrustedGroupError   SRP group not allowed (checklist 5)
    │   ├── SRPProtocolError      B = 0 mod N, u = 0 (checklist 6)
    │   ├── SRPServerProofError   wrong M2 (checklist 7)
    │   └── TooManyAttemptsError  the server's login throttle said no
    └── AlertReceived             the peer sent an ALERT (`code`, `message`)

The crypto errors of the same names are wrapped (`raise ... from`), so callers catch
only `ProtocolError`.
"""

from __future__ import annotations

from enum import IntEnum


class AlertCode(IntEnum):
    """ALERT codes (SPEC §2)."""

    DECODE_ERROR = 1
    UNEXPECTED_MESSAGE = 2
    HANDSHAKE_FAILURE = 3
    BAD_RECORD_MAC = 4
    UNKNOWN_TICKET = 5
    LOGIN_FAILED = 6
    TOO_MANY_ATTEMPTS = 7
    INTERNAL_ERROR = 8
    RECORD_OVERFLOW = 9
    UNSUPPORTED_VERSION = 10
    STALE_REQUEST = 11


class ProtocolError(Exception):
    """Root of every error raised by app.protocol. `alert` is the code a server sends."""

    alert: AlertCode = AlertCode.INTERNAL_ERROR


class LocalProtocolError(ProtocolError):
    """The API was used in a way the protocol does not allow (a bug in the caller)."""


class EncodeError(LocalProtocolError):
    """A value to send that msgpack cannot carry. Raised before anything is sent: the
    exchange is left as it was (a server answers that call with an error instead)."""


class RemoteProtocolError(ProtocolError):
    """The peer sent something the protocol does not allow."""

    alert = AlertCode.DECODE_ERROR


class FrameError(RemoteProtocolError):
    """A frame header or the framing of a body is wrong."""


class FrameTooLargeError(FrameError):
    """A frame declares a length above the limit."""

    alert = AlertCode.RECORD_OVERFLOW


class UnsupportedVersionError(FrameError):
    """A frame of a protocol version other than 1."""

    alert = AlertCode.UNSUPPORTED_VERSION


class DecodeError(RemoteProtocolError):
    """A payload is not the well-formed message expected."""


class UnexpectedMessageError(RemoteProtocolError):
    """A message arrived that the current state does not allow."""

    alert = AlertCode.UNEXPECTED_MESSAGE


class RenegotiationError(UnexpectedMessageError):
    """A second handshake was attempted inside one exchange; it is always refused."""


class BadRecordMacError(RemoteProtocolError):
    """An encrypted record did not open. No more is said, whatever the cause."""

    alert = AlertCode.BAD_RECORD_MAC

    def __init__(self, message: str = "a record failed authentication") -> None:
        super().__init__(message)


class ReplayError(RemoteProtocolError):
    """A ticket or request that was already used, or is too old."""

    alert = AlertCode.UNKNOWN_TICKET


class HandshakeError(RemoteProtocolError):
    """The handshake cannot complete safely."""

    alert = AlertCode.HANDSHAKE_FAILURE


class HandshakeAuthError(HandshakeError):
    """The server's signature over the handshake does not verify: someone changed a
    message on the way, or this is not the server it claims to be."""

    def __init__(self, message: str = "the server's handshake signature does not verify") -> None:
        super().__init__(message)


class ServerKeyMismatchError(HandshakeError):
    """The server proved a key other than the one pinned for it. Either the server
    changed its key or someone is in the middle: the user must decide, never the code."""

    def __init__(self, expected: bytes, received: bytes) -> None:
        super().__init__(
            "the server's key changed: expected "
            f"{expected.hex()[:16]}…, got {received.hex()[:16]}… — do not continue "
            "unless the server's operator confirms the new key"
        )
        self.expected = expected
        self.received = received


class InvalidPointError(HandshakeError):
    """A public key that is not a valid compressed secp256k1 point."""


class LoginError(RemoteProtocolError):
    """A login could not be completed."""

    alert = AlertCode.LOGIN_FAILED


class StretchingDowngradeError(LoginError):
    """The server asked for password stretching below this client's floor."""


class UntrustedGroupError(LoginError):
    """The server offered an SRP group that is not in the allow-list."""


class SRPProtocolError(LoginError):
    """The server sent an SRP value that must be refused (B = 0 mod N, u = 0)."""


class SRPServerProofError(LoginError):
    """The server could not prove it knows the password verifier (wrong M2)."""


class TooManyAttemptsError(LoginError):
    """The server refuses more login attempts for now (online-guessing limit)."""

    alert = AlertCode.TOO_MANY_ATTEMPTS


class StaleRequestError(ReplayError):
    """A one-pass request outside the time window, or one seen before."""

    alert = AlertCode.STALE_REQUEST


class AlertReceived(RemoteProtocolError):  # noqa: N818 - the name the checklist uses
    """The peer ended the exchange with an ALERT."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"the peer sent alert {code}: {message}")
        self.code = code
        self.message = message
