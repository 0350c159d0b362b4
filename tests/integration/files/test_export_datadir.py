"""`privshare export --server-data DIR --out DIR`: an account's files from a stopped real
server's data directory with the recovery phrase alone, compared byte for byte; a
damaged directory (flipped block, missing row, missing block) ends with one line and no
output; the data directory is never changed. Blocks of at most 64 KiB are rows of
`obj_packed_blocks` (server_stub/objects/packed.py), larger ones files."""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from server_harness import ROOT, start_server

from app.client.transport import HttpTransport
from app.services import account
from app.services.connection import Connector
from app.services.files.service import FileService
from app.vault import KDF_FLOOR, Profile

pytestmark = pytest.mark.integration

CHUNK = 4096
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Stopped:
    data_dir: Path
    phrase: str
    uploaded: dict[str, bytes]  # path below the root -> the bytes of its current version
    block_ids: dict[str, list[bytes]]  # path -> block ids of its current version
    item_ids: dict[str, str]  # path -> descriptor id


def _tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file of `folder` and its SHA-256: what must not change."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def stopped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stopped]:
    """One account with a small tree on its own server, which is then stopped."""
    base = tmp_path_factory.mktemp("export")
    server = start_server(base / "data", "--open-registration")
    try:
        with HttpTransport() as transport:
            connector = Connector(transport=transport, allow_http=True)
            address = f"x{secrets.token_hex(5)}#{server.host}"
            created = account.create(
                address,
                PASSWORD,
                Profile(base / "profile"),
                connector,
                now=time.time(),
                vault_kdf=KDF_FLOOR,
            )
            with created.session as session:
                files = FileService(session.channel, session.vault, chunk_size=CHUNK)
                local = base / "local"
                (local / "Docs" / "deep").mkdir(parents=True)
                (local / "Empty").mkdir()
                contents = {
                    "Docs/report.txt": b"first version\n",
                    "Docs/deep/data.bin": os.urandom(5 * CHUNK + 17),
                    "Docs/empty.txt": b"",
                    "top.bin": os.urandom(CHUNK),
                }
                for name, data in contents.items():
                    (local / name).write_bytes(data)
                files.put([local / "Docs", local / "Empty"], "/")
                files.put([local / "top.bin"], "/")
                contents["Docs/report.txt"] = b"second version, longer than the first\n"
                (local / "Docs" / "report.txt").write_bytes(contents["Docs/report.txt"])
                files.put([local / "Docs" / "report.txt"], "/Docs")
                tree = files.tree
                item_ids, block_ids = {}, {}
                for name in contents:
                    item = tree.resolve("/" + name)
                    item_ids[name] = item.item_id
                    block_ids[name] = list(item.record.block_ids)  # type: ignore[union-attr]
                phrase = session.vault.mnemonic
    finally:
        assert server.stop() == 0, server.log()[-3000:]
    yield Stopped(base / "data", phrase, contents, block_ids, item_ids)


