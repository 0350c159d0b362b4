"""The record layer of one direction: plain, or AES-256-GCM after CHANGE_CIPHER_SPEC
(SPEC §1.1)."""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto import aead
from app.crypto.errors import DecryptionError
from app.protocol._frames import HEADER_SIZE, Buffer, ContentType, Frame, encode_header
from app.protocol.errors import (
    BadRecordMacError,
    LocalProtocolError,
    RemoteProtocolError,
    UnexpectedMessageError,
)

MAX_RECORDS = 2**32
_ENCRYPTED_ONLY = (ContentType.APPLICATION_DATA, ContentType.ATTACHMENT)


@dataclass(frozen=True)
class DirectionKeys:
    """Key and IV of one direction."""

    key: bytes
    iv: bytes


def _nonce(iv: bytes, seq: int) -> bytes:
    return (int.from_bytes(iv, "big") ^ seq).to_bytes(len(iv), "big")


def _buffer(data: Buffer) -> bytes | bytearray | memoryview:
    """`Aead.encrypt`/`decrypt` read any buffer: passing views avoids copying records."""
    return memoryview(data)


class Direction:
    """One direction of an exchange. Plain until `activate` (the CCS) is called."""

    def __init__(self) -> None:
        self._pending: DirectionKeys | None = None
        self._aead: aead.Aead | None = None
        self._iv = b""
        self._seq = 0
        self._switched = False

    @property
    def encrypted(self) -> bool:
        return self._aead is not None

    def prepare(self, keys: DirectionKeys) -> None:
        """Keys the next CCS switches to."""
        self._pending = keys

    def activate(self, error: type[Exception]) -> None:
        """Switch to the prepared keys (a CCS); `error` is raised if that is not allowed."""
        if self._pending is None or self._switched:
            raise error("a change cipher spec where none is allowed")
        self._aead = aead.Aead(self._pending.key)
        self._iv = self._pending.iv
        self._seq = 0
        self._switched = True
        self._pending = None

    def seal(self, content_type: ContentType, plaintext: Buffer) -> bytes:
        """One frame of `content_type`, encrypted if this direction is."""
        return b"".join(self.seal_parts(content_type, plaintext))

    def seal_parts(self, content_type: ContentType, plaintext: Buffer) -> tuple[Buffer, ...]:
        """The frame of `seal` as (header, payload) pieces, so a large payload is not
        copied again to put its header in front of it."""
        if self._aead is None:
            if content_type in _ENCRYPTED_ONLY:
                raise LocalProtocolError("application data before the keys were set")
            return encode_header(content_type, len(plaintext)), plaintext
        if self._seq >= MAX_RECORDS:
            raise LocalProtocolError("too many records under one key")
        header = encode_header(content_type, len(plaintext) + aead.TAG_SIZE)
        sealed = self._aead.encrypt(_nonce(self._iv, self._seq), _buffer(plaintext), header)
        self._seq += 1
        return header, sealed

    def open(self, frame: Frame) -> bytes:
        """The plaintext of a HANDSHAKE, APPLICATION_DATA or ATTACHMENT frame."""
        if self._aead is None:
            if frame.content_type in _ENCRYPTED_ONLY:
                raise UnexpectedMessageError("application data before the keys were set")
            return bytes(frame.payload)
        if self._seq >= MAX_RECORDS:
            raise RemoteProtocolError("too many records under one key")
        assert len(frame.header) == HEADER_SIZE
        try:
            nonce = _nonce(self._iv, self._seq)
            plaintext = self._aead.decrypt(nonce, _buffer(frame.payload), frame.header)
        except DecryptionError:
            raise BadRecordMacError() from None
        self._seq += 1
        return plaintext
