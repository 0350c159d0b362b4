"""A server that keeps old rows and messages cannot put a superseded share back
(SHARING.md §4 "Freshness"): after an unshare re-keyed a folder, the server restores the
old folder's objects and the recipient's old share message from a snapshot of its own
database and block files. The recipient's client refuses the replayed message (it is not
newer than the share it would replace, and the re-key message named it as replaced),
and that knowledge lives in the settings item, so it survives a recovery."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from server_harness import ServerProcess
from share_world import User, tree

from app.services import account
from app.services.sharing.errors import ReplayedShareError
from app.vault import KDF_FLOOR, Profile

pytestmark = pytest.mark.integration

RESTORED_WITH_ROWS = {"obj_versions": "descriptor_id", "obj_links": "descriptor_id"}


@dataclass
class Snapshot:
    """The server's message and object rows and its block files at one moment."""

    rows: dict[str, list[tuple[Any, ...]]]
    blocks: Path

    @classmethod
    def take(cls, server: ServerProcess, where: Path) -> Snapshot:
        tables = ["sink_messages", "obj_descriptors", "obj_blocks", *RESTORED_WITH_ROWS]
        with closing(_database(server)) as db:
            rows = {name: db.execute(f"SELECT * FROM {name}").fetchall() for name in tables}
        shutil.copytree(server.data_dir / "blocks", where)
        return cls(rows, where)

    def put_back(self, server: ServerProcess) -> None:
        """What a malicious server does: every row deleted since comes back (the rows
        that still exist, e.g. the recipient's settings item, are left alone)."""
        with closing(_database(server)) as db, db:
            present = {row[0] for row in db.execute("SELECT id FROM obj_descriptors")}
            restored = {row[0] for row in self.rows["obj_descriptors"]} - present
            for name, rows in self.rows.items():
                if name in RESTORED_WITH_ROWS:
                    rows = [row for row in rows if row[0] in restored]
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    db.executemany(f"INSERT OR IGNORE INTO {name} VALUES ({marks})", rows)
        shutil.copytree(self.blocks, server.data_dir / "blocks", dirs_exist_ok=True)


def _database(server: ServerProcess) -> sqlite3.Connection:
    return sqlite3.connect(server.data_dir / "privshare.sqlite", timeout=30)


def test_a_replayed_share_cannot_take_a_rekeyed_folder_back(
    server: ServerProcess, alice: User, bob: User, new_user: Callable[..., User], tmp_path: Path
) -> None:
    carol = new_user("carol")
    tree(tmp_path / "Plans", {"plan.txt": b"the plan before"})
    alice.files.put([tmp_path / "Plans"], "/")
    old_id = alice.files.home.tree.resolve("/Plans").item_id
    alice.sharing().share("/Plans", bob.address)
    alice.sharing().share("/Plans", carol.address)
    snapshot = Snapshot.take(server, tmp_path / "snapshot-blocks")
    [first] = bob.inbox().read().items
    bob.inbox().accept(first.message_id)

    done = alice.sharing().unshare("/Plans", carol.address)  # bob gets the new key
    [rekeyed] = bob.inbox().read().items
    assert rekeyed.body.replaces == old_id
    assert bob.inbox().accept(rekeyed.message_id).name == "Plans"
    now = tmp_path / "now"
    tree(now, {"plan.txt": b"the plan after"})
    alice.files.put([now / "plan.txt"], "/Plans")

    snapshot.put_back(server)
    assert alice.session.channel.call("descriptorGet", ids=[old_id])["missing"] == []
    [replayed] = bob.inbox().read().items  # a genuine, verified, old message
    assert (replayed.sender.address, replayed.reference and replayed.reference.item_id) == (
        alice.address,
        old_id,
    )
    for name in (None, "Plans (old)"):
        with pytest.raises(ReplayedShareError, match=r"^tampering detected: .* replayed"):
            bob.inbox().accept(replayed.message_id, name=name)
    [kept] = bob.sharing().shares().received
    assert kept.item_id == done.new_item_id
    out = tmp_path / "out"
    out.mkdir()
    bob.files.get("/Shared/Plans/plan.txt", out)
    assert (out / "plan.txt").read_bytes() == b"the plan after"

    recovered = account.recover(
        bob.address,
        bob.session.vault.mnemonic,
        "new password",
        Profile(tmp_path / "bob-2"),
        bob.connector,
        now=time.time(),
        vault_kdf=KDF_FLOOR,
    )
    try:
        bob_again = User(bob.address, tmp_path / "bob-2", recovered, bob.connector)
        [still] = bob_again.inbox().read().items
        with pytest.raises(ReplayedShareError, match="replayed"):
            bob_again.inbox().accept(still.message_id)
    finally:
        recovered.close()
