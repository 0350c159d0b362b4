"""File operations end to end against the real server process (issue 5 §3)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from files_world import Device, write_random

from app.services.errors import NotFoundError
from app.services.events import TransferFinished, TransferProgress, TransferStarted
from app.services.files.errors import FilesUsageError

pytestmark = pytest.mark.integration

CHUNK = 4096  # small chunks: many blocks per file without big files


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 17])
def test_put_then_get_gives_the_same_bytes(alice: Device, tmp_path: Path, size: int) -> None:
    files = alice.service(chunk_size=CHUNK)
    data = write_random(tmp_path / "data.bin", size)
    assert files.put([tmp_path / "data.bin"], "/In/Deep") == ["/In/Deep/data.bin"]
    out = tmp_path / "out"
    out.mkdir()
    assert files.get("/In/Deep/data.bin", out) == out / "data.bin"
    assert (out / "data.bin").read_bytes() == data
    [info] = files.ls("/In/Deep")
    assert (info.name, info.type, info.size, info.version) == ("data.bin", "file", size, 1)
    assert sorted(p.name for p in out.iterdir()) == ["data.bin"]  # no temp file left


def test_folder_upload_and_download_recursively(alice: Device, tmp_path: Path) -> None:
    tree = tmp_path / "Project"
    (tree / "src" / "deep").mkdir(parents=True)
    (tree / "empty").mkdir()
    contents = {
        "README.md": b"# hello\n",
        "src/main.py": b"print('hi')\n",
        "src/deep/blob.bin": bytes(range(256)) * 50,
    }
    for name, data in contents.items():
        (tree / name).write_bytes(data)
    (tree / "link").symlink_to(tree / "README.md")  # skipped: not a regular file
    written = alice.service(chunk_size=CHUNK).put([tree], "/")
    assert sorted(written) == sorted(f"/Project/{name}" for name in contents)
    names = [(e.name, e.type) for e in alice.files.ls("/Project")]
    assert names == [("README.md", "file"), ("empty", "folder"), ("src", "folder")]

    target = tmp_path / "copy"
    assert alice.files.get("/Project", target) == target
    for name, data in contents.items():
        assert (target / name).read_bytes() == data
    assert (target / "empty").is_dir() and not (target / "link").exists()
    with pytest.raises(FilesUsageError, match="exists already"):
        alice.files.get("/Project", tmp_path)  # tmp_path/Project exists: refused, untouched


def test_second_put_makes_a_new_version_and_restore_brings_back_the_old(
    alice: Device, tmp_path: Path
) -> None:
    local = tmp_path / "notes.txt"
    local.write_bytes(b"first")
    alice.files.put([local], "/")
    local.write_bytes(b"second, longer")
    alice.files.put([local], "/")
    versions = alice.files.versions("/notes.txt")
    assert [(v.version, v.size, v.current) for v in versions] == [(2, 14, True), (1, 5, False)]
    assert alice.files.restore("/notes.txt", 1) == 3
    alice.files.get("/notes.txt", tmp_path / "back.txt")
    assert (tmp_path / "back.txt").read_bytes() == b"first"
    assert [v.version for v in alice.files.versions("/notes.txt")] == [3, 2, 1]
    with pytest.raises(NotFoundError):
        alice.files.restore("/notes.txt", 9)


def test_mkdir_rename_move_and_remove(alice: Device, tmp_path: Path) -> None:
    files = alice.files
    assert files.mkdir("/A") == "/A"
    assert files.mkdir("/A/B") == "/A/B"
    with pytest.raises(FilesUsageError, match="exists"):
        files.mkdir("/A")
    with pytest.raises(NotFoundError):
        files.mkdir("/Nope/C")
    data = write_random(tmp_path / "f.bin", 10_000)
    files.put([tmp_path / "f.bin"], "/A/B")

    assert files.move("/A/B/f.bin", "/A/B/g.bin") == "/A/B/g.bin"  # rename in place
    assert files.move("/A/B", "/") == "/B"  # into another folder: new keys, same content
    assert [e.name for e in files.ls("/")] == ["A", "B"]
    assert [e.name for e in files.ls("/A")] == []
    files.get("/B/g.bin", tmp_path / "g.bin")
    assert (tmp_path / "g.bin").read_bytes() == data
    with pytest.raises(FilesUsageError, match="into itself"):
        files.move("/B", "/B")

    files.remove("/B")
    assert [e.name for e in files.ls("/")] == ["A"]
    with pytest.raises(NotFoundError):
        files.ls("/B")
    with pytest.raises(FilesUsageError):
        files.remove("/")


def test_progress_events_per_file(alice: Device, tmp_path: Path) -> None:
    files = alice.service(chunk_size=CHUNK)
    write_random(tmp_path / "a.bin", 3 * CHUNK + 5)
    alice.events.clear()
    files.put([tmp_path / "a.bin"], "/")
    files.get("/a.bin", tmp_path / "b.bin")
    for direction in ("upload", "download"):
        seen = [e for e in alice.events if e.direction == direction]
        assert isinstance(seen[0], TransferStarted) and seen[0].total == 3 * CHUNK + 5
        assert isinstance(seen[-1], TransferFinished) and seen[-1].total == 3 * CHUNK + 5
        done = [e.done for e in seen if isinstance(e, TransferProgress)]
        assert done == sorted(done) and done[-1] == 3 * CHUNK + 5 and len(done) == 4


def test_interrupted_upload_resumes_from_the_first_missing_block(
    alice: Device, tmp_path: Path
) -> None:
    from app.client.transport import UnreachableError
    from app.services.errors import ServerUnreachableError

    data = write_random(tmp_path / "big.bin", 12 * CHUNK + 1)
    puts: list[bytes] = []

    def cut_after_five(method: str, params: dict[str, object], result: object) -> object:
        if method == "blockPut":
            puts.append(params["id"])  # type: ignore[arg-type]
            if len(puts) == 5:
                raise UnreachableError("network cable pulled")
        return result

    alice.caller.rules.append(cut_after_five)
    with pytest.raises(ServerUnreachableError, match="cable"):
        alice.service(chunk_size=CHUNK, in_flight=1).put([tmp_path / "big.bin"], "/")
    alice.caller.rules.clear()
    journal = alice.profile / "transfers"
    [entry] = journal.iterdir()
    assert b"big.bin" not in entry.read_bytes()  # sealed: no name, no key in the clear

    first_try = list(puts)
    puts.clear()

    def count(method: str, params: dict[str, object], result: object) -> object:
        if method == "blockPut":
            puts.append(params["id"])  # type: ignore[arg-type]
        return result

    alice.caller.rules.append(count)
    alice.service(chunk_size=CHUNK, in_flight=1).put([tmp_path / "big.bin"], "/")
    assert len(first_try) == 5  # the failure stopped the sending at once
    assert len(puts) == 13 - 5 and not set(puts) & set(first_try)
    assert list(journal.iterdir()) == []
    alice.files.get("/big.bin", tmp_path / "back.bin")
    back = (tmp_path / "back.bin").read_bytes()
    assert hashlib.sha256(back).digest() == hashlib.sha256(data).digest()


def test_two_devices_write_the_same_folder_at_once(
    alice: Device, new_device: Callable[..., Device], tmp_path: Path
) -> None:
    import threading
    import traceback

    laptop = new_device(like=alice)
    alice.files.mkdir("/Team")
    errors: list[str] = []  # whole tracebacks: a rare failure must say where it happened

    def writer(device: Device, tag: str) -> None:
        try:
            for number in range(6):
                local = tmp_path / tag / f"{tag}-{number}.txt"
                local.parent.mkdir(exist_ok=True)
                local.write_text(f"{tag} {number}")
                device.files.put([local], "/Team")
            device.files.mkdir(f"/Team/same-{tag}")
            same = tmp_path / tag / "same.txt"
            same.write_text(tag)
            device.files.put([same], "/Team")
        except BaseException:  # reported below, on the test's thread
            errors.append(f"device {tag}:\n{traceback.format_exc()}")

    pairs = ((alice, "a"), (laptop, "b"))
    threads = [threading.Thread(target=writer, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], "\n".join(errors)
    names = {e.name for e in alice.files.ls("/Team")}
    expected = {f"{t}-{n}.txt" for t in "ab" for n in range(6)} | {"same-a", "same-b"}
    assert expected <= names, f"entries lost by the merge: {sorted(expected - names)}"
    same = sorted(names - expected)
    # both wrote "same.txt": either one made it first and the other got " (2)", or the
    # second one saw it and wrote a new version of it
    assert same in (["same (2).txt", "same.txt"], ["same.txt"])
    if same == ["same.txt"]:
        assert [v.version for v in alice.files.versions("/Team/same.txt")] == [2, 1]
    assert {e.name for e in laptop.files.ls("/Team")} == names


def test_one_device_lists_a_folder_while_another_thread_writes_it(
    alice: Device, tmp_path: Path
) -> None:
    """A listing fetched just before this device's own newer write lands is not a rollback."""
    import threading

    alice.files.mkdir("/Busy")
    errors: list[BaseException] = []
    done = threading.Event()

    def writer() -> None:
        try:
            for number in range(12):
                local = tmp_path / f"w-{number}.txt"
                local.write_text(str(number))
                alice.files.put([local], "/Busy")
        except BaseException as error:
            errors.append(error)
        finally:
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    listings = 0
    while not done.is_set():
        alice.files.ls("/Busy")
        listings += 1
    thread.join()
    assert errors == []
    assert listings > 1, "the reader did not overlap the writer"
    assert {e.name for e in alice.files.ls("/Busy")} == {f"w-{n}.txt" for n in range(12)}
