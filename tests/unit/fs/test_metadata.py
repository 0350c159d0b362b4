"""File metadata: round trip, signed bytes, checklist items 20, 23, 24, 25, 26, 30."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable

import pytest
from fs_helpers import open_body, reseal_body

from app.fs import (
    ContentEncryptor,
    ContentKeys,
    FileMetadata,
    FormatVersionError,
    FsUsageError,
    InjectedObjectError,
    ItemKey,
    ListingEntry,
    MetadataIntegrityError,
    RollbackError,
    StructureError,
)

Rand = Callable[[int], bytes]


def make_file(folder: ItemKey, name: str, rand: Rand, version: int = 1) -> tuple[ItemKey, bytes]:
    _, key = ListingEntry.create(folder, name, "file", randbytes=rand)
    keys = ContentKeys.generate(chunk_size=1024, randbytes=rand)
    encryptor = ContentEncryptor(keys)
    list(encryptor.blocks([os.urandom(3000)]))
    metadata = FileMetadata.for_content(
        name,
        keys,
        encryptor.summary(),
        created=1_700_000_000_000,
        modified=1_700_000_100_000,
        mime="text/plain",
        parent_id=folder.item_id,
        version=version,
    )
    return key, metadata.seal(key, rand)


def test_round_trip_with_read_and_write_keys(root: ItemKey, rand: Rand) -> None:
    key, extra = make_file(root, "notes.txt", rand)
    for opener in (key, key.public()):
        metadata = FileMetadata.open(extra, opener, parent_id=root.item_id)
        assert (metadata.name, metadata.size, metadata.mime) == ("notes.txt", 3000, "text/plain")
        assert metadata.chunk_count == 3 and metadata.version == 1
    assert FileMetadata.open(extra, key, parent_id=None).name == "notes.txt"


def test_metadata_key_is_separate_from_listing_read_and_signing_keys(root: ItemKey) -> None:
    keys = {root.read_key, root.metadata_key, root.listing_key, root.purpose_key("other")}
    assert len(keys) == 4
    private = root.extended.private_key
    assert private is not None and private.to_bytes() not in keys
    assert root.public().metadata_key == root.metadata_key


def test_read_only_key_cannot_seal(root: ItemKey, rand: Rand) -> None:
    key, extra = make_file(root, "a", rand)
    metadata = FileMetadata.open(extra, key, parent_id=None)
    with pytest.raises(FsUsageError):
        metadata.seal(key.public())


def test_signed_bytes_are_length_prefixed_and_labelled(root: ItemKey, rand: Rand) -> None:
    key, extra = make_file(root, "a", rand)
    metadata = FileMetadata.open(extra, key, parent_id=None)
    signed = metadata.signed_bytes(key.item_id)
    assert signed.startswith(len(b"privshare/v1/fs/file-metadata").to_bytes(4, "big"))
    assert b"privshare/v1/fs/file-metadata" in signed
    # two different names that would collide without length prefixes
    a = dataclasses.replace(metadata, name="ab", mime="c").signed_bytes(key.item_id)
    b = dataclasses.replace(metadata, name="a", mime="bc").signed_bytes(key.item_id)
    assert a != b


def test_item23_names_swapped_between_two_files(root: ItemKey, rand: Rand) -> None:
    key_a, extra_a = make_file(root, "a.txt", rand)
    _, extra_b = make_file(root, "b.txt", rand)
    # the server serves b's metadata object for a: a foreign signer
    with pytest.raises(InjectedObjectError):
        FileMetadata.open(extra_b, key_a, parent_id=root.item_id)
    # a reader holding both read keys swaps just the name fields and re-encrypts
    body_a = open_body(extra_a, key_a.metadata_key, key_a.item_id)
    body_a["name"] = "b.txt"
    forged = reseal_body(extra_a, key_a.metadata_key, key_a.item_id, body_a)
    with pytest.raises(MetadataIntegrityError):
        FileMetadata.open(forged, key_a, parent_id=root.item_id)


@pytest.mark.parametrize(
    ("field", "value"),
    [("size", 3001), ("modified", 1), ("created", 2), ("mime", "text/html"), ("name", "x")],
)
def test_item25_any_changed_field_is_metadata_integrity_error(
    root: ItemKey, rand: Rand, field: str, value: object
) -> None:
    key, extra = make_file(root, "a.txt", rand)
    body = open_body(extra, key.metadata_key, key.item_id)
    body[field] = value
    with pytest.raises(MetadataIntegrityError):
        FileMetadata.open(
            reseal_body(extra, key.metadata_key, key.item_id, body), key, parent_id=None
        )


@pytest.mark.parametrize("position", [40, 60, -1])
def test_item25_bit_flip_is_metadata_integrity_error(
    root: ItemKey, rand: Rand, position: int
) -> None:
    key, extra = make_file(root, "a.txt", rand)
    changed = bytearray(extra)
    changed[position] ^= 0x80
    with pytest.raises(MetadataIntegrityError):
        FileMetadata.open(bytes(changed), key, parent_id=None)


def test_malformed_body_under_the_right_key_is_metadata_integrity_error(
    root: ItemKey, rand: Rand
) -> None:
    key, extra = make_file(root, "a.txt", rand)
    body = open_body(extra, key.metadata_key, key.item_id)
    body["extra-field"] = 1
    with pytest.raises(MetadataIntegrityError):
        FileMetadata.open(
            reseal_body(extra, key.metadata_key, key.item_id, body), key, parent_id=None
        )


def test_item24_file_reached_through_another_folder_is_structure_error(
    root: ItemKey, rand: Rand
) -> None:
    _, other_folder = ListingEntry.create(root, "other", "folder", randbytes=rand)
    key, extra = make_file(root, "a.txt", rand)
    with pytest.raises(StructureError, match="parent"):
        FileMetadata.open(extra, key, parent_id=other_folder.item_id)


def test_item20_older_version_than_seen_is_rollback_error(root: ItemKey, rand: Rand) -> None:
    _, item = ListingEntry.create(root, "f", "file", randbytes=rand)
    keys = ContentKeys.generate(chunk_size=16, randbytes=rand)
    encryptor = ContentEncryptor(keys)
    list(encryptor.blocks([b"x"]))
    v3 = FileMetadata.for_content(
        "f",
        keys,
        encryptor.summary(),
        created=0,
        modified=0,
        mime="",
        parent_id=root.item_id,
        version=3,
    )
    v4 = dataclasses.replace(v3, version=4)
    old_extra, new_extra = v3.seal(item, rand), v4.seal(item, rand)
    assert FileMetadata.open(new_extra, item, parent_id=root.item_id, min_version=4).version == 4
    assert FileMetadata.open(old_extra, item, parent_id=root.item_id, min_version=3).version == 3
    with pytest.raises(RollbackError) as caught:
        FileMetadata.open(old_extra, item, parent_id=root.item_id, min_version=4)
    assert (caught.value.served, caught.value.seen) == (3, 4)


def test_item26_object_signed_by_a_server_chosen_key_is_injected(root: ItemKey, rand: Rand) -> None:
    listed, _ = ListingEntry.create(root, "a.txt", "file", randbytes=rand)
    server_folder = ItemKey.parse(
        ListingEntry.create(root, "x", "folder", randbytes=rand)[1].to_xprv()
    )
    server_key, server_extra = make_file(server_folder, "a.txt", rand)
    with pytest.raises(InjectedObjectError):
        FileMetadata.open(server_extra, listed.key, parent_id=root.item_id)
    assert server_key.item_id != listed.key.item_id


@pytest.mark.parametrize(("position", "value"), [(0, 0x00), (0, 0x02), (0, 0xFF), (1, 0x09)])
def test_item30_unknown_format_or_kind_byte_is_format_version_error(
    root: ItemKey, rand: Rand, position: int, value: int
) -> None:
    key, extra = make_file(root, "a.txt", rand)
    changed = bytearray(extra)
    changed[position] = value
    with pytest.raises(FormatVersionError) as caught:
        FileMetadata.open(bytes(changed), key, parent_id=None)
    assert caught.value.found == value


def test_folder_kind_byte_on_a_file_is_structure_error(root: ItemKey, rand: Rand) -> None:
    key, extra = make_file(root, "a.txt", rand)
    with pytest.raises(StructureError, match="folder"):
        FileMetadata.open(extra[:1] + b"\x02" + extra[2:], key, parent_id=None)


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "a\x00", "x" * 256])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(FsUsageError):
        ListingEntry(name, "file", 1, "xpub")
