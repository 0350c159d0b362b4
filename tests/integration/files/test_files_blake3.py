"""BLAKE3 block ids against a real server (FORMAT.md §3, OBJECTS.md `blockPut`): new
content gets BLAKE3 ids the server checked; a server that does not advertise BLAKE3 (one
from before it) gets SHA-256 content and never sees the `hash` parameter; SHA-256 files
written that way keep downloading, and re-keying moves one to BLAKE3."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from blake3 import blake3
from files_world import Device, write_random

from app.services.files.merge import add_entries
from app.services.files.service import FileService
from app.services.files.tree import File
from app.services.files.upload import LARGE_CHUNK
from app.services.sharing.rekey import Rekeyer

pytestmark = pytest.mark.integration

ORACLES = {"sha256": lambda b: hashlib.sha256(b).digest(), "blake3": lambda b: blake3(b).digest()}
SIZES = {"small.bin": 4096, "large.bin": LARGE_CHUNK + 1000}  # one batch path, one streamed


def put_both(service: FileService, tmp_path: Path) -> dict[str, bytes]:
    written = {name: write_random(tmp_path / name, size) for name, size in SIZES.items()}
    service.put([tmp_path / name for name in SIZES], "/")
    return written


def check_stored(service: FileService, name: str, block_hash: str) -> File:
    """The file's metadata names `block_hash`, and each block the server holds hashes to
    its listed id with it (hashlib / the blake3 package, not app.wire)."""
    file = service.tree.resolve(f"/{name}")
    assert isinstance(file, File)
    assert file.metadata.content.block_hash == block_hash
    for bid in file.record.block_ids:
        assert ORACLES[block_hash](service.api.block_get(file.item_id, bid)) == bid
    return file


def check_reads(service: FileService, tmp_path: Path, written: dict[str, bytes]) -> None:
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}"
    out.mkdir()
    for name, data in written.items():
        service.get(f"/{name}", out / name)
        assert (out / name).read_bytes() == data


def without_blake3(device: Device) -> list[dict[str, Any]]:
    """Make the device's server answer as one from before BLAKE3 ids: no `block_hashes` in
    `objectsInfo`. Returns the list of block puts that named a hash (an old server would
    refuse them: its params have no `hash`)."""
    named: list[dict[str, Any]] = []

    def strip(method: str, params: dict[str, Any], result: Any) -> Any:
        if method == "objectsInfo":
            result = {k: v for k, v in result.items() if k != "block_hashes"}
        return result

    def record(method: str, params: dict[str, Any]) -> None:
        if method in ("blockPut", "blockPutMany") and "hash" in params:
            named.append({"method": method, "hash": params["hash"]})

    device.caller.rules.append(strip)
    device.caller.before.append(record)
    return named


def test_new_files_get_blake3_ids_the_server_checked(alice: Device, tmp_path: Path) -> None:
    assert alice.files.api.block_hash() == "blake3"
    written = put_both(alice.files, tmp_path)
    for name in SIZES:
        check_stored(alice.files, name, "blake3")
    check_reads(alice.files, tmp_path, written)


def test_a_server_without_blake3_gets_sha256_files_that_keep_reading(
    alice: Device, tmp_path: Path
) -> None:
    named = without_blake3(alice)
    legacy = alice.service()  # a fresh ObjectsApi: asks objectsInfo after the rule is set
    assert legacy.api.block_hash() == "sha256"
    written = put_both(legacy, tmp_path)
    assert named == []
    for name in SIZES:
        check_stored(legacy, name, "sha256")
    alice.caller.rules.clear()
    alice.caller.before.clear()
    current = alice.service()  # the same files through a client and server with BLAKE3
    assert current.api.block_hash() == "blake3"
    for name in SIZES:
        check_stored(current, name, "sha256")
    check_reads(current, tmp_path, written)


def test_re_keying_a_sha256_file_moves_it_to_blake3(alice: Device, tmp_path: Path) -> None:
    without_blake3(alice)
    legacy = alice.service()
    data = write_random(tmp_path / "old.bin", LARGE_CHUNK + 1)
    legacy.put([tmp_path / "old.bin"], "/")
    alice.caller.rules.clear()
    current = alice.service()
    check_stored(current, "old.bin", "sha256")
    tree = current.tree
    root = tree.folder("/")
    entry = root.listing.find("old.bin")
    assert entry is not None
    new_entry = Rekeyer(tree).copy_into(tree.open_entry(root, entry), entry.type, root, "new.bin")
    tree.update_listing(root, add_entries(new_entry))
    check_stored(current, "new.bin", "blake3")
    check_reads(current, tmp_path, {"new.bin": data, "old.bin": data})
