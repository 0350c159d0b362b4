"""Sharing between two users on one real server (issue 6 §2, §5): read shares of a
3-level tree, later additions, write shares, read-only refusal, unshare re-keying, and a
share that survives the recipient's account recovery."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from share_world import User, tree

from app.services import account
from app.services.account import creation
from app.services.account.inbox_keys import sink_id_of
from app.services.errors import NotFoundError
from app.services.files.errors import FilesUsageError
from app.services.sharing.errors import UntrustedRecipientError
from app.vault import KDF_FLOOR, Profile

pytestmark = pytest.mark.integration


def share_and_accept(owner: User, recipient: User, path: str, *, write: bool = False) -> str:
    owner.sharing().share(path, recipient.address, write=write)
    view = recipient.inbox().read()
    assert view.rejected == []
    item = next(i for i in view.items if i.sender.address == owner.address)
    received = recipient.inbox().accept(item.message_id)
    return f"/Shared/{received.name}"


def test_a_read_share_of_a_three_level_tree_and_items_added_later(
    alice: User, bob: User, tmp_path: Path
) -> None:
    local = tree(
        tmp_path / "Docs", {"top.txt": b"top", "a/mid.txt": b"mid", "a/b/deep.txt": b"deep"}
    )
    alice.files.put([local], "/")
    alice.sharing().share("/Docs", bob.address)

    view = bob.inbox().read()
    [item] = view.items
    assert (item.sender.address, item.name, item.type, item.access) == (
        alice.address,
        "Docs",
        "folder",
        "read",
    )
    assert len(item.sender.check_words) == 8
    assert bob.inbox().accept(item.message_id).name == "Docs"
    assert bob.inbox().read().items == []  # accepted: gone from the inbox

    files = bob.files
    assert [e.name for e in files.ls("/Shared")] == ["Docs"]
    assert [e.name for e in files.ls("/Shared/Docs")] == ["a", "top.txt"]
    assert [e.path for e in files.ls("/Shared/Docs/a/b")] == ["/Shared/Docs/a/b/deep.txt"]
    out = tmp_path / "out"
    out.mkdir()
    files.get("/Shared/Docs/a/b/deep.txt", out)
    assert (out / "deep.txt").read_bytes() == b"deep"

    later = tree(tmp_path / "later", {"new.txt": b"added after the share"})
    alice.files.put([later / "new.txt"], "/Docs/a/b/c")  # a new sub-folder too
    files.get("/Shared/Docs/a/b/c/new.txt", out)
    assert (out / "new.txt").read_bytes() == b"added after the share"

    with pytest.raises(FilesUsageError, match="read-only"):
        files.put([later / "new.txt"], "/Shared/Docs")
    with pytest.raises(FilesUsageError, match="read-only"):
        files.mkdir("/Shared/Docs/x")
    with pytest.raises(FilesUsageError, match="read-only"):
        files.remove("/Shared/Docs/top.txt")
    assert [e.name for e in alice.files.ls("/Docs")] == ["a", "top.txt"]

    state = alice.sharing().shares()
    assert [(g.path, g.to, g.access) for g in state.granted] == [("/Docs", bob.address, "read")]
    assert [(r.name, r.sender) for r in bob.sharing().shares().received] == [
        ("Docs", alice.address)
    ]


def test_a_write_share_lets_the_recipient_add_a_file_the_owner_sees(
    alice: User, bob: User, tmp_path: Path
) -> None:
    alice.files.mkdir("/Team")
    shared = share_and_accept(alice, bob, "/Team", write=True)
    note = tmp_path / "from-bob.txt"
    note.write_bytes(b"written by bob")
    assert bob.files.put([note], shared) == ["/Shared/Team/from-bob.txt"]
    bob.files.mkdir("/Shared/Team/sub")

    assert [e.name for e in alice.files.ls("/Team")] == ["from-bob.txt", "sub"]
    out = tmp_path / "out"
    out.mkdir()
    alice.files.get("/Team/from-bob.txt", out)
    assert (out / "from-bob.txt").read_bytes() == b"written by bob"


def test_unshare_rekeys_so_the_removed_recipient_cannot_read_new_content(
    alice: User, bob: User, new_user: Callable[..., User], tmp_path: Path
) -> None:
    carol = new_user("carol")
    tree(tmp_path / "Plans", {"old.txt": b"before", "inner/deep.txt": b"deep before"})
    alice.files.put([tmp_path / "Plans"], "/")
    bob_path = share_and_accept(alice, bob, "/Plans")
    carol_path = share_and_accept(alice, carol, "/Plans", write=True)
    old_id = alice.files.home.tree.resolve("/Plans").item_id

    done = alice.sharing().unshare("/Plans", bob.address)
    assert done.kept == (carol.address,) and done.failed == ()
    assert done.new_item_id != old_id
    new_text = tmp_path / "new.txt"
    new_text.write_bytes(b"after the unshare")
    alice.files.put([new_text], "/Plans/inner")

    with pytest.raises(NotFoundError, match="no longer shared"):
        bob.files.ls(bob_path)
    # the old objects are gone; nothing under the new keys is reachable from the old ones
    assert alice.session.channel.call("descriptorGet", ids=[old_id])["missing"] == [old_id]
    # the remaining recipient got the new key (a new share message) and still writes
    again = carol.inbox().read().items
    assert [(i.name, i.access) for i in again] == [("Plans", "write")]
    carol.inbox().accept(again[0].message_id)  # same sender, same name: replaces
    out = tmp_path / "out"
    out.mkdir()
    carol.files.get(f"{carol_path}/inner/new.txt", out)
    assert (out / "new.txt").read_bytes() == b"after the unshare"
    [grant] = alice.sharing().shares().granted
    assert (grant.to, grant.item_id, grant.access) == (carol.address, done.new_item_id, "write")
    assert [e.name for e in alice.files.ls("/Plans")] == ["inner", "old.txt"]


def test_a_received_share_survives_the_recipients_account_recovery(
    alice: User, bob: User, tmp_path: Path
) -> None:
    tree(tmp_path / "Kept", {"k.txt": b"kept"})
    alice.files.put([tmp_path / "Kept"], "/")
    share_and_accept(alice, bob, "/Kept")
    phrase = bob.session.vault.mnemonic
    recovered = account.recover(
        bob.address,
        phrase,
        "a new password",
        Profile(tmp_path / "bob-again"),
        bob.connector,
        now=time.time(),
        vault_kdf=KDF_FLOOR,
    )
    try:
        bob2 = User(bob.address, tmp_path / "bob-again", recovered, bob.connector)
        out = tmp_path / "out"
        out.mkdir()
        bob2.files.get("/Shared/Kept/k.txt", out)
        assert (out / "k.txt").read_bytes() == b"kept"
    finally:
        recovered.close()


def test_an_account_made_without_an_inbox_gets_one_and_can_then_receive(
    alice: User, new_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(creation, "with_default_inbox", lambda *a: a[3])  # an older client
    old = new_user("old")
    monkeypatch.undo()
    alice.files.mkdir("/Docs")
    with pytest.raises(UntrustedRecipientError, match="no inbox key"):
        alice.sharing().share("/Docs", old.address)

    old.inbox().ensure_default_inbox()  # a new keystore revision with the inbox key
    old.inbox().ensure_default_inbox()  # and nothing more the second time
    started = time.monotonic()
    assert old.inbox().wait(0.5) == {sink_id_of(old.session.vault): 0}  # nothing: times out
    assert time.monotonic() - started >= 0.4
    later = threading.Timer(0.5, alice.sharing().share, ("/Docs", old.address))
    later.start()
    started = time.monotonic()
    cursor = old.inbox().wait(20)  # long-poll: returns when the share arrives
    later.join()
    assert time.monotonic() - started < 10 and list(cursor.values()) == [1]
    assert [i.name for i in old.inbox().read().items] == ["Docs"]
