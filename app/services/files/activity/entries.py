"""The activity log's bytes (ACTIVITY.md beside this module): entries signed by their
writer's identity key and by the folder's log key (only writers hold it), chained to
the entry before them and bound to the listing they produced, sealed with the folder's
activity key; and the log object that holds them. No I/O.

    entry  = Entry(...).after(previous_id)                  -> Entry (chained)
    signed = entry.sign(identity_private_key, log_key(folder))   -> SignedEntry
    sealed = seal(folder_key, signed, randbytes)            -> bytes (nonce ‖ AES-GCM)
    opened = open_sealed(folder_key, sealed)                -> SignedEntry (EntryUnreadable)
    signed.verifies(identity_public_key)                    -> bool
    signed.by_writer(log_key(folder))                       -> bool
    listing_hash(folder_signature)                          -> the `head` of a change
    extra  = encode_log([sealed, ...]);  decode_log(extra)  -> [sealed, ...] (LogFormatError)
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import msgpack

from app.crypto import aead
from app.crypto.ecc import PrivateKey, PublicKey
from app.crypto.errors import CryptoError
from app.fs import ItemKey
from app.wire.encoding import (
    i64,
    label,
    lp,
    lp_str,
    pack,
    u32,
    u64,
    unpack_map,
    want,
    want_bytes,
)

__all__ = [
    "ACTIONS",
    "BATCH_BUDGET",
    "BATCH_FORMAT",
    "ENTRY_FORMAT",
    "FORMAT",
    "MAX_ENTRIES",
    "NO_PREVIOUS",
    "Entry",
    "EntryUnreadableError",
    "LogFormatError",
    "SignedEntry",
    "batched",
    "decode_log",
    "encode_log",
    "listing_hash",
    "log_key",
    "open_sealed",
    "seal",
]

FORMAT = 0x01  # the log object's container
ENTRY_FORMAT = 0x02  # an entry's signed bytes and AEAD data (1: before chain and head)
BATCH_FORMAT = 0x03  # an `upload` entry naming several files of one listing change (§4.2)
MAX_ENTRIES = 1000  # the newest ones; older entries are dropped when the log is written
MAX_SEALED = 4096  # bytes of one sealed entry
ENTRY_ID_SIZE = 16
NO_PREVIOUS = bytes(ENTRY_ID_SIZE)  # `prev` of a log's first entry
HEAD_SIZE = 32
SIGNATURE_SIZE = 64
# bytes of (name, item) pairs one batch entry holds: a sealed entry stays within MAX_SEALED
# whatever its author (an address is at most 300 bytes) and its other fields (~400 bytes)
BATCH_BUDGET = MAX_SEALED - 1024
PAIR_OVERHEAD = 8  # msgpack: a 2-array and two str headers
LOG_KEY_INDEX = 0  # non-hardened: readers derive the log's id from the folder's xpub
ACTIONS = frozenset(
    {
        "upload",
        "new-version",
        "new-folder",
        "rename",
        "move-in",
        "move-out",
        "remove",
        "trash",
        "restore",
        "share",
        "unshare",
        "replace",
        "change",
    }
)
_FIELDS = frozenset(
    {
        "id",
        "prev",
        "at",
        "author",
        "action",
        "name",
        "target",
        "item",
        "version",
        "listing",
        "head",
        "sig",
        "wsig",
    }
)


class EntryUnreadableError(Exception):
    """A sealed entry does not open with the folder's key, or is malformed inside."""


class LogFormatError(Exception):
    """The log object is not a log of this format."""


