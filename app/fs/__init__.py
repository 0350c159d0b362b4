"""The encrypted file-system formats: item keys, chunked content, signed metadata and
listings, descriptor payloads and share references. Pure: no network, no clock.

The byte layouts are specified in FORMAT.md beside this file.
"""

from app.fs.chunks import (
    DEFAULT_CHUNK_SIZE,
    ContentDecryptor,
    ContentEncryptor,
    ContentKeys,
    ContentSummary,
)
from app.fs.descriptor import DescriptorPayload
from app.fs.errors import (
    ChunkOrderError,
    DowngradeError,
    FormatVersionError,
    FsError,
    FsUsageError,
    InjectedObjectError,
    IntegrityError,
    MetadataIntegrityError,
    RollbackError,
    StructureError,
    TamperingError,
    TruncationError,
)
from app.fs.keys import ItemKey
from app.fs.listing import EntryType, FolderListing, ListingEntry
from app.fs.metadata import FileMetadata
from app.fs.share import ShareReference

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "ChunkOrderError",
    "ContentDecryptor",
    "ContentEncryptor",
    "ContentKeys",
    "ContentSummary",
    "DescriptorPayload",
    "DowngradeError",
    "EntryType",
    "FileMetadata",
    "FolderListing",
    "FormatVersionError",
    "FsError",
    "FsUsageError",
    "InjectedObjectError",
    "IntegrityError",
    "ItemKey",
    "ListingEntry",
    "MetadataIntegrityError",
    "RollbackError",
    "ShareReference",
    "StructureError",
    "TamperingError",
    "TruncationError",
]
