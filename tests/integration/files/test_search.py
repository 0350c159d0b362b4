"""Search across the own tree against the real server process (issue 16, "Search"):
`SearchService` kept current by FileService's changes, and `privshare find`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from files_world import CliResult, Device

from app.services.files.service import FileService
from app.services.search.index import Query
from app.services.search.service import SearchService, index_follower
from app.services.search.store import profile_index
from app.services.trash.service import TrashService

pytestmark = pytest.mark.integration


def _paths(search: SearchService, pattern: str, *kinds: str) -> list[str]:
    return [hit.path for hit in search.find(Query(pattern, frozenset(kinds)))]


def test_the_index_is_built_once_then_follows_this_process(alice: Device, tmp_path: Path) -> None:
    (tmp_path / "Trip").mkdir()
    (tmp_path / "Trip" / "beach.jpg").write_bytes(b"jpeg")
    (tmp_path / "plan.pdf").write_bytes(b"%PDF")
    alice.files.put([tmp_path / "Trip", tmp_path / "plan.pdf"], "/Holiday")
    vault = alice.session.vault
    search = SearchService(alice.files, profile_index(vault))
    assert not search.store.exists()

    assert _paths(search, "", "image") == ["/Holiday/Trip/beach.jpg"]  # built from the tree
    assert search.store.exists()
    files: FileService = alice.service(on_change=index_follower(vault, lambda: files))
    files.mkdir("/Holiday/Empty")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-2")
    files.put([tmp_path / "scan.pdf"], "/Holiday/Trip")
    files.move("/Holiday/Trip", "/Archive-Trip")
    assert _paths(search, "", "pdf") == ["/Archive-Trip/scan.pdf", "/Holiday/plan.pdf"]
    assert _paths(search, "empty") == ["/Holiday/Empty"]

    trash = TrashService(files)
    trash.discard("/Archive-Trip")
    assert _paths(search, "*.jpg") == [] and _paths(search, "scan") == []
    trash.restore("/Archive-Trip")
    assert _paths(search, "*.jpg") == ["/Archive-Trip/beach.jpg"]
    files.remove("/Holiday")
    assert _paths(search, "") == [
        "/Archive-Trip",
        "/Archive-Trip/beach.jpg",
        "/Archive-Trip/scan.pdf",
    ]

    alice.files.mkdir("/Elsewhere")  # another service (a "process") that does not follow
    assert _paths(search, "elsewhere") == []
    assert search.rebuild() == 4
    assert _paths(search, "elsewhere") == ["/Elsewhere"]


def test_a_damaged_index_is_rebuilt_not_trusted(alice: Device, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    alice.files.put([tmp_path / "a.txt"], "/")
    search = SearchService(alice.files, profile_index(alice.session.vault))
    search.rebuild()
    data = bytearray(search.store.path.read_bytes())
    data[-1] ^= 1
    search.store.path.write_bytes(bytes(data))
    assert _paths(search, "a.txt") == ["/a.txt"]
    assert search.store.load() is not None  # written again


@pytest.mark.slow  # several CLI runs, each opening the vault
def test_the_cli_find_with_filters_and_json(
    alice: Device, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    alice.session.close()
    (tmp_path / "photo.png").write_bytes(b"png")
    (tmp_path / "Photo notes.md").write_text("md")
    assert cli(alice, "put", str(tmp_path / "photo.png"), "/Pics").code == 0

    first = cli(alice, "find", "photo", "--json")
    assert first.code == 0, first.err
    [hit] = json.loads(first.out)
    assert (hit["path"], hit["kind"], hit["size"]) == ("/Pics/photo.png", "image", 3)
    assert cli(alice, "put", str(tmp_path / "Photo notes.md"), "/Pics").code == 0
    assert cli(alice, "find", "PHOTO").out.split("\n")[:2] == [
        "       2 B  /Pics/Photo notes.md",
        "       3 B  /Pics/photo.png",
    ]
    typed = json.loads(cli(alice, "find", "", "--type", "document", "--json").out)
    assert [h["path"] for h in typed] == ["/Pics/Photo notes.md"]
    assert json.loads(cli(alice, "find", "photo", "--since", "2999-01-01", "--json").out) == []
    assert len(json.loads(cli(alice, "find", "photo", "--since", "1d", "--json").out)) == 2
    cli(alice, "rm", "/Pics/photo.png")
    assert cli(alice, "find", "photo").out.count("\n") == 1
    cli(alice, "mv", "/Pics", "/Images")
    assert cli(alice, "find", "notes").out.strip().endswith("/Images/Photo notes.md")
    bad = cli(alice, "find", "x", "--since", "yesterday")
    assert bad.code == 2 and "give a date like 2026-01-31" in bad.err
    with pytest.raises(SystemExit) as usage:  # argparse refuses it before anything runs
        cli(alice, "find", "x", "--type", "spaceship")
    assert usage.value.code == 2
    assert cli(alice, "find", "notes", "--rebuild").out.strip().endswith("/Images/Photo notes.md")
