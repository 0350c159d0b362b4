"""The errors sharing and inbox use cases report, and the translation of lower ones.

    TamperingDetectedError (app.services.errors)     exit code 4
    └── UntrustedRecipientError   the recipient's inbox key is not proven by their keystore
    ServiceError
    ├── InboxRefusedError         the recipient's server refused the message (ACL, quota,
    │                             rate, a drop inbox's expiry or size limit)
    └── FilesUsageError (files.errors) the request cannot be done as asked

Everything else goes through `files.errors.translated` (tampering of file objects, not
found, unreachable), so one failed check always ends in a `TamperingDetectedError`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from app.client.errors import RemoteCallError
from app.client.sinks_api import (
    AccessDeniedError,
    MalformedSinkResponseError,
    MessageLimitError,
    MessageNotFoundError,
    MessageQuotaError,
    RateLimitedError,
    SenderUnverifiedError,
    SinkNotFoundError,
)
from app.protocol.errors import LocalProtocolError, RemoteProtocolError
from app.services.errors import NotFoundError, ServiceError, TamperingDetectedError
from app.services.files.errors import BadServerAnswerError, translated

__all__ = [
    "InboxRefusedError",
    "ReplayedShareError",
    "UntrustedRecipientError",
    "service_errors",
]


SINK_EXPIRED = 2112  # server_stub/SINKS.md: a drop inbox past its registered expiry
SINK_FULL = 2113  # a delivery larger than a drop inbox's registered limit


class UntrustedRecipientError(TamperingDetectedError):
    """The recipient's keys could not be proven: nothing was sent."""


class ReplayedShareError(TamperingDetectedError):
    """A share message not newer than the share it would replace (a replayed message)."""


class InboxRefusedError(ServiceError):
    """The recipient's server refused the message."""


@contextlib.contextmanager
def service_errors(where: str) -> Iterator[None]:
    """Lower-layer errors raised in the block, as service errors naming `where`."""
    try:
        yield
    except ServiceError:
        raise
    except (SinkNotFoundError, MessageNotFoundError) as error:
        raise NotFoundError(f"{where}: not found on the server ({error.message})") from error
    except (AccessDeniedError, SenderUnverifiedError, RateLimitedError) as error:
        raise InboxRefusedError(f"{where}: the server refused: {error.message}") from error
    except (MessageQuotaError, MessageLimitError) as error:
        raise InboxRefusedError(f"{where}: the inbox is full: {error.message}") from error
    except RemoteCallError as error:
        if error.code in (SINK_EXPIRED, SINK_FULL):  # a drop inbox's registered limits
            raise InboxRefusedError(f"{where}: {error.message}") from error
        raise translated(error, where) from error
    except MalformedSinkResponseError as error:
        raise BadServerAnswerError(f"tampering detected ({where}): {error}") from error
    except RemoteProtocolError as error:
        raise TamperingDetectedError(f"tampering detected ({where}): {error}") from error
    except LocalProtocolError as error:
        raise ServiceError(f"{where}: {error}") from error
    except Exception as error:
        service_error = translated(error, where)
        if service_error is error:
            raise
        raise service_error from error
