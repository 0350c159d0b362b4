"""Undo of a delete or move of several items (services/trash/undo.py) against the real
server process: all items go back or (checked first) none; interrupted midway, the error
names what is back and what is not, and the same call again finishes the rest; `privshare
trash restore` with several paths."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from files_world import CliResult, Device

from app.services.errors import ServerUnreachableError
from app.services.files.errors import FilesUsageError
from app.services.trash.service import TrashService
from app.services.trash.undo import PartlyUndoneError, Step, put_back, restore_trashed

pytestmark = pytest.mark.integration

NAMES = [f"n{number}.txt" for number in range(5)]


def _five_trashed(alice: Device, tmp_path: Path) -> tuple[TrashService, list[tuple[str, str]]]:
    for name in NAMES:
        (tmp_path / name).write_bytes(name.encode())
    alice.files.put([tmp_path / name for name in NAMES], "/Docs")
    trash = TrashService(alice.files)
    items = [trash.discard(f"/Docs/{name}") for name in NAMES]
    assert alice.files.ls("/Docs") == []
    return trash, [(item.trash_name, item.original_path) for item in items]


def _names(alice: Device, folder: str) -> list[str]:
    return sorted(entry.name for entry in alice.files.ls(folder))


def test_five_trashed_items_go_back_together(alice: Device, tmp_path: Path) -> None:
    trash, items = _five_trashed(alice, tmp_path)
    seen: list[Step] = []
    done = restore_trashed(trash, items, seen.append)
    assert [step.back for step in done] == [f"/Docs/{name}" for name in NAMES]
    assert seen == done
    assert _names(alice, "/Docs") == NAMES and trash.items() == []


def test_one_taken_place_stops_all_before_anything_moves(alice: Device, tmp_path: Path) -> None:
    trash, items = _five_trashed(alice, tmp_path)
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "n3.txt").write_bytes(b"someone else's n3")
    alice.files.put([tmp_path / "again" / "n3.txt"], "/Docs")
    with pytest.raises(FilesUsageError, match=r"^cannot undo: /Docs/n3.txt exists again$"):
        restore_trashed(trash, items)
    assert _names(alice, "/Docs") == ["n3.txt"] and len(trash.items()) == 5


def test_an_item_gone_from_the_trash_stops_all(alice: Device, tmp_path: Path) -> None:
    trash, items = _five_trashed(alice, tmp_path)
    alice.files.remove(trash.items()[0].trash_path)  # deleted for good meanwhile
    with pytest.raises(FilesUsageError, match=r"in the trash is not there any more$"):
        restore_trashed(trash, items)
    assert alice.files.ls("/Docs") == [] and len(trash.items()) == 4


def test_interrupted_after_two_names_both_halves_and_a_retry_finishes(
    alice: Device, tmp_path: Path
) -> None:
    trash, items = _five_trashed(alice, tmp_path)
    moved: list[str] = []

    def failing_move(source: str, target: str) -> str:
        if len(moved) == 2:
            raise ServerUnreachableError("the server does not answer")
        moved.append(target)
        return trash.put_back(source, target)

    steps = [Step(f"/.trash/{name}", original) for name, original in items]
    with pytest.raises(PartlyUndoneError) as caught:
        put_back(steps, trash.exists, failing_move)
    error = caught.value
    assert [step.back for step in error.done] == ["/Docs/n0.txt", "/Docs/n1.txt"]
    assert [step.back for step in error.left] == ["/Docs/n2.txt", "/Docs/n3.txt", "/Docs/n4.txt"]
    assert str(error) == (
        "put back /Docs/n0.txt, /Docs/n1.txt; not /Docs/n2.txt, /Docs/n3.txt, /Docs/n4.txt: "
        "the server does not answer (undo again to put back the rest)"
    )
    assert _names(alice, "/Docs") == ["n0.txt", "n1.txt"] and len(trash.items()) == 3

    done = restore_trashed(trash, items)  # the same undo again: the two back count as done
    assert sorted(step.back for step in done) == [f"/Docs/{name}" for name in NAMES]
    assert _names(alice, "/Docs") == NAMES and trash.items() == []


def test_moves_go_back_together_or_not_at_all(alice: Device, tmp_path: Path) -> None:
    for name in NAMES:
        (tmp_path / name).write_bytes(name.encode())
    alice.files.put([tmp_path / name for name in NAMES], "/Docs")
    alice.files.mkdir("/Archive")
    pairs = [(f"/Docs/{name}", f"/Archive/{name}") for name in NAMES]
    for original, moved_to in pairs:
        alice.files.move(original, moved_to)
    steps = [Step(moved_to, original) for original, moved_to in pairs]

    def exists(path: str) -> bool:
        return TrashService(alice.files).exists(path)

    alice.files.move("/Archive/n4.txt", "/Elsewhere.txt")  # one went away meanwhile
    with pytest.raises(FilesUsageError, match=r"^cannot undo: /Archive/n4.txt is not there"):
        put_back(steps, exists, alice.files.move)
    assert _names(alice, "/Docs") == []
    alice.files.move("/Elsewhere.txt", "/Archive/n4.txt")
    put_back(steps, exists, alice.files.move)
    assert _names(alice, "/Docs") == NAMES and _names(alice, "/Archive") == []


def test_the_cli_restores_several_paths_all_or_none(
    alice: Device, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    alice.session.close()  # the commands open the vault themselves
    for name in NAMES[:3]:
        (tmp_path / name).write_bytes(name.encode())
        assert cli(alice, "put", str(tmp_path / name), "/Docs").code == 0
        assert cli(alice, "rm", f"/Docs/{name}").code == 0
    assert cli(alice, "put", str(tmp_path / "n1.txt"), "/Docs").code == 0  # n1 is back

    paths = [f"/Docs/{name}" for name in NAMES[:3]]
    taken = cli(alice, "trash", "restore", *paths)
    assert (taken.code, taken.err) == (1, "privshare: cannot undo: /Docs/n1.txt exists again\n")
    assert [e["name"] for e in json.loads(cli(alice, "ls", "/Docs", "--json").out)] == ["n1.txt"]

    assert cli(alice, "rm", "/Docs/n1.txt", "--permanent").code == 0
    missing = cli(alice, "trash", "restore", *paths, "/Docs/never.txt")
    assert missing.code == 1 and "/Docs/never.txt: nothing with that" in missing.err
    restored = cli(alice, "trash", "restore", *paths, "--json")
    assert restored.code == 0, restored.err
    assert json.loads(restored.out) == {"paths": paths}
    assert json.loads(cli(alice, "trash", "ls", "--json").out) == []
