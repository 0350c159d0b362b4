"""The listing changes re-applied on a CAS conflict (app/services/files/merge.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.bip32 import ExtendedKey
from app.fs import FolderListing, ItemKey, ListingEntry
from app.services.errors import NotFoundError
from app.services.files.errors import FilesUsageError
from app.services.files.merge import add_entries, free_name, remove_index, rename_index

FOLDER = ItemKey(ExtendedKey.from_seed(bytes(range(32))))


def entry(name: str, index: int, kind: str = "file") -> ListingEntry:
    return ListingEntry(name, kind, index, FOLDER.child(index).to_xpub())  # type: ignore[arg-type]


def listing(*entries: ListingEntry) -> FolderListing:
    return FolderListing(FOLDER.item_id, "", 3, entries)


@pytest.mark.parametrize(
    ("taken", "name", "expected"),
    [
        ((), "a.txt", "a.txt"),
        (("a.txt",), "a.txt", "a (2).txt"),
        (("a.txt", "a (2).txt"), "a.txt", "a (3).txt"),
        (("notes",), "notes", "notes (2)"),
        ((".bashrc",), ".bashrc", ".bashrc (2)"),
        (("x.tar.gz",), "x.tar.gz", "x.tar (2).gz"),
    ],
)
def test_free_name(taken: tuple[str, ...], name: str, expected: str) -> None:
    current = listing(*(entry(n, i) for i, n in enumerate(taken)))
    assert free_name(current, name) == expected


def test_add_keeps_the_other_devices_entries_and_renames_a_clash() -> None:
    theirs = listing(entry("report.pdf", 1), entry("b", 2, "folder"))
    merged = add_entries(entry("report.pdf", 7), entry("c", 8))(theirs)
    assert [(e.name, e.index) for e in merged.entries] == [
        ("b", 2),
        ("c", 8),
        ("report (2).pdf", 7),
        ("report.pdf", 1),
    ]
    assert merged.version == theirs.version  # the writer sets the next version


def test_add_is_idempotent_for_an_entry_already_there() -> None:
    mine = entry("a", 5)
    once = add_entries(mine)(listing())
    assert add_entries(mine)(once) == once


def test_entries_added_together_clash_with_each_other_too() -> None:
    theirs = listing(entry("a.txt", 1))
    merged = add_entries(entry("a.txt", 2), entry("a.txt", 3), entry("a (2).txt", 4))(theirs)
    assert [(e.name, e.index) for e in merged.entries] == [
        ("a (2) (2).txt", 4),
        ("a (2).txt", 2),
        ("a (3).txt", 3),
        ("a.txt", 1),
    ]
    assert add_entries()(theirs) is theirs


def test_add_refuses_a_different_item_at_the_same_index() -> None:
    impostor = replace(entry("a", 5), xpub=FOLDER.child(6).to_xpub())
    with pytest.raises(FilesUsageError, match="same child index"):
        add_entries(impostor)(listing(entry("a", 5)))


def test_remove_and_rename_follow_the_index_not_the_name() -> None:
    current = listing(entry("old", 4), entry("other", 9))
    renamed_elsewhere = listing(entry("renamed by laptop", 4), entry("other", 9))
    assert [e.name for e in remove_index(4)(renamed_elsewhere).entries] == ["other"]
    assert remove_index(99)(current) is current
    assert [e.name for e in rename_index(4, "other")(current).entries] == ["other", "other (2)"]
    assert rename_index(4, "old")(current) is current
    with pytest.raises(NotFoundError):
        rename_index(99, "x")(current)


names = st.text(alphabet="abc. ", min_size=1, max_size=4).filter(lambda n: n.strip(". ") != "")


@settings(max_examples=60, deadline=None)
@given(
    ours=st.lists(names, max_size=5),
    theirs=st.lists(names, max_size=5),
    ours_first=st.booleans(),
)
def test_two_writers_never_lose_an_entry(
    ours: list[str], theirs: list[str], ours_first: bool
) -> None:
    """Whichever device wins the CAS, the other's change re-applied keeps every entry."""
    mine = [entry(n, 100 + i) for i, n in enumerate(ours)]
    other = [entry(n, 200 + i) for i, n in enumerate(theirs)]
    first, second = (mine, other) if ours_first else (other, mine)
    merged = listing()
    for batch in (first, second):
        for item in batch:
            merged = add_entries(item)(merged)
    assert {e.index for e in merged.entries} == {e.index for e in mine + other}
    assert len({e.name for e in merged.entries}) == len(merged.entries)


def test_an_added_entry_is_kept_with_its_key_and_a_renamed_one_states_the_same_key() -> None:
    new, key = ListingEntry.create(FOLDER, "a.txt", "file")
    assert new.key == key.public() and new.key.item_id == key.item_id  # no parse needed
    (kept,) = add_entries(new)(listing()).entries
    assert kept is new  # the key it came with, not parsed again from its xpub
    renamed = {e.name: e for e in add_entries(new)(listing(entry("a.txt", 7))).entries}
    assert renamed["a (2).txt"].key == ItemKey.parse(new.xpub)
