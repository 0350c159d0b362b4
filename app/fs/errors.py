"""The errors of `app.fs`, all under one root.

FsError
├── FsUsageError (ValueError)     you misused the API: a bad chunk size, a duplicate name
└── TamperingError                the stored data is not what its writer made
    ├── IntegrityError            content or an object was changed, added to or spliced
    │   ├── ChunkOrderError       a genuine chunk of this file sits at the wrong position
    │   ├── TruncationError       the file ends before its last chunk
    │   └── MetadataIntegrityError  encrypted metadata or a listing was changed
    ├── StructureError            an item is not where its authenticated parent says
    ├── InjectedObjectError       an item is signed by a key its folder never gave it
    ├── RollbackError             an older version than one already seen is served
    └── DowngradeError
        └── FormatVersionError    an unknown or retired format byte

Every `TamperingError` means the server (or whoever stored the bytes) misbehaved; the
caller must discard what it got. Messages say what happened in plain words and never
carry secret material.
"""

from __future__ import annotations

__all__ = [
    "ChunkOrderError",
    "DowngradeError",
    "FormatVersionError",
    "FsError",
    "FsUsageError",
    "InjectedObjectError",
    "IntegrityError",
    "MetadataIntegrityError",
    "RollbackError",
    "StructureError",
    "TamperingError",
    "TruncationError",
]


class FsError(Exception):
    """Root of every error raised by app.fs."""


class FsUsageError(FsError, ValueError):
    """The caller asked for something the format cannot do (a bug in the caller)."""


class TamperingError(FsError):
    """The stored data was changed by someone without the item's key."""


class IntegrityError(TamperingError):
    """File content or an encrypted object does not authenticate."""

    def __init__(self, message: str = "the file content was changed after it was written") -> None:
        super().__init__(message)


class ChunkOrderError(IntegrityError):
    """A genuine chunk of this file version was served at the wrong position."""

    def __init__(self, expected: int, found: int) -> None:
        super().__init__(
            f"the file's chunks were reordered: chunk {found} was served at position {expected}"
        )
        self.expected = expected
        self.found = found


class TruncationError(IntegrityError):
    """The file ended before its authenticated last chunk: chunks were dropped."""

    def __init__(self, message: str = "the file was cut short: its last chunk is missing") -> None:
        super().__init__(message)


class MetadataIntegrityError(IntegrityError):
    """Encrypted metadata or a folder listing was changed, or signed by the wrong key."""

    def __init__(
        self, message: str = "the item's metadata was changed or is not signed by its key"
    ) -> None:
        super().__init__(message)


class StructureError(TamperingError):
    """An item's authenticated parent or identity does not match where it was found."""


class InjectedObjectError(TamperingError):
    """An item in a folder is not keyed by that folder: someone else put it there."""


class RollbackError(TamperingError):
    """An item is older than a version this client has already seen."""

    def __init__(self, what: str, served: int, seen: int) -> None:
        super().__init__(
            f"{what} was rolled back: version {served} was served, version {seen} was seen before"
        )
        self.served = served
        self.seen = seen


class DowngradeError(TamperingError):
    """A format, version or parameter below what this client accepts."""


class FormatVersionError(DowngradeError):
    """An object carries a format byte this client does not accept."""

    def __init__(self, what: str, found: int) -> None:
        super().__init__(f"{what} has unknown or retired format version {found}")
        self.found = found
