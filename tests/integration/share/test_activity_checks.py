"""The activity log's checks against a malicious server (ACTIVITY.md §5), one test per
check, each with a server that passes every other check, so removing that one check
makes its test fail: an entry slipped in by someone who can only read the folder (the
writer's signature), entries reordered or one dropped from the middle (the chain), and
a change the server dropped from the folder while its entry stays (the listing head)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from server_harness import ServerProcess
from share_world import User, tree
from test_activity_log import _tamper, activity
from test_share_flows import share_and_accept

from app.services.files.activity.entries import (
    Entry,
    SignedEntry,
    decode_log,
    encode_log,
    log_key,
    open_sealed,
    seal,
)
from server_stub.server import DATABASE_FILE

NOT_A_WRITER = "not signed by a writer of this folder"
OUT_OF_ORDER = "doesn't match the folder's log: an entry before it was dropped or moved"
NOT_THIS_LISTING = "doesn't match the folder: the listing shown is not the one it made"


def _problems(user: User, path: str) -> list[tuple[str, str, str]]:
    return [(e.action, e.name, e.problem) for e in activity(user, path).entries]


def test_an_entry_from_someone_who_can_only_read_the_folder_is_flagged(
    alice: User, bob: User, server: ServerProcess, tmp_path: Path
) -> None:
    alice.files.put([tree(tmp_path / "Box", {"a.txt": b"a"})], "/")
    shared = share_and_accept(alice, bob, "/Box")  # bob may read, not write
    folder = alice.files.home.tree.folder("/Box")
    service, inner = bob.files.service_for(shared)
    readable = service.tree.folder(inner).key  # the xpub bob holds
    last = open_sealed(
        readable,
        decode_log(alice.files.home.tree.api.descriptor(log_key(folder.key).item_id).extra)[-1],
    )
    identity = bob.session.vault.identity_key.private_key
    assert identity is not None
    forged = Entry.new(folder.item_id, bob.address, "remove", "a.txt", at=1_765_000_000_000).after(
        last.entry.id
    )
    message = forged.signed_bytes()
    # bob signs as himself; he has no log key, so the writer's signature is his own too
    blob = seal(readable, SignedEntry(forged, identity.sign(message), identity.sign(message)))

    _tamper(
        server, log_key(folder.key).item_id, lambda extra: encode_log([*decode_log(extra), blob])
    )
    problems = _problems(alice, "/Box")
    assert problems[-1] == ("remove", "a.txt", NOT_A_WRITER)
    assert all(problem == "" for _action, _name, problem in problems[:-1])


def test_reordered_entries_and_one_dropped_from_the_middle_are_flagged(
    alice: User, server: ServerProcess, tmp_path: Path
) -> None:
    files = alice.files
    box = tree(tmp_path / "Box", {"a.txt": b"a"})
    files.put([box], "/")
    (box / "b.txt").write_bytes(b"b")
    files.put([box / "b.txt"], "/Box")  # alone: one entry per file (not one batch entry)
    files.put([tree(tmp_path / "v2", {"a.txt": b"a, version 2"}) / "a.txt"], "/Box")
    files.mkdir("/Box/c")
    log_id = log_key(files.home.tree.folder("/Box").key).item_id
    clean = _problems(alice, "/Box")
    assert clean == [
        ("upload", "a.txt", ""),
        ("upload", "b.txt", ""),
        ("new-version", "a.txt", ""),
        ("new-folder", "c", ""),
    ]

    def swap_first_two(extra: bytes) -> bytes:
        sealed = decode_log(extra)
        return encode_log([sealed[1], sealed[0], *sealed[2:]])

    _tamper(server, log_id, swap_first_two)
    swapped = _problems(alice, "/Box")
    problems = [problem for _action, _name, problem in swapped]
    assert problems[:4] == [OUT_OF_ORDER, OUT_OF_ORDER, OUT_OF_ORDER, ""]
    assert all("nobody signed" in problem for problem in problems[4:])  # their versions
    _tamper(server, log_id, swap_first_two)  # as it was
    assert _problems(alice, "/Box") == clean

    def drop_the_new_version(extra: bytes) -> bytes:
        sealed = decode_log(extra)
        return encode_log([*sealed[:2], *sealed[3:]])

    _tamper(server, log_id, drop_the_new_version)  # it changed no listing: no gap shows it
    dropped = _problems(alice, "/Box")
    assert dropped[:3] == [
        ("upload", "a.txt", ""),
        ("upload", "b.txt", ""),
        ("new-folder", "c", OUT_OF_ORDER),
    ]
    assert all("nobody signed" in problem for _action, _name, problem in dropped[3:])


def test_a_change_the_server_dropped_from_the_folder_while_its_entry_stays_is_flagged(
    alice: User, bob: User, server: ServerProcess, tmp_path: Path
) -> None:
    alice.files.put([tree(tmp_path / "Box", {"a.txt": b"a"})], "/")
    shared = share_and_accept(alice, bob, "/Box", write=True)
    folder_id = alice.files.home.tree.folder("/Box").item_id
    with sqlite3.connect(server.data_dir / DATABASE_FILE, timeout=30) as db:
        (before,) = db.execute(
            "SELECT seq FROM obj_descriptors WHERE id = ?", (folder_id,)
        ).fetchone()
    db.close()
    alice.files.put([tree(tmp_path / "x", {"x.txt": b"alice's"}) / "x.txt"], "/Box")

    # the server forgets alice's change to the folder (not her log entry), then bob
    # writes the same listing version number with his own change
    with sqlite3.connect(server.data_dir / DATABASE_FILE, timeout=30) as db:
        db.execute(
            "DELETE FROM obj_versions WHERE descriptor_id = ? AND seq > ?", (folder_id, before)
        )
        db.execute("UPDATE obj_descriptors SET seq = ? WHERE id = ?", (before, folder_id))
    db.close()
    bob.files.put([tree(tmp_path / "y", {"y.txt": b"bob's"}) / "y.txt"], shared)

    assert _problems(bob, shared) == [
        ("upload", "a.txt", ""),
        ("upload", "x.txt", NOT_THIS_LISTING),
        ("upload", "y.txt", ""),
    ]
