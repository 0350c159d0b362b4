"""Entry format 1 (app/services/files/activity/ACTIVITY.md §4.1), read after the upgrade
to format 2: a sealed entry made by the previous release's code (the checked-in vector
below, sealed by `seal` of the format-1 entries.py with a fixed nonce) opens with the
format-1 opener, bound to its folder, and verifies against its writer's key only; the
two formats never open as each other."""

from __future__ import annotations

import hashlib

import pytest

from app.crypto.bip32 import ExtendedKey
from app.crypto.ecc import PrivateKey
from app.fs import ItemKey
from app.services.files.activity.entries import (
    Entry,
    EntryUnreadableError,
    log_key,
    open_sealed,
    seal,
)
from app.services.files.activity.format1 import open_format1

ROOT = ExtendedKey.from_seed(bytes(range(32)))
FOLDER = ItemKey(ROOT.child(0, hardened=True).child(7, hardened=True))
OTHER = ItemKey(ROOT.child(0, hardened=True).child(8, hardened=True))
WRITER = PrivateKey.from_bytes(hashlib.sha256(b"writer").digest())
STRANGER = PrivateKey.from_bytes(hashlib.sha256(b"stranger").digest())

# Entry(FOLDER.item_id, bytes(range(16)), 1_765_000_000_000, "alice#example.org",
# "rename", "old.txt", "new.txt", "1ItemIdXyz", 0, 5).sign(WRITER), sealed by format 1
# with the nonce bytes(range(200, 212)).
FORMAT1_VECTOR = bytes.fromhex(
    "c8c9cacbcccdcecfd0d1d2d3835cc174ab77be5287cd84eec975504d007f4292facde423194eab9d"
    "8870939b8efa5411da52fe41d277fd099135ef6119bfdf9ab971aab7f76dca49528343587a08ce4c"
    "7a9c091bceecf12bf87956ee4fd83ab36622e214f69ea86d92c230c7bdca4e2d71347035ff0ac22e"
    "95f675d6828963ce63eba8e98ba57220c22c5c44323105e733b489204f748fe661c77839ec70a91d"
    "04ce9313792065d7fbde2ec5e8f8245863087c4c90a11efaf1ee2ad6646b64153d14d4fd4001c91d"
    "c21c7ae880eab42690f4193cf8f246671d9fa1f808e807fbd613951a78a939370e"
)


def test_a_format1_entry_of_the_previous_release_opens_and_verifies() -> None:
    opened = open_format1(FOLDER, FORMAT1_VECTOR)
    e = opened.entry
    assert (e.folder, e.id, e.at, e.author) == (
        FOLDER.item_id,
        bytes(range(16)),
        1_765_000_000_000,
        "alice#example.org",
    )
    assert (e.action, e.name, e.target, e.item, e.version, e.listing) == (
        "rename",
        "old.txt",
        "new.txt",
        "1ItemIdXyz",
        0,
        5,
    )
    assert opened.verifies(WRITER.public_key)
    assert not opened.verifies(STRANGER.public_key)


def test_a_format1_entry_is_bound_to_its_folder_and_does_not_open_as_format2() -> None:
    with pytest.raises(EntryUnreadableError):
        open_format1(OTHER, FORMAT1_VECTOR)
    with pytest.raises(EntryUnreadableError):
        open_sealed(FOLDER, FORMAT1_VECTOR)
    edited = bytearray(FORMAT1_VECTOR)
    edited[30] ^= 1
    with pytest.raises(EntryUnreadableError):
        open_format1(FOLDER, bytes(edited))


def test_a_format2_entry_does_not_open_as_format1() -> None:
    entry = Entry.new(FOLDER.item_id, "alice#example.org", "upload", "a.txt", at=1)
    sealed = seal(FOLDER, entry.sign(WRITER, log_key(FOLDER)))
    with pytest.raises(EntryUnreadableError):
        open_format1(FOLDER, sealed)
