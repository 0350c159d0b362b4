"""Drop inboxes against the real server process (services/sharing/drops.py): a third
account sends without knowing the owner's name, the delivery is tagged with the label,
the server refuses deliveries after the expiry or over the size limit and the client
rejects them too, revoked ones refuse, a flood leaves the main inbox usable."""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from server_harness import ServerProcess
from share_world import User

from app.client.errors import RemoteCallError
from app.client.sinks_api import SinksApi
from app.crypto.ecc import PrivateKey
from app.services.errors import NotFoundError, ServiceError
from app.services.sharing.drops import DropService, parse_drop_address
from app.services.sharing.errors import InboxRefusedError
from app.wire.messages import encode_envelope, seal, seal_body
from app.wire.objects import block_id

pytestmark = pytest.mark.integration

QUOTA_EXCEEDED = 2107


def _file(folder: Path, name: str, size: int) -> Path:
    path = folder / name
    path.write_bytes(os.urandom(size))
    return path


def test_a_third_account_delivers_into_a_drop_inbox_and_revoking_refuses(
    alice: User, bob: User, new_user: Callable[..., User], tmp_path: Path
) -> None:
    carol = new_user("carol")
    drop = DropService(bob.session).create("tax papers")
    assert drop.address.startswith("drop:") and bob.address.partition("#")[0] not in drop.address
    assert str(parse_drop_address(drop.address)) == drop.address
    sent = _file(tmp_path, "receipt.pdf", 3000)
    carol.sharing().send(drop.address, [sent], "for the tax office")
    alice.sharing().send(bob.address, [_file(tmp_path, "direct.txt", 10)])

    view = bob.inbox().read()
    assert not view.rejected, [r.reason for r in view.rejected]
    by_name = {item.name: item for item in view.items}
    via_drop, direct = by_name["receipt.pdf"], by_name["direct.txt"]
    assert via_drop.sender.address == carol.address  # verified through the PKI
    assert view.drop_of(via_drop) is not None and view.drop_of(via_drop).label == "tax papers"
    assert view.drop_of(direct) is None
    [saved] = bob.inbox().save_files(via_drop.message_id, tmp_path / "out")
    assert saved.read_bytes() == sent.read_bytes()

    [listed] = DropService(bob.session).list()
    assert (listed.label, listed.address, listed.messages) == ("tax papers", drop.address, 0)
    DropService(bob.session).revoke("tax papers")
    assert DropService(bob.session).list() == []
    with pytest.raises(NotFoundError):
        carol.sharing().send(drop.address, [sent])
    assert [i.name for i in bob.inbox().read().items] == ["direct.txt"]


def test_the_server_refuses_deliveries_after_the_expiry_or_over_the_limit(
    bob: User, new_user: Callable[..., User], tmp_path: Path
) -> None:
    """The expiry and size limit are registered with the server: the sender hears at once,
    in one line, and nothing reaches the owner."""
    carol = new_user("carol")
    an_hour_ago = time.time() - 3600
    expired = DropService(bob.session, clock=lambda: an_hour_ago).create("old", expires_in=60)
    small = DropService(bob.session).create("small", max_bytes=1000)
    with pytest.raises(InboxRefusedError, match="has expired: ask its owner") as late:
        carol.sharing().send(expired.address, [_file(tmp_path, "late.bin", 10)])
    assert "\n" not in str(late.value)
    with pytest.raises(InboxRefusedError, match="larger than this drop inbox takes"):
        carol.sharing().send(small.address, [_file(tmp_path, "big.bin", 100_000)])
    carol.sharing().send(small.address, [_file(tmp_path, "fits.bin", 500)])

    view = bob.inbox().read()
    assert [item.name for item in view.items] == ["fits.bin"] and not view.rejected
    listed = {d.label: d for d in DropService(bob.session).list()}
    assert listed["small"].max_bytes == 1000 and listed["old"].expired(time.time())


