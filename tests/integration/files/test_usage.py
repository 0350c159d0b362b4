"""Storage used, quota and folder sizes against the real server process (issue 16,
"Storage used and quota"): `services/usage.py` and `privshare usage`."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from files_world import CliResult, Device, write_random

from app.services.trash.service import TrashService
from app.services.usage import account_usage, folder_size
from server_stub.objects.config import ObjectLimits

pytestmark = pytest.mark.integration

CHUNK_OVERHEAD = 64  # generous: a chunk's tag and header (FORMAT.md), per 1 MiB chunk


def test_the_server_counts_ciphertext_and_folder_sizes_add_up(
    alice: Device, tmp_path: Path
) -> None:
    empty = account_usage(alice.files.api)
    assert empty.quota == ObjectLimits().quota and empty.used_bytes == 0

    write_random(tmp_path / "big.bin", 300_000)
    (tmp_path / "Deep" / "er").mkdir(parents=True)
    (tmp_path / "Deep" / "one.txt").write_bytes(b"x" * 1000)
    (tmp_path / "Deep" / "er" / "two.txt").write_bytes(b"y" * 234)
    alice.files.put([tmp_path / "big.bin", tmp_path / "Deep"], "/Box")

    used = account_usage(alice.files.api)
    assert 301_234 <= used.used_bytes <= 301_234 + 3 * CHUNK_OVERHEAD
    assert used.objects == 11  # /, /Box, /Box/Deep, /Box/Deep/er, the 3 files, 4 activity logs
    assert folder_size(alice.files, "/Box") == folder_size(alice.files, "/Box/")
    box = folder_size(alice.files, "/Box")
    assert (box.path, box.bytes, box.files, box.folders) == ("/Box", 301_234, 3, 2)
    assert folder_size(alice.files, "/Box/Deep/one.txt").bytes == 1000
    assert folder_size(alice.files, "/").bytes == 301_234

    TrashService(alice.files).discard("/Box/big.bin")  # the trash still takes space ...
    assert account_usage(alice.files.api).used_bytes == used.used_bytes
    assert folder_size(alice.files, "/").bytes == 1234  # ... but not in the tree's size
    assert folder_size(alice.files, "/.trash").bytes == 300_000
    alice.files.remove("/.trash")
    assert account_usage(alice.files.api).used_bytes < 1234 + 2 * CHUNK_OVERHEAD


def test_the_cli_usage_table_and_json(
    alice: Device, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    alice.session.close()
    (tmp_path / "a.txt").write_bytes(os.urandom(2048))
    assert cli(alice, "put", str(tmp_path / "a.txt"), "/Docs").code == 0

    result = cli(alice, "usage", "/Docs", "--json")
    assert result.code == 0, result.err
    answer = json.loads(result.out)
    assert answer["quota_bytes"] == ObjectLimits().quota
    assert 2048 <= answer["used_bytes"] <= 2048 + CHUNK_OVERHEAD
    assert answer["path"] == {"path": "/Docs", "bytes": 2048, "files": 1, "folders": 0}
    table = cli(alice, "usage", "/Docs")
    assert table.out.splitlines()[1] == "/Docs: 2.0 KiB in 1 file and 0 folders"
    assert table.out.startswith("used 2.") and "of 10.0 GiB" in table.out
    missing = cli(alice, "usage", "/nothing")
    assert missing.code == 1 and missing.err.count("\n") == 1
    assert "no such file or folder" in missing.err
