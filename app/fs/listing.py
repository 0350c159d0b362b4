"""Folder listings (FORMAT.md §6): the signed, encrypted list of a folder's children.

Each entry names a child, says whether it is a file or a folder, and holds the hardened
index the child was derived at and the child's xpub. Every reader checks that the entry's
key claims that index under this folder (for a reader with only the xpub, when the
listing is opened; for a writer, when the entry is shown: `listed_key`), and later that
the child's own objects are signed by the entry's key (done by `FileMetadata.open` /
`FolderListing.open` with the entry's key). A writer (holding the folder's xprv) also
re-derives the child and refuses an entry whose key is not that derivation
(InjectedObjectError): once, when the entry is opened or written (`child_key`), not for
every entry of every listing opened (FORMAT.md §6).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from app.crypto.bip32 import HARDENED, ExtendedKey
from app.fs import _envelope
from app.fs.errors import FsUsageError, InjectedObjectError, MetadataIntegrityError, StructureError
from app.fs.keys import ItemKey
from app.fs.metadata import check_name, check_parent, check_version
from app.wire.encoding import FORMAT_V1, label, lp_str, u8, u32, u64, want, want_uint

__all__ = ["EntryType", "FolderListing", "ListingEntry"]

EntryType = Literal["file", "folder"]
_TYPE_CODES: dict[str, int] = {"file": 1, "folder": 2}
_TYPE_BYTES = {name: u8(code) for name, code in _TYPE_CODES.items()}
_FIELDS = frozenset({"self", "parent", "version", "entries"})
_ENTRY_FIELDS = frozenset({"name", "type", "index", "xpub"})


@dataclass(frozen=True)
class ListingEntry:
    """One child of a folder."""

    name: str
    type: EntryType
    index: int
    xpub: str

    def __post_init__(self) -> None:
        check_name(self.name)
        if self.type not in _TYPE_CODES:
            raise FsUsageError(f"an entry is a file or a folder, not {self.type!r}")
        if not 0 <= self.index < HARDENED:
            raise FsUsageError(f"a child index must be in 0..{HARDENED - 1}")

    @classmethod
    def create(
        cls,
        folder: ItemKey,
        name: str,
        type: EntryType,
        taken: set[int] | frozenset[int] = frozenset(),
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> tuple[ListingEntry, ItemKey]:
        """A new child at a fresh random hardened index: its entry and its (xprv) key."""
        index = folder.new_child_index(taken, randbytes)
        child = folder.child(index)
        entry = cls(name, type, index, child.to_xpub())
        entry.__dict__["key"] = child.public()  # what the xpub states: kept, not parsed again
        return entry, child

    @cached_property
    def key(self) -> ItemKey:
        """The child's read-only key as the listing states it (parsed once)."""
        return ItemKey.parse(self.xpub)

    def signed_bytes(self) -> bytes:
        """lp(name) ‖ u8 type ‖ u32 index ‖ lp(xpub) (FORMAT.md §6); the name's length and
        the index were checked when the entry was made, and an xpub is ASCII."""
        name, xpub = self.name.encode("utf-8"), self.xpub.encode("utf-8")
        return b"".join(
            (
                len(name).to_bytes(4, "big"),
                name,
                _TYPE_BYTES[self.type],
                self.index.to_bytes(4, "big"),
                len(xpub).to_bytes(4, "big"),
                xpub,
            )
        )


