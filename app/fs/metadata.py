"""File metadata (FORMAT.md §5): what a reader needs to trust and decrypt one file version.

Encrypted with the item's metadata key and signed by the item key over the canonical
bytes of `FileMetadata.signed_bytes`. Opening checks, in order: format, signer,
decryption, schema, signature (MetadataIntegrityError), then the caller's context:
the parent it was reached through (StructureError) and the highest version already seen
(RollbackError).
"""

from __future__ import annotations

import secrets
import struct
from collections.abc import Callable
from dataclasses import dataclass

from app.fs import _envelope
from app.fs.chunks import (
    CONTENT_KEY_SIZE,
    MAX_CHUNK_SIZE,
    VERSION_ID_SIZE,
    ContentKeys,
    ContentSummary,
    chunk_count_for,
)
from app.fs.errors import (
    FormatVersionError,
    FsUsageError,
    MetadataIntegrityError,
    RollbackError,
    StructureError,
)
from app.fs.keys import ItemKey
from app.wire.encoding import (
    FORMAT_V1,
    label,
    lp,
    lp_str,
    u8,
    want,
    want_bytes,
    want_uint,
)
from app.wire.objects import BLAKE3, SHA256

__all__ = ["FileMetadata", "check_name", "check_parent", "check_version"]

_SIGNED_LABEL = label("fs/file-metadata")  # opens the signed bytes (§5)
# The block-id hash (§3): SHA-256 content has no `hash` field and signed-bytes format 0x01
# (every file written before BLAKE3); any other is named by `hash`, signed as format 0x02.
_HASH_CODES = {BLAKE3: 2}
_HASH_NAMES = {code: name for name, code in _HASH_CODES.items()}
_FORMAT_NAMED_HASH = 0x02
_MAX_NAME_BYTES = 255
_HEAD_V1, _HEAD_NAMED_HASH = u8(FORMAT_V1), u8(_FORMAT_NAMED_HASH)
# the fixed-width fields of the signed bytes, in their order (§5)
_SIZE_AND_TIMES = struct.Struct(">Qqq")  # u64 size, i64 created, i64 modified
_U64 = struct.Struct(">Q")  # the version
_CHUNKS = struct.Struct(">IQ")  # u32 chunk size, u64 chunk count
_FIELDS = frozenset(
    {"name", "size", "created", "modified", "mime", "parent", "version"}
    | {"key", "vid", "chunk", "count", "blocks"}
)
_OPTIONAL_FIELDS = frozenset({"hash"})


def check_name(name: str) -> str:
    """A single path component: 1..255 UTF-8 bytes, no '/', no NUL, not '.' or '..'."""
    if not isinstance(name, str) or name in ("", ".", ".."):
        raise FsUsageError(f"{name!r} is not a usable file or folder name")
    if "/" in name or "\x00" in name or len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        raise FsUsageError(f"{name!r} is not a usable file or folder name")
    return name


def check_parent(what: str, found: str, expected: str | None) -> None:
    if expected is not None and found != expected:
        raise StructureError(
            f"{what} says its parent is {found or 'nobody'}, but it was found in {expected}"
        )


def check_version(what: str, version: int, min_version: int) -> None:
    if version < min_version:
        raise RollbackError(what, version, min_version)


