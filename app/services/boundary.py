"""The one error boundary of `app.services`: a lower layer's error as a `ServiceError`.

Every use case lets only `ServiceError`s out. The modules translate the errors they
know best themselves (`files.errors.translated`, `sharing.errors.service_errors`,
`account.helpers.translated`, `pki`); whatever they leave ends here, so the shells
(the CLI's exit codes, the GUI's error line) see one tree:

    AddressError                           -> InvalidInputError
    WrongPasswordError, too many logins,
    an ALERT login_failed/too_many_attempts -> AuthenticationFailedError
    TransportError                         -> ServerUnreachableError
    any failed integrity or security check
    (fs tampering, proofs, pins, rollbacks,
    handshakes, signatures, the peer's
    protocol errors)                       -> TamperingDetectedError
    any other error of client, vault, fs,
    pki, protocol, crypto, or an OSError   -> ServiceError

The message stays the lower error's own one line (its class name when it has none),
and the lower error stays reachable as `__cause__` for the details view. Errors that
are not from a lower layer (a `TypeError`, say) are bugs and pass unchanged.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from app.client.address import AddressError
from app.client.errors import ClientError
from app.client.transport import TransportError
from app.crypto.errors import CryptoError, DecryptionError, SignatureError
from app.fs.errors import FsError, TamperingError
from app.pki.errors import KTConsistencyError, PKIError, ProofError, UntrustedKeyError
from app.protocol.errors import (
    AlertCode,
    AlertReceived,
    HandshakeError,
    LoginError,
    ProtocolError,
    RemoteProtocolError,
    TooManyAttemptsError,
)
from app.services.errors import (
    AuthenticationFailedError,
    InvalidInputError,
    ServerUnreachableError,
    ServiceError,
    TamperingDetectedError,
)
from app.vault.errors import (
    ItemRollbackError,
    PinnedKeyChangedError,
    VaultError,
    WrongPasswordError,
)

__all__ = ["as_service_error", "service_boundary"]

_AUTH_ALERTS = frozenset({AlertCode.LOGIN_FAILED, AlertCode.TOO_MANY_ATTEMPTS})

# Checked in order: the first class that matches decides.
_KINDS: tuple[tuple[type[BaseException], type[ServiceError]], ...] = (
    (AddressError, InvalidInputError),
    (WrongPasswordError, AuthenticationFailedError),
    (TooManyAttemptsError, AuthenticationFailedError),
    (LoginError, TamperingDetectedError),
    (TransportError, ServerUnreachableError),
    (TamperingError, TamperingDetectedError),
    (UntrustedKeyError, TamperingDetectedError),
    (ProofError, TamperingDetectedError),
    (KTConsistencyError, TamperingDetectedError),
    (PinnedKeyChangedError, TamperingDetectedError),
    (ItemRollbackError, TamperingDetectedError),
    (HandshakeError, TamperingDetectedError),
    (DecryptionError, TamperingDetectedError),
    (SignatureError, TamperingDetectedError),
    (RemoteProtocolError, TamperingDetectedError),
    (ClientError, ServiceError),
    (VaultError, ServiceError),
    (FsError, ServiceError),
    (PKIError, ServiceError),
    (ProtocolError, ServiceError),
    (CryptoError, ServiceError),
    (OSError, ServiceError),
)


def as_service_error(error: BaseException) -> BaseException:
    """The service error that reports `error`: itself if it is one already or is not a
    lower layer's error (a bug), else a new one with the same message."""
    if isinstance(error, ServiceError):
        return error
    message = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, AlertReceived) and error.code in _AUTH_ALERTS:
        return AuthenticationFailedError(message)
    for kind, service_kind in _KINDS:
        if isinstance(error, kind):
            return service_kind(message)
    return error


@contextlib.contextmanager
def service_boundary() -> Iterator[None]:
    """Raise a lower layer's error escaping the block as its service error (`from` it)."""
    try:
        yield
    except Exception as error:
        translated = as_service_error(error)
        if translated is error:
            raise
        raise translated from error