@dataclass(frozen=True)
class Entry:
    """One change in a folder. `listing` is the folder's listing version the change made
    (0: it did not change the listing, as a new file version or a share) and `head` the
    hash of that listing's signature (`listing_hash`; b"" when `listing` is 0); `prev`
    is the id of the entry before it in the log (NO_PREVIOUS for the first). `more`:
    the (name, item) of further files of an `upload` (format 3, `batched`)."""

    folder: str  # the folder's item id (bound in the signature and in the AEAD data)
    id: bytes
    at: int  # ms since the epoch, the writer's clock
    author: str  # name#host
    action: str
    name: str
    target: str = ""
    item: str = ""
    version: int = 0
    listing: int = 0
    head: bytes = b""
    prev: bytes = NO_PREVIOUS
    more: tuple[tuple[str, str], ...] = ()

    @property
    def format(self) -> int:
        return BATCH_FORMAT if self.more else ENTRY_FORMAT

    @property
    def files(self) -> list[tuple[str, str]]:
        """(name, item) of every file the entry names: its own, then `more`."""
        return [(self.name, self.item), *self.more]

    @classmethod
    def new(
        cls,
        folder: str,
        author: str,
        action: str,
        name: str,
        *,
        at: int,
        target: str = "",
        item: str = "",
        version: int = 0,
        listing: int = 0,
        head: bytes = b"",
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> Entry:
        """An entry with a fresh random id (chained by `after` when it is stored)."""
        entry_id = randbytes(ENTRY_ID_SIZE)
        return cls(folder, entry_id, at, author, action, name, target, item, version, listing, head)

    def after(self, previous: bytes) -> Entry:
        """This entry chained to the entry `previous` (an id, or NO_PREVIOUS)."""
        return replace(self, prev=previous)

    def signed_bytes(self) -> bytes:
        signed = b"".join(
            (
                label("activity/entry"),
                bytes([self.format]),
                lp_str(self.folder),
                lp(self.id),
                lp(self.prev),
                i64(self.at),
                lp_str(self.author),
                lp_str(self.action),
                lp_str(self.name),
                lp_str(self.target),
                lp_str(self.item),
                u64(self.version),
                u64(self.listing),
                lp(self.head),
            )
        )
        if not self.more:
            return signed
        pairs = (lp_str(name) + lp_str(item) for name, item in self.more)
        return signed + u32(len(self.more)) + b"".join(pairs)

    def sign(self, identity: PrivateKey, log: ItemKey) -> SignedEntry:
        """Signed by the writer's identity and by the folder's log key (`log_key`)."""
        message = self.signed_bytes()
        return SignedEntry(self, identity.sign(message), log.sign(message))


@dataclass(frozen=True)
class SignedEntry:
    entry: Entry
    signature: bytes  # by the author's identity key
    writer_signature: bytes  # by the folder's log key: the signer could write the folder

    def verifies(self, identity: PublicKey) -> bool:
        try:
            identity.verify(self.signature, self.entry.signed_bytes())
        except (CryptoError, ValueError):
            return False
        return True

    def by_writer(self, log: ItemKey) -> bool:
        """Whether the folder's log key signed it (`log` may be public only)."""
        return log.verifies(self.writer_signature, self.entry.signed_bytes())


def listing_hash(folder_signature: bytes) -> bytes:
    """The `head` of a change: it names the listing version the change produced by that
    version's descriptor signature (which covers the listing's blocks)."""
    return hashlib.sha256(label("activity/listing") + lp(folder_signature)).digest()


def log_key(folder: ItemKey) -> ItemKey:
    """The key of the folder's log object: its non-hardened child 0 (an xpub gives the
    public half, so readers find the log; only writers can sign it)."""
    return ItemKey(folder.extended.child(LOG_KEY_INDEX, hardened=False))


def _entry_key(folder: ItemKey) -> bytes:
    return folder.purpose_key("activity/entries")


def _aad(folder_id: str, entry_format: int) -> bytes:
    return label("activity/entry") + bytes([entry_format]) + lp_str(folder_id)


def batched(entries: Sequence[Entry]) -> list[Entry]:
    """`entries` with their `upload`s joined into as few entries as fit (format 3, each
    naming files of at most BATCH_BUDGET bytes), each where its first upload was; one
    upload alone stays format 2."""
    joined: list[Entry] = []
    pairs: list[list[tuple[str, str]]] = []  # per upload entry of `joined`: its `more`
    where: int | None = None  # the index in `joined` of the entry still being filled
    size = 0
    for entry in entries:
        cost = len(entry.name.encode()) + len(entry.item.encode()) + PAIR_OVERHEAD
        if entry.action != "upload" or entry.more:
            joined.append(entry)
            pairs.append([])
        elif where is not None and size + cost <= BATCH_BUDGET:
            pairs[where].append((entry.name, entry.item))
            size += cost
        else:
            where, size = len(joined), cost
            joined.append(entry)
            pairs.append([])
    return [
        replace(e, more=tuple(more)) if more else e for e, more in zip(joined, pairs, strict=True)
    ]


def seal(
    folder: ItemKey,
    signed: SignedEntry,
    randbytes: Callable[[int], bytes] = secrets.token_bytes,
) -> bytes:
    entry = signed.entry
    fields = {
        "id": entry.id,
        "prev": entry.prev,
        "at": entry.at,
        "author": entry.author,
        "action": entry.action,
        "name": entry.name,
        "target": entry.target,
        "item": entry.item,
        "version": entry.version,
        "listing": entry.listing,
        "head": entry.head,
        "sig": signed.signature,
        "wsig": signed.writer_signature,
    }
    if entry.more:
        fields["more"] = [list(pair) for pair in entry.more]
    nonce = randbytes(aead.NONCE_SIZE)
    aad = _aad(folder.item_id, entry.format)
    sealed = nonce + aead.encrypt(_entry_key(folder), nonce, pack(fields), aad)
    if len(sealed) > MAX_SEALED:
        raise ValueError("the entry is too large to be read back: name fewer files")
    return sealed


def open_sealed(folder: ItemKey, sealed: bytes) -> SignedEntry:
    """The entry inside `sealed`, bound to this folder; EntryUnreadableError otherwise
    (its signature is not checked here: see `SignedEntry.verifies`)."""
    if not aead.NONCE_SIZE + aead.TAG_SIZE <= len(sealed) <= MAX_SEALED:
        raise EntryUnreadableError("entry size")
    nonce, data = sealed[: aead.NONCE_SIZE], sealed[aead.NONCE_SIZE :]
    try:
        entry_format, body = _decrypt(_entry_key(folder), nonce, data, folder.item_id)
        batch = entry_format == BATCH_FORMAT
        fields = unpack_map(body, _FIELDS | {"more"} if batch else _FIELDS)
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
            want(fields, "head", bytes),
            want_bytes(fields, "prev", ENTRY_ID_SIZE),
            _more(fields) if batch else (),
        )
        signature = want_bytes(fields, "sig", SIGNATURE_SIZE)
        writer_signature = want_bytes(fields, "wsig", SIGNATURE_SIZE)
    except (CryptoError, ValueError, TypeError, msgpack.UnpackException) as error:
        raise EntryUnreadableError("the entry does not open with this folder's key") from error
    if entry.action not in ACTIONS or entry.version < 0 or entry.listing < 0:
        raise EntryUnreadableError("unknown action")
    if len(entry.head) != (HEAD_SIZE if entry.listing else 0):
        raise EntryUnreadableError("the entry does not open with this folder's key")
    if batch and entry.action != "upload":
        raise EntryUnreadableError("only an upload names several files")
    return SignedEntry(entry, signature, writer_signature)


