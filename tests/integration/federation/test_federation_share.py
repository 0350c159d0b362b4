"""Sharing folders across two real servers, both ways, directly and through the PrivMX
proxy (issue 6 §3, "Done when"): alice on A shares a 3-level folder with bob#B, bob
accepts it (checking alice in A's log) and reads the blocks from A; then bob shares
with alice. In the proxy case the test network cannot reach the other server directly
at all, so every step that succeeds went through the person's own home server."""

from __future__ import annotations

from pathlib import Path

import pytest
from federation_helpers import Blocked, Person, connector_for, files_of

from app.services.connection import Connector
from app.services.errors import ServerUnreachableError
from app.services.files.service import FileService
from app.services.sharing.inbox import InboxService
from app.services.sharing.service import SharingService

pytestmark = pytest.mark.integration

TREE = {"top.txt": b"top level", "a/mid.txt": b"middle", "a/b/deep.txt": b"three levels down"}


def write_tree(root: Path) -> Path:
    for relative, data in TREE.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    return root


def share_folder(owner: Person, recipient: Person, route: str, local: Path) -> None:
    connector, network = connector_for(owner, route, recipient)
    FileService(owner.session.channel, owner.session.vault).put([write_tree(local)], "/")
    grant = SharingService(owner.session, connector).share(f"/{local.name}", recipient.address)
    assert (grant.to, grant.access) == (recipient.address, "read")
    if network is not None:
        assert network.refused > 0  # the direct way to the recipient's server was closed


def accept_and_read(recipient: Person, owner: Person, route: str, name: str, out: Path) -> None:
    connector, network = connector_for(recipient, route, owner)
    inbox = InboxService(recipient.session, connector)
    view = inbox.read()
    assert view.rejected == []
    item = next(i for i in view.items if i.sender.address == owner.address and i.name == name)
    assert (item.type, item.access) == ("folder", "read")
    received = inbox.accept(item.message_id, name=f"{name}-from-{route}")
    files = files_of(recipient, connector)
    shared = f"/Shared/{received.name}"
    assert sorted(e.name for e in files.ls(shared)) == ["a", "top.txt"]
    assert [e.name for e in files.ls(f"{shared}/a/b")] == ["deep.txt"]
    out.mkdir()
    files.get(f"{shared}/a/b/deep.txt", out)
    files.get(f"{shared}/top.txt", out)
    assert (out / "deep.txt").read_bytes() == TREE["a/b/deep.txt"]
    assert (out / "top.txt").read_bytes() == TREE["top.txt"]
    if network is not None:
        assert network.refused > 0  # blocks and keys came through the home server's proxy


@pytest.mark.parametrize("route", ["direct", "proxy"])
def test_folders_are_shared_across_servers_both_ways(
    alice: Person, bob: Person, tmp_path: Path, route: str
) -> None:
    share_folder(alice, bob, route, tmp_path / f"AliceDocs{route}")
    accept_and_read(bob, alice, route, f"AliceDocs{route}", tmp_path / "bob-out")
    share_folder(bob, alice, route, tmp_path / f"BobDocs{route}")
    accept_and_read(alice, bob, route, f"BobDocs{route}", tmp_path / "alice-out")


def test_without_the_proxy_an_unreachable_server_fails_cleanly(
    alice: Person, bob: Person, tmp_path: Path
) -> None:
    """The same blocked network with the direct route: nothing is shared."""
    network = Blocked(alice.transport, bob.host)
    connector = Connector(transport=network, allow_http=True, route="direct")
    FileService(alice.session.channel, alice.session.vault).put(
        [write_tree(tmp_path / "Unsent")], "/"
    )
    sharing = SharingService(alice.session, connector)
    with pytest.raises(ServerUnreachableError):
        sharing.share("/Unsent", bob.address)
    assert all(g.path != "/Unsent" for g in sharing.shares().granted)
