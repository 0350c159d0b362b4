"""Share references (FORMAT.md §8): what one user sends another to grant access.

    reference = u8 format ‖ msgpack {"server", "id", "key", "name", "type"}

`key` is an xpub (read access) or an xprv (write access). The reference travels inside
an encrypted, sender-signed message, so this is a codec only; decoding still checks
that the item id is the address of the key.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgpack

from app.fs.errors import FormatVersionError, FsUsageError, StructureError
from app.fs.keys import ItemKey
from app.fs.listing import EntryType
from app.fs.metadata import check_name
from app.wire.encoding import FORMAT_V1, pack, u8, unpack_map, want

__all__ = ["ShareReference"]

_FIELDS = frozenset({"server", "id", "key", "name", "type"})


@dataclass(frozen=True)
class ShareReference:
    server: str
    key: ItemKey
    name: str
    type: EntryType

    def __post_init__(self) -> None:
        check_name(self.name)
        if self.type not in ("file", "folder") or not self.server:
            raise FsUsageError("a share names a server and is a file or a folder")

    def __repr__(self) -> str:
        return f"ShareReference({self.server}, {self.item_id}, {self.name!r}, {self.type})"

    @property
    def item_id(self) -> str:
        return self.key.item_id

    @property
    def grants_write(self) -> bool:
        return self.key.can_write

    def to_bytes(self) -> bytes:
        key = self.key.to_xprv() if self.key.can_write else self.key.to_xpub()
        body = {"server": self.server, "id": self.item_id, "key": key}
        return u8(FORMAT_V1) + pack({**body, "name": self.name, "type": self.type})

    @classmethod
    def from_bytes(cls, data: bytes) -> ShareReference:
        if not data:
            raise StructureError("an empty share reference")
        if data[0] != FORMAT_V1:
            raise FormatVersionError("a share reference", data[0])
        try:
            body = unpack_map(data[1:], _FIELDS)
            key = ItemKey.parse(want(body, "key", str))
            reference = cls(want(body, "server", str), key, want(body, "name", str), body["type"])
            item_id = want(body, "id", str)
        except (ValueError, TypeError, msgpack.UnpackException):
            raise StructureError("the share reference is malformed") from None
        if item_id != key.item_id:
            raise StructureError("the share reference's item id does not match its key")
        return reference
