"""Entry format 1 (ACTIVITY.md §4.1): entries written before entries were chained,
bound to their listing and signed by the folder's log key. They are still read, as an
older kind of entry with weaker checks; nothing writes them any more.

    opened = open_format1(folder_key, sealed)   -> FormatOneEntry (EntryUnreadableError)
    opened.verifies(identity_public_key)        -> bool
"""

from __future__ import annotations

from dataclasses import dataclass

import msgpack

from app.crypto import aead
from app.crypto.ecc import PublicKey
from app.crypto.errors import CryptoError
from app.fs import ItemKey
from app.services.files.activity.entries import (
    ACTIONS,
    ENTRY_ID_SIZE,
    MAX_SEALED,
    SIGNATURE_SIZE,
    Entry,
    EntryUnreadableError,
)
from app.wire.encoding import i64, label, lp, lp_str, u64, unpack_map, want, want_bytes

__all__ = ["FORMAT_ONE", "FormatOneEntry", "format1_aad", "format1_signed_bytes", "open_format1"]

FORMAT_ONE = 0x01
_FIELDS = frozenset(
    {"id", "at", "author", "action", "name", "target", "item", "version", "listing", "sig"}
)


@dataclass(frozen=True)
class FormatOneEntry:
    """A format-1 entry: signed by its writer's identity key only (`entry.prev` and
    `entry.head` are unset: format 1 has neither)."""

    entry: Entry
    signature: bytes

    def verifies(self, identity: PublicKey) -> bool:
        try:
            identity.verify(self.signature, format1_signed_bytes(self.entry))
        except (CryptoError, ValueError):
            return False
        return True


def format1_signed_bytes(entry: Entry) -> bytes:
    return b"".join(
        (
            label("activity/entry"),
            bytes([FORMAT_ONE]),
            lp_str(entry.folder),
            lp(entry.id),
            i64(entry.at),
            lp_str(entry.author),
            lp_str(entry.action),
            lp_str(entry.name),
            lp_str(entry.target),
            lp_str(entry.item),
            u64(entry.version),
            u64(entry.listing),
        )
    )


def format1_aad(folder_id: str) -> bytes:
    return label("activity/entry") + bytes([FORMAT_ONE]) + lp_str(folder_id)


def open_format1(folder: ItemKey, sealed: bytes) -> FormatOneEntry:
    """The format-1 entry inside `sealed`, bound to this folder; EntryUnreadableError
    otherwise (its signature is not checked here: see `FormatOneEntry.verifies`)."""
    if not aead.NONCE_SIZE + aead.TAG_SIZE <= len(sealed) <= MAX_SEALED:
        raise EntryUnreadableError("entry size")
    nonce, data = sealed[: aead.NONCE_SIZE], sealed[aead.NONCE_SIZE :]
    try:
        key = folder.purpose_key("activity/entries")
        body = aead.decrypt(key, nonce, data, format1_aad(folder.item_id))
        fields = unpack_map(body, _FIELDS)
        entry = Entry(
            folder.item_id,
            want_bytes(fields, "id", ENTRY_ID_SIZE),
            want(fields, "at", int),
            want(fields, "author", str),
            want(fields, "action", str),
            want(fields, "name", str),
            want(fields, "target", str),
            want(fields, "item", str),
            want(fields, "version", int),
            want(fields, "listing", int),
        )
        signature = want_bytes(fields, "sig", SIGNATURE_SIZE)
    except (CryptoError, ValueError, TypeError, msgpack.UnpackException) as error:
        raise EntryUnreadableError("the entry does not open with this folder's key") from error
    if entry.action not in ACTIONS or entry.version < 0 or entry.listing < 0:
        raise EntryUnreadableError("unknown action")
    return FormatOneEntry(entry, signature)