def _decrypt(key: bytes, nonce: bytes, data: bytes, folder_id: str) -> tuple[int, bytes]:
    """(entry format, body): the AEAD data names the format, so an entry opens as one
    format only."""
    try:
        return ENTRY_FORMAT, aead.decrypt(key, nonce, data, _aad(folder_id, ENTRY_FORMAT))
    except CryptoError:
        return BATCH_FORMAT, aead.decrypt(key, nonce, data, _aad(folder_id, BATCH_FORMAT))


def _more(fields: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """A batch entry's further files: one or more [name, item] pairs of strings."""
    more = want(fields, "more", list)
    pairs = tuple(tuple(pair) for pair in more if isinstance(pair, list) and len(pair) == 2)
    if not more or len(pairs) != len(more):
        raise ValueError("'more' must list [name, item] pairs")
    if not all(isinstance(name, str) and name and isinstance(item, str) for name, item in pairs):
        raise ValueError("'more' must list [name, item] pairs")
    return pairs


def encode_log(sealed: Sequence[bytes]) -> bytes:
    """The log object's `extra`: the newest MAX_ENTRIES sealed entries, oldest first."""
    return bytes([FORMAT]) + pack({"entries": list(sealed[-MAX_ENTRIES:])})


def decode_log(extra: bytes) -> list[bytes]:
    if not extra or extra[0] != FORMAT:
        raise LogFormatError("not an activity log of format 1")
    try:
        fields = unpack_map(extra[1:], frozenset({"entries"}))
        entries = want(fields, "entries", list)
    except (ValueError, TypeError, msgpack.UnpackException) as error:
        raise LogFormatError("the activity log is malformed") from error
    if len(entries) > MAX_ENTRIES or not all(isinstance(e, bytes) for e in entries):
        raise LogFormatError("the activity log is malformed")
    return list(entries)
