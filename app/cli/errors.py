"""Exit codes of the `privshare` command, and which service errors map to which.

0 done, 1 any other error, 2 usage (also an address that names nobody: `share`, `whois`,
`send` to a person without an account there), 3 authentication failed, 4 an integrity or security
check failed (tampering detected), 5 the server is unreachable. Only `ServiceError`s
reach the command's top (`app.services.boundary` translates the rest), so the kind of
service error decides.
"""

from __future__ import annotations

from app.services.errors import (
    AuthenticationFailedError,
    InvalidInputError,
    ServerUnreachableError,
    ServiceError,
    TamperingDetectedError,
)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_INTEGRITY = 4
EXIT_UNREACHABLE = 5

_EXIT_CODES: tuple[tuple[type[ServiceError], int], ...] = (
    (InvalidInputError, EXIT_USAGE),
    (AuthenticationFailedError, EXIT_AUTH),
    (TamperingDetectedError, EXIT_INTEGRITY),
    (ServerUnreachableError, EXIT_UNREACHABLE),
)


def exit_code_for(error: ServiceError) -> int:
    """The exit code for a service error a command let through."""
    for kind, code in _EXIT_CODES:
        if isinstance(error, kind):
            return code
    return EXIT_ERROR
