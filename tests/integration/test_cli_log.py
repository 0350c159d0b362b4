"""`privshare log PATH [--json]` as real processes against a real server process
(app/services/files/activity/ACTIVITY.md): the changes made with the CLI are listed, signed
and verified; after the server's stored log is edited in its database, the edited entry
is printed UNVERIFIED and the command exits 4, and so when it reorders entries; a log of
the previous release (format-1 entries, ACTIVITY.md §4.1) lists them marked as older
entries with exit 0, and one the server puts after a format-2 entry exits 4."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from activity_format1 import downgrade_log, seal_format1
from server_harness import ServerProcess
from test_cli_account import privshare
from world import PASSWORD, Account, sign_in

from app.services.files.activity.entries import (
    Entry,
    LogFormatError,
    decode_log,
    encode_log,
    log_key,
)
from app.services.sharing.router import FileRouter
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
    (tmp_path / "c.txt").write_text("c\n")
    put = privshare(profile, "put", str(tmp_path / "c.txt"), "/Docs", password=PASSWORD)
    assert put.returncode == 0, put.stderr

    shown = privshare(profile, "log", "/Docs", "--json", password=PASSWORD)
    assert shown.returncode == 0, shown.stderr
    log = json.loads(shown.stdout)
    assert [(e["action"], e["name"], e["status"], e["entry_format"]) for e in log["entries"]] == [
        ("upload", "a.txt", "verified", 3),  # one entry names both files of the first put
        ("upload", "b.txt", "verified", 3),
        ("upload", "c.txt", "verified", 2),
    ]
    assert {e["author"] for e in log["entries"]} == {address}
    assert log["signed_by_writer"] is True and log["folder_version"] == 3

    assert _edit_every_log(server) >= 1
    flagged = privshare(profile, "log", "/Docs", password=PASSWORD)
    assert flagged.returncode == 4, (flagged.stdout, flagged.stderr)
    lines = flagged.stdout.splitlines()
    assert "upload a.txt" in lines[0] and "UNVERIFIED" not in lines[0]
    assert "upload b.txt" in lines[1] and "UNVERIFIED" not in lines[1]
    assert "UNVERIFIED: does not open with this folder's key" in lines[2]
    assert "UNVERIFIED: the folder changed (version 3)" in lines[3]
    assert lines[-1] == "2 of 4 entries are unverified"


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


def test_log_exits_0_with_older_entries_and_4_with_one_after_the_chain(
    server: ServerProcess, new_account: Callable[..., Account], tmp_path: Path
) -> None:
    made = new_account("alice")
    (tmp_path / "a.txt").write_text("a\n")
    (tmp_path / "b.txt").write_text("b\n")
    put = privshare(made.profile, "put", str(tmp_path / "a.txt"), "/Docs", password=PASSWORD)
    assert put.returncode == 0, put.stderr
    # the previous release, as another device of alice (the CLI holds the first profile)
    with sign_in(made.address, tmp_path / "device2", made.connector) as device:
        identity = device.vault.identity_key.private_key
        assert identity is not None
        home = FileRouter(device.channel, device.vault).home.tree
        downgrade_log(home, "/Docs", identity)
        put = privshare(made.profile, "put", str(tmp_path / "b.txt"), "/Docs", password=PASSWORD)
        assert put.returncode == 0, put.stderr

        shown = privshare(made.profile, "log", "/Docs", password=PASSWORD)
        assert shown.returncode == 0, (shown.stdout, shown.stderr)
        lines = shown.stdout.splitlines()
        assert "upload a.txt" in lines[0] and "(older entry: recorded before the log" in lines[0]
        assert "upload b.txt" in lines[1] and "older entry" not in lines[1]
        assert not any("UNVERIFIED" in line for line in lines)
        as_json = privshare(made.profile, "log", "/Docs", "--json", password=PASSWORD)
        assert as_json.returncode == 0, as_json.stderr
        entries = json.loads(as_json.stdout)["entries"]
        assert [(e["name"], e["status"], e["entry_format"], bool(e["note"])) for e in entries] == [
            ("a.txt", "verified", 1, True),
            ("b.txt", "verified", 2, False),
        ]

        folder = home.folder("/Docs")
        injected = seal_format1(  # a real format-1 entry by alice, put after the chain
            folder.key,
            Entry.new(folder.item_id, made.address, "remove", "b.txt", at=1_765_000_000_000),
            identity,
        )
    log_id = log_key(folder.key).item_id
    with sqlite3.connect(server.data_dir / DATABASE_FILE, timeout=30) as db:
        (seq,) = db.execute("SELECT seq FROM obj_descriptors WHERE id = ?", (log_id,)).fetchone()
        (extra,) = db.execute(
            "SELECT extra FROM obj_versions WHERE descriptor_id = ? AND seq = ?", (log_id, seq)
        ).fetchone()
        db.execute(
            "UPDATE obj_versions SET extra = ? WHERE descriptor_id = ? AND seq = ?",
            (encode_log([*decode_log(bytes(extra)), injected]), log_id, seq),
        )
    db.close()
    flagged = privshare(made.profile, "log", "/Docs", password=PASSWORD)
    assert flagged.returncode == 4, (flagged.stdout, flagged.stderr)
    lines = flagged.stdout.splitlines()
    assert "remove b.txt" in lines[2] and "UNVERIFIED: an old-format entry after" in lines[2]
    assert lines[-1] == "1 of 3 entries are unverified"
