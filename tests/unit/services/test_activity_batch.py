"""Batch entries (app/services/files/activity/ACTIVITY.md §4.2): the uploads of one
listing change in as few entries as fit, each naming several files, every name signed,
sealed as format 3 (an entry opens as one format only) and never larger than a reader
takes."""

from __future__ import annotations

import hashlib

import msgpack
import pytest

from app.crypto import aead
from app.crypto.bip32 import ExtendedKey
from app.crypto.ecc import PrivateKey
from app.fs import ItemKey
from app.services.files.activity.entries import (
    BATCH_FORMAT,
    MAX_SEALED,
    Entry,
    EntryUnreadableError,
    SignedEntry,
    batched,
    log_key,
    open_sealed,
    seal,
)
from app.wire.encoding import label, lp_str

ROOT = ExtendedKey.from_seed(bytes(range(32)))
FOLDER = ItemKey(ROOT.child(0, hardened=True).child(7, hardened=True))
WRITER = PrivateKey.from_bytes(hashlib.sha256(b"writer").digest())


def upload(name: str, item: str = "1ItemIdXyz", **changes: object) -> Entry:
    fields: dict[str, object] = {
        "folder": FOLDER.item_id,
        "id": hashlib.sha256(name.encode()).digest()[:16],
        "at": 1_765_000_000_000,
        "author": "alice#example.org",
        "action": "upload",
        "name": name,
        "item": item,
        "version": 1,
        "listing": 5,
        "head": bytes(range(100, 132)),
    }
    fields.update(changes)
    return Entry(**fields)  # type: ignore[arg-type]


def test_uploads_are_joined_in_place_and_other_changes_stay_alone() -> None:
    rename = upload("old.txt", action="rename", target="new.txt", version=0)
    made = [rename, upload("a.txt", "1A"), upload("b.txt", "1B"), upload("c.txt", "1C")]
    joined = batched(made)
    assert joined[0] == rename
    assert joined[1].files == [("a.txt", "1A"), ("b.txt", "1B"), ("c.txt", "1C")]
    assert joined[1].format == BATCH_FORMAT and len(joined) == 2
    assert batched([upload("alone.txt")]) == [upload("alone.txt")]  # format 2, as before


def test_the_signed_bytes_are_format_2_with_3_and_every_further_file_appended() -> None:
    one = batched([upload("a.txt", "1A"), upload("b.txt", "1B")])[0]
    alone = upload("a.txt", "1A")
    prefix = alone.signed_bytes()
    at = len(label("activity/entry"))
    assert one.signed_bytes() == (
        prefix[:at]
        + bytes([BATCH_FORMAT])
        + prefix[at + 1 :]
        + (1).to_bytes(4, "big")
        + lp_str("b.txt")
        + lp_str("1B")
    )


def test_every_name_of_a_batch_is_signed() -> None:
    one = batched([upload("a.txt", "1A"), upload("b.txt", "1B"), upload("c.txt", "1C")])[0]
    signed = one.sign(WRITER, log_key(FOLDER))
    assert open_sealed(FOLDER, seal(FOLDER, signed)) == signed
    for more in (
        (("b.txt", "1B"),),  # one file dropped
        (("c.txt", "1C"), ("b.txt", "1B")),  # reordered
        (("b.txt", "1X"), ("c.txt", "1C")),  # another item
        (("b.txt", "1B"), ("c.txt", "1C"), ("d.txt", "1D")),  # one slipped in
    ):
        forged = SignedEntry(
            Entry(**{**vars(one), "more": more}), signed.signature, signed.writer_signature
        )
        assert not forged.verifies(WRITER.public_key), more
        assert not forged.by_writer(log_key(FOLDER)), more


def test_a_batch_of_the_longest_names_stays_readable() -> None:
    names = [f"{n:04d}" + "ü" * 125 for n in range(40)]  # 254 bytes each
    author = "a" * 64 + "#" + "h" * 230
    made = [upload(name, "1" + "x" * 33, author=author) for name in names]
    joined = batched(made)
    assert 1 < len(joined) < len(made)
    assert [pair for e in joined for pair in e.files] == [(e.name, e.item) for e in made]
    for one in joined:
        sealed = seal(FOLDER, one.sign(WRITER, log_key(FOLDER)))
        assert len(sealed) <= MAX_SEALED
        assert open_sealed(FOLDER, sealed).entry == one


def sealed_as(entry_format: int, fields: dict[str, object]) -> bytes:
    """Sealed by hand with the format's AEAD data: what a server cannot make."""
    key = FOLDER.purpose_key("activity/entries")
    aad = label("activity/entry") + bytes([entry_format]) + lp_str(FOLDER.item_id)
    nonce = bytes(12)
    return nonce + aead.encrypt(key, nonce, msgpack.packb(fields, use_bin_type=True), aad)


def test_a_batch_entry_of_another_shape_does_not_open() -> None:
    one = batched([upload("a.txt", "1A"), upload("b.txt", "1B")])[0]
    signed = one.sign(WRITER, log_key(FOLDER))
    body = msgpack.unpackb(
        aead.decrypt(
            FOLDER.purpose_key("activity/entries"),
            seal(FOLDER, signed, lambda n: bytes(n))[:12],
            seal(FOLDER, signed, lambda n: bytes(n))[12:],
            label("activity/entry") + bytes([BATCH_FORMAT]) + lp_str(FOLDER.item_id),
        )
    )
    assert open_sealed(FOLDER, sealed_as(BATCH_FORMAT, body)).entry == one
    for changed in (
        {"more": []},  # a batch names more than one file
        {"more": [["b.txt"]]},
        {"more": [["", "1B"]]},
        {"more": [["b.txt", 7]]},
        {"action": "remove"},  # only uploads are batched
    ):
        with pytest.raises(EntryUnreadableError):
            open_sealed(FOLDER, sealed_as(BATCH_FORMAT, {**body, **changed}))
    with pytest.raises(EntryUnreadableError):
        open_sealed(FOLDER, sealed_as(2, body))  # format 2 has no `more`
    del body["more"]
    with pytest.raises(EntryUnreadableError):
        open_sealed(FOLDER, sealed_as(BATCH_FORMAT, body))
