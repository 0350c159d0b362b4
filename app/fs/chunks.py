"""The chunked file-content format (FORMAT.md §3): streaming, constant memory.

A file version has a fresh random 32-byte content key and a random 16-byte version id.
Its plaintext is cut into `chunk_size` pieces; chunk i becomes one block

    0x01 ‖ u64 index ‖ u8 last ‖ AES-256-GCM(key, nonce, chunk, aad)   (ciphertext ‖ tag)
    nonce = index as 11 bytes big-endian ‖ last      aad = 0x01 ‖ version id ‖ u64 index ‖ last

Because the index and flag travel in the block and are authenticated, a reader knows the
position every genuine chunk was written for: a chunk at the wrong place raises
`ChunkOrderError` after one decryption, with no trial decryptions (no oracle). Buffers
are allocated once per stream and reused, so memory does not grow with the file.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from app.crypto.aead import Aead
from app.crypto.errors import DecryptionError
from app.crypto.kdf import LABEL_PREFIX
from app.fs.errors import (
    ChunkOrderError,
    FormatVersionError,
    FsUsageError,
    IntegrityError,
    TruncationError,
)
from app.wire.encoding import FORMAT_V1, u64
from app.wire.objects import BLOCK_HASHES, SHA256, block_hasher

Buffer = bytes | bytearray | memoryview

__all__ = [
    "BLOCK_OVERHEAD",
    "DEFAULT_CHUNK_SIZE",
    "MAX_CHUNK_SIZE",
    "ContentDecryptor",
    "ContentEncryptor",
    "ContentKeys",
    "ContentSummary",
    "Source",
    "blocks_digest",
    "chunk_count_for",
]

DEFAULT_CHUNK_SIZE = 1 << 20
MAX_CHUNK_SIZE = 16 << 20
CONTENT_KEY_SIZE = 32
VERSION_ID_SIZE = 16
HEADER_SIZE = 10
TAG_SIZE = 16
BLOCK_OVERHEAD = HEADER_SIZE + TAG_SIZE
_LAST = 0x01
_BLOCKS_LABEL = LABEL_PREFIX + b"fs/block-ids"


@runtime_checkable
class _ReadInto(Protocol):
    def readinto(self, buffer: memoryview, /) -> int | None: ...


class _Write(Protocol):
    def write(self, data: memoryview, /) -> object: ...


Source = _ReadInto | Iterable[bytes]
"""A binary file opened for reading (anything with `readinto`) or an iterable of bytes."""


def chunk_count_for(size: int, chunk_size: int) -> int:
    """Chunks a file of `size` bytes has: at least one (an empty file is one empty chunk)."""
    return max(1, -(-size // chunk_size))


@dataclass(frozen=True)
class ContentKeys:
    """What decrypts one file version; it travels inside the file's signed metadata."""

    content_key: bytes
    version_id: bytes
    chunk_size: int = DEFAULT_CHUNK_SIZE
    block_hash: str = SHA256  # the block-id hash (FORMAT.md §3): SHA256 or BLAKE3

    def __post_init__(self) -> None:
        if len(self.content_key) != CONTENT_KEY_SIZE:
            raise FsUsageError(f"a content key is {CONTENT_KEY_SIZE} bytes")
        if len(self.version_id) != VERSION_ID_SIZE:
            raise FsUsageError(f"a version id is {VERSION_ID_SIZE} bytes")
        if not 1 <= self.chunk_size <= MAX_CHUNK_SIZE:
            raise FsUsageError(f"chunk size must be 1..{MAX_CHUNK_SIZE} bytes")
        if self.block_hash not in BLOCK_HASHES:
            raise FsUsageError(f"no block-id hash {self.block_hash!r}")

    def __repr__(self) -> str:
        version, chunk = self.version_id.hex(), self.chunk_size
        return f"ContentKeys(<secret>, version_id={version}, chunk_size={chunk}, {self.block_hash})"

    @classmethod
    def generate(
        cls,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
        *,
        block_hash: str = SHA256,
    ) -> ContentKeys:
        """Fresh keys for a new file version: never reuse them for another version."""
        key, version_id = randbytes(CONTENT_KEY_SIZE), randbytes(VERSION_ID_SIZE)
        return cls(key, version_id, chunk_size, block_hash)


@dataclass(frozen=True)
class ContentSummary:
    """What the metadata records about the encrypted content."""

    size: int
    chunk_count: int
    blocks_digest: bytes


