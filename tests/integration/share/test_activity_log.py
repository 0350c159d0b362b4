"""The activity log against a real server process (app/services/files/activity/ACTIVITY.md):
every change the services make is logged in its folder, signed by its writer; a second
user writing into a shared folder shows up with their own name, verified against the key
log; a server that edits, replays or drops an entry (changed directly in its database)
is caught, entry by entry."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from server_harness import ServerProcess
from share_world import User, tree
from test_share_flows import share_and_accept

from app.crypto.ecc import PublicKey
from app.services import pki
from app.services.files.activity.entries import decode_log, encode_log, log_key
from app.services.files.activity.reader import FolderActivity, read_activity
from app.services.sharing.router import FileRouter
from app.services.trash.service import TrashService
from server_stub.server import DATABASE_FILE

pytestmark = pytest.mark.integration


def identities(reader: User) -> Callable[[str], PublicKey]:
    def identity_of(author: str) -> PublicKey:
        return pki.whois(
            author,
            connector=reader.connector,
            pins=reader.session.vault,
            checkpoints=reader.session.vault,
        ).identity_key

    return identity_of


def activity(user: User, path: str) -> FolderActivity:
    files = FileRouter(user.session.channel, user.session.vault)
    service, inner = files.service_for(path)
    return read_activity(service.tree, service.tree.folder(inner), identities(user))


def rows(log: FolderActivity) -> list[tuple[str, str, str, str]]:
    return [(e.author, e.action, e.name, e.target) for e in log.entries]


def test_every_change_is_logged_and_a_second_writer_shows_up(
    alice: User, bob: User, tmp_path: Path
) -> None:
    local = tree(tmp_path / "Team", {"plan.txt": b"v1"})
    files = alice.files
    files.put([local], "/")
    (local / "plan.txt").write_bytes(b"version two")
    files.put([local / "plan.txt"], "/Team")
    files.mkdir("/Team/old")
    files.move("/Team/plan.txt", "/Team/plan-2026.txt")
    files.move("/Team/plan-2026.txt", "/Team/old")
    files.put([tree(tmp_path / "x", {"scratch.txt": b"x"}) / "scratch.txt"], "/Team")
    TrashService(files.home).discard("/Team/scratch.txt")

    shared = share_and_accept(alice, bob, "/Team", write=True)
    bob.files.put([tree(tmp_path / "bob", {"notes.txt": b"from bob"}) / "notes.txt"], shared)
    bob.files.remove(f"{shared}/old/plan-2026.txt")

    me, him = alice.address, bob.address
    log = activity(alice, "/Team")
    assert rows(log) == [
        (me, "upload", "plan.txt", ""),
        (me, "new-version", "plan.txt", ""),
        (me, "new-folder", "old", ""),
        (me, "rename", "plan.txt", "plan-2026.txt"),
        (me, "move-out", "plan-2026.txt", "/Team/old"),
        (me, "upload", "scratch.txt", ""),
        (me, "trash", "scratch.txt", ""),
        (him, "upload", "notes.txt", ""),
    ]
    assert all(e.verified for e in log.entries) and log.signed_by_writer
    assert log.entries[1].version == 2
    assert rows(activity(alice, "/Team/old")) == [
        (me, "move-in", "plan-2026.txt", "/Team/plan-2026.txt"),
        (him, "remove", "plan-2026.txt", ""),
    ]
    assert rows(activity(bob, shared)) == rows(log)  # the same log, read with the share's key
    root = rows(activity(alice, "/"))
    assert root[0] == (me, "new-folder", "Team", "")
    assert root[-1] == (me, "share", "Team", f"{him} (write)")
    assert all(e.verified for e in activity(bob, shared).entries)


def _tamper(server: ServerProcess, descriptor_id: str, change: Callable[[bytes], bytes]) -> None:
    """Rewrite the current version of a stored object, as a malicious server would."""
    with sqlite3.connect(server.data_dir / DATABASE_FILE, timeout=30) as db:
        (seq,) = db.execute(
            "SELECT seq FROM obj_descriptors WHERE id = ?", (descriptor_id,)
        ).fetchone()
        (extra,) = db.execute(
            "SELECT extra FROM obj_versions WHERE descriptor_id = ? AND seq = ?",
            (descriptor_id, seq),
        ).fetchone()
        db.execute(
            "UPDATE obj_versions SET extra = ? WHERE descriptor_id = ? AND seq = ?",
            (change(bytes(extra)), descriptor_id, seq),
        )
    db.close()


def test_a_server_that_edits_replays_or_drops_entries_is_flagged(
    alice: User, server: ServerProcess, tmp_path: Path
) -> None:
    files = alice.files
    box = tree(tmp_path / "Box", {"a.txt": b"a"})
    files.put([box], "/")
    (box / "b.txt").write_bytes(b"b")
    files.put([box / "b.txt"], "/Box")  # alone: one entry per file (not one batch entry)
    files.mkdir("/Box/c")
    log_id = log_key(files.home.tree.folder("/Box").key).item_id
    clean = activity(alice, "/Box")
    assert [(e.action, e.name) for e in clean.entries] == [
        ("upload", "a.txt"),
        ("upload", "b.txt"),
        ("new-folder", "c"),
    ]
    assert all(e.verified for e in clean.entries)
    count = len(clean.entries)

    def flip_in_second(extra: bytes) -> bytes:
        sealed = decode_log(extra)
        sealed[1] = sealed[1][:20] + bytes([sealed[1][20] ^ 1]) + sealed[1][21:]
        return encode_log(sealed)

    _tamper(server, log_id, flip_in_second)
    edited = activity(alice, "/Box")
    assert [e.verified for e in edited.entries[:count]] == [True] + [False] + [True] * (count - 2)
    assert "does not open with this folder's key" in edited.entries[1].problem
    assert not edited.signed_by_writer

    def replay_first(extra: bytes) -> bytes:
        sealed = decode_log(extra)
        return encode_log([*sealed, sealed[0]])

    _tamper(server, log_id, replay_first)
    replayed = activity(alice, "/Box")
    assert replayed.entries[count].problem == "a copy of an earlier entry (replayed)"

    def drop_last(extra: bytes) -> bytes:
        return encode_log(decode_log(extra)[: count - 1])

    _tamper(server, log_id, drop_last)
    dropped = activity(alice, "/Box")
    gaps = [e for e in dropped.entries if "nobody signed" in e.problem]
    assert len(gaps) >= 1 and not any(e.verified for e in gaps)
