"""The search index follower never turns a finished file operation into an error, and
`rm` under /Shared asks for --permanent before anything is sent."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from app.cli.commands.trash import move_to_trash
from app.services.errors import ServerUnreachableError
from app.services.files.errors import FilesUsageError
from app.services.files.service import EntryInfo, TreeChange
from app.services.search.index import SearchIndex
from app.services.search.service import SearchService
from app.services.search.store import IndexStore


class Unreachable:
    def ls(self, path: str = "/") -> list[EntryInfo]:
        raise ServerUnreachableError("no answer from the server")


def test_a_change_that_cannot_be_followed_drops_the_index(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "search-index.bin", bytes(32))
    store.save(SearchIndex.from_entries([EntryInfo("a", "/a", "folder")]))
    search = SearchService(Unreachable(), store)  # type: ignore[arg-type]
    search.note(TreeChange("removed", ("/a",)))  # needs no listing: applied
    loaded = store.load()
    assert loaded is not None and len(loaded) == 0
    with pytest.raises(ServerUnreachableError):
        search.note(TreeChange("added", ("/b",)))


def test_the_follower_deletes_the_index_rather_than_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services.search import service

    store = IndexStore(tmp_path / "search-index.bin", bytes(32))
    store.save(SearchIndex())
    monkeypatch.setattr(service, "profile_index", lambda vault: store)
    follow = service.index_follower(Any, lambda: Unreachable())  # type: ignore[arg-type, return-value]
    follow(TreeChange("added", ("/b",)))
    assert not store.exists()


def test_rm_in_a_share_needs_permanent() -> None:
    args = argparse.Namespace(path="/Shared/docs/a.txt", profile=None)
    with pytest.raises(FilesUsageError, match="add --permanent to delete it for good"):
        move_to_trash(None, args)  # type: ignore[arg-type]