class _BlockIdDigest:
    """SHA-256(label ‖ id_0 ‖ … ‖ id_n-1 ‖ u64 n), where id_i = the block-id hash of block i."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256(_BLOCKS_LABEL)
        self.count = 0

    def add(self, block_id: bytes) -> None:
        self._hash.update(block_id)
        self.count += 1

    def digest(self) -> bytes:
        final = self._hash.copy()
        final.update(u64(self.count))
        return final.digest()


def blocks_digest(block_ids: Iterable[bytes]) -> bytes:
    """The digest of a list of block ids, as recorded in file metadata."""
    tally = _BlockIdDigest()
    for block_id in block_ids:
        tally.add(block_id)
    return tally.digest()


class _Cipher:
    def __init__(self, keys: ContentKeys) -> None:
        self._aead = Aead(keys.content_key)
        self._aad_prefix = bytes([FORMAT_V1]) + keys.version_id

    def _nonce_aad(self, index: int, flag: int) -> tuple[bytes, bytes]:
        nonce = index.to_bytes(11, "big") + bytes([flag])
        return nonce, self._aad_prefix + u64(index) + bytes([flag])

    def seal_into(self, index: int, last: bool, chunk: memoryview, out: memoryview) -> int:
        flag = _LAST if last else 0
        out[0] = FORMAT_V1
        out[1:9] = u64(index)
        out[9] = flag
        end = HEADER_SIZE + len(chunk) + TAG_SIZE
        nonce, aad = self._nonce_aad(index, flag)
        self._aead.encrypt_into(nonce, chunk, aad, out[HEADER_SIZE:end])
        return end

    def open_into(self, block: memoryview, out: memoryview) -> tuple[int, int, bool]:
        """Decrypt one block into `out`; return (plaintext length, index, last)."""
        if len(block) < BLOCK_OVERHEAD:
            raise IntegrityError("a file chunk is too short to be genuine")
        if block[0] != FORMAT_V1:
            raise FormatVersionError("a file chunk", block[0])
        index, flag = int.from_bytes(block[1:9], "big"), block[9]
        size = len(block) - BLOCK_OVERHEAD
        if flag not in (0, _LAST) or size > len(out):
            raise IntegrityError()
        nonce, aad = self._nonce_aad(index, flag)
        try:
            self._aead.decrypt_into(nonce, block[HEADER_SIZE:], aad, out[:size])
        except DecryptionError:
            raise IntegrityError() from None
        return size, index, flag == _LAST


def _fill(source: _ReadInto, buffer: memoryview) -> int:
    """Read until `buffer` is full or the source ends; return the bytes read."""
    filled = 0
    while filled < len(buffer):
        got = source.readinto(buffer[filled:])
        if not got:
            break
        filled += got
    return filled


class _IterableReader:
    """`readinto` over an iterable of byte strings of any sizes."""

    def __init__(self, pieces: Iterable[bytes]) -> None:
        self._pieces = iter(pieces)
        self._pending = memoryview(b"")

    def readinto(self, buffer: memoryview) -> int:
        while not self._pending:
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._pending = memoryview(piece).cast("B")
        take = min(len(buffer), len(self._pending))
        buffer[:take] = self._pending[:take]
        self._pending = self._pending[take:]
        return take


def _reader(source: Source) -> _ReadInto:
    if isinstance(source, _ReadInto):
        return source
    if isinstance(source, bytes | bytearray | memoryview):
        return _IterableReader([bytes(source)])
    return _IterableReader(source)


@dataclass
class ContentEncryptor:
    """Encrypts one file version; `block_ids` and `summary()` are ready once it is done.

    With `hash_blocks=False` the caller computes the block ids itself (for example on
    worker threads while uploading) and builds the summary with `blocks_digest`.
    """

    keys: ContentKeys
    hash_blocks: bool = True
    block_ids: list[bytes] = field(default_factory=list)
    size: int = 0
    chunk_count: int = 0
    _done: bool = False

    def blocks(self, source: Source) -> Iterator[bytes]:
        """Yield each block as its own bytes object (safe to keep or send concurrently)."""
        for view in self._seal(_reader(source)):
            yield bytes(view)

    def write_to(self, source: Source, sink: _Write) -> int:
        """Write the blocks back to back into `sink` with reused buffers; return the size."""
        for view in self._seal(_reader(source)):
            sink.write(view)
        return self.size

    def seal_single(self, content: bytes) -> bytes:
        """The one block of a content that fits in one chunk, from memory (no chunk-sized
        buffers: for a small file, zeroing them cost more than encrypting it)."""
        if len(content) > self.keys.chunk_size:
            raise FsUsageError("that content does not fit in one chunk")
        if self._done or self.chunk_count:
            raise FsUsageError("a ContentEncryptor encrypts one file version once")
        out = memoryview(bytearray(len(content) + BLOCK_OVERHEAD))
        _Cipher(self.keys).seal_into(0, True, memoryview(content), out)
        block = bytes(out)
        if self.hash_blocks:
            self.block_ids.append(block_hasher(self.keys.block_hash)(block))
        self.size, self.chunk_count, self._done = len(content), 1, True
        return block

    def summary(self) -> ContentSummary:
        if not self._done or not self.hash_blocks:
            raise FsUsageError("the content is not fully encrypted, or its blocks not hashed")
        return ContentSummary(self.size, self.chunk_count, blocks_digest(self.block_ids))

    def _seal(self, source: _ReadInto) -> Iterator[memoryview]:
        if self._done or self.chunk_count:
            raise FsUsageError("a ContentEncryptor encrypts one file version once")
        cipher, size = _Cipher(self.keys), self.keys.chunk_size
        block_id = block_hasher(self.keys.block_hash)
        buffers = (memoryview(bytearray(size)), memoryview(bytearray(size)))
        out = memoryview(bytearray(size + BLOCK_OVERHEAD))
        length, index = _fill(source, buffers[0]), 0
        while True:
            following = _fill(source, buffers[1 - index % 2]) if length == size else 0
            end = cipher.seal_into(index, following == 0, buffers[index % 2][:length], out)
            if self.hash_blocks:
                self.block_ids.append(block_id(out[:end]))
            self.size += length
            self.chunk_count += 1
            yield out[:end]
            if following == 0:
                break
            length, index = following, index + 1
        self._done = True


class ContentDecryptor:
    """Decrypts one file version; checks order, truncation, extension and `expected`.

    `chunks` and `chunk_views` run the whole check over an iterable of blocks. A caller
    that pipelines the work uses the steps: `block_id` of each block on any thread (it is
    pure), `open_into` of each block in order into the caller's buffer, then `finish`.
    """

    def __init__(self, keys: ContentKeys, expected: ContentSummary | None = None) -> None:
        self._keys = keys
        self._expected = expected
        self._cipher = _Cipher(keys)
        self._block_id = block_hasher(keys.block_hash)
        self._out: memoryview | None = None  # the chunk buffer of `chunk_views`, made once
        self._ids = _BlockIdDigest()
        self._size = 0
        self._ended = False

    @property
    def checks_block_ids(self) -> bool:
        """True when the signed summary's block-id digest is checked (then `open_into`
        needs each block's id: given, or computed on the calling thread)."""
        return self._expected is not None

    def block_id(self, block: Buffer) -> bytes:
        """The id of `block` as the summary's digest counts it, by the version's block-id
        hash (safe on any thread)."""
        return self._block_id(block)

    def chunks(self, blocks: Iterable[bytes]) -> Iterator[bytes]:
        """Yield each chunk's plaintext once it has authenticated; the last check runs
        after the final block, so treat the output as provisional until the loop ends."""
        for view in self.chunk_views(blocks):
            yield bytes(view)

    def chunk_views(self, blocks: Iterable[bytes]) -> Iterator[memoryview]:
        """As `chunks`, without the copy: each plaintext is a view of one reused buffer,
        valid only until the next one is asked for (for a sink that writes it at once)."""
        for block in blocks:
            yield self.open_into(block, self._buffer())
        self.finish()

    def write_to(self, source: _ReadInto, sink: _Write) -> int:
        """Decrypt back-to-back blocks from `source` into `sink`; return the plaintext size."""
        block = memoryview(bytearray(self._keys.chunk_size + BLOCK_OVERHEAD))
        while length := _fill(source, block):
            sink.write(self.open_into(block[:length], self._buffer()))
        self.finish()
        return self._size

    def open_into(
        self, block: Buffer, out: memoryview, block_id: bytes | None = None
    ) -> memoryview:
        """Authenticate the next block and decrypt it into `out` (a chunk's size at
        least); return the view of `out` holding its plaintext. `block_id` is the
        block's `block_id`, when the caller computed it already (on another thread);
        on a failure `out` holds nothing the caller may use."""
        if self._ended:
            raise IntegrityError("data was appended after the file's last chunk")
        view = memoryview(block)
        size, index, last = self._cipher.open_into(view, out)
        if index != self._ids.count:
            raise ChunkOrderError(self._ids.count, index)
        full = self._keys.chunk_size
        if size != full and not (last and (0 < size or index == 0)):
            raise IntegrityError("a file chunk has the wrong length")
        if self._expected is None:
            self._ids.add(b"")
        else:
            self._ids.add(block_id if block_id is not None else self._block_id(view))
        self._size += size
        self._ended = last
        return out[:size]

    def finish(self) -> None:
        """The checks after the last block: it came, and the whole matches `expected`."""
        if not self._ended:
            raise TruncationError()
        expected = self._expected
        if expected is None:
            return
        if (self._size, self._ids.count) != (expected.size, expected.chunk_count):
            raise IntegrityError("the file's size does not match its metadata")
        if not hmac.compare_digest(self._ids.digest(), expected.blocks_digest):
            raise IntegrityError("the file's blocks do not match its metadata")

    def _buffer(self) -> memoryview:
        if self._out is None:
            self._out = memoryview(bytearray(self._keys.chunk_size))
        return self._out
