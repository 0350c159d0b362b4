"""The drive's spool (app/services/drive/spool.py): 0600 files in a 0700 folder, sealed
with a per-run key; nothing readable on disk; a changed or cut file is refused; wiped."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.services.drive.spool import SPOOL_CHUNK, Spool, SpoolError, SpoolFile

MARKER = b"plaintext that must never be on disk "


def _spooled(spool: Spool, data: bytes, piece: int = 65536) -> SpoolFile:
    with spool.create() as file:
        for start in range(0, len(data), piece):
            file.write(data[start : start + piece])
    return file


@pytest.mark.parametrize("size", [0, 1, SPOOL_CHUNK - 1, SPOOL_CHUNK, 2 * SPOOL_CHUNK + 7])
def test_what_is_written_reads_back_and_nothing_of_it_is_on_disk(tmp_path: Path, size: int) -> None:
    spool = Spool(tmp_path)
    data = (MARKER * (size // len(MARKER) + 1))[:size]
    file = _spooled(spool, data)
    assert b"".join(file.reader()) == data
    buffer = bytearray(300_000)
    reader, read = file.reader(), bytearray()
    while count := reader.readinto(memoryview(buffer)):
        read += buffer[:count]
    reader.close()
    assert read == data
    on_disk = file.path.read_bytes()
    assert MARKER[:16] not in on_disk
    assert stat.S_IMODE(file.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(spool.folder.stat().st_mode) == 0o700


def test_records_are_aes_gcm_with_the_nonce_and_aad_of_the_spec(tmp_path: Path) -> None:
    """An independent AES-GCM (pyca's AESGCM directly) opens the first record."""
    spool = Spool(tmp_path)
    file = _spooled(spool, b"abc")
    record = file.path.read_bytes()
    length, last = int.from_bytes(record[:4], "big"), record[4]
    assert (length, last, len(record)) == (3 + 16, 1, 5 + 3 + 16)
    key = spool._aead._cipher  # type: ignore[union-attr]
    position = (1).to_bytes(4, "big") + (0).to_bytes(8, "big")
    aad = b"privshare/v1/drive-spool" + position + b"\x01"
    assert isinstance(key, AESGCM)
    assert key.decrypt(position, record[5:], aad) == b"abc"


def test_a_changed_a_cut_or_an_extended_spool_file_is_refused(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    data = os.urandom(SPOOL_CHUNK + 100)
    for change in (
        lambda b: b[:20] + bytes([b[20] ^ 1]) + b[21:],
        lambda b: b[: SPOOL_CHUNK + 5 + 16],  # the last record dropped
        lambda b: b[:-1],
        lambda b: b + b"\x00",
    ):
        file = _spooled(spool, data)
        file.path.write_bytes(change(file.path.read_bytes()))
        with pytest.raises(SpoolError, match="write the file again"):
            b"".join(file.reader())


def test_wipe_removes_the_files_and_forgets_the_key(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    file = _spooled(spool, b"x" * 10)
    unfinished = spool.create()
    unfinished.write(b"y" * 10)
    spool.wipe()
    assert spool.wiped and list(tmp_path.iterdir()) == []
    assert not file.path.exists()
    with pytest.raises(SpoolError, match="stopped"):
        spool.create()


def test_a_file_discarded_after_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    with pytest.raises(RuntimeError), spool.create() as file:
        file.write(b"half of a body")
        raise RuntimeError("the client went away")
    assert list(spool.folder.iterdir()) == []
