"""`put` of many small files: several at once in one shared transfer, and a failure that
leaves the listing naming exactly the files written (real server process)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from files_world import Device, write_random

from app.client.errors import RemoteCallError
from app.client.transport import UnreachableError
from app.services.errors import ServerUnreachableError
from app.services.events import TransferFailed, TransferFinished

pytestmark = pytest.mark.integration


def make_files(folder: Path, count: int) -> dict[str, bytes]:
    folder.mkdir()
    return {f"f{n:02d}.txt": write_random(folder / f"f{n:02d}.txt", 100 + n) for n in range(count)}


def count_file_creates(device: Device) -> list[str]:
    """Grows by one id per descriptorCreate of a file (not a folder) `device` sends."""
    ids: list[str] = []

    def record(method: str, params: dict[str, Any]) -> None:
        if method == "descriptorCreate" and params["blocks"]:
            ids.append(params["id"])

    device.caller.before.append(record)
    return ids


def listed(device: Device, path: str) -> set[str]:
    return {entry.name for entry in device.files.ls(path)}


def test_small_files_go_up_several_at_once_in_one_transfer(alice: Device, tmp_path: Path) -> None:
    sent = make_files(tmp_path / "many", 12)
    overlap = threading.Condition()
    running = {"now": 0, "most": 0}

    def slow_create(method: str, params: dict[str, Any], result: Any) -> Any:
        if method == "descriptorCreateMany":
            with overlap:
                running["now"] += 1
                running["most"] = max(running["most"], running["now"])
                overlap.notify_all()
                # held until another batch is in flight too (or 30 s: they never overlap)
                overlap.wait_for(lambda: running["most"] > 1, timeout=30)
                running["now"] -= 1
        return result

    alice.caller.rules.append(slow_create)
    one_by_one = count_file_creates(alice)
    alice.caller.calls.clear()
    alice.events.clear()
    alice.files.put([tmp_path / "many"], "/")
    assert running["most"] > 1, "the descriptor creations overlapped"
    assert alice.caller.calls.count("transferOpen") == 1, "one shared transfer"
    # 12 files on 4 workers: groups of 3, each group's blocks in one request and its
    # descriptors in another, both in one exchange
    assert alice.caller.calls.count("blockPutMany") == 4
    assert alice.caller.calls.count("blockPut") == 0
    assert alice.caller.calls.count("descriptorCreateMany") == 4
    assert one_by_one == []
    finished = {e.path for e in alice.events if isinstance(e, TransferFinished)}
    assert finished == {f"/many/{name}" for name in sent}
    assert listed(alice, "/many") == set(sent)
    alice.files.get("/many", tmp_path / "back")
    for name, data in sent.items():
        assert (tmp_path / "back" / name).read_bytes() == data


def test_a_failed_file_leaves_the_written_ones_listed_and_a_retry_completes(
    alice: Device, tmp_path: Path
) -> None:
    sent = make_files(tmp_path / "batch", 12)
    lock = threading.Lock()
    creates = {"ok": 0, "seen": 0}

    def cut_the_second_batch(method: str, params: dict[str, Any], result: Any) -> Any:
        if method == "descriptorCreateMany":
            with lock:
                creates["seen"] += 1
                if creates["seen"] == 2:
                    raise UnreachableError("network cable pulled")
                creates["ok"] += len(params["items"])
        return result

    alice.caller.rules.append(cut_the_second_batch)
    with pytest.raises(ServerUnreachableError, match="cable"):
        alice.files.put([tmp_path / "batch"], "/")
    alice.caller.rules.clear()
    names = listed(alice, "/batch")
    assert len(names) == creates["ok"] and names < set(sent), "exactly the files created"
    alice.files.put([tmp_path / "batch"], "/")
    assert listed(alice, "/batch") == set(sent)
    alice.files.get("/batch", tmp_path / "back")
    for name, data in sent.items():
        assert (tmp_path / "back" / name).read_bytes() == data


def test_a_failed_request_of_blocks_fails_its_group_only_and_a_retry_completes(
    alice: Device, tmp_path: Path
) -> None:
    sent = make_files(tmp_path / "grouped", 12)
    lock = threading.Lock()
    puts = {"seen": 0}

    def cut_the_second_group(method: str, params: dict[str, Any], result: Any) -> Any:
        if method == "blockPutMany":
            with lock:
                puts["seen"] += 1
                if puts["seen"] == 2:
                    raise UnreachableError("network cable pulled")
        return result

    alice.caller.rules.append(cut_the_second_group)
    alice.events.clear()
    with pytest.raises(ServerUnreachableError, match="cable"):
        alice.files.put([tmp_path / "grouped"], "/")
    alice.caller.rules.clear()
    finished = {e.path.rpartition("/")[2] for e in alice.events if isinstance(e, TransferFinished)}
    failed = {e.path.rpartition("/")[2] for e in alice.events if isinstance(e, TransferFailed)}
    assert len(failed) >= 3 and not failed & finished, "the whole group failed, reported once"
    assert listed(alice, "/grouped") == finished < set(sent), "exactly the files created"
    alice.files.put([tmp_path / "grouped"], "/")
    assert listed(alice, "/grouped") == set(sent)
    alice.files.get("/grouped", tmp_path / "back")
    for name, data in sent.items():
        assert (tmp_path / "back" / name).read_bytes() == data


def test_an_older_server_gets_one_descriptor_create_per_file(alice: Device, tmp_path: Path) -> None:
    sent = make_files(tmp_path / "old", 6)

    def without_the_batch(method: str, params: dict[str, Any]) -> None:
        if method == "descriptorCreateMany":
            raise RemoteCallError(-32601, "no method 'descriptorCreateMany'")

    alice.caller.before.append(without_the_batch)
    one_by_one = count_file_creates(alice)
    alice.files.put([tmp_path / "old"], "/")
    alice.caller.before.clear()
    assert len(one_by_one) == len(sent)
    assert listed(alice, "/old") == set(sent)
    alice.files.get("/old", tmp_path / "back")
    for name, data in sent.items():
        assert (tmp_path / "back" / name).read_bytes() == data


def test_a_refused_batch_creates_none_and_its_files_go_one_by_one(
    alice: Device, tmp_path: Path
) -> None:
    sent = make_files(tmp_path / "refused", 8)
    spoiled = {"done": False}

    def spoil_one_signature(method: str, params: dict[str, Any]) -> None:
        if method == "descriptorCreateMany" and not spoiled["done"]:
            spoiled["done"] = True
            first, second = params["items"][:2]
            params["items"][1] = {**second, "signature": first["signature"]}

    alice.caller.before.append(spoil_one_signature)
    one_by_one = count_file_creates(alice)
    alice.caller.calls.clear()
    alice.files.put([tmp_path / "refused"], "/")
    alice.caller.before.clear()
    # 8 files on 4 workers: 4 batches of 2; the spoiled batch's 2 files go one by one
    assert alice.caller.calls.count("descriptorCreateMany") == 4
    assert len(one_by_one) == 2
    assert listed(alice, "/refused") == set(sent)
    alice.files.get("/refused", tmp_path / "back")
    for name, data in sent.items():
        assert (tmp_path / "back" / name).read_bytes() == data


def test_a_server_without_either_batch_gets_one_request_per_block_and_file(
    alice: Device, tmp_path: Path
) -> None:
    sent = make_files(tmp_path / "oldest", 6)

    def without_the_batches(method: str, params: dict[str, Any]) -> None:
        if method in ("blockPutMany", "descriptorCreateMany"):
            raise RemoteCallError(-32601, f"no method {method!r}")

    alice.caller.before.append(without_the_batches)
    one_by_one = count_file_creates(alice)
    alice.caller.calls.clear()
    alice.files.put([tmp_path / "oldest"], "/")
    alice.caller.before.clear()
    assert alice.caller.calls.count("blockPut") == len(sent)
    assert len(one_by_one) == len(sent)
    assert listed(alice, "/oldest") == set(sent)
    alice.files.get("/oldest", tmp_path / "back")
    for name, data in sent.items():
        assert (tmp_path / "back" / name).read_bytes() == data


@pytest.mark.parametrize(("server_names", "per_create"), [(True, 32), (False, 16)])
def test_small_files_go_as_many_per_exchange_as_the_server_takes(
    alice: Device, tmp_path: Path, server_names: bool, per_create: int
) -> None:
    sent = make_files(tmp_path / "wide", 128)  # 4 workers: groups of 32

    def as_an_older_server(method: str, params: dict[str, Any], result: Any) -> Any:
        if method == "objectsInfo" and not server_names:
            return {k: v for k, v in result.items() if k != "max_creates_per_call"}
        return result

    sizes: list[int] = []

    def record(method: str, params: dict[str, Any]) -> None:
        if method == "descriptorCreateMany":
            sizes.append(len(params["items"]))

    alice.caller.rules.append(as_an_older_server)
    alice.caller.before.append(record)
    files = alice.service()  # asks objectsInfo afresh
    files.put([tmp_path / "wide"], "/")
    assert sorted(sizes) == [per_create] * (128 // per_create)
    assert listed(alice, "/wide") == set(sent)
