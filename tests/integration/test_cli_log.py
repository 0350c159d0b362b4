"""`privshare log PATH [--json]` as real processes against a real server process
(app/services/files/activity/ACTIVITY.md): the changes made with the CLI are listed, signed
and verified; after the server's stored log is edited in its database, the edited entry
is printed UNVERIFIED and the command exits 4, and so when it reorders entries."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from server_harness import ServerProcess
from test_cli_account import privshare
from world import PASSWORD, Account

from app.services.files.activity.entries import LogFormatError, decode_log, encode_log
from server_stub.server import DATABASE_FILE

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _edit_every_log(server: ServerProcess) -> int:
    """Flip one byte of the last entry of every current activity log (a malicious server)."""
    edited = 0
    with sqlite3.connect(server.data_dir / DATABASE_FILE, timeout=30) as db:
        rows = db.execute(
            "SELECT v.descriptor_id, v.seq, v.extra FROM obj_versions v JOIN obj_descriptors d "
            "ON d.id = v.descriptor_id AND d.seq = v.seq"
        ).fetchall()
        for descriptor_id, seq, extra in rows:
            try:
                sealed = decode_log(bytes(extra))
            except LogFormatError:
                continue
            if not sealed:
                continue
            last = bytearray(sealed[-1])
            last[30] ^= 1
            db.execute(
                "UPDATE obj_versions SET extra = ? WHERE descriptor_id = ? AND seq = ?",
                (encode_log([*sealed[:-1], bytes(last)]), descriptor_id, seq),
            )
            edited += 1
    db.close()
    return edited


def test_log_lists_verified_changes_and_flags_an_edited_entry(
    server: ServerProcess, new_account: Callable[..., Account], tmp_path: Path
) -> None:
    made = new_account("alice")  # a profile the CLI opens (its vault at the KDF floor: quick)
    address, profile = made.address, made.profile
    docs = tmp_path / "Docs"
    docs.mkdir()
    (docs / "a.txt").write_text("a\n")
    (docs / "b.txt").write_text("b\n")
    put = privshare(profile, "put", str(docs), "/", password=PASSWORD)
    assert put.returncode == 0, put.stderr

    shown = privshare(profile, "log", "/Docs", "--json", password=PASSWORD)
    assert shown.returncode == 0, shown.stderr
    log = json.loads(shown.stdout)
    assert [(e["action"], e["name"], e["status"]) for e in log["entries"]] == [
        ("upload", "a.txt", "verified"),
        ("upload", "b.txt", "verified"),
    ]
    assert {e["author"] for e in log["entries"]} == {address}
    assert log["signed_by_writer"] is True and log["folder_version"] == 2

    assert _edit_every_log(server) >= 1
    flagged = privshare(profile, "log", "/Docs", password=PASSWORD)
    assert flagged.returncode == 4, (flagged.stdout, flagged.stderr)
    lines = flagged.stdout.splitlines()
    assert "upload a.txt" in lines[0] and "UNVERIFIED" not in lines[0]
    assert "UNVERIFIED: does not open with this folder's key" in lines[1]
    assert lines[-1] == "1 of 2 entries are unverified"


def test_log_exits_4_when_the_server_reorders_the_entries(
    server: ServerProcess, new_account: Callable[..., Account], tmp_path: Path
) -> None:
    made = new_account("alice")
    (tmp_path / "a.txt").write_text("a\n")
    (tmp_path / "b.txt").write_text("b\n")
    for name in ("a.txt", "b.txt"):
        put = privshare(made.profile, "put", str(tmp_path / name), "/Docs", password=PASSWORD)
        assert put.returncode == 0, put.stderr
    shown = privshare(made.profile, "log", "/Docs", password=PASSWORD)
    assert shown.returncode == 0, (shown.stdout, shown.stderr)

    with sqlite3.connect(server.data_dir / DATABASE_FILE, timeout=30) as db:
        rows = db.execute(
            "SELECT v.descriptor_id, v.seq, v.extra FROM obj_versions v JOIN obj_descriptors d "
            "ON d.id = v.descriptor_id AND d.seq = v.seq"
        ).fetchall()
        for descriptor_id, seq, extra in rows:
            try:
                sealed = decode_log(bytes(extra))
            except LogFormatError:
                continue
            if len(sealed) == 2:  # the log of /Docs: swap its two entries
                db.execute(
                    "UPDATE obj_versions SET extra = ? WHERE descriptor_id = ? AND seq = ?",
                    (encode_log(sealed[::-1]), descriptor_id, seq),
                )
    db.close()
    flagged = privshare(made.profile, "log", "/Docs", password=PASSWORD)
    assert flagged.returncode == 4, (flagged.stdout, flagged.stderr)
    lines = flagged.stdout.splitlines()
    assert "upload b.txt" in lines[0] and "UNVERIFIED: doesn't match the folder's log" in lines[0]
    assert "upload a.txt" in lines[1] and "UNVERIFIED: doesn't match the folder's log" in lines[1]
