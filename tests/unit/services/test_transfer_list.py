"""The transfer list at rest (app/services/transfers/TRANSFERS.md): the documented
layout, read back with an independent AES-GCM, and every damage read as an empty list."""

from __future__ import annotations

import os
from pathlib import Path

import msgpack
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.services.transfers.store import HEADER, LIMIT, Remembered, TransferList

KEY = bytes(range(32))
LIST = [
    Remembered("upload", "/Taxes/return-2026.pdf", "/home/me/return-2026.pdf", 4096, 9000, ""),
    Remembered("download", "/Photos/beach.jpg", "/home/me/Downloads", 0, 0, "server down"),
]


def test_the_file_is_aes_gcm_with_the_documented_layout(tmp_path: Path) -> None:
    store = TransferList(tmp_path / "transfer-list.bin", KEY)
    assert store.load() == []
    store.save(LIST)
    data = store.path.read_bytes()
    assert data[:5] == b"PSTL\x01" and b"return-2026" not in data and b"beach" not in data
    plain = AESGCM(KEY).decrypt(data[5:17], data[17:], HEADER)  # an independent AES-GCM
    assert msgpack.unpackb(plain)[0] == {
        "direction": "upload",
        "remote": "/Taxes/return-2026.pdf",
        "local": "/home/me/return-2026.pdf",
        "done": 4096,
        "total": 9000,
        "reason": "",
    }
    assert store.load() == LIST
    assert [p.name for p in tmp_path.iterdir()] == ["transfer-list.bin"]  # no temp file


def test_only_the_last_transfers_up_to_the_limit_are_kept(tmp_path: Path) -> None:
    store = TransferList(tmp_path / "transfer-list.bin", KEY)
    many = [Remembered("upload", f"/f{n}", f"/l/f{n}", 0, 1, "") for n in range(LIMIT + 5)]
    store.save(many)
    assert store.load() == many[5:]


@pytest.mark.parametrize("damage", ["flip", "truncate", "version", "key", "shape"])
def test_a_damaged_or_foreign_file_counts_as_empty(tmp_path: Path, damage: str) -> None:
    store = TransferList(tmp_path / "transfer-list.bin", KEY)
    store.save(LIST)
    data = bytearray(store.path.read_bytes())
    if damage == "flip":
        data[-20] ^= 1
    elif damage == "truncate":
        data = data[:30]
    elif damage == "version":
        data[4] = 2
    elif damage == "shape":
        nonce = os.urandom(12)
        body = msgpack.packb(
            [
                {
                    "direction": "sideways",
                    "remote": "/a",
                    "local": "/b",
                    "done": 0,
                    "total": 0,
                    "reason": "",
                }
            ]
        )
        data = bytearray(HEADER + nonce + AESGCM(KEY).encrypt(nonce, body, HEADER))
    store.path.write_bytes(bytes(data))
    key = os.urandom(32) if damage == "key" else KEY
    assert TransferList(store.path, key).load() == []
