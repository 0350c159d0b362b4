"""Folder listings: round trip, lookup, checklist items 24, 26, 27, 28, 29."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from fs_helpers import open_body, reseal_body

from app.fs import (
    FolderListing,
    FsUsageError,
    InjectedObjectError,
    ItemKey,
    ListingEntry,
    MetadataIntegrityError,
    RollbackError,
    StructureError,
)

Rand = Callable[[int], bytes]


def populated(
    root: ItemKey, rand: Rand, version: int = 1
) -> tuple[FolderListing, dict[str, ItemKey]]:
    listing = FolderListing(root.item_id, "", version)
    children: dict[str, ItemKey] = {}
    for name, kind in (("docs", "folder"), ("b.txt", "file"), ("a.txt", "file")):
        entry, key = ListingEntry.create(root, name, kind, listing.taken_indices(), rand)
        listing = listing.with_entry(entry)
        children[name] = key
    return listing, children


def test_round_trip_lookup_and_child_keys(root: ItemKey, rand: Rand) -> None:
    listing, children = populated(root, rand)
    extra = listing.seal(root, rand)
    for opener in (root, root.public()):
        opened = FolderListing.open(extra, opener, parent_id="")
        assert opened == listing
        assert [e.name for e in opened.entries] == ["a.txt", "b.txt", "docs"]
        entry = opened.find("docs")
        assert entry is not None and entry.type == "folder"
        assert opened.find("missing") is None
        child = opened.child_key(opener, entry)
        assert child.item_id == children["docs"].item_id
        assert child.can_write == opener.can_write


def test_entries_are_unique(root: ItemKey, rand: Rand) -> None:
    listing, _ = populated(root, rand)
    entry = listing.find("a.txt")
    assert entry is not None
    with pytest.raises(FsUsageError):
        listing.with_entry(ListingEntry("a.txt", "file", entry.index + 1, entry.xpub))
    with pytest.raises(FsUsageError):
        listing.with_entry(ListingEntry("c.txt", "file", entry.index, entry.xpub))


def test_item26_entry_with_a_foreign_key_is_injected_for_a_writer(
    root: ItemKey, rand: Rand
) -> None:
    listing, _ = populated(root, rand)
    stranger = ItemKey.parse(ListingEntry.create(root, "s", "folder", randbytes=rand)[1].to_xprv())
    forged_entry, _ = ListingEntry.create(stranger, "evil.exe", "file", randbytes=rand)
    bad = listing.with_entry(ListingEntry("evil.exe", "file", 77, forged_entry.xpub))
    # a writer opens the listing without deriving its entries (FORMAT.md §6); the entry
    # is refused when it is shown, and when it would be opened or written
    opened = FolderListing.open(bad.seal(root, rand), root, parent_id="")
    entry = opened.find("evil.exe")
    assert entry is not None
    with pytest.raises(InjectedObjectError, match=r"evil\.exe"):
        FolderListing.listed_key(root, entry)
    with pytest.raises(InjectedObjectError, match=r"evil\.exe"):
        opened.child_key(root, entry)
    # a read-only reader cannot derive, but the key does not claim index 77 under this folder
    with pytest.raises(InjectedObjectError, match=r"evil\.exe"):
        FolderListing.open(bad.seal(root, rand), root.public(), parent_id="")


def test_a_writer_refuses_an_entry_that_differs_from_the_derivation_in_any_field(
    root: ItemKey, rand: Rand
) -> None:
    """Before a writer opens or writes an entry (`child_key`), it compares the derived
    node with the stated one as bytes: every field an xpub carries counts, and the genuine
    child's xprv in place of its xpub is refused. The fields a reader can check (depth,
    index, parent fingerprint, no xprv) are also refused when the entry is only shown."""
    listing, children = populated(root, rand)
    genuine = children["a.txt"]
    other = ListingEntry.create(root, "x", "file", listing.taken_indices(), rand)[1].extended
    node = genuine.extended
    variants = {
        "xprv": (genuine.to_xprv(), True),
        "chain code": (replace(node.public(), chain_code=other.chain_code).to_xpub(), False),
        "public key": (replace(node.public(), public_key=other.public_key).to_xpub(), False),
        "fingerprint": (replace(node.public(), parent_fingerprint=b"\0" * 4).to_xpub(), True),
        "depth": (replace(node.public(), depth=node.depth + 1).to_xpub(), True),
        "index": (replace(node.public(), child_number=node.child_number + 1).to_xpub(), True),
    }
    entry = listing.find("a.txt")
    assert entry is not None
    for what, (text, refused_when_shown) in variants.items():
        bad = listing.without_entry("a.txt").with_entry(replace(entry, xpub=text))
        opened = FolderListing.open(bad.seal(root, rand), root, parent_id="")
        shown = opened.find("a.txt")
        assert shown is not None
        with pytest.raises(InjectedObjectError, match=r"a\.txt"):
            opened.child_key(root, shown)
        if refused_when_shown:
            with pytest.raises(InjectedObjectError, match=r"a\.txt"):
                FolderListing.listed_key(root, shown)
        else:  # its claim holds: only the derivation tells
            assert not FolderListing.listed_key(root, shown).can_write, what
    good = listing.find("a.txt")
    assert good is not None
    assert listing.child_key(root, good).item_id == genuine.item_id
    assert FolderListing.listed_key(root, good).item_id == genuine.item_id


def test_item27_injected_folder_listing_under_a_listed_key(root: ItemKey, rand: Rand) -> None:
    listing, children = populated(root, rand)
    docs = listing.find("docs")
    assert docs is not None
    server_folder = ItemKey.parse(
        ListingEntry.create(root, "z", "folder", randbytes=rand)[1].to_xprv()
    )
    server_listing = FolderListing(server_folder.item_id, root.item_id, 1).seal(server_folder, rand)
    with pytest.raises(InjectedObjectError):
        FolderListing.open(server_listing, docs.key, parent_id=root.item_id)
    genuine = FolderListing(children["docs"].item_id, root.item_id, 1).seal(children["docs"], rand)
    assert FolderListing.open(genuine, docs.key, parent_id=root.item_id).entries == ()


def test_item26_entry_added_by_a_reader_without_the_folder_key(root: ItemKey, rand: Rand) -> None:
    listing, _ = populated(root, rand)
    extra = listing.seal(root, rand)
    body = open_body(extra, root.listing_key, root.item_id)
    body["entries"].append({"name": "zz", "type": "file", "index": 5, "xpub": root.to_xpub()})
    with pytest.raises(MetadataIntegrityError):
        FolderListing.open(
            reseal_body(extra, root.listing_key, root.item_id, body), root, parent_id=""
        )


def test_item28_hidden_entry_is_metadata_integrity_error(root: ItemKey, rand: Rand) -> None:
    listing, _ = populated(root, rand)
    extra = listing.seal(root, rand)
    body = open_body(extra, root.listing_key, root.item_id)
    body["entries"] = body["entries"][1:]
    forged = reseal_body(extra, root.listing_key, root.item_id, body)
    with pytest.raises(MetadataIntegrityError):
        FolderListing.open(forged, root.public(), parent_id="")


def test_item29_replayed_old_listing_is_rollback_error(root: ItemKey, rand: Rand) -> None:
    listing, _ = populated(root, rand, version=6)
    old = listing.seal(root, rand)
    new = FolderListing.open(old, root, parent_id="").without_entry("a.txt")
    new_extra = type(new)(new.self_id, new.parent_id, 7, new.entries).seal(root, rand)
    assert FolderListing.open(new_extra, root, parent_id="", min_version=7).version == 7
    with pytest.raises(RollbackError) as caught:
        FolderListing.open(old, root, parent_id="", min_version=7)
    assert (caught.value.served, caught.value.seen) == (6, 7)


def test_item24_folder_reached_through_another_parent_is_structure_error(
    root: ItemKey, rand: Rand
) -> None:
    _, children = populated(root, rand)
    docs = children["docs"]
    extra = FolderListing(docs.item_id, root.item_id, 1).seal(docs, rand)
    with pytest.raises(StructureError, match="parent"):
        FolderListing.open(extra, docs, parent_id=children["a.txt"].item_id)


def test_listing_of_another_folder_is_refused(root: ItemKey, rand: Rand) -> None:
    with pytest.raises(FsUsageError):
        FolderListing("someone-else", "", 1).seal(root, rand)
