"""The search index in memory and at rest (app/services/search/INDEX.md)."""

from __future__ import annotations

import os
from pathlib import Path

import msgpack
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.services.files.service import EntryInfo
from app.services.search.index import Query, SearchIndex, kind_of
from app.services.search.store import HEADER, IndexStore

KEY = bytes(range(32))


def _index() -> SearchIndex:
    return SearchIndex.from_entries(
        [
            EntryInfo("Report 2026.PDF", "/Work/Report 2026.PDF", "file", 10, 1_000),
            EntryInfo("beach.jpg", "/Photos/Summer/beach.jpg", "file", 20, 5_000),
            EntryInfo("reports", "/Work/reports", "folder"),
            EntryInfo("notes.txt", "/notes.txt", "file", 3, 9_000),
        ]
    )


def _paths(index: SearchIndex, query: Query) -> list[str]:
    return [hit.path for hit in index.find(query)]


def test_names_kinds_and_dates_filter() -> None:
    index = _index()
    assert _paths(index, Query("report")) == ["/Work/Report 2026.PDF", "/Work/reports"]
    assert _paths(index, Query("*.pdf")) == ["/Work/Report 2026.PDF"]
    assert _paths(index, Query("rep*")) == ["/Work/Report 2026.PDF", "/Work/reports"]
    assert _paths(index, Query("", frozenset({"image"}))) == ["/Photos/Summer/beach.jpg"]
    assert _paths(index, Query("", frozenset({"folder"}))) == [
        "/Photos",
        "/Photos/Summer",
        "/Work",
        "/Work/reports",
    ]
    assert _paths(index, Query("", since=5_000)) == ["/Photos/Summer/beach.jpg", "/notes.txt"]
    assert _paths(index, Query("e", frozenset({"pdf", "document"}), since=2_000)) == ["/notes.txt"]
    assert kind_of("archive.tar.GZ", "file") == "archive" and kind_of("README", "file") == "other"


def test_moves_and_removes_take_the_subtree() -> None:
    index = _index()
    assert index.move("/Photos", "/Archive/Photos")
    assert _paths(index, Query("beach")) == ["/Archive/Photos/Summer/beach.jpg"]
    assert not index.move("/nowhere", "/x")
    index.remove("/Work")
    assert _paths(index, Query("report")) == []
    assert len(index) == 5  # /Archive, /Archive/Photos, its Summer and beach.jpg; /notes.txt


def test_the_file_is_aes_gcm_with_the_documented_layout(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "search-index.bin", KEY)
    assert store.load() is None
    store.save(_index())
    data = store.path.read_bytes()
    assert b"beach" not in data and data[:5] == b"PSIX\x01"
    plain = AESGCM(KEY).decrypt(data[5:17], data[17:], HEADER)  # an independent AES-GCM
    stored = msgpack.unpackb(plain)
    row = stored["names"].index("beach.jpg")
    assert [stored[k][row] for k in ("types", "sizes", "modified")] == ["f", 20, 5_000]
    summer = stored["parents"][row]
    assert stored["names"][summer] == "Summer" and stored["types"][summer] == "d"
    assert stored["names"][stored["parents"][summer]] == "Photos"
    loaded = store.load()
    assert loaded is not None and loaded.rows() == _index().rows()
    assert [p.name for p in tmp_path.iterdir()] == ["search-index.bin"]  # no temp file


@pytest.mark.parametrize("damage", ["flip", "truncate", "version", "key"])
def test_a_damaged_or_foreign_file_counts_as_missing(tmp_path: Path, damage: str) -> None:
    store = IndexStore(tmp_path / "search-index.bin", KEY)
    store.save(_index())
    data = bytearray(store.path.read_bytes())
    if damage == "flip":
        data[-20] ^= 1
    elif damage == "truncate":
        data = data[:30]
    elif damage == "version":
        data[4] = 2
    store.path.write_bytes(bytes(data))
    key = os.urandom(32) if damage == "key" else KEY
    assert IndexStore(store.path, key).load() is None
