"""Batch entries on a real server (app/services/files/activity/ACTIVITY.md §4.2): a put
of many files logs them in a few entries, each shown as one verified row per file (in
`privshare log --json` too); a server that changes a batch entry has every file of it
flagged, and the listing version it claimed shows as a gap."""

from __future__ import annotations

from pathlib import Path

import pytest
from server_harness import ServerProcess
from share_world import User, tree
from test_activity_log import _tamper, activity

from app.services.files.activity.entries import BATCH_FORMAT, decode_log, encode_log, log_key

pytestmark = pytest.mark.integration

NAMES = [f"a-file-with-a-longer-name-{n:03d}.txt" for n in range(90)]


def stored_entries(alice: User, path: str) -> list[bytes]:
    key = log_key(alice.files.home.tree.folder(path).key)
    record = alice.files.home.tree.api.descriptor(key.item_id)
    assert record is not None
    return decode_log(record.extra)


def test_a_put_of_many_files_is_a_few_entries_shown_file_by_file(
    alice: User, server: ServerProcess, tmp_path: Path
) -> None:
    alice.files.mkdir("/Many")
    alone = tree(tmp_path / "one", {"first.txt": b"1"}) / "first.txt"
    alice.files.put([alone], "/Many")  # a format-2 entry, then batch entries chained to it
    alice.files.put([tree(tmp_path / "Many", {name: b"x" for name in NAMES})], "/")
    sealed = stored_entries(alice, "/Many")
    assert 3 <= len(sealed) <= 5, "90 uploads of one listing change in a few entries"
    log = activity(alice, "/Many")
    assert log.entries[0].name == "first.txt" and log.entries[0].entry_format == 2
    assert sorted(e.name for e in log.entries[1:]) == NAMES
    assert all(e.verified and e.action == "upload" for e in log.entries)
    assert {e.entry_format for e in log.entries[1:]} == {BATCH_FORMAT}
    assert log.unverified == 0 and log.signed_by_writer

    log_id = log_key(alice.files.home.tree.folder("/Many").key).item_id

    def flip_in_second_batch(extra: bytes) -> bytes:
        entries = decode_log(extra)
        entries[2] = entries[2][:20] + bytes([entries[2][20] ^ 1]) + entries[2][21:]
        return encode_log(entries)

    _tamper(server, log_id, flip_in_second_batch)
    edited = activity(alice, "/Many")
    assert [e.problem for e in edited.entries if not e.verified] == [
        "does not open with this folder's key: the server changed it"
    ]
    shown = [e.name for e in edited.entries if e.verified]
    assert 1 < len(shown) < len(NAMES), "the other entries' files stay verified"

    def drop_all(extra: bytes) -> bytes:
        return encode_log([])

    _tamper(server, log_id, drop_all)
    dropped = activity(alice, "/Many")
    assert [e.problem for e in dropped.entries] == [
        f"the folder changed (version {version}) and nobody signed a log entry"
        for version in (2, 3)
    ]