@dataclass(frozen=True)
class FolderListing:
    """One version of a folder's listing; entries are kept sorted by name."""

    self_id: str
    parent_id: str
    version: int
    entries: tuple[ListingEntry, ...] = ()

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.entries, key=lambda entry: entry.name))
        object.__setattr__(self, "entries", ordered)
        names = [entry.name for entry in ordered]
        if len(set(names)) != len(names):
            raise FsUsageError("two entries of a folder cannot have the same name")
        if len({entry.index for entry in ordered}) != len(ordered):
            raise FsUsageError("two entries of a folder cannot share a child index")
        if not 0 <= self.version < 2**64:
            raise FsUsageError("a listing version fits in 64 bits")

    def __repr__(self) -> str:
        return f"FolderListing({self.self_id}, version={self.version}, {len(self.entries)} entries)"

    def find(self, name: str) -> ListingEntry | None:
        """The entry called `name`, or None."""
        return next((entry for entry in self.entries if entry.name == name), None)

    def taken_indices(self) -> frozenset[int]:
        return frozenset(entry.index for entry in self.entries)

    def with_entry(self, entry: ListingEntry) -> FolderListing:
        """A copy with `entry` added (same version: the writer sets the next one)."""
        return replace(self, entries=(*self.entries, entry))

    def without_entry(self, name: str) -> FolderListing:
        return replace(self, entries=tuple(e for e in self.entries if e.name != name))

    def child_key(self, folder: ItemKey, entry: ListingEntry) -> ItemKey:
        """The key to open or write the child with: derived (read-write) with the folder's
        xprv, after checking that the entry states exactly that derivation, else the
        entry's xpub (checked when the listing was opened)."""
        if not folder.can_write:
            return entry.key
        derived = folder.child(entry.index)
        _check_derivation(entry, derived)
        return derived

    @staticmethod
    def listed_key(folder: ItemKey, entry: ListingEntry) -> ItemKey:
        """The entry's read-only key, to show what the listing names before it is opened.
        Its claim (this folder's child at the entry's index) is checked here for a writer
        (a reader's was checked when the listing was opened); its derivation is checked
        by `child_key`, before anything is opened or written with it (FORMAT.md §6)."""
        if folder.can_write:
            _check_claim(folder, entry)
            if entry.key.can_write:  # a writer lists xpubs only
                raise _injected(entry)
        return entry.key

    def signed_bytes(self, item_id: str) -> bytes:
        """The exact bytes the folder key signs (FORMAT.md §6)."""
        head = (
            label("fs/folder-listing")
            + u8(FORMAT_V1)
            + lp_str(item_id)
            + lp_str(self.self_id)
            + lp_str(self.parent_id)
            + u64(self.version)
            + u32(len(self.entries))
        )
        return head + b"".join(entry.signed_bytes() for entry in self.entries)

    def seal(
        self, folder: ItemKey, randbytes: Callable[[int], bytes] = secrets.token_bytes
    ) -> bytes:
        """Sign with the folder's xprv and encrypt with its listing key."""
        if self.self_id != folder.item_id:
            raise FsUsageError("a listing must be sealed with its own folder's key")
        fields = {
            "self": self.self_id,
            "parent": self.parent_id,
            "version": self.version,
            "entries": [
                {"name": e.name, "type": e.type, "index": e.index, "xpub": e.xpub}
                for e in self.entries
            ],
        }
        signed = self.signed_bytes(folder.item_id)
        return _envelope.seal(folder, _envelope.KIND_FOLDER, fields, signed, randbytes)

    @classmethod
    def open(
        cls,
        extra: bytes,
        folder: ItemKey,
        *,
        parent_id: str | None,
        min_version: int = 0,
        entry_keys_checked: bool = False,
    ) -> FolderListing:
        """Verify and decrypt a listing reached through `parent_id` (None from a share).

        `entry_keys_checked`: the caller checked these exact bytes' entry keys before
        (a cache of verified listings); everything else is still checked."""
        fields = _envelope.open_fields(extra, folder, _envelope.KIND_FOLDER, _FIELDS)
        listing = _decode(fields)
        signed = listing.signed_bytes(folder.item_id)
        _envelope.check_signature(folder, _envelope.KIND_FOLDER, fields["sig"], signed)
        if listing.self_id != folder.item_id:
            served_for = folder.item_id
            raise StructureError(f"the listing of {listing.self_id} was served for {served_for}")
        check_parent(f"the folder {folder.item_id}", listing.parent_id, parent_id)
        check_version(f"the listing of folder {folder.item_id}", listing.version, min_version)
        if not entry_keys_checked and not folder.can_write:  # a writer's: `listed_key`
            for entry in listing.entries:
                _check_claim(folder, entry)
        return listing


def _decode(fields: dict[str, object]) -> FolderListing:
    try:
        raw_entries = want(fields, "entries", list)
        entries = tuple(_decode_entry(raw) for raw in raw_entries)
        names = [entry.name for entry in entries]
        if names != sorted(set(names)):
            raise ValueError("entries not sorted or not unique")
        return FolderListing(
            self_id=want(fields, "self", str),
            parent_id=want(fields, "parent", str),
            version=want_uint(fields, "version"),
            entries=entries,
        )
    except (ValueError, TypeError):
        raise MetadataIntegrityError("the folder's listing is malformed") from None


def _decode_entry(raw: object) -> ListingEntry:
    if not isinstance(raw, dict) or set(raw) != _ENTRY_FIELDS:
        raise ValueError("not a listing entry")
    kind = want(raw, "type", str)
    if kind not in _TYPE_CODES:
        raise ValueError("unknown entry type")
    return ListingEntry(
        want(raw, "name", str), kind, want_uint(raw, "index", HARDENED - 1), want(raw, "xpub", str)
    )


def _stated_key(entry: ListingEntry) -> ExtendedKey:
    try:
        return entry.key.extended
    except FsUsageError:
        raise InjectedObjectError(f"the entry {entry.name!r} holds no valid key") from None


def _injected(entry: ListingEntry) -> InjectedObjectError:
    return InjectedObjectError(
        f"the entry {entry.name!r} is keyed by something other than its folder: injected"
    )


def _check_claim(folder: ItemKey, entry: ListingEntry) -> None:
    """The entry's key says it is this folder's child at the entry's hardened index."""
    stated = _stated_key(entry)
    if not (
        stated.child_number == HARDENED + entry.index
        and stated.depth == folder.extended.depth + 1
        and stated.parent_fingerprint == folder.fingerprint
    ):
        raise _injected(entry)


def _check_derivation(entry: ListingEntry, derived: ItemKey) -> None:
    """The entry states exactly the xpub of `derived`, the child a writer derives (the
    text is compared: Base58Check is canonical, and the stated key need not be parsed)."""
    if not hmac.compare_digest(derived.to_xpub().encode(), entry.xpub.encode()):
        raise _injected(entry)