def export(data_dir: Path, out: Path, phrase: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env["PRIVSHARE_MNEMONIC"] = phrase
    command = [sys.executable, "-m", "app", "export", "--server-data", str(data_dir)]
    return subprocess.run(
        [*command, "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def assert_refused(result: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("privshare: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and text in result.stderr, result.stderr


def nothing_written(out: Path) -> None:
    assert not out.exists()
    assert not [p.name for p in out.parent.iterdir() if "privshare-part" in p.name]


def damaged_copy(stopped: Stopped, tmp_path: Path) -> Path:
    copy = tmp_path / "data-copy"
    shutil.copytree(stopped.data_dir, copy)
    return copy


def block_file(data_dir: Path, block_id: bytes) -> Path:
    name = block_id.hex()
    return data_dir / "blocks" / name[:2] / name[2:4] / name


def flip_block_bit(data_dir: Path, block_id: bytes) -> None:
    """Flip one bit of a stored block, a packed row or a file."""
    with sqlite3.connect(data_dir / "privshare.sqlite") as db:
        row = db.execute("SELECT data FROM obj_packed_blocks WHERE id = ?", (block_id,)).fetchone()
        if row is not None:
            data = bytearray(row[0])
            data[40] ^= 0x01
            db.execute("UPDATE obj_packed_blocks SET data = ? WHERE id = ?", (data, block_id))
    db.close()
    if row is None:
        target = block_file(data_dir, block_id)
        data = bytearray(target.read_bytes())
        data[40] ^= 0x01
        target.write_bytes(bytes(data))


def remove_block(data_dir: Path, block_id: bytes) -> None:
    """Lose a stored block, a packed row or a file."""
    with sqlite3.connect(data_dir / "privshare.sqlite") as db:
        gone = db.execute("DELETE FROM obj_packed_blocks WHERE id = ?", (block_id,)).rowcount
    db.close()
    if not gone:
        block_file(data_dir, block_id).unlink()


def test_export_gives_back_every_file_byte_for_byte(stopped: Stopped, tmp_path: Path) -> None:
    before = _snapshot(stopped.data_dir)
    out = tmp_path / "restored"
    result = export(stopped.data_dir, out, stopped.phrase)
    assert result.returncode == 0, result.stderr
    assert "Exported 4 files" in result.stdout and "in 4 folders" in result.stdout
    assert _tree_bytes(out) == stopped.uploaded
    assert (out / "Empty").is_dir() and not any((out / "Empty").iterdir())
    assert _snapshot(stopped.data_dir) == before  # only read
    assert sorted(p.name for p in tmp_path.iterdir()) == ["restored"]


def test_export_into_an_existing_empty_folder(stopped: Stopped, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert export(stopped.data_dir, out, stopped.phrase).returncode == 0
    assert _tree_bytes(out) == stopped.uploaded


def test_a_flipped_block_is_found_and_nothing_is_written(stopped: Stopped, tmp_path: Path) -> None:
    copy = damaged_copy(stopped, tmp_path)
    flip_block_bit(copy, stopped.block_ids["Docs/deep/data.bin"][3])
    out = tmp_path / "out"
    result = export(copy, out, stopped.phrase)
    assert_refused(result, 4, "tampering detected (/Docs/deep/data.bin)")
    nothing_written(out)


def test_a_missing_row_is_found_and_nothing_is_written(stopped: Stopped, tmp_path: Path) -> None:
    copy = damaged_copy(stopped, tmp_path)
    with sqlite3.connect(copy / "privshare.sqlite") as db:
        db.execute("DELETE FROM obj_descriptors WHERE id = ?", (stopped.item_ids["top.bin"],))
    db.close()
    out = tmp_path / "out"
    result = export(copy, out, stopped.phrase)
    assert_refused(result, 4, "/top.bin is listed in its folder but has no object")
    nothing_written(out)


def test_a_missing_block_file(stopped: Stopped, tmp_path: Path) -> None:
    copy = damaged_copy(stopped, tmp_path)
    remove_block(copy, stopped.block_ids["Docs/report.txt"][0])
    out = tmp_path / "out"
    assert_refused(export(copy, out, stopped.phrase), 4, "is missing")
    nothing_written(out)


def test_a_changed_row_is_refused(stopped: Stopped, tmp_path: Path) -> None:
    """A row whose block list is swapped for another file's: the signature fails."""
    copy = damaged_copy(stopped, tmp_path)
    with sqlite3.connect(copy / "privshare.sqlite") as db:
        db.execute(
            "UPDATE obj_versions SET blocks = ? WHERE descriptor_id = ? AND seq = "
            "(SELECT seq FROM obj_descriptors WHERE id = ?)",
            (
                b"".join(stopped.block_ids["top.bin"]),
                stopped.item_ids["Docs/empty.txt"],
                stopped.item_ids["Docs/empty.txt"],
            ),
        )
    db.close()
    out = tmp_path / "out"
    assert_refused(export(copy, out, stopped.phrase), 4, "tampering detected (/Docs/empty.txt)")
    nothing_written(out)


def test_another_phrase_finds_no_account(stopped: Stopped, tmp_path: Path) -> None:
    phrase = "abandon " * 23 + "art"
    out = tmp_path / "out"
    assert_refused(export(stopped.data_dir, out, phrase), 1, "holds no files of the account")
    nothing_written(out)


@pytest.mark.slow
def test_bad_arguments_give_one_line(stopped: Stopped, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert_refused(export(tmp_path, out, stopped.phrase), 1, "is not a Privshare server data")
    nothing_written(out)
    assert_refused(export(stopped.data_dir, out, "not a phrase"), 3, "not valid")
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    assert_refused(export(stopped.data_dir, full, stopped.phrase), 2, "is not empty")
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
