"""A folder's activity log as the previous release left it: entries of format 1
(app/services/files/activity/ACTIVITY.md §4.1). `seal_format1` is the previous release's
sealing code, kept here as it was (format 1 has no chain, no head and no log-key
signature); `downgrade_log` stores a folder's log again with every entry in format 1,
through the server's API and signed by the folder's log key, as that release's recorder
stored it."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from app.crypto import aead
from app.crypto.ecc import PrivateKey
from app.fs import DescriptorPayload, ItemKey
from app.services.files.activity.entries import (
    Entry,
    decode_log,
    encode_log,
    log_key,
    open_sealed,
)
from app.services.files.activity.format1 import format1_aad, format1_signed_bytes
from app.services.files.tree import FileTree
from app.wire.encoding import pack


def seal_format1(
    folder: ItemKey,
    entry: Entry,
    identity: PrivateKey,
    randbytes: Callable[[int], bytes] = secrets.token_bytes,
) -> bytes:
    body = pack(
        {
            "id": entry.id,
            "at": entry.at,
            "author": entry.author,
            "action": entry.action,
            "name": entry.name,
            "target": entry.target,
            "item": entry.item,
            "version": entry.version,
            "listing": entry.listing,
            "sig": identity.sign(format1_signed_bytes(entry)),
        }
    )
    nonce = randbytes(aead.NONCE_SIZE)
    key = folder.purpose_key("activity/entries")
    return nonce + aead.encrypt(key, nonce, body, format1_aad(folder.item_id))


def downgrade_log(tree: FileTree, path: str, identity: PrivateKey) -> list[Entry]:
    """Store the log of the folder at `path` again with its entries in format 1 (the
    writer of every entry must be `identity`); the entries, oldest first."""
    folder = tree.folder(path).key
    key = log_key(folder)
    record = tree.api.descriptor(key.item_id)
    assert record is not None, "the folder has no log yet"
    entries = [open_sealed(folder, sealed).entry for sealed in decode_log(record.extra)]
    extra = encode_log([seal_format1(folder, entry, identity) for entry in entries])
    signature = DescriptorPayload(key.item_id, (), extra).sign(key)
    tree.api.descriptor_update(key.item_id, (), extra, signature, record.signature)
    return entries
