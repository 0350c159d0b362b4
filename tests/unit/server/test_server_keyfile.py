"""The static key file: created 0600, reused, strict format, refused when world-readable."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.crypto.ecc import PrivateKey
from server_stub.keyfile import HEADER, KeyFileError, load_or_create, read_key, write_key


def test_created_with_mode_0600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "server-key"
    first = load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create(path) == first
    lines = path.read_text().splitlines()
    assert lines == [HEADER, first.to_bytes().hex()]
    assert [p.name for p in tmp_path.iterdir()] == ["server-key"], "temporary file left behind"


def test_injected_randomness_decides_the_key(tmp_path: Path) -> None:
    key = load_or_create(tmp_path / "k", randbytes=lambda n: b"\x07" * n)
    assert key == PrivateKey.from_bytes(b"\x07" * 32)


def test_write_never_replaces_an_existing_key(tmp_path: Path) -> None:
    path = tmp_path / "server-key"
    write_key(path, PrivateKey.from_bytes(b"\1" * 32))
    with pytest.raises(FileExistsError):
        write_key(path, PrivateKey.from_bytes(b"\2" * 32))
    assert read_key(path) == PrivateKey.from_bytes(b"\1" * 32)


def test_group_readable_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "server-key"
    load_or_create(path)
    os.chmod(path, 0o640)
    with pytest.raises(KeyFileError, match="chmod 600"):
        read_key(path)


@pytest.mark.parametrize(
    "content",
    [
        "",
        f"{HEADER}\n",
        f"privshare-server-key v2\n{'11' * 32}\n",
        f"{HEADER}\n{'11' * 31}\n",
        f"{HEADER}\n{'zz' * 32}\n",
        f"{HEADER}\n{'00' * 32}\n",
        f"{HEADER}\n{'11' * 32}\nextra\n",
    ],
)
def test_malformed_files_are_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "server-key"
    path.write_text(content)
    os.chmod(path, 0o600)
    with pytest.raises(KeyFileError):
        read_key(path)


def test_missing_file_is_a_key_file_error(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="cannot read"):
        read_key(tmp_path / "absent")
