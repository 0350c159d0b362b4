"""Scrub (objects/scrub.py, `privshare server scrub`): a flipped or missing block (a file,
or a packed row; with a SHA-256 or a BLAKE3 id) is found, a corrupt one is quarantined
and never served again, and sending it again heals."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from objects_helpers import NOW, Item, create, new_block, run, upload

from app.wire.objects import BLAKE3, SHA256, block_id
from server_stub.database import Database
from server_stub.launch import scrub_blocks
from server_stub.objects import BlockUnavailableError, ObjectStore, open_objects
from server_stub.objects.packed import PACK_MAX
from server_stub.server import DATABASE_FILE

ROOT = Path(__file__).resolve().parents[3]
LAYOUTS = {"files": 0, "packed": PACK_MAX}  # pack_max; 2,000-byte blocks pack by default


def stored(
    data_dir: Path, count: int, layout: str = "files", block_hash: str = SHA256
) -> tuple[Item, list[bytes]]:
    """A server data folder with one descriptor listing `count` blocks."""
    database = Database(data_dir / DATABASE_FILE, threads=1)
    try:
        store = open_objects(
            database, data_dir, environ={}, now=lambda: NOW, pack_max=LAYOUTS[layout]
        )
        item, blocks = Item(), [new_block(2000) for _ in range(count)]
        create(store, "alice", item, blocks, block_hash=block_hash)
    finally:
        database.close()
    return item, blocks


def flip_one_bit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))


def flip_one_bit_of_row(store: ObjectStore, block: bytes) -> None:
    def flip(connection: sqlite3.Connection) -> None:
        (data,) = connection.execute(
            "SELECT data FROM obj_packed_blocks WHERE id = ?", (block,)
        ).fetchone()
        flipped = bytearray(data)
        flipped[len(flipped) // 2] ^= 0x10
        connection.execute(
            "UPDATE obj_packed_blocks SET data = ? WHERE id = ?", (bytes(flipped), block)
        )

    store._db.call(flip)


def remove_row(store: ObjectStore, block: bytes) -> None:
    store._db.call(lambda c: c.execute("DELETE FROM obj_packed_blocks WHERE id = ?", (block,)))


@pytest.mark.parametrize("block_hash", [SHA256, BLAKE3])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_scrub_quarantines_a_flipped_block_and_a_resend_heals_it(
    tmp_path: Path, layout: str, block_hash: str
) -> None:
    item, blocks = stored(tmp_path, 3, layout, block_hash)
    database = Database(tmp_path / DATABASE_FILE, threads=1)
    store = open_objects(database, tmp_path, environ={}, now=lambda: NOW, pack_max=LAYOUTS[layout])
    try:
        bad, gone = block_id(blocks[1], block_hash), block_id(blocks[2], block_hash)
        if layout == "files":
            flip_one_bit(store.files.path(bad))
            store.files.path(gone).unlink()
        else:
            assert not any(store.files.root.glob("*/*/*")), "small blocks are packed"
            flip_one_bit_of_row(store, bad)
            remove_row(store, gone)
        lines: list[str] = []
        report = scrub_blocks(tmp_path, lines.append)
        assert (report.checked, report.corrupt, report.missing) == (3, [bad.hex()], [gone.hex()])
        assert len(lines) == 2 and bad.hex() in lines[0] + lines[1]
        assert (tmp_path / "quarantine" / bad.hex()).is_file()
        with pytest.raises(BlockUnavailableError):
            run(store.read_block(item.id, bad))
        assert run(store.read_block(item.id, block_id(blocks[0], block_hash))) == blocks[0]
        upload(store, "alice", [blocks[1]], block_hash=block_hash)  # the owner sends it again
        assert run(store.read_block(item.id, bad)) == blocks[1]
        assert scrub_blocks(tmp_path, lines.append).corrupt == []
    finally:
        database.close()


def privshare_scrub(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    command = [sys.executable, "-m", "app", "server", "scrub", "--data-dir", str(data_dir)]
    return subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_the_scrub_command_reports_a_flipped_block_on_disk(tmp_path: Path) -> None:
    _, blocks = stored(tmp_path, 2, "files")
    clean = privshare_scrub(tmp_path)
    assert clean.returncode == 0, clean.stderr
    assert "2 blocks checked: 0 corrupt (quarantined), 0 missing" in clean.stdout
    bad = block_id(blocks[0]).hex()
    flip_one_bit(tmp_path / "blocks" / bad[:2] / bad[2:4] / bad)
    found = privshare_scrub(tmp_path)
    assert found.returncode == 1
    assert f"corrupt: block {bad}" in found.stdout and "1 corrupt" in found.stdout
    assert found.stderr.startswith("privshare: ") and found.stderr.count("\n") == 1
    missing = privshare_scrub(tmp_path / "nowhere")
    assert missing.returncode == 1 and "--data-dir" in missing.stderr
