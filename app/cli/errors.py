"""Exit codes of the `privshare` command, and which errors map to which.

0 done, 1 any other error, 2 usage, 3 authentication failed, 4 an integrity or security
check failed (tampering detected), 5 the server is unreachable.
"""

from __future__ import annotations

from app.client.address import AddressError
from app.client.errors import ClientError
from app.client.transport import TransportError
from app.crypto.errors import DecryptionError, SignatureError
from app.fs.errors import TamperingError
from app.pki.errors import KTConsistencyError, UntrustedKeyError
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
    ServerUnreachableError,
    ServiceError,
    TamperingDetectedError,
)
from app.vault.errors import RollbackError, ServerKeyChangedError, VaultError, WrongPasswordError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_INTEGRITY = 4
EXIT_UNREACHABLE = 5

# Checked in order: the first class that matches decides.
_EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (AddressError, EXIT_USAGE),
    (AuthenticationFailedError, EXIT_AUTH),
    (TamperingDetectedError, EXIT_INTEGRITY),
    (ServerUnreachableError, EXIT_UNREACHABLE),
    (WrongPasswordError, EXIT_AUTH),
    (TooManyAttemptsError, EXIT_AUTH),
    (LoginError, EXIT_INTEGRITY),
    (TransportError, EXIT_UNREACHABLE),
    (TamperingError, EXIT_INTEGRITY),
    (UntrustedKeyError, EXIT_INTEGRITY),
    (KTConsistencyError, EXIT_INTEGRITY),
    (ServerKeyChangedError, EXIT_INTEGRITY),
    (RollbackError, EXIT_INTEGRITY),
    (HandshakeError, EXIT_INTEGRITY),
    (DecryptionError, EXIT_INTEGRITY),
    (SignatureError, EXIT_INTEGRITY),
    (RemoteProtocolError, EXIT_INTEGRITY),
)

_AUTH_ALERTS = frozenset({AlertCode.LOGIN_FAILED, AlertCode.TOO_MANY_ATTEMPTS})

HANDLED: tuple[type[BaseException], ...] = (
    ServiceError,
    VaultError,
    ClientError,
    ProtocolError,
    TamperingError,
    KTConsistencyError,
    UntrustedKeyError,
    DecryptionError,
    SignatureError,
    OSError,
)


def exit_code_for(error: BaseException) -> int:
    """The exit code for an error a command let through."""
    if isinstance(error, AlertReceived) and error.code in _AUTH_ALERTS:
        return EXIT_AUTH
    for kind, code in _EXIT_CODES:
        if isinstance(error, kind):
            return code
    return EXIT_ERROR
