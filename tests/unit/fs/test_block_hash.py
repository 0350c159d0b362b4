"""The block-id hash named in signed file metadata (FORMAT.md §3, §5): BLAKE3 ids match the
published BLAKE3 vectors, a reader checks each block with the hash the metadata names,
and a metadata whose hash was changed, added or removed (a downgrade) is refused."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

import pytest
from blake3 import blake3
from fs_helpers import open_body, reseal_body

from app.fs import (
    ContentDecryptor,
    ContentEncryptor,
    ContentKeys,
    FileMetadata,
    FormatVersionError,
    IntegrityError,
    ItemKey,
    ListingEntry,
    MetadataIntegrityError,
)
from app.fs.chunks import blocks_digest
from app.wire.objects import BLAKE3, SHA256, block_id, block_id_matches

Rand = Callable[[int], bytes]

# BLAKE3-team/BLAKE3 test_vectors/test_vectors.json ("hash", 32 bytes): the input is
# input_len bytes of the repeating sequence 0, 1, ..., 250
PUBLISHED_BLAKE3 = {
    0: "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
    1: "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213",
    2: "7b7015bb92cf0b318037702a6cdd81dee41224f734684c2c122cd6359cb1ee63",
    3: "e1be4d7a8ab5560aa4199eea339849ba8e293d55ca0a81006726d184519e647f",
}


@pytest.mark.parametrize("length", PUBLISHED_BLAKE3)
def test_blake3_block_ids_match_the_published_vectors(length: int) -> None:
    data = bytes(i % 251 for i in range(length))
    assert block_id(data, BLAKE3).hex() == PUBLISHED_BLAKE3[length]
    assert block_id(data) == block_id(data, SHA256) == hashlib.sha256(data).digest()


def test_an_id_matches_its_block_under_either_hash_and_nothing_else() -> None:
    data = os.urandom(5000)
    assert block_id_matches(hashlib.sha256(data).digest(), data)
    assert block_id_matches(blake3(data).digest(), data)
    assert not block_id_matches(hashlib.sha256(data).digest(), data[:-1])
    assert not block_id_matches(blake3(data).digest(), data + b"\0")
    with pytest.raises(ValueError):
        block_id(data, "md5")


def sealed(
    folder: ItemKey, rand: Rand, block_hash: str
) -> tuple[ItemKey, FileMetadata, bytes, list[bytes]]:
    _, key = ListingEntry.create(folder, "photo.jpg", "file", randbytes=rand)
    keys = ContentKeys.generate(chunk_size=1024, randbytes=rand, block_hash=block_hash)
    encryptor = ContentEncryptor(keys)
    blocks = list(encryptor.blocks([os.urandom(3000)]))
    metadata = FileMetadata.for_content(
        "photo.jpg",
        keys,
        encryptor.summary(),
        created=1_700_000_000_000,
        modified=1_700_000_100_000,
        mime="image/jpeg",
        parent_id=folder.item_id,
        version=1,
    )
    return key, metadata, metadata.seal(key, rand), blocks


def test_blake3_content_names_its_hash_and_reads_back(root: ItemKey, rand: Rand) -> None:
    key, metadata, extra, blocks = sealed(root, rand, BLAKE3)
    opened = FileMetadata.open(extra, key.public(), parent_id=root.item_id)
    assert opened.content.block_hash == BLAKE3 and opened == metadata
    assert opened.blocks_digest == blocks_digest([blake3(b).digest() for b in blocks])
    assert b"".join(ContentDecryptor(opened.content, opened.summary).chunks(blocks))
    assert open_body(extra, key.metadata_key, key.item_id)["hash"] == 2


def test_sha256_content_is_written_exactly_as_before(root: ItemKey, rand: Rand) -> None:
    key, metadata, extra, blocks = sealed(root, rand, SHA256)
    assert "hash" not in open_body(extra, key.metadata_key, key.item_id)
    assert metadata.signed_bytes(key.item_id)[4 + len(b"privshare/v1/fs/file-metadata")] == 1
    opened = FileMetadata.open(extra, key, parent_id=None)
    assert opened.content.block_hash == SHA256
    assert opened.blocks_digest == blocks_digest([hashlib.sha256(b).digest() for b in blocks])


@pytest.mark.parametrize("written", [BLAKE3, SHA256])
def test_a_metadata_naming_the_other_hash_is_refused(
    root: ItemKey, rand: Rand, written: str
) -> None:
    """A holder of the read key (or a server that had one) re-encrypts the metadata with
    the other hash named: the item key's signature covers the choice, so it fails."""
    key, _, extra, _ = sealed(root, rand, written)
    body = open_body(extra, key.metadata_key, key.item_id)
    if written == BLAKE3:
        del body["hash"]  # downgrade: "check my blocks with SHA-256"
    else:
        body["hash"] = 2
    forged = reseal_body(extra, key.metadata_key, key.item_id, body)
    with pytest.raises(MetadataIntegrityError):
        FileMetadata.open(forged, key, parent_id=None)


@pytest.mark.parametrize("code", [1, 3, 255])
def test_an_unknown_hash_code_is_a_format_version_error(
    root: ItemKey, rand: Rand, code: int
) -> None:
    key, _, extra, _ = sealed(root, rand, BLAKE3)
    body = open_body(extra, key.metadata_key, key.item_id)
    body["hash"] = code
    with pytest.raises(FormatVersionError):
        forged = reseal_body(extra, key.metadata_key, key.item_id, body)
        FileMetadata.open(forged, key, parent_id=None)


def test_blocks_checked_with_the_wrong_hash_fail(root: ItemKey, rand: Rand) -> None:
    """The reader's check depends on the hash: the same blocks and digest do not pass
    when checked with the other function (so naming the hash is what makes them pass)."""
    _, metadata, _, blocks = sealed(root, rand, BLAKE3)
    wrong = ContentKeys(metadata.content.content_key, metadata.content.version_id, 1024, SHA256)
    with pytest.raises(IntegrityError, match="blocks do not match"):
        b"".join(ContentDecryptor(wrong, metadata.summary).chunks(blocks))