@dataclass(frozen=True)
class FileMetadata:
    """One version of a file. Times are integer milliseconds since the Unix epoch (UTC)."""

    name: str
    size: int
    created: int
    modified: int
    mime: str
    parent_id: str
    version: int
    content: ContentKeys
    chunk_count: int
    blocks_digest: bytes

    def __post_init__(self) -> None:
        check_name(self.name)
        if self.chunk_count != chunk_count_for(self.size, self.content.chunk_size):
            raise FsUsageError("the chunk count does not match the size and chunk size")
        if len(self.blocks_digest) != 32 or not 0 <= self.version < 2**64:
            raise FsUsageError("a blocks digest has 32 bytes and a version fits in 64 bits")
        if not all(-(2**63) <= t < 2**63 for t in (self.created, self.modified)):
            raise FsUsageError("times are milliseconds that fit a signed 64-bit field")

    def __repr__(self) -> str:
        return f"FileMetadata({self.name!r}, size={self.size}, version={self.version})"

    @classmethod
    def for_content(
        cls,
        name: str,
        keys: ContentKeys,
        summary: ContentSummary,
        *,
        created: int,
        modified: int,
        mime: str,
        parent_id: str,
        version: int,
    ) -> FileMetadata:
        """Metadata for content just encrypted with `keys` (summary from the encryptor)."""
        return cls(
            name,
            summary.size,
            created,
            modified,
            mime,
            parent_id,
            version,
            keys,
            summary.chunk_count,
            summary.blocks_digest,
        )

    @property
    def summary(self) -> ContentSummary:
        """What the content decryptor must find."""
        return ContentSummary(self.size, self.chunk_count, self.blocks_digest)

    def signed_bytes(self, item_id: str) -> bytes:
        """The exact bytes the item key signs (FORMAT.md §5)."""
        hash_code = _HASH_CODES.get(self.content.block_hash)
        head = _HEAD_V1 if hash_code is None else _HEAD_NAMED_HASH
        tail = b"" if hash_code is None else u8(hash_code)
        content = self.content
        try:
            numbers = _SIZE_AND_TIMES.pack(self.size, self.created, self.modified)
            version = _U64.pack(self.version)
            chunks = _CHUNKS.pack(content.chunk_size, self.chunk_count)
        except struct.error as error:
            raise ValueError(f"a metadata number does not fit its field: {error}") from None
        return b"".join(
            (
                _SIGNED_LABEL,
                head,
                lp_str(item_id),
                lp_str(self.name),
                numbers,
                lp_str(self.mime),
                lp_str(self.parent_id),
                version,
                lp(content.content_key),
                lp(content.version_id),
                chunks,
                lp(self.blocks_digest),
                tail,
            )
        )

    def seal(self, key: ItemKey, randbytes: Callable[[int], bytes] = secrets.token_bytes) -> bytes:
        """Sign with the item's xprv and encrypt: the descriptor's `extra`."""
        fields = {
            "name": self.name,
            "size": self.size,
            "created": self.created,
            "modified": self.modified,
            "mime": self.mime,
            "parent": self.parent_id,
            "version": self.version,
            "key": self.content.content_key,
            "vid": self.content.version_id,
            "chunk": self.content.chunk_size,
            "count": self.chunk_count,
            "blocks": self.blocks_digest,
        }
        if self.content.block_hash != SHA256:
            fields["hash"] = _HASH_CODES[self.content.block_hash]
        signed = self.signed_bytes(key.item_id)
        return _envelope.seal(key, _envelope.KIND_FILE, fields, signed, randbytes)

    @classmethod
    def open(
        cls,
        extra: bytes,
        key: ItemKey,
        *,
        parent_id: str | None,
        min_version: int = 0,
    ) -> FileMetadata:
        """Verify and decrypt a file's metadata.

        `parent_id` is the folder it was reached through (None when opened from a share
        reference); `min_version` is the highest version this client has seen of it.
        """
        fields = _envelope.open_fields(extra, key, _envelope.KIND_FILE, _FIELDS, _OPTIONAL_FIELDS)
        try:
            metadata = cls._from_fields(fields)
        except (ValueError, TypeError):
            raise MetadataIntegrityError("the file's metadata is malformed") from None
        _envelope.check_signature(
            key, _envelope.KIND_FILE, fields["sig"], metadata.signed_bytes(key.item_id)
        )
        check_parent(f"the file {metadata.name!r}", metadata.parent_id, parent_id)
        check_version(f"the file {metadata.name!r}", metadata.version, min_version)
        return metadata

    @classmethod
    def _from_fields(cls, fields: dict[str, object]) -> FileMetadata:
        keys = ContentKeys(
            want_bytes(fields, "key", CONTENT_KEY_SIZE),
            want_bytes(fields, "vid", VERSION_ID_SIZE),
            want_uint(fields, "chunk", MAX_CHUNK_SIZE),
            _block_hash(fields),
        )
        return cls(
            name=want(fields, "name", str),
            size=want_uint(fields, "size"),
            created=want(fields, "created", int),
            modified=want(fields, "modified", int),
            mime=want(fields, "mime", str),
            parent_id=want(fields, "parent", str),
            version=want_uint(fields, "version"),
            content=keys,
            chunk_count=want_uint(fields, "count"),
            blocks_digest=want_bytes(fields, "blocks", 32),
        )


def _block_hash(fields: dict[str, object]) -> str:
    """The block-id hash the metadata names: SHA-256 without a `hash` field; a code this
    reader does not know is a newer format (FormatVersionError), not a damaged one."""
    if "hash" not in fields:
        return SHA256
    code = want_uint(fields, "hash", 255)
    if code not in _HASH_NAMES:
        raise FormatVersionError("the file's block-id hash", code)
    return _HASH_NAMES[code]
