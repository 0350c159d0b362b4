"""Listing changes that can be re-applied to a fresher listing (the CAS retry "merge").

Each change is a function `FolderListing -> FolderListing` that identifies entries by
their hardened index (stable across renames), never by position. Applied to a listing
another device has changed meanwhile, it keeps that device's entries; a name that
clashes with one of them becomes "name (2)" ("report (2).pdf"), "name (3)", ...
"""

from __future__ import annotations

from dataclasses import replace

from app.fs import FolderListing, ListingEntry
from app.services.errors import NotFoundError
from app.services.files.errors import FilesUsageError
from app.services.files.tree import Mutation

__all__ = ["add_entries", "free_name", "remove_index", "rename_index"]


def free_name(listing: FolderListing, name: str, *, ignore_index: int | None = None) -> str:
    """`name`, or the first "name (n)" no other entry of `listing` uses."""
    return _first_free({e.name for e in listing.entries if e.index != ignore_index}, name)


def _first_free(taken: set[str], name: str) -> str:
    if name not in taken:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not stem or not dot:
        stem, suffix = name, ""
    else:
        suffix = "." + suffix
    number = 2
    while (candidate := f"{stem} ({number}){suffix}") in taken:
        number += 1
    return candidate


def add_entries(*entries: ListingEntry) -> Mutation:
    """Add entries; one already there (same index and key) is left as it is. The listing
    is rebuilt once, however many entries are added."""

    def change(listing: FolderListing) -> FolderListing:
        by_index = {e.index: e for e in listing.entries}
        names = {e.name for e in listing.entries}
        added: list[ListingEntry] = []
        for entry in entries:
            present = by_index.get(entry.index)
            if present is not None:
                if (present.xpub, present.type) != (entry.xpub, entry.type):
                    raise FilesUsageError("two items drew the same child index; try again")
                continue
            free = _first_free(names, entry.name)
            fresh = entry if free == entry.name else replace(entry, name=free)  # keeps its key
            names.add(fresh.name)
            by_index[fresh.index] = fresh
            added.append(fresh)
        return replace(listing, entries=(*listing.entries, *added)) if added else listing

    return change


def remove_index(index: int) -> Mutation:
    """Remove the entry at `index` (already gone is fine)."""

    def change(listing: FolderListing) -> FolderListing:
        entries = tuple(e for e in listing.entries if e.index != index)
        if len(entries) == len(listing.entries):
            return listing
        return replace(listing, entries=entries)

    return change


def rename_index(index: int, name: str) -> Mutation:
    """Rename the entry at `index` (NotFoundError if another device removed it)."""

    def change(listing: FolderListing) -> FolderListing:
        present = next((e for e in listing.entries if e.index == index), None)
        if present is None:
            raise NotFoundError(f"{name!r} was removed on another device meanwhile")
        if present.name == name:
            return listing
        renamed = replace(present, name=free_name(listing, name, ignore_index=index))
        others = tuple(e for e in listing.entries if e.index != index)
        return replace(listing, entries=(*others, renamed))

    return change
