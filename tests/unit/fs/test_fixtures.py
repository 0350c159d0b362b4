"""Frozen v1 objects made with fixed keys (tests/fixtures/fs/v1.json) must keep opening."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.crypto.bip32 import ExtendedKey
from app.fs import ContentDecryptor, FileMetadata, FolderListing, ItemKey

FIXTURE = Path(__file__).parents[2] / "fixtures" / "fs" / "v1.json"


@pytest.fixture(scope="module")
def frozen() -> dict[str, object]:
    data: dict[str, object] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def test_frozen_listing_and_file_still_open(frozen: dict[str, object]) -> None:
    root = ItemKey(ExtendedKey.from_seed(bytes.fromhex(str(frozen["seed"]))).derive("m/0'"))
    assert root.to_xpub() == frozen["root_xpub"]
    listing = FolderListing.open(
        bytes.fromhex(str(frozen["folder_listing"])), root.public(), parent_id="", min_version=5
    )
    entry = listing.find("sample.txt")
    assert entry is not None and entry.index == frozen["file_index"] and listing.version == 5
    file_key = listing.child_key(root, entry)
    metadata = FileMetadata.open(
        bytes.fromhex(str(frozen["file_metadata"])), entry.key, parent_id=root.item_id
    )
    assert (metadata.name, metadata.mime, metadata.version) == ("sample.txt", "text/plain", 2)
    assert (metadata.created, metadata.modified) == (1_700_000_000_000, 1_700_000_000_500)
    assert file_key.item_id == entry.key.item_id
    blocks = [bytes.fromhex(b) for b in frozen["blocks"]]  # type: ignore[attr-defined]
    plaintext = b"".join(ContentDecryptor(metadata.content, metadata.summary).chunks(blocks))
    assert plaintext == bytes.fromhex(str(frozen["plaintext"]))


def test_the_writer_still_produces_the_frozen_bytes(frozen: dict[str, object]) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_fixtures", FIXTURE.with_name("make_fixtures.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == frozen
