"""The trash (services/trash/TRASH.md) against the real server process: `TrashService`
and `privshare rm|trash` (issue 16, "Trash and undo")."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from files_world import CliResult, Device, ServerRows
from server_harness import ServerProcess

from app.services.errors import NotFoundError
from app.services.files.errors import FilesUsageError
from app.services.trash.service import TrashService, TrashSettings, parse_trash_name, trash_name

pytestmark = pytest.mark.integration

DAY = 86_400.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _server_bytes(server: ServerProcess) -> bytes:
    """Everything the server has on disk (database, its journal, the block files)."""
    return b"".join(p.read_bytes() for p in sorted(server.data_dir.rglob("*")) if p.is_file())


def test_delete_restore_round_trip_keeps_the_bytes_and_hides_the_trash(
    alice: Device, tmp_path: Path, server: ServerProcess, rows: ServerRows
) -> None:
    (tmp_path / "Zebra-ledger.txt").write_bytes(b"the plaintext of the ledger")
    alice.files.put([tmp_path / "Zebra-ledger.txt"], "/Books/2026")
    trash = TrashService(alice.files)

    item = trash.discard("/Books/2026/Zebra-ledger.txt")

    assert (item.original_path, item.type, item.size) == (
        "/Books/2026/Zebra-ledger.txt",
        "file",
        27,
    )
    assert alice.files.ls("/Books/2026") == []
    assert [e.name for e in alice.files.ls("/")] == ["Books"]  # the trash folder is hidden
    assert [i.original_path for i in trash.items()] == ["/Books/2026/Zebra-ledger.txt"]
    stored = _server_bytes(server)
    assert b"Zebra-ledger" not in stored and b".trash" not in stored

    assert trash.restore("/Books/2026/Zebra-ledger.txt") == "/Books/2026/Zebra-ledger.txt"
    out = tmp_path / "out"
    out.mkdir()
    alice.files.get("/Books/2026/Zebra-ledger.txt", out)
    assert (out / "Zebra-ledger.txt").read_bytes() == b"the plaintext of the ledger"
    assert trash.items() == []


def test_folders_go_whole_and_restore_remakes_missing_parents(
    alice: Device, tmp_path: Path
) -> None:
    (tmp_path / "Album" / "inner").mkdir(parents=True)
    (tmp_path / "Album" / "inner" / "a.jpg").write_bytes(b"jpeg")
    alice.files.put([tmp_path / "Album"], "/Photos")
    trash = TrashService(alice.files)

    assert trash.discard("/Photos/Album").type == "folder"
    trash.discard("/Photos")
    assert alice.files.ls("/") == []

    assert trash.restore("/Photos/Album") == "/Photos/Album"
    assert [e.path for e in alice.files.ls("/Photos/Album/inner")] == ["/Photos/Album/inner/a.jpg"]
    assert [i.original_path for i in trash.items()] == ["/Photos"]  # the emptied parent stays


def test_restore_onto_a_taken_path_says_so_and_changes_nothing(
    alice: Device, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("old")
    alice.files.put([tmp_path / "notes.txt"], "/")
    trash = TrashService(alice.files)
    trash.discard("/notes.txt")
    (tmp_path / "notes.txt").write_text("new one")
    alice.files.put([tmp_path / "notes.txt"], "/")

    with pytest.raises(FilesUsageError, match=r"^/notes.txt exists already: move or rename"):
        trash.restore("/notes.txt")
    assert [i.original_path for i in trash.items()] == ["/notes.txt"]
    assert [(e.name, e.size) for e in alice.files.ls("/")] == [("notes.txt", 7)]
    with pytest.raises(NotFoundError, match="nothing with that original path"):
        trash.restore("/never-deleted.txt")


def test_restore_item_takes_the_chosen_one_to_its_place_or_a_free_path(
    alice: Device, tmp_path: Path
) -> None:
    trash = TrashService(alice.files)
    for text in ("older", "newer!"):
        (tmp_path / "a.txt").write_text(text)
        alice.files.put([tmp_path / "a.txt"], "/Docs")
        trash.discard("/Docs/a.txt")
    newer, older = trash.items()
    (tmp_path / "a.txt").write_text("taken again")
    alice.files.put([tmp_path / "a.txt"], "/Docs")

    with pytest.raises(FilesUsageError, match=r"^/Docs/a.txt exists already"):
        trash.restore_item(older.trash_name)
    with pytest.raises(FilesUsageError, match="outside the trash"):
        trash.restore_item(older.trash_name, "/.trash/x")
    assert (
        trash.restore_item(older.trash_name, "/Docs/a (restored).txt") == "/Docs/a (restored).txt"
    )
    assert [(e.name, e.size) for e in alice.files.ls("/Docs")] == [
        ("a (restored).txt", 5),
        ("a.txt", 11),
    ]
    assert trash.items() == [newer]
    with pytest.raises(NotFoundError, match="no longer in the trash"):
        trash.restore_item(older.trash_name)


def test_the_same_path_twice_restores_the_newest_and_expired_items_go(
    alice: Device, tmp_path: Path
) -> None:
    clock = Clock()
    trash = TrashService(alice.files, TrashSettings(keep_days=7), clock=clock)
    for text in ("first", "second!"):
        (tmp_path / "a.txt").write_text(text)
        alice.files.put([tmp_path / "a.txt"], "/")
        trash.discard("/a.txt")
        clock.now += DAY
    assert [i.size for i in trash.items()] == [7, 5]  # newest first

    clock.now += 5.5 * DAY  # the first is 7.5 days old, the second 6.5
    assert [i.size for i in trash.items()] == [7]
    assert trash.restore("/a.txt") == "/a.txt"
    assert alice.files.ls("/a.txt")[0].size == 7


def test_empty_deletes_for_good_and_the_trash_refuses_itself(alice: Device, tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x")
    alice.files.put([tmp_path / "x"], "/A")
    trash = TrashService(alice.files)
    trash.discard("/A/x")
    trash.discard("/A")
    with pytest.raises(FilesUsageError, match="in the trash already"):
        trash.discard("/.trash")
    assert trash.empty() == 2
    assert trash.items() == [] and alice.files.ls("/.trash") == []
    with pytest.raises(NotFoundError):
        trash.discard("/A")


def test_trash_names_round_trip_and_strangers_are_ignored() -> None:
    for path in ("/a", "/Dir with spaces/ünï.txt", "/x/%41/1.2.3", "/.hidden/..."):
        name = trash_name(path, 1_700_000_000_123, "0a1b2c3d")
        assert "/" not in name
        assert parse_trash_name(name) == (path, 1_700_000_000_123)
    for stranger in (
        "photo.jpg",
        "2.1.0a1b2c3d.%2Fa",
        "1.x.0a1b2c3d.%2Fa",
        "1.5.zz.%2Fa",
        "1.5.0a1b2c3d.a",
    ):
        assert parse_trash_name(stranger) is None


def test_the_cli_rm_trash_ls_restore_empty(
    alice: Device, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    alice.session.close()  # the commands open the vault themselves
    (tmp_path / "r.pdf").write_bytes(b"%PDF-1.7")
    assert cli(alice, "put", str(tmp_path / "r.pdf"), "/Docs").code == 0

    removed = cli(alice, "rm", "/Docs/r.pdf", "--json")
    assert removed.code == 0, removed.err
    assert json.loads(removed.out)["original_path"] == "/Docs/r.pdf"
    listed = cli(alice, "trash", "ls", "--json")
    [entry] = json.loads(listed.out)
    assert (entry["original_path"], entry["type"], entry["size"]) == ("/Docs/r.pdf", "file", 8)
    assert "/Docs/r.pdf" in cli(alice, "trash", "ls").out

    assert cli(alice, "put", str(tmp_path / "r.pdf"), "/Docs").code == 0
    taken = cli(alice, "trash", "restore", "/Docs/r.pdf")
    assert taken.code == 1 and taken.err.count("\n") == 1
    assert "/Docs/r.pdf exists already" in taken.err
    assert cli(alice, "rm", "/Docs/r.pdf", "--permanent").code == 0
    assert cli(alice, "trash", "restore", "/Docs/r.pdf").out.strip() == "/Docs/r.pdf"

    assert cli(alice, "trash", "keep", "3", "--json").out.strip().endswith("}")
    assert json.loads(cli(alice, "trash", "keep", "--json").out) == {"keep_days": 3}
    bad = cli(alice, "trash", "keep", "0")
    assert bad.code == 2 and "to 36500 days" in bad.err
    cli(alice, "rm", "/Docs")
    assert json.loads(cli(alice, "trash", "empty", "--json").out) == {"deleted": 1}
    assert json.loads(cli(alice, "ls", "/", "--json").out) == []
