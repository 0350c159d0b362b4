"""The verified cache's file (app/services/files/VERIFIED-CACHE.md): sealed, versioned,
and anything that does not open is an empty cache, never an error or a false hit."""

from __future__ import annotations

import stat
from pathlib import Path

import msgpack
import pytest

from app.client.objects_api import DescriptorRecord
from app.crypto import aead
from app.fs import ItemKey
from app.services.files.verified import (
    CACHE_FILE,
    FORMAT_VERSION,
    MAGIC,
    FileFacts,
    VerifiedCache,
)

KEY = b"k" * 32
FACTS = FileFacts("a.txt", 3, 1234, 1_700_000_000_000)


def saved(tmp_path: Path) -> tuple[Path, bytes]:
    cache = VerifiedCache(tmp_path / CACHE_FILE, KEY)
    digest = b"d" * 32
    cache.add_file(digest, FACTS)
    cache.add_folder(b"f" * 32, 7)
    cache.add_item_id("xpub-a", "id-a")
    cache.add_latest("xpub-a", "folder-a", b"s" * 64, digest)
    cache.save()
    return tmp_path / CACHE_FILE, digest


def test_round_trip_private_file(tmp_path: Path) -> None:
    path, digest = saved(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"a.txt" not in path.read_bytes()
    again = VerifiedCache(path, KEY)
    assert again.file(digest) == FACTS and again.folder_checked(b"f" * 32)
    assert again.item_id("xpub-a") == "id-a" and again.item_id("xpub-b") is None
    assert again.latest("xpub-a", "folder-a") == (b"s" * 64, digest)
    assert again.latest("xpub-a", "folder-b") is None and again.latest("xpub-b", "folder-a") is None
    assert not again.folder_checked(b"g" * 32) and again.file(b"e" * 32) is None
    assert [p.name for p in tmp_path.iterdir()] == [CACHE_FILE], "no temp file left"


def test_a_file_from_before_latest_still_opens(tmp_path: Path) -> None:
    """Version 2 as written before `latest` existed (the body the old `save` wrote):
    everything in it is read, and `latest` starts empty."""
    digest = b"d" * 32
    body = msgpack.packb(
        {
            "files": {digest: [FACTS.name, FACTS.version, FACTS.size, FACTS.modified]},
            "folders": {b"f" * 32: 7},
            "ids": {"xpub-a": "id-a"},
        },
        use_bin_type=True,
    )
    header, nonce = MAGIC + bytes([FORMAT_VERSION]), b"n" * 12
    (tmp_path / CACHE_FILE).write_bytes(header + nonce + aead.encrypt(KEY, nonce, body, header))
    cache = VerifiedCache(tmp_path / CACHE_FILE, KEY)
    assert cache.file(digest) == FACTS and cache.folder_checked(b"f" * 32)
    assert cache.item_id("xpub-a") == "id-a" and cache.latest("xpub-a", "folder-a") is None


@pytest.mark.parametrize(
    "damage", ["other key", "flipped bit", "truncated", "older version", "junk", "wrong shape"]
)
def test_a_file_that_does_not_open_is_an_empty_cache(tmp_path: Path, damage: str) -> None:
    path, digest = saved(tmp_path)
    data = bytearray(path.read_bytes())
    key = KEY
    if damage == "other key":
        key = b"o" * 32
    elif damage == "flipped bit":
        data[-20] ^= 1
    elif damage == "truncated":
        del data[len(data) // 2 :]
    elif damage == "older version":
        data[len(MAGIC)] = FORMAT_VERSION - 1
    else:
        body = b"\xc1junk" if damage == "junk" else msgpack.packb({"files": 1, "folders": []})
        header, nonce = MAGIC + bytes([FORMAT_VERSION]), b"n" * 12
        data = bytearray(header + nonce + aead.encrypt(KEY, nonce, body, header))
    path.write_bytes(bytes(data))
    cache = VerifiedCache(path, key)
    assert cache.file(digest) is None and not cache.folder_checked(b"f" * 32)
    assert cache.item_id("xpub-a") is None
    cache.add_file(digest, FACTS)
    cache.save()  # and it is replaced by a good one
    assert VerifiedCache(path, key).file(digest) == FACTS


def test_a_read_only_root_keeps_the_cache_in_memory(tmp_path: Path) -> None:
    root = ItemKey.parse(
        "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMR"
        "NNU3TGtRBeJgk33yuGBxrMPHi"
    )
    own = VerifiedCache.for_root(tmp_path, root)
    own.add_file(b"d" * 32, FACTS)
    own.save()
    assert [p.name for p in tmp_path.iterdir()] == [CACHE_FILE]
    (tmp_path / CACHE_FILE).unlink()
    shared = VerifiedCache.for_root(tmp_path, root.public())
    shared.add_file(b"d" * 32, FACTS)
    shared.save()
    assert list(tmp_path.iterdir()) == []


def test_a_listing_opened_again_does_not_rewrite_the_file(tmp_path: Path) -> None:
    """Each save seals with a fresh nonce, so unchanged bytes mean no write."""
    path, _ = saved(tmp_path)
    cache = VerifiedCache(path, KEY)
    sealed = path.read_bytes()
    cache.add_folder(b"f" * 32, 7)  # the same listing, checked again
    cache.save()
    assert path.read_bytes() == sealed
    cache.add_folder(b"f" * 32, 8)
    cache.save()
    assert path.read_bytes() != sealed


def listed_record(signature: bytes = bytes(range(64))) -> DescriptorRecord:
    return DescriptorRecord(
        id="1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        public_key=bytes([2]) + bytes(range(32)),
        block_ids=(bytes(32), bytes([1]) * 32),
        extra=b"sealed metadata",
        signature=signature,
        seq=3,
        server_time=0.0,
        lock_expires=None,
    )


def test_file_digests_are_the_ones_caches_on_disk_hold() -> None:
    """Values computed by the code that wrote the caches already on disk (before the
    digest was built in one join): a changed digest would silently miss every entry."""
    record = listed_record()
    assert VerifiedCache.file_digest("xpub6-listed", "1ParentFolderId", record).hex() == (
        "65d4fcac0ce5125eabf7d34a0d1585ce8abde01bfb0cb799bf1464a5da97e566"
    )
    assert VerifiedCache.file_digest("xpub6-listed", None, record).hex() == (
        "5cc2d3cb32275e0a712ca623ce875ea00f4aac1bfa8eaf90c86825223eb13938"
    )


def test_a_listed_file_is_one_update_and_a_repeat_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    cache = VerifiedCache(path, KEY)
    record = listed_record()
    cache.add_listed("xpub-a", "folder-a", record, b"d" * 32, FACTS)
    assert cache.file(b"d" * 32) == FACTS and cache.item_id("xpub-a") == record.id
    assert cache.latest("xpub-a", "folder-a") == (record.signature, b"d" * 32)
    cache.save()
    written = path.stat().st_mtime_ns, path.read_bytes()
    path.unlink()
    cache.add_listed("xpub-a", "folder-a", record, b"d" * 32, FACTS)  # listed again
    cache.save()
    assert not path.exists()  # nothing changed: not sealed and written again
    cache.add_listed("xpub-a", "folder-a", listed_record(b"\x07" * 64), b"e" * 32, FACTS)
    cache.save()
    assert path.exists() and path.read_bytes() != written[1]
    assert VerifiedCache(path, KEY).latest("xpub-a", "folder-a") == (b"\x07" * 64, b"e" * 32)
