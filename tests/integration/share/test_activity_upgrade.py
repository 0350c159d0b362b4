"""Upgrading the activity log from entry format 1 to 2 (ACTIVITY.md §4.1) against a real
server: a log the previous release wrote (format-1 entries, sealed by its code) reads
with those entries verified and marked as the older kind, the new release's entries
chain on after the last of them, and nothing is flagged; a format-1 entry the server
puts after a format-2 one (after the last one, or between two) is flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from activity_format1 import downgrade_log, seal_format1
from server_harness import ServerProcess
from share_world import User, tree
from test_activity_log import _tamper, activity

from app.services.files.activity.entries import (
    Entry,
    decode_log,
    encode_log,
    log_key,
    open_sealed,
)
from app.services.files.activity.reader import OLDER_FORMAT_NOTE

pytestmark = pytest.mark.integration

AFTER_CHAINED = "an old-format entry after a chained one: the server put it there"


def _upgraded_folder(alice: User, tmp_path: Path) -> list[Entry]:
    """/Box with two uploads logged by the previous release, then a folder made and a
    new version saved by this one; the format-1 entries."""
    files = alice.files
    box = tree(tmp_path / "Box", {"a.txt": b"a"})
    files.put([box], "/")
    (box / "b.txt").write_bytes(b"b")
    files.put([box / "b.txt"], "/Box")  # the previous release logged one entry per file
    identity = alice.session.vault.identity_key.private_key
    assert identity is not None
    old = downgrade_log(files.home.tree, "/Box", identity)
    files.mkdir("/Box/c")
    files.put([tree(tmp_path / "v2", {"a.txt": b"a, version 2"}) / "a.txt"], "/Box")
    return old


def test_format1_entries_of_the_previous_release_read_as_older_entries(
    alice: User, tmp_path: Path
) -> None:
    old = _upgraded_folder(alice, tmp_path)
    log = activity(alice, "/Box")
    assert [(e.action, e.name, e.status, e.older_format) for e in log.entries] == [
        ("upload", "a.txt", "verified", True),
        ("upload", "b.txt", "verified", True),
        ("new-folder", "c", "verified", False),
        ("new-version", "a.txt", "verified", False),
    ]
    assert [e.note for e in log.entries] == [OLDER_FORMAT_NOTE, OLDER_FORMAT_NOTE, "", ""]
    assert log.unverified == 0

    folder = alice.files.home.tree.folder("/Box").key
    stored = alice.files.home.tree.api.descriptor(log_key(folder).item_id)
    assert stored is not None
    first_chained = open_sealed(folder, decode_log(stored.extra)[2]).entry
    assert first_chained.prev == old[-1].id  # the chain starts after the last format-1 entry


def test_a_format1_entry_after_a_format2_one_is_flagged(
    alice: User, server: ServerProcess, tmp_path: Path
) -> None:
    _upgraded_folder(alice, tmp_path)
    folder = alice.files.home.tree.folder("/Box")
    identity = alice.session.vault.identity_key.private_key
    assert identity is not None
    # a real format-1 entry by alice, as the server may hold from an older log
    injected = seal_format1(
        folder.key,
        Entry.new(folder.item_id, alice.address, "remove", "b.txt", at=1_765_000_000_000),
        identity,
    )
    log_id = log_key(folder.key).item_id

    _tamper(server, log_id, lambda extra: encode_log([*decode_log(extra), injected]))
    problems = [(e.action, e.name, e.problem) for e in activity(alice, "/Box").entries]
    assert problems == [
        ("upload", "a.txt", ""),
        ("upload", "b.txt", ""),
        ("new-folder", "c", ""),
        ("new-version", "a.txt", ""),
        ("remove", "b.txt", AFTER_CHAINED),
    ]

    def between(extra: bytes) -> bytes:  # moved between the two format-2 entries
        sealed = decode_log(extra)
        return encode_log([*sealed[:3], sealed[4], sealed[3]])

    _tamper(server, log_id, between)
    problems = [(e.action, e.name, e.problem) for e in activity(alice, "/Box").entries]
    assert problems[:3] == [
        ("upload", "a.txt", ""),
        ("upload", "b.txt", ""),
        ("new-folder", "c", ""),
    ]
    assert problems[3:] == [("remove", "b.txt", AFTER_CHAINED), ("new-version", "a.txt", "")]
