"""The drive's spool: files being written through the drive, AES-256-GCM encrypted on disk.

    spool = Spool()                   # a fresh 0700 folder and a fresh key, both per run
    with spool.create() as file:      # a 0600 file
        file.write(b"...")            # any sizes; sealed in 1 MiB chunks
    reader = file.reader()            # readinto()/iteration, every chunk authenticated
    file.discard()                    # or spool.wipe() on stop: the folder and the key go

On disk a spool file is a run of records `u32 length | u8 last | ciphertext | tag`
(big-endian). Record i is AES-256-GCM under the run's key with nonce `u32 file number |
u64 i` and AAD `privshare/v1/drive-spool | u32 file number | u64 i | u8 last`; the last
record (possibly empty) has last = 1 and nothing follows it. The key lives only in this
process's memory, so what a crash leaves behind cannot be read; a reader refuses a file
that was cut short, reordered or changed.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
import shutil
import struct
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from app.crypto.aead import KEY_SIZE, Aead
from app.crypto.errors import DecryptionError
from app.services.errors import ServiceError

__all__ = ["SPOOL_CHUNK", "Spool", "SpoolError", "SpoolFile", "SpoolReader"]

SPOOL_CHUNK = 1 << 20
_LABEL = b"privshare/v1/drive-spool"
_HEADER = struct.Struct(">IB")
_CHANGED = "a spool file of the drive was changed on disk; write the file again"


class SpoolError(ServiceError):
    """A spool file could not be read back as it was written (changed on disk, or cut)."""


class Spool:
    """A per-run folder of encrypted spool files and the key that opens them."""

    def __init__(self, parent: Path | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="privshare-drive-", dir=parent))
        os.chmod(self.folder, 0o700)
        self._aead: Aead | None = Aead(secrets.token_bytes(KEY_SIZE))
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._writing: set[SpoolFile] = set()

    def create(self) -> SpoolFile:
        """A new, empty spool file open for writing."""
        with self._lock:
            if self._aead is None:
                raise SpoolError("the drive has stopped: its spool is gone")
            number = next(self._numbers)
            aead = self._aead
        path = self.folder / f"{number:08d}.spool"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        file = SpoolFile(path, os.fdopen(fd, "wb"), aead, number, self._writing.discard)
        with self._lock:
            self._writing.add(file)
        return file

    def wipe(self) -> None:
        """Forget the key, drop the files still being written and remove every spool file
        (what might remain on the disk's free blocks cannot be opened)."""
        with self._lock:
            self._aead = None
            writing, self._writing = list(self._writing), set()
        for file in writing:
            file.discard()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def wiped(self) -> bool:
        return self._aead is None and not self.folder.exists()


def _nonce_and_aad(number: int, index: int, last: bool) -> tuple[bytes, bytes]:
    position = struct.pack(">IQ", number, index)
    return position, _LABEL + position + (b"\x01" if last else b"\x00")


class SpoolFile:
    """One file written through the drive: plaintext in, sealed records on disk."""

    def __init__(
        self,
        path: Path,
        sink: BinaryIO,
        aead: Aead,
        number: int,
        finished: Callable[[SpoolFile], None],
    ) -> None:
        self.path = path
        self._finished = finished
        self._sink = sink
        self._aead = aead
        self._number = number
        self._buffer = bytearray()
        self._index = 0
        self.size = 0
        self.closed = False

    def __enter__(self) -> SpoolFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()

    def write(self, data: bytes) -> int:
        if self.closed:
            raise ValueError("write to a closed spool file")
        self._buffer += data
        self.size += len(data)
        while len(self._buffer) >= SPOOL_CHUNK:
            self._seal(bytes(self._buffer[:SPOOL_CHUNK]), last=False)
            del self._buffer[:SPOOL_CHUNK]
        return len(data)

    def writelines(self, chunks: Iterator[bytes]) -> None:
        for chunk in chunks:
            self.write(chunk)

    def _seal(self, plaintext: bytes, *, last: bool) -> None:
        nonce, aad = _nonce_and_aad(self._number, self._index, last)
        sealed = self._aead.encrypt(nonce, plaintext, aad)
        self._sink.write(_HEADER.pack(len(sealed), last) + sealed)
        self._index += 1

    def close(self) -> None:
        """Seal what is buffered as the last record; the file is then ready to read."""
        if self.closed:
            return
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()
        self._sink.close()
        self.closed = True
        self._finished(self)

    def discard(self) -> None:
        self._buffer.clear()
        with contextlib.suppress(OSError):
            self._sink.close()
        self.closed = True
        self._finished(self)
        with contextlib.suppress(OSError):
            self.path.unlink()

    def reader(self) -> SpoolReader:
        if not self.closed:
            raise ValueError("a spool file is read only after close()")
        return SpoolReader(self.path, self._aead, self._number)


class SpoolReader:
    """Reads a closed spool file back: `readinto` (for the content encryptor) or iteration."""

    def __init__(self, path: Path, aead: Aead, number: int) -> None:
        self._source = path.open("rb")
        self._aead = aead
        self._number = number
        self._index = 0
        self._pending = memoryview(b"")
        self._ended = False

    def __enter__(self) -> SpoolReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[bytes]:
        try:
            while chunk := self._next_chunk():
                yield chunk
        finally:
            self.close()

    def readinto(self, buffer: memoryview, /) -> int:
        while not self._pending:
            chunk = self._next_chunk()
            if not chunk:
                return 0
            self._pending = memoryview(chunk)
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def _next_chunk(self) -> bytes:
        """The next non-empty chunk, or b"" after the last record."""
        while not self._ended:
            header = self._source.read(_HEADER.size)
            if len(header) != _HEADER.size:
                raise SpoolError("a spool file of the drive was cut short; write the file again")
            length, last = _HEADER.unpack(header)
            nonce, aad = _nonce_and_aad(self._number, self._index, bool(last))
            try:
                plaintext = self._aead.decrypt(nonce, self._source.read(length), aad)
            except DecryptionError:
                raise SpoolError(_CHANGED) from None
            self._index += 1
            self._ended = bool(last)
            if self._ended and self._source.read(1):
                raise SpoolError(_CHANGED)
            if plaintext:
                return plaintext
        return b""

    def close(self) -> None:
        self._source.close()
