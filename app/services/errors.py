"""The errors of `app.services`: what a use case tells the person using it.

    ServiceError                 root; the message is one line that says what to do
    ├── AuthenticationFailedError     wrong password or phrase, unknown account, too many tries
    ├── TamperingDetectedError        an integrity or security check failed (the server or the
    │                            network changed something); nothing derived from it is kept
    ├── ServerUnreachableError        no answer from the server (network, discovery, proxy)
    ├── NotFoundError                 a path, user or share that does not exist
    ├── InvalidInputError             what was typed cannot be used (an address without #host)
    └── TransferCancelledError        the person cancelled (events.CancelToken)

Only these leave `app.services`: use cases translate the lower layers' errors into them
(`app.services.boundary`), keeping the original as `__cause__` for the detail view.
"""

from __future__ import annotations


class ServiceError(Exception):
    """Root of the errors a use case reports."""


class AuthenticationFailedError(ServiceError):
    """The account could not be opened with what was given."""


class TamperingDetectedError(ServiceError):
    """Data from the server failed an integrity or security check."""


class ServerUnreachableError(ServiceError):
    """The server could not be reached or did not answer usefully."""


class NotFoundError(ServiceError):
    """The thing asked for does not exist."""


class InvalidInputError(ServiceError):
    """What the person typed cannot be used as it is (the message says how to fix it)."""


class TransferCancelledError(ServiceError):
    """The person cancelled the transfer."""
