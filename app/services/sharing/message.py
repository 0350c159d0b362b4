"""The plaintext inside an inbox message (SHARING.md §3): a share, or delivered files.

    plaintext = 0x01 ‖ msgpack {"kind", "from", "to", "sink", "sent", "text", "share", "files",
                                "replaces"}

`kind` is "share" (then `share` holds ShareReference bytes, app/fs/share.py) or "files"
(then `files` lists the attachments: [name, size, content key 32, version id 16,
chunk size, chunk count, block-id digest 32] each, their blocks back to back in the
envelope's block list). `from`, `to` and `sink` repeat the sender's address, the
recipient's address and the sink id *inside* the ciphertext: the envelope's signature
binds the sender to the ciphertext, and these fields stop anyone from re-posting a
ciphertext they cannot read under their own name or to another inbox. The plaintext is
ECIES-encrypted to the sink key (app.wire.messages.seal_body), so every wrapped key
is inside both the ciphertext and (through its hash) the sender's signed bytes.
`replaces` is the item id of the share a re-keyed share replaces (`unshare`), else nil;
messages of earlier versions lack the key and read as nil (SHARING.md §3, §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgpack

from app.fs import ContentKeys, ContentSummary, ShareReference
from app.wire.encoding import FORMAT_V1, pack, u8, want, want_uint

__all__ = ["Attachment", "MessageBody", "MessageFormatError"]

MAX_TEXT = 4096
_FIELDS = frozenset({"kind", "from", "to", "sink", "sent", "text", "share", "files"})
_FIELDS_WITH_REPLACES = _FIELDS | {"replaces"}


class MessageFormatError(ValueError):
    """The decrypted plaintext is not a well-formed message body."""


@dataclass(frozen=True)
class Attachment:
    """One delivered file: its name, and what decrypts and checks its blocks."""

    name: str
    keys: ContentKeys
    summary: ContentSummary

    def to_row(self) -> list[Any]:
        s, k = self.summary, self.keys
        return [
            self.name,
            s.size,
            k.content_key,
            k.version_id,
            k.chunk_size,
            s.chunk_count,
            s.blocks_digest,
        ]

    @classmethod
    def from_row(cls, row: object) -> Attachment:
        if not isinstance(row, list) or len(row) != 7:
            raise MessageFormatError("an attachment row")
        name, size, key, vid, chunk, count, digest = row
        if not isinstance(name, str) or not isinstance(digest, bytes) or len(digest) != 32:
            raise MessageFormatError("an attachment row")
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (size, chunk, count)):
            raise MessageFormatError("an attachment row")
        if not isinstance(key, bytes) or not isinstance(vid, bytes):
            raise MessageFormatError("an attachment row")
        try:
            keys = ContentKeys(key, vid, chunk)
        except ValueError:
            raise MessageFormatError("an attachment's keys") from None
        return cls(name, keys, ContentSummary(size, count, digest))


@dataclass(frozen=True)
class MessageBody:
    kind: str  # "share" | "files"
    sender: str
    recipient: str
    sink_id: str
    sent: int  # ms since the epoch, the sender's clock
    text: str = ""
    share: bytes | None = None
    files: tuple[Attachment, ...] = ()
    replaces: str | None = None  # the item id of the share this re-keyed share replaces

    @property
    def reference(self) -> ShareReference:
        """The share reference (kind "share"); its codec checks id == address(key)."""
        if self.share is None:
            raise MessageFormatError("this message carries no share")
        return ShareReference.from_bytes(self.share)

    def to_bytes(self) -> bytes:
        body = {
            "kind": self.kind,
            "from": self.sender,
            "to": self.recipient,
            "sink": self.sink_id,
            "sent": self.sent,
            "text": self.text,
            "share": self.share,
            "files": [a.to_row() for a in self.files],
            "replaces": self.replaces,
        }
        return u8(FORMAT_V1) + pack(body)

    @classmethod
    def from_bytes(cls, data: bytes) -> MessageBody:
        if not data or data[0] != FORMAT_V1:
            raise MessageFormatError("unknown message body format")
        try:
            raw = msgpack.unpackb(data[1:], raw=False, strict_map_key=True)
            if not isinstance(raw, dict) or set(raw) not in (_FIELDS, _FIELDS_WITH_REPLACES):
                raise MessageFormatError("not a message body map")
            return _decode(raw)
        except (ValueError, TypeError, msgpack.UnpackException) as error:
            if isinstance(error, MessageFormatError):
                raise
            raise MessageFormatError("the message body is malformed") from None


def _decode(raw: dict[str, Any]) -> MessageBody:
    kind = want(raw, "kind", str)
    share = raw["share"]
    files = tuple(Attachment.from_row(row) for row in want(raw, "files", list))
    text = want(raw, "text", str)
    if len(text) > MAX_TEXT:
        raise MessageFormatError("the message text is too long")
    if kind == "share":
        if not isinstance(share, bytes) or files:
            raise MessageFormatError("a share message carries one reference and no files")
    elif kind == "files":
        if share is not None or not files:
            raise MessageFormatError("a files message carries files and no reference")
    else:
        raise MessageFormatError(f"unknown message kind {kind!r}")
    replaces = raw.get("replaces")
    if replaces is not None and (kind != "share" or not isinstance(replaces, str)):
        raise MessageFormatError("only a share replaces a share, named by its item id")
    return MessageBody(
        kind,
        want(raw, "from", str),
        want(raw, "to", str),
        want(raw, "sink", str),
        want_uint(raw, "sent"),
        text,
        share,
        files,
        replaces,
    )
