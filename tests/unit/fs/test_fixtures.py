"""Frozen v1 objects made with fixed keys must keep opening: tests/fixtures/fs/v1.json
(SHA-256 block ids, written before BLAKE3 existed) and v1-blake3.json."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from blake3 import blake3

from app.crypto.bip32 import ExtendedKey
from app.fs import ContentDecryptor, FileMetadata, FolderListing, ItemKey
from app.fs.chunks import blocks_digest

FIXTURES = Path(__file__).parents[2] / "fixtures" / "fs"
SAMPLES = {"v1.json": "sha256", "v1-blake3.json": "blake3"}
ORACLES = {"sha256": lambda b: hashlib.sha256(b).digest(), "blake3": lambda b: blake3(b).digest()}


def frozen(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def writer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", SAMPLES)
def test_frozen_listing_and_file_still_open(name: str) -> None:
    sample = frozen(name)
    root = ItemKey(ExtendedKey.from_seed(bytes.fromhex(str(sample["seed"]))).derive("m/0'"))
    assert root.to_xpub() == sample["root_xpub"]
    listing = FolderListing.open(
        bytes.fromhex(str(sample["folder_listing"])), root.public(), parent_id="", min_version=5
    )
    entry = listing.find("sample.txt")
    assert entry is not None and entry.index == sample["file_index"] and listing.version == 5
    file_key = listing.child_key(root, entry)
    metadata = FileMetadata.open(
        bytes.fromhex(str(sample["file_metadata"])), entry.key, parent_id=root.item_id
    )
    assert (metadata.name, metadata.mime, metadata.version) == ("sample.txt", "text/plain", 2)
    assert (metadata.created, metadata.modified) == (1_700_000_000_000, 1_700_000_000_500)
    assert file_key.item_id == entry.key.item_id
    blocks = [bytes.fromhex(b) for b in sample["blocks"]]  # type: ignore[attr-defined]
    # the block ids the metadata binds are the named hash of each block (an independent
    # implementation: hashlib and the blake3 package, not app.wire)
    assert metadata.content.block_hash == SAMPLES[name]
    oracle = ORACLES[SAMPLES[name]]
    assert blocks_digest([oracle(b) for b in blocks]) == metadata.blocks_digest
    plaintext = b"".join(ContentDecryptor(metadata.content, metadata.summary).chunks(blocks))
    assert plaintext == bytes.fromhex(str(sample["plaintext"]))


def test_the_writer_still_produces_the_frozen_bytes() -> None:
    module = writer()
    assert module.build() == frozen("v1.json")  # SHA-256 files: byte for byte as before
    assert module.build_blake3() == frozen("v1-blake3.json")