def test_a_server_that_drops_the_limits_still_cannot_show_a_late_or_large_delivery(
    bob: User, new_user: Callable[..., User], tmp_path: Path, server: ServerProcess
) -> None:
    """The client never trusts the server: with the registered limits erased from the
    server's rows, the deliveries get in, and the owner's client rejects them."""
    carol = new_user("carol")
    an_hour_ago = time.time() - 3600
    expired = DropService(bob.session, clock=lambda: an_hour_ago).create("old", expires_in=60)
    small = DropService(bob.session).create("small", max_bytes=1000)
    with contextlib.closing(sqlite3.connect(server.data_dir / "privshare.sqlite", 30)) as rows:
        with rows:
            rows.execute(
                "UPDATE sink_sinks SET expires = NULL, max_bytes = NULL WHERE id IN (?, ?)",
                (expired.sink_id, small.sink_id),
            )
    carol.sharing().send(expired.address, [_file(tmp_path, "late.bin", 10)])
    carol.sharing().send(small.address, [_file(tmp_path, "big.bin", 3000)])
    carol.sharing().send(small.address, [_file(tmp_path, "fits.bin", 500)])

    view = bob.inbox().read()
    assert [item.name for item in view.items] == ["fits.bin"]
    reasons = " | ".join(r.reason for r in view.rejected)
    assert len(view.rejected) == 2
    assert "after the drop inbox expired" in reasons and "limit of 1000" in reasons
    with pytest.raises(ServiceError, match="rejected"):
        bob.inbox().save_files(view.rejected[0].message_id, tmp_path / "never")
    assert not (tmp_path / "never").exists()


@pytest.mark.slow  # its own server process with small limits
def test_a_flood_against_a_drop_inbox_leaves_the_main_inbox_usable(
    spawn_server: Callable[..., ServerProcess],
    new_user: Callable[..., User],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Made-up foreign senders with fresh keys fill only the unverified slice (issue 12),
    drop inboxes included; the owner's fellow users still get through to both inboxes."""
    monkeypatch.setenv("PRIVSHARE_SINKS_UNVERIFIED_MESSAGES", "5")
    server = spawn_server(tmp_path / "flood-data", "--open-registration")
    bob = new_user("bob", on=server)
    alice = new_user("alice", on=server)
    drop = parse_drop_address(DropService(bob.session).create("flooded").address)
    flooder = SinksApi(alice.connector.connect(server.host, alice.session.vault).channel)
    refused = 0
    for attempt in range(12):
        block = secrets.token_bytes(1024)
        envelope = seal(
            PrivateKey.generate(),
            f"x{attempt}#elsewhere.example",
            drop.sink_id,
            seal_body(drop.public_key, b"flood"),
            [block_id(block)],
            timestamp=int(time.time() * 1000),
        )
        try:
            flooder.post(drop.sink_id, encode_envelope(envelope), [block])
        except RemoteCallError as error:
            assert error.code == QUOTA_EXCEEDED, error.message
            refused += 1
    assert refused == 7, "the unverified slice takes 5 messages per inbox"
    note = _file(tmp_path, "note.txt", 100)
    alice.sharing().send(bob.address, [note])
    alice.sharing().send(str(drop), [note])
    view = bob.inbox().read()
    assert [item.sender.address for item in view.items] == [alice.address, alice.address]
    assert {view.drop_of(item) is None for item in view.items} == {True, False}


@pytest.mark.slow  # its own server process, started twice
def test_the_embedded_server_collects_a_long_expired_drop_inboxs_deliveries(
    spawn_server: Callable[..., ServerProcess], new_user: Callable[..., User], tmp_path: Path
) -> None:
    """Messages of a drop inbox whose expiry passed more than the grace period (30 days)
    ago are deleted by the embedded server's collector (each start, then hourly); the
    inbox itself stays."""
    data = tmp_path / "collect-data"
    server = spawn_server(data, "--open-registration")
    bob, carol = new_user("bob", on=server), new_user("carol", on=server)
    drop = DropService(bob.session).create("soon", expires_in=3600)
    carol.sharing().send(drop.address, [_file(tmp_path, "kept.bin", 100)])
    assert [item.name for item in bob.inbox().read().items] == ["kept.bin"]
    bob.session.close()
    carol.session.close()
    assert server.stop() == 0
    long_ago = time.time() - 31 * 86400  # as if the expiry passed 31 days ago
    database = data / "privshare.sqlite"
    with contextlib.closing(sqlite3.connect(database, 30)) as rows, rows:
        rows.execute("UPDATE sink_sinks SET expires = ? WHERE id = ?", (long_ago, drop.sink_id))

    spawn_server(data, "--open-registration")
    deadline = time.monotonic() + 60
    while True:
        with contextlib.closing(sqlite3.connect(database, 30)) as rows:
            kept = rows.execute(
                "SELECT messages, (SELECT COUNT(*) FROM sink_messages WHERE sink_id = ?) "
                "FROM sink_sinks WHERE id = ?",
                (drop.sink_id, drop.sink_id),
            ).fetchone()
        if kept == (0, 0) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert kept == (0, 0)  # the sink row is still there, its delivery is gone
