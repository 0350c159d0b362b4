"""A malicious server rewrites file content (checklist items 15-19, 22; issue 5 §5).

The server is modelled by `Rewriter` rules that change its answers after the channel
decrypted them (only the server can change them; the channel authenticates the rest).
Each attack must end in exit code 4 through the CLI, with the specific check named in
the one-line message, and leave nothing at the target path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from files_world import Device, leftovers, write_random

from app.services.files.errors import ContentTamperedError
from app.wire.objects import split_block_ids

pytestmark = pytest.mark.integration

CHUNK = 4096
SIZE = 4 * CHUNK + 100  # five chunks


@pytest.fixture
def stored(alice: Device, tmp_path: Path) -> Device:
    """alice with /f.bin (five chunks) and /other.bin (another file, another key)."""
    files = alice.service(chunk_size=CHUNK)
    write_random(tmp_path / "f.bin", SIZE)
    write_random(tmp_path / "other.bin", SIZE)
    files.put([tmp_path / "f.bin", tmp_path / "other.bin"], "/")
    return alice


def item_id(device: Device, path: str) -> str:
    file = device.files.tree.resolve(path)
    return file.item_id


def block_ids(device: Device, path: str) -> tuple[bytes, ...]:
    return device.files.tree.resolve(path).record.block_ids  # type: ignore[union-attr]


def on_block(rewrite: Callable[[dict[str, Any], bytes], bytes]) -> Callable[..., Any]:
    """A rule rewriting each block the server answers (`blockGet`, and each block of a
    `blockGetMany`, with the params `blockGet` would have had)."""

    def rule(method: str, params: dict[str, Any], result: Any) -> Any:
        if method == "blockGet":
            return {**result, "data": rewrite(params, result["data"])}
        if method == "blockGetMany":
            asked = split_block_ids(params["ids"])
            one = [{"descriptor_id": params["descriptor_id"], "block_id": bid} for bid in asked]
            data = [rewrite(p, block) for p, block in zip(one, result["data"], strict=False)]
            return {**result, "data": data}
        return result

    return rule


def on_record(descriptor_id: str, rewrite: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
    def rule(method: str, params: dict[str, Any], result: Any) -> Any:
        if method == "descriptorGet":
            records = [rewrite(r) if r["id"] == descriptor_id else r for r in result["descriptors"]]
            return {**result, "descriptors": records}
        return result

    return rule


def expect_refused(cli: Any, device: Device, out: Path, rule: Any, *names: str) -> None:
    out.mkdir(exist_ok=True)
    result = cli(device, "get", "/f.bin", str(out / "f.bin"), rules=(rule,))
    assert result.code == 4, result.err
    assert result.err.startswith("privshare: tampering detected") and result.err.count("\n") == 1
    assert any(name in result.err for name in names), result.err
    assert "Traceback" not in result.err
    assert leftovers(out) == []  # neither the file nor its temporary part


def test_flipped_bit_in_a_chunk(stored: Device, cli: Any, tmp_path: Path) -> None:
    third = block_ids(stored, "/f.bin")[2]

    def flip(params: dict[str, Any], data: bytes) -> bytes:
        if params["block_id"] != third:
            return data
        return data[:100] + bytes([data[100] ^ 0x01]) + data[101:]

    expect_refused(cli, stored, tmp_path / "out", on_block(flip), "IntegrityError")


def test_swapped_chunks(stored: Device, cli: Any, tmp_path: Path) -> None:
    ids = block_ids(stored, "/f.bin")
    file_id = item_id(stored, "/f.bin")
    inner = stored.session.channel
    swap = {ids[1]: ids[3], ids[3]: ids[1]}

    def swapped(params: dict[str, Any], data: bytes) -> bytes:
        if params["block_id"] not in swap:
            return data
        other = inner.call("blockGet", descriptor_id=file_id, block_id=swap[params["block_id"]])
        return bytes(other["data"])

    expect_refused(cli, stored, tmp_path / "out", on_block(swapped), "ChunkOrderError")


def test_chunk_spliced_from_another_file(stored: Device, cli: Any, tmp_path: Path) -> None:
    ids, foreign = block_ids(stored, "/f.bin"), block_ids(stored, "/other.bin")
    other_id = item_id(stored, "/other.bin")
    inner = stored.session.channel

    def spliced(params: dict[str, Any], data: bytes) -> bytes:
        if params["block_id"] != ids[2]:
            return data
        return bytes(inner.call("blockGet", descriptor_id=other_id, block_id=foreign[2])["data"])

    expect_refused(cli, stored, tmp_path / "out", on_block(spliced), "IntegrityError")


def test_whole_content_of_another_file(stored: Device, cli: Any, tmp_path: Path) -> None:
    ids, foreign = block_ids(stored, "/f.bin"), block_ids(stored, "/other.bin")
    other_id = item_id(stored, "/other.bin")
    inner = stored.session.channel
    mapping = dict(zip(ids, foreign, strict=True))

    def replaced(params: dict[str, Any], data: bytes) -> bytes:
        wanted = mapping[params["block_id"]]
        return bytes(inner.call("blockGet", descriptor_id=other_id, block_id=wanted)["data"])

    expect_refused(cli, stored, tmp_path / "out", on_block(replaced), "IntegrityError")


def test_dropped_last_chunk(stored: Device, cli: Any, tmp_path: Path) -> None:
    file_id = item_id(stored, "/f.bin")

    def drop_last(record: dict[str, Any]) -> dict[str, Any]:
        return {**record, "blocks": record["blocks"][:-32]}

    rule = on_record(file_id, drop_last)
    expect_refused(cli, stored, tmp_path / "out", rule, "IntegrityError", "TruncationError")


def test_truncated_last_block(stored: Device, cli: Any, tmp_path: Path) -> None:
    last = block_ids(stored, "/f.bin")[-1]
    rule = on_block(lambda params, data: data[:-40] if params["block_id"] == last else data)
    expect_refused(cli, stored, tmp_path / "out", rule, "IntegrityError")


def test_appended_chunk_and_trailing_bytes(stored: Device, cli: Any, tmp_path: Path) -> None:
    file_id = item_id(stored, "/f.bin")
    ids = block_ids(stored, "/f.bin")

    def append(record: dict[str, Any]) -> dict[str, Any]:
        return {**record, "blocks": record["blocks"] + ids[0]}

    expect_refused(cli, stored, tmp_path / "a", on_record(file_id, append), "IntegrityError")
    last = ids[-1]
    trailing = on_block(lambda params, data: data + b"\x00" if params["block_id"] == last else data)
    expect_refused(cli, stored, tmp_path / "b", trailing, "IntegrityError")


def test_service_reports_the_specific_check(stored: Device, tmp_path: Path) -> None:
    ids = block_ids(stored, "/f.bin")
    file_id = item_id(stored, "/f.bin")
    inner = stored.session.channel

    def first_is_second(params: dict[str, Any], data: bytes) -> bytes:
        if params["block_id"] != ids[0]:
            return data
        return bytes(inner.call("blockGet", descriptor_id=file_id, block_id=ids[1])["data"])

    stored.caller.rules.append(on_block(first_is_second))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ContentTamperedError, match="ChunkOrderError: the file's chunks were"):
        stored.files.get("/f.bin", out / "target.bin")
    assert leftovers(out) == []


def test_a_tampered_file_in_a_folder_download_leaves_no_folder(
    alice: Device, cli: Any, tmp_path: Path
) -> None:
    (tmp_path / "Album").mkdir()
    for number in range(3):
        write_random(tmp_path / "Album" / f"{number}.jpg", 3 * CHUNK)
    alice.service(chunk_size=CHUNK).put([tmp_path / "Album"], "/")
    victim = block_ids(alice, "/Album/2.jpg")[1]
    rule = on_block(lambda p, d: d[:-1] + bytes([d[-1] ^ 0x80]) if p["block_id"] == victim else d)
    out = tmp_path / "out"
    out.mkdir()
    result = cli(alice, "get", "/Album", str(out), rules=(rule,))
    assert result.code == 4 and "IntegrityError" in result.err, result.err
    assert leftovers(out) == []


def test_37_every_content_failure_reaches_the_server_as_one_outcome(
    stored: Device, tmp_path: Path
) -> None:
    """Checklist 37 (MEGA-style oracles): whatever check fails, the client raises the same
    error type and the server sees the same kind of traffic: reads only, no retry, no
    report, nothing that depends on the cause."""
    ids, foreign = block_ids(stored, "/f.bin"), block_ids(stored, "/other.bin")
    other_id = item_id(stored, "/other.bin")
    inner = stored.session.channel
    third = ids[2]

    def foreign_third(params: dict[str, Any], data: bytes) -> bytes:
        return bytes(inner.call("blockGet", descriptor_id=other_id, block_id=foreign[2])["data"])

    causes: dict[str, Callable[[dict[str, Any], bytes], bytes]] = {
        "flipped bit": lambda p, d: d[:100] + bytes([d[100] ^ 1]) + d[101:],
        "truncated": lambda p, d: d[:-40],
        "trailing byte": lambda p, d: d + b"\x00",
        "spliced": foreign_third,
        "swapped": lambda p, d: bytes(
            inner.call("blockGet", descriptor_id=p["descriptor_id"], block_id=ids[3])["data"]
        ),
    }
    asked: list[bytes] = []

    def note_blocks(method: str, params: dict[str, Any]) -> None:
        if method == "blockGet":
            asked.append(params["block_id"])
        elif method == "blockGetMany":
            asked.extend(split_block_ids(params["ids"]))

    stored.caller.before.append(note_blocks)
    seen: dict[str, tuple[type[BaseException], frozenset[str], int]] = {}
    for cause, rewrite in causes.items():
        rule = on_block(
            lambda p, d, rewrite=rewrite: rewrite(p, d) if p["block_id"] == third else d
        )
        stored.caller.rules.append(rule)
        stored.caller.calls.clear()
        asked.clear()
        out = tmp_path / cause.replace(" ", "-")
        out.mkdir()
        try:
            with pytest.raises(ContentTamperedError) as caught:
                stored.service(chunk_size=CHUNK).get("/f.bin", out / "f.bin")
        finally:
            stored.caller.rules.remove(rule)
        calls = list(stored.caller.calls)
        seen[cause] = (type(caught.value), frozenset(calls), len(asked))
        assert leftovers(out) == []
    kinds = {kind for kind, _, _ in seen.values()}
    methods = {frozenset(found) for _, found, _ in seen.values()}
    assert kinds == {ContentTamperedError}, seen
    reads = {"descriptorGet", "blockGet", "blockGetMany"}
    assert len(methods) == 1 and next(iter(methods)) <= reads, seen
    assert all(fetched <= len(ids) for _, _, fetched in seen.values()), "no block refetched"


def on_answer(rewrite: Callable[[list[bytes]], list[bytes]]) -> Callable[..., Any]:
    """A rule rewriting the list of blocks of every `blockGetMany` answer."""

    def rule(method: str, params: dict[str, Any], result: Any) -> Any:
        if method == "blockGetMany":
            return {**result, "data": rewrite(list(result["data"]))}
        return result

    return rule


def flip_last_byte(block: bytes) -> bytes:
    return block[:-1] + bytes([block[-1] ^ 0x01])


@pytest.mark.parametrize(
    ("rewrite", "check"),
    [
        (lambda blocks: blocks[:1] + blocks[2:], "ChunkOrderError"),  # one missing
        (lambda blocks: [blocks[1], blocks[0], *blocks[2:]], "ChunkOrderError"),  # reordered
        (lambda blocks: [*blocks, blocks[0]], "MalformedObjectResponseError"),  # one extra
        (lambda blocks: [], "MalformedObjectResponseError"),  # none
        (lambda blocks: [*blocks[:2], flip_last_byte(blocks[2]), *blocks[3:]], "IntegrityError"),
    ],
    ids=["missing", "reordered", "extra", "empty", "altered"],
)
def test_a_block_get_many_answer_changed_by_the_server_is_refused(
    stored: Device, cli: Any, tmp_path: Path, rewrite: Any, check: str
) -> None:
    expect_refused(cli, stored, tmp_path / "out", on_answer(rewrite), check)


def test_answers_cut_short_are_asked_again(stored: Device, tmp_path: Path) -> None:
    """A server may answer the leading blocks only (its byte budget): the rest is asked
    again, and the file arrives whole."""
    stored.caller.rules.append(on_answer(lambda blocks: blocks[:2]))
    stored.caller.calls.clear()
    stored.service(chunk_size=CHUNK).get("/f.bin", tmp_path / "got.bin")
    assert (tmp_path / "got.bin").read_bytes() == (tmp_path / "f.bin").read_bytes()
    assert stored.caller.calls.count("blockGetMany") == 3  # 5 chunks: 2 + 2 + 1 (blockGet)
    assert stored.caller.calls.count("blockGet") == 0


def test_one_request_per_answer_budget(stored: Device, tmp_path: Path) -> None:
    stored.caller.calls.clear()
    stored.service(chunk_size=CHUNK).get("/f.bin", tmp_path / "got.bin")
    assert (tmp_path / "got.bin").read_bytes() == (tmp_path / "f.bin").read_bytes()
    reads = [call for call in stored.caller.calls if call.startswith("block")]
    assert reads == ["blockGetMany"]  # five chunks of 4 KiB: one request


def test_a_server_without_block_get_many_is_read_with_block_get(
    stored: Device, tmp_path: Path
) -> None:
    """An older server answers `blockGetMany` with "no such method": here the real
    server's own answer to a method it does not have."""
    inner = stored.session.channel
    tried: list[str] = []

    def older_server(method: str, params: dict[str, Any]) -> None:
        if method == "blockGetMany":
            tried.append(method)
            inner.call("blockGetManyOfAnotherRelease", **params)

    stored.caller.before.append(older_server)
    files = stored.service(chunk_size=CHUNK)
    for attempt in range(2):
        stored.caller.calls.clear()
        files.get("/f.bin", tmp_path / f"got-{attempt}.bin")
        assert (tmp_path / f"got-{attempt}.bin").read_bytes() == (tmp_path / "f.bin").read_bytes()
        reads = [call for call in stored.caller.calls if call.startswith("block")]
        assert reads == ["blockGet"] * 5, reads
    assert tried == ["blockGetMany"]  # once: then remembered
