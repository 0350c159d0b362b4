"""The activity log's bytes (app/services/files/activity/ACTIVITY.md §2-4): the signed bytes
field by field, sealing bound to one folder, the writer's signature by the folder's log
key (a reader's key cannot make it), the listing hash, the log key derivable from the
xpub only as a public key, and every malformed or foreign input refused with one error."""

from __future__ import annotations

import hashlib

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.bip32 import ExtendedKey
from app.crypto.ecc import PrivateKey
from app.fs import ItemKey
from app.services.files.activity.entries import (
    MAX_ENTRIES,
    Entry,
    EntryUnreadableError,
    LogFormatError,
    SignedEntry,
    decode_log,
    encode_log,
    listing_hash,
    log_key,
    open_sealed,
    seal,
)

ROOT = ExtendedKey.from_seed(bytes(range(32)))
FOLDER = ItemKey(ROOT.child(0, hardened=True).child(7, hardened=True))
OTHER = ItemKey(ROOT.child(0, hardened=True).child(8, hardened=True))
WRITER = PrivateKey.from_bytes(hashlib.sha256(b"writer").digest())
STRANGER = PrivateKey.from_bytes(hashlib.sha256(b"stranger").digest())


def entry(**changes: object) -> Entry:
    fields: dict[str, object] = {
        "folder": FOLDER.item_id,
        "id": bytes(range(16)),
        "at": 1_765_000_000_000,
        "author": "alice#example.org",
        "action": "rename",
        "name": "old.txt",
        "target": "new.txt",
        "item": "1ItemIdXyz",
        "version": 0,
        "listing": 5,
        "head": bytes(range(100, 132)),
        "prev": bytes(range(50, 66)),
    }
    fields.update(changes)
    return Entry(**fields)  # type: ignore[arg-type]


def test_signed_bytes_are_the_spec_fields_in_order() -> None:
    def lp(data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + data

    expected = (
        lp(b"privshare/v1/activity/entry")
        + b"\x02"
        + lp(FOLDER.item_id.encode())
        + lp(bytes(range(16)))
        + lp(bytes(range(50, 66)))
        + (1_765_000_000_000).to_bytes(8, "big", signed=True)
        + lp(b"alice#example.org")
        + lp(b"rename")
        + lp(b"old.txt")
        + lp(b"new.txt")
        + lp(b"1ItemIdXyz")
        + (0).to_bytes(8, "big")
        + (5).to_bytes(8, "big")
        + lp(bytes(range(100, 132)))
    )
    assert entry().signed_bytes() == expected


def test_the_listing_hash_is_sha256_of_the_labelled_signature() -> None:
    signature = bytes(range(64))
    assert (
        listing_hash(signature)
        == hashlib.sha256(
            len(b"privshare/v1/activity/listing").to_bytes(4, "big")
            + b"privshare/v1/activity/listing"
            + (64).to_bytes(4, "big")
            + signature
        ).digest()
    )


def test_a_sealed_entry_opens_only_in_its_folder_and_verifies_only_its_writer() -> None:
    signed = entry().sign(WRITER, log_key(FOLDER))
    sealed = seal(FOLDER, signed)
    opened = open_sealed(FOLDER, sealed)
    assert opened == signed
    assert opened.verifies(WRITER.public_key) and not opened.verifies(STRANGER.public_key)
    assert opened.by_writer(log_key(FOLDER.public())) and not opened.by_writer(log_key(OTHER))
    assert open_sealed(FOLDER.public(), sealed) == signed  # readers hold the xpub
    with pytest.raises(EntryUnreadableError):
        open_sealed(OTHER, sealed)  # copied into another folder's log


def test_every_field_is_signed() -> None:
    signed = entry().sign(WRITER, log_key(FOLDER))
    for change in (
        {"author": "mallory#example.org"},
        {"action": "remove"},
        {"name": "other.txt"},
        {"target": ""},
        {"listing": 6},
        {"at": 0},
        {"folder": OTHER.item_id},
        {"head": bytes(32)},
        {"prev": bytes(16)},
    ):
        forged = SignedEntry(entry(**change), signed.signature, signed.writer_signature)
        assert not forged.verifies(WRITER.public_key), change
        assert not forged.by_writer(log_key(FOLDER)), change


def test_a_reader_cannot_sign_as_a_writer() -> None:
    with pytest.raises(Exception, match="read-only"):
        entry().sign(WRITER, log_key(FOLDER.public()))


def test_a_head_of_the_wrong_size_does_not_open() -> None:
    for changes in ({"head": b""}, {"listing": 0}, {"head": bytes(31)}):
        sealed = seal(FOLDER, entry(**changes).sign(WRITER, log_key(FOLDER)))
        with pytest.raises(EntryUnreadableError):
            open_sealed(FOLDER, sealed)
    plain = entry(listing=0, head=b"").sign(WRITER, log_key(FOLDER))
    assert open_sealed(FOLDER, seal(FOLDER, plain)).entry.head == b""


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200), st.integers(min_value=0, max_value=199))
def test_a_changed_byte_never_opens(garbage: bytes, position: int) -> None:
    sealed = bytearray(seal(FOLDER, entry().sign(WRITER, log_key(FOLDER))))
    sealed[position % len(sealed)] ^= 0x20
    with pytest.raises(EntryUnreadableError):
        open_sealed(FOLDER, bytes(sealed))
    with pytest.raises(EntryUnreadableError):
        open_sealed(FOLDER, garbage)


def test_unknown_actions_are_refused_even_when_signed() -> None:
    sealed = seal(FOLDER, entry(action="format-disk").sign(WRITER, log_key(FOLDER)))
    with pytest.raises(EntryUnreadableError):
        open_sealed(FOLDER, sealed)


def test_the_log_key_is_the_folders_public_child_zero() -> None:
    writer_view = log_key(FOLDER)
    reader_view = log_key(FOLDER.public())
    assert writer_view.can_write and not reader_view.can_write
    assert writer_view.item_id == reader_view.item_id
    assert (
        writer_view.public_bytes == FOLDER.extended.child(0, hardened=False).public_key.to_bytes()
    )
    assert writer_view.item_id not in {FOLDER.child(0).item_id, FOLDER.item_id}


def test_the_container_keeps_the_newest_entries_and_refuses_anything_else() -> None:
    blobs = [bytes([n % 256]) * 40 for n in range(MAX_ENTRIES + 5)]
    assert decode_log(encode_log(blobs)) == blobs[5:]
    for bad in (
        b"",
        b"\x02" + msgpack.packb({"entries": []}),
        b"\x01" + msgpack.packb({"entries": [1]}),
        b"\x01" + msgpack.packb({"entries": [], "more": 1}),
        b"\x01" + msgpack.packb([b"x"]),
        b"\x01\xc1",
    ):
        with pytest.raises(LogFormatError):
            decode_log(bad)
