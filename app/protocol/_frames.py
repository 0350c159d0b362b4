"""Frame headers and an incremental frame reader (SPEC §1).

The reader never copies a whole body: frames are memoryview slices of the bytes fed, and
only a frame that spans two `feed` calls is joined (once) from its pieces.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import IntEnum

from app.protocol.errors import FrameError, FrameTooLargeError, UnsupportedVersionError

VERSION = 1
HEADER_SIZE = 8
DEFAULT_MAX_FRAME_SIZE = 32 * 1024 * 1024
_HEADER = struct.Struct(">BBIH")

Buffer = bytes | bytearray | memoryview


class ContentType(IntEnum):
    CHANGE_CIPHER_SPEC = 20
    ALERT = 21
    HANDSHAKE = 22
    APPLICATION_DATA = 23
    ATTACHMENT = 25  # 24 is the original PrivMX bridge HELLO, never used here


@dataclass(frozen=True)
class Frame:
    """One frame as it travels: its type, its header bytes and its (maybe sealed) payload,
    a read-only view into the bytes that were fed."""

    content_type: ContentType
    header: bytes
    payload: memoryview


def encode_header(content_type: ContentType, length: int) -> bytes:
    return _HEADER.pack(VERSION, content_type, length, 0)


def parse_header(header: Buffer, max_frame_size: int) -> tuple[ContentType, int]:
    """Check one 8-byte header strictly; return (type, payload length)."""
    version, kind, length, reserved = _HEADER.unpack(header)
    if version != VERSION:
        raise UnsupportedVersionError(f"unsupported protocol version {version}")
    try:
        content_type = ContentType(kind)
    except ValueError:
        raise FrameError(f"unknown content type {kind}") from None
    if reserved != 0:
        raise FrameError("reserved header bytes are not zero")
    if length > max_frame_size:
        raise FrameTooLargeError(f"frame of {length} bytes is above the limit")
    return content_type, length


class FrameReader:
    """Splits a byte stream into frames. A header is checked as soon as its 8 bytes are
    in, so an oversized declared length fails before its payload is awaited."""

    def __init__(self, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE) -> None:
        self._max = max_frame_size
        self._view = memoryview(b"")  # unread bytes, contiguous
        self._pieces: list[Buffer] = []  # bytes fed after `_view`, not joined yet
        self._pending = 0  # total length of `_pieces`
        self._eof = False

    def feed(self, data: Buffer) -> None:
        if self._eof and data:
            raise FrameError("data after the end of the body")
        if not data:
            self._eof = True
            return
        if not self._view and not self._pieces:
            self._view = memoryview(data).cast("B")
        else:
            self._pieces.append(data)
            self._pending += len(data)
        self._check_pending_header()  # a bad or oversized header fails at once

    def _have(self, size: int) -> bool:
        """True once `size` unread bytes are contiguous in `_view` (joining if needed)."""
        if len(self._view) >= size:
            return True
        if len(self._view) + self._pending < size:
            return False
        self._view = memoryview(b"".join([self._view, *self._pieces]))
        self._pieces.clear()
        self._pending = 0
        return True

    def _check_pending_header(self) -> tuple[ContentType, int] | None:
        if not self._have(HEADER_SIZE):
            return None
        return parse_header(self._view[:HEADER_SIZE], self._max)

    def next_frame(self) -> Frame | None:
        """The next complete frame, or None if more data is needed (or the body ended
        cleanly: see `at_end`)."""
        parsed = self._check_pending_header()
        if parsed is None:
            if self._eof and self._unread:
                raise FrameError("truncated frame header at the end of the body")
            return None
        content_type, length = parsed
        end = HEADER_SIZE + length
        if not self._have(end):
            if self._eof:
                raise FrameError("truncated frame at the end of the body")
            return None
        view = self._view
        self._view = view[end:]
        return Frame(content_type, bytes(view[:HEADER_SIZE]), view[HEADER_SIZE:end].toreadonly())

    @property
    def _unread(self) -> int:
        return len(self._view) + self._pending

    @property
    def at_end(self) -> bool:
        """True once the end of input was fed and every byte was read as frames."""
        return self._eof and not self._unread
