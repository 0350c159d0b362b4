"""The record layer of one direction: plain, or AES-256-GCM after CHANGE_CIPHER_SPEC
(SPEC §1.1)."""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto import aead
from app.crypto.errors import DecryptionError
from app.protocol._frames import HEADER_SIZE, ContentType, Frame, encode_header
from app.protocol.errors import (
    BadRecordMacError,
    LocalProtocolError,
    RemoteProtocolError,
    UnexpectedMessageError,
)

MAX_RECORDS = 2**32


@dataclass(frozen=True)
class DirectionKeys:
    """Key and IV of one direction."""

    key: bytes
    iv: bytes


def _nonce(iv: bytes, seq: int) -> bytes:
    counter = seq.to_bytes(len(iv), "big")
    return bytes(a ^ b for a, b in zip(iv, counter, strict=True))


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

    def seal(self, content_type: ContentType, plaintext: bytes) -> bytes:
        """One frame of `content_type`, encrypted if this direction is."""
        if self._aead is None:
            return encode_header(content_type, len(plaintext)) + plaintext
        if self._seq >= MAX_RECORDS:
            raise LocalProtocolError("too many records under one key")
        header = encode_header(content_type, len(plaintext) + aead.TAG_SIZE)
        sealed = self._aead.encrypt(_nonce(self._iv, self._seq), plaintext, header)
        self._seq += 1
        return header + sealed

    def open(self, frame: Frame) -> bytes:
        """The plaintext of a HANDSHAKE or APPLICATION_DATA frame."""
        if self._aead is None:
            if frame.content_type is ContentType.APPLICATION_DATA:
                raise UnexpectedMessageError("application data before the keys were set")
            return frame.payload
        if self._seq >= MAX_RECORDS:
            raise RemoteProtocolError("too many records under one key")
        assert len(frame.header) == HEADER_SIZE
        try:
            plaintext = self._aead.decrypt(_nonce(self._iv, self._seq), frame.payload, frame.header)
        except DecryptionError:
            raise BadRecordMacError() from None
        self._seq += 1
        return plaintext
