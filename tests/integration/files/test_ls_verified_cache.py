"""The verified cache (app/services/files/verified.py): a second `ls` skips the checks of
unchanged objects, and a server that replays old versions is refused all the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from files_world import Device, ServerRows
from test_malicious_structure import id_of, put_text, refused

from app.client.objects_api import ObjectsApi
from app.fs import FileMetadata, FolderListing, ListingEntry
from app.services.files.errors import RollbackDetectedError
from app.services.files.verified import CACHE_FILE

pytestmark = pytest.mark.integration


def test_a_warm_cache_skips_the_checks_of_unchanged_objects(
    alice: Device, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt"):
        put_text(alice, tmp_path, "/Box", name, name)
    first = alice.files.ls("/Box")
    assert (alice.profile / CACHE_FILE).is_file()

    def must_not_open(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an unchanged file was checked again")

    monkeypatch.setattr(FileMetadata, "open", must_not_open)
    monkeypatch.setattr(ListingEntry, "key", property(must_not_open))  # item ids cached too
    again = alice.service()  # a new service reads the cache from the profile
    assert again.ls("/Box") == first
    monkeypatch.undo()
    put_text(alice, tmp_path, "/Box", "a.txt", "changed")  # a new version is checked
    assert [e.version for e in alice.files.ls("/Box")] == [2, 1]


def test_replays_are_refused_after_the_cache_is_warm(
    alice: Device, rows: ServerRows, cli: Any, tmp_path: Path
) -> None:
    put_text(alice, tmp_path, "/Box", "one.txt", "1")
    box, one = id_of(alice, "/Box"), id_of(alice, "/Box/one.txt")
    assert cli(alice, "ls", "/Box").code == 0  # the cache now holds these versions
    old_box, old_one = rows.current(box), rows.current(one)
    put_text(alice, tmp_path, "/Box", "two.txt", "2")
    put_text(alice, tmp_path, "/Box", "one.txt", "1, second version")
    alice.files.get("/Box/one.txt", tmp_path / "seen.txt")  # this device has seen v2
    for _ in range(2):
        assert cli(alice, "ls", "/Box").code == 0
    new_box = rows.current(box)

    rows.set_current(box, extra=old_box["extra"], signature=old_box["signature"])
    refused(cli(alice, "ls", "/Box"), "RollbackError")
    rows.set_current(box, extra=new_box["extra"], signature=new_box["signature"])
    assert cli(alice, "ls", "/Box").code == 0
    rows.set_current(one, **{k: old_one[k] for k in ("blocks", "extra", "signature")})
    refused(cli(alice, "ls", "/Box"), "RollbackError")


def test_a_listing_checked_by_a_reader_is_checked_again_by_a_writer(
    alice: Device, tmp_path: Path
) -> None:
    """The digest holds whether the key could write: a reader's weaker entry check
    (no derivation) never stands in for a writer's."""
    put_text(alice, tmp_path, "/", "x.txt", "x")
    folder = alice.files.tree.resolve("/")
    record = alice.files.tree.record(folder.key)
    assert record is not None
    cache = alice.files.tree.verified
    writer = cache.folder_digest(folder.key, "", record)
    reader = cache.folder_digest(folder.key.public(), "", record)
    assert writer != reader and cache.folder_checked(writer)
    assert FolderListing.open(record.extra, folder.key, parent_id="").entries


def spy_on_unchanged(monkeypatch: pytest.MonkeyPatch) -> list[tuple[set[str], set[str]]]:
    """Records (ids returned, ids answered unchanged) of every listing fetch."""
    seen: list[tuple[set[str], set[str]]] = []
    original = ObjectsApi.descriptor_get_changed

    def spy(api: ObjectsApi, ids: Any, known: Any) -> Any:
        found, missing, unchanged = original(api, ids, known)
        seen.append((set(found), set(unchanged)))
        return found, missing, unchanged

    monkeypatch.setattr(ObjectsApi, "descriptor_get_changed", spy)
    return seen


def test_a_warm_relisting_is_answered_unchanged_without_records(
    alice: Device, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        put_text(alice, tmp_path, "/Box", name, name)
    first = alice.files.ls("/Box")
    seen = spy_on_unchanged(monkeypatch)
    assert alice.service().ls("/Box") == first
    assert [len(found) for found, _ in seen] == [0] and len(seen[0][1]) == 3
    put_text(alice, tmp_path, "/Box", "b.txt", "b, second version")
    seen.clear()
    assert [e.version for e in alice.service().ls("/Box")] == [1, 2, 1]
    [(found, unchanged)] = seen
    assert len(found) == 1 and len(unchanged) == 2  # only the new version is sent


def test_an_old_version_the_server_calls_unchanged_is_refused(
    alice: Device, rows: ServerRows, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The device verified version 1 (its cache sends that signature as known), then
    wrote version 2; the server puts version 1 back, so it truly answers "unchanged" for
    the signature sent: the version high-water mark still refuses the replay."""
    put_text(alice, tmp_path, "/Box", "one.txt", "1")
    one = id_of(alice, "/Box/one.txt")
    assert cli(alice, "ls", "/Box").code == 0  # the cache holds version 1 as latest
    first = rows.current(one)
    put_text(alice, tmp_path, "/Box", "one.txt", "1, second version")  # mark: 2
    rows.set_current(one, **{k: first[k] for k in ("blocks", "extra", "signature")})
    seen = spy_on_unchanged(monkeypatch)
    with pytest.raises(RollbackDetectedError):
        alice.service().ls("/Box")
    assert seen == [(set(), {one})]  # answered unchanged, refused all the same
    refused(cli(alice, "ls", "/Box"), "RollbackError")
