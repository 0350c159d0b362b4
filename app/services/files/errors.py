"""The errors file operations report, and the translation of lower errors into them.

    TamperingDetectedError (app.services.errors)        exit code 4
    ├── ContentTamperedError      chunks flipped, swapped, dropped, appended or spliced
    ├── MetadataTamperedError     encrypted metadata or a listing changed
    ├── StructureTamperedError    an item is not where its authenticated parent says
    ├── InjectedItemError         an item or descriptor keyed by someone else
    ├── RollbackDetectedError     an older version than one already seen
    ├── DowngradeDetectedError    an unknown or retired format byte
    └── BadServerAnswerError      the server's answer does not have the documented shape
    FilesUsageError (ServiceError)  the request cannot be done (a name exists, not a folder, ...)
    StorageFullError (ServiceError) the quota or a server limit is reached

`translated(error, where)` keeps the specific lower error's class name in the message,
so "ChunkOrderError" or "RollbackError" is visible on the one line the CLI prints;
what it does not know it leaves to `app.services.boundary`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.client.errors import RemoteCallError, SessionExpiredError
from app.client.objects_api import (
    LimitExceededError,
    MalformedObjectResponseError,
    ObjectNotFoundError,
    QuotaExceededError,
)
from app.client.transport import TransportError
from app.crypto.errors import DecryptionError, SignatureError
from app.fs import errors as fs
from app.services.boundary import as_service_error
from app.services.errors import (
    AuthenticationFailedError,
    NotFoundError,
    ServerUnreachableError,
    ServiceError,
    TamperingDetectedError,
)
from app.vault import errors as vault_errors

__all__ = [
    "BadServerAnswerError",
    "ContentTamperedError",
    "DowngradeDetectedError",
    "FilesUsageError",
    "InjectedItemError",
    "MetadataTamperedError",
    "RollbackDetectedError",
    "StorageFullError",
    "StructureTamperedError",
    "service_errors",
    "translated",
]


class ContentTamperedError(TamperingDetectedError):
    """A file's content does not authenticate (flipped, reordered, cut or spliced)."""


class MetadataTamperedError(TamperingDetectedError):
    """A file's metadata or a folder's listing was changed."""


class StructureTamperedError(TamperingDetectedError):
    """An item was served somewhere its authenticated parent does not put it."""


class InjectedItemError(TamperingDetectedError):
    """An item or descriptor is keyed by something its folder never gave it."""


class RollbackDetectedError(TamperingDetectedError):
    """The server served an older version than one this device has seen."""


class DowngradeDetectedError(TamperingDetectedError):
    """An object carries a format this client does not accept."""


class BadServerAnswerError(TamperingDetectedError):
    """The server's answer does not have the documented shape."""


class FilesUsageError(ServiceError):
    """The operation cannot be done as asked (the message says why)."""


class StorageFullError(ServiceError):
    """The account's quota or a server limit is reached."""


# Most specific first: the first class that matches decides.
_TAMPERING: tuple[tuple[type[BaseException], type[TamperingDetectedError]], ...] = (
    (fs.MetadataIntegrityError, MetadataTamperedError),
    (fs.IntegrityError, ContentTamperedError),
    (fs.StructureError, StructureTamperedError),
    (fs.InjectedObjectError, InjectedItemError),
    (fs.RollbackError, RollbackDetectedError),
    (vault_errors.ItemRollbackError, RollbackDetectedError),
    (fs.DowngradeError, DowngradeDetectedError),
    (MalformedObjectResponseError, BadServerAnswerError),
    (DecryptionError, ContentTamperedError),
    (SignatureError, MetadataTamperedError),
)


@contextmanager
def service_errors(where: str) -> Iterator[None]:
    """Raise an error escaping the block as `translated(error, where)` (`from` it)."""
    try:
        yield
    except ServiceError:
        raise
    except Exception as error:
        service_error = translated(error, where)
        if service_error is error:
            raise
        raise service_error from error


def translated(error: BaseException, where: str = "") -> BaseException:
    """The service error to raise for `error` (itself if it already is one)."""
    if isinstance(error, ServiceError):
        return error
    place = f" ({where})" if where else ""
    for kind, service_kind in _TAMPERING:
        if isinstance(error, kind):
            name = type(error).__name__
            return service_kind(f"tampering detected{place}: {name}: {error}")
    return _translated_other(error, place)


def _translated_other(error: BaseException, place: str) -> BaseException:
    if isinstance(error, ObjectNotFoundError):
        return NotFoundError(f"not found on the server{place}")
    if isinstance(error, QuotaExceededError | LimitExceededError):
        return StorageFullError(f"{error.message}{place}")
    if isinstance(error, TransportError):
        return ServerUnreachableError(f"{error}{place}")
    if isinstance(error, SessionExpiredError):
        return AuthenticationFailedError(str(error))
    if isinstance(error, RemoteCallError):
        return ServiceError(f"the server refused{place}: {error.message}")
    if isinstance(error, fs.FsUsageError):
        return FilesUsageError(str(error))
    return as_service_error(error)
