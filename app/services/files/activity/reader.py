"""Reading a folder's activity log and checking every entry (ACTIVITY.md §5).

An entry is "verified" only when it opens with the folder's key, is bound to this
folder, is the first with its id, is signed by the folder's log key (its signer could
write the folder) and by its writer's identity key (from the PKI, or this account's own
key), follows the entry stored before it (nothing dropped, moved or slipped in between),
and, when it claims the folder's current listing version, names that very listing.
Anything else is shown as "unverified" with the reason, and so is each change of the
folder's listing that no entry claims (a version with no entry: written by something
that did not sign, or an entry the server dropped). Entries of format 1, written by the
previous release, are read before the log's first format-2 entry only, verified by their
writer's signature and marked as the older kind (`CheckedEntry.older_format`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from app.crypto.ecc import PublicKey
from app.fs import DescriptorPayload, ItemKey
from app.fs.errors import FsError
from app.services.errors import ServiceError
from app.services.files.activity.entries import (
    BATCH_FORMAT,
    ENTRY_FORMAT,
    MAX_ENTRIES,
    NO_PREVIOUS,
    EntryUnreadableError,
    LogFormatError,
    SignedEntry,
    decode_log,
    listing_hash,
    log_key,
    open_sealed,
)
from app.services.files.activity.format1 import FormatOneEntry, open_format1
from app.services.files.tree import FileTree, Folder

__all__ = ["OLDER_FORMAT_NOTE", "VERIFIED", "CheckedEntry", "FolderActivity", "read_activity"]

VERIFIED = "verified"
UNVERIFIED = "unverified"
OLDER_FORMAT_NOTE = "recorded before the log was chained (weaker checks)"
FORMAT_ONE_AFTER_CHAINED = "an old-format entry after a chained one: the server put it there"


@dataclass(frozen=True)
class CheckedEntry:
    at: int | None  # ms since the epoch (the writer's clock); None when unknown
    author: str  # name#host; "" when unknown
    action: str
    name: str
    target: str
    version: int
    listing: int
    status: str  # VERIFIED or UNVERIFIED
    problem: str  # why it is unverified ("" when verified)
    older_format: bool = False  # format 1 (ACTIVITY.md §4.1): only its writer's signature
    entry_format: int = ENTRY_FORMAT  # 1, 2, or 3: one of the files a batch entry names

    @property
    def note(self) -> str:
        """A neutral remark for a verified entry ("" for most)."""
        return OLDER_FORMAT_NOTE if self.older_format and self.verified else ""

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED


@dataclass(frozen=True)
class FolderActivity:
    path: str
    listing_version: int
    entries: list[CheckedEntry]  # as stored (oldest first), then the flagged gaps
    signed_by_writer: bool  # the log object's own signature (the last writer's)

    @property
    def unverified(self) -> int:
        return sum(1 for entry in self.entries if not entry.verified)


IdentityOf = Callable[[str], PublicKey]  # a writer's verified identity key; ServiceError


def read_activity(tree: FileTree, folder: Folder, identity_of: IdentityOf) -> FolderActivity:
    key = log_key(folder.key)
    record = tree.api.descriptor(key.item_id)
    checked: list[CheckedEntry] = []
    signed = False
    full = False
    if record is not None:
        signed = _signed(key, record.public_key, record.extra, record.signature)
        try:
            sealed = decode_log(record.extra)
        except LogFormatError:
            sealed = []
            checked.append(_flag("the log object is not readable: the server changed it"))
        full = len(sealed) >= MAX_ENTRIES
        checked += _check_all(folder, sealed, identity_of, full)
    checked += _gaps(folder, checked, full)
    return FolderActivity(folder.path, folder.listing.version, checked, signed)


def _signed(key: ItemKey, public_key: bytes, extra: bytes, signature: bytes) -> bool:
    try:
        DescriptorPayload(key.item_id, (), extra).verify(key, signature, public_key)
    except (FsError, ValueError):
        return False
    return True


def _check_all(
    folder: Folder, sealed: list[bytes], identity_of: IdentityOf, full: bool
) -> list[CheckedEntry]:
    seen: set[bytes] = set()
    keys: dict[str, PublicKey | None] = {}
    writers = log_key(folder.key)
    checked = []
    previous: bytes | None = None if full else NO_PREVIOUS  # a full log lost its oldest
    chained = False  # a format-2 entry was seen: format 1 is no longer accepted
    for blob in sealed:
        try:
            signed = open_sealed(folder.key, blob)
        except EntryUnreadableError:
            older = _open_format1(folder, blob)
            if older is None:
                checked.append(_flag("does not open with this folder's key: the server changed it"))
                previous = None  # flagged; the entry after it is not compared with it
                continue
            checked.append(_checked_format1(older, chained, seen, keys, identity_of))
            # the chain starts after the last format-1 entry; one out of place is flagged
            # and, as an entry that does not open, not compared with
            previous = None if chained else older.entry.id
            continue
        chained = True
        problem = ""
        if signed.entry.id in seen:
            problem = "a copy of an earlier entry (replayed)"
        seen.add(signed.entry.id)
        if not problem and not signed.by_writer(writers):
            problem = "not signed by a writer of this folder"
        if not problem:
            problem = _signature_problem(signed, keys, identity_of)
        if not problem and previous is not None and signed.entry.prev != previous:
            problem = "doesn't match the folder's log: an entry before it was dropped or moved"
        if not problem and not _names_listing(signed, folder):
            problem = "doesn't match the folder: the listing shown is not the one it made"
        previous = signed.entry.id
        checked += _rows(signed, problem)
    return checked


def _open_format1(folder: Folder, blob: bytes) -> FormatOneEntry | None:
    try:
        return open_format1(folder.key, blob)
    except EntryUnreadableError:
        return None


def _checked_format1(
    older: FormatOneEntry,
    chained: bool,
    seen: set[bytes],
    keys: dict[str, PublicKey | None],
    identity_of: IdentityOf,
) -> CheckedEntry:
    """A format-1 entry (ACTIVITY.md §4.1): accepted only before the log's first
    format-2 entry, with the checks format 1 had (a new id, its writer's signature)."""
    problem = ""
    if chained:
        problem = FORMAT_ONE_AFTER_CHAINED
    elif older.entry.id in seen:
        problem = "a copy of an earlier entry (replayed)"
    seen.add(older.entry.id)
    if not problem:
        problem = _signature_problem(older, keys, identity_of)
    return replace(_checked(older, problem), older_format=True, entry_format=1)


def _names_listing(signed: SignedEntry, folder: Folder) -> bool:
    """An entry claiming the folder's current listing version names that listing."""
    entry = signed.entry
    return entry.listing != folder.listing.version or entry.head == listing_hash(folder.signature)


def _signature_problem(
    signed: SignedEntry | FormatOneEntry, keys: dict[str, PublicKey | None], identity_of: IdentityOf
) -> str:
    author = signed.entry.author
    if author not in keys:
        try:
            keys[author] = identity_of(author)
        except ServiceError:
            keys[author] = None
    key = keys[author]
    if key is None:
        return f"{author}'s key could not be verified in the key log"
    if not signed.verifies(key):
        return f"the signature is not {author}'s"
    return ""


def _checked(signed: SignedEntry | FormatOneEntry, problem: str) -> CheckedEntry:
    e = signed.entry
    status = UNVERIFIED if problem else VERIFIED
    return CheckedEntry(
        e.at, e.author, e.action, e.name, e.target, e.version, e.listing, status, problem
    )


def _rows(signed: SignedEntry, problem: str) -> list[CheckedEntry]:
    """One row per file an entry names (a batch entry, format 3, names several), each
    with the entry's checks."""
    row = _checked(signed, problem)
    if not signed.entry.more:
        return [row]
    return [replace(row, name=name, entry_format=BATCH_FORMAT) for name, _ in signed.entry.files]


def _flag(problem: str, listing: int = 0) -> CheckedEntry:
    return CheckedEntry(None, "", "change", "", "", 0, listing, UNVERIFIED, problem)


def _gaps(folder: Folder, checked: list[CheckedEntry], full: bool) -> list[CheckedEntry]:
    """A flagged row per listing version (after the first) that no verified entry claims.
    A full log dropped its oldest entries: versions before its oldest are not counted."""
    claimed = {e.listing for e in checked if e.verified and e.listing}
    first = min(claimed) if full and claimed else 2
    return [
        _flag(f"the folder changed (version {version}) and nobody signed a log entry", version)
        for version in range(max(first, 2), folder.listing.version + 1)
        if version not in claimed
    ]
