"""Writing into a folder shared with write access from another server (SHARING.md §6,
OBJECTS.md "Parent authorisation"): bob#B has no account on A, yet puts files and makes
folders in alice#A's folder, directly and through his home server's proxy with the
direct path closed; alice lists and downloads them, and they are charged to her. A read
share stays read-only, even to a hand-made request."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from federation_helpers import Person, connector_for, files_of
from server_harness import ServerProcess

from app.client.errors import RemoteCallError
from app.client.objects_api import ObjectsApi
from app.crypto import base58
from app.crypto.ecc import PrivateKey
from app.fs import FsUsageError, ShareReference
from app.services.files.errors import FilesUsageError
from app.services.files.service import FileService
from app.services.sharing.inbox import InboxService
from app.services.sharing.service import SharingService
from app.wire.objects import descriptor_signed_bytes, parent_signed_bytes, parent_window

pytestmark = pytest.mark.integration

BAD_SIGNATURE, LOGIN_REQUIRED = 2003, 1001


def share_with(owner: Person, recipient: Person, local: Path, *, write: bool) -> str:
    """alice puts `local` (a folder holding sub/) and shares it; returns its name."""
    (local / "sub").mkdir(parents=True)
    (local / "sub" / "hers.txt").write_bytes(b"alice's file")
    FileService(owner.session.channel, owner.session.vault).put([local], "/")
    grant = SharingService(owner.session, owner.direct()).share(
        f"/{local.name}", recipient.address, write=write
    )
    assert grant.access == ("write" if write else "read")
    return local.name


def accept(recipient: Person, owner: Person, name: str) -> str:
    inbox = InboxService(recipient.session, recipient.direct())
    item = next(
        i for i in inbox.read().items if i.sender.address == owner.address and i.name == name
    )
    return inbox.accept(item.message_id).name


def usage(person: Person) -> tuple[int, int]:
    info = person.session.channel.call("objectsInfo")
    return int(info["used_bytes"]), int(info["used_descriptors"])


@pytest.mark.parametrize("route", ["direct", "proxy"])
def test_bob_writes_into_alices_folder_on_her_server(
    alice: Person,
    make_person: Callable[[str, ServerProcess], Person],
    server_b: ServerProcess,
    tmp_path: Path,
    route: str,
) -> None:
    bob = make_person("writer", server_b)  # his own budget of proxy calls per minute
    name = share_with(alice, bob, tmp_path / f"Shared{route}{secrets.token_hex(2)}", write=True)
    shared = f"/Shared/{accept(bob, alice, name)}"
    connector, network = connector_for(bob, route, alice)
    bobs_files = files_of(bob, connector)
    small, large = tmp_path / "from-bob.txt", tmp_path / "big.bin"
    small.write_bytes(b"written by bob#B")
    large.write_bytes(secrets.token_bytes(1_300_000))  # two blocks: its own resumable transfer
    before = usage(alice)
    written = bobs_files.put([small, large], f"{shared}/sub")
    assert written == [f"{shared}/sub/from-bob.txt", f"{shared}/sub/big.bin"]
    bobs_files.mkdir(f"{shared}/sub/made-by-bob")  # a folder, then a file under it:
    bobs_files.put([small], f"{shared}/sub/made-by-bob")  # authorised by the new folder's key
    assert sorted(e.name for e in bobs_files.ls(f"{shared}/sub")) == [
        "big.bin",
        "from-bob.txt",
        "hers.txt",
        "made-by-bob",
    ]
    if network is not None:
        assert network.refused > 0  # A was never reached directly

    hers = FileService(alice.session.channel, alice.session.vault)
    assert sorted(e.name for e in hers.ls(f"/{name}/sub")) == [
        "big.bin",
        "from-bob.txt",
        "hers.txt",
        "made-by-bob",
    ]
    out = tmp_path / "alice-out"
    out.mkdir()
    hers.get(f"/{name}/sub/from-bob.txt", out)
    hers.get(f"/{name}/sub/big.bin", out)
    assert (out / "from-bob.txt").read_bytes() == small.read_bytes()
    assert (out / "big.bin").read_bytes() == large.read_bytes()
    assert [e.name for e in hers.ls(f"/{name}/sub/made-by-bob")] == ["from-bob.txt"]
    after = usage(alice)
    assert after[1] - before[1] == 5  # two files, a folder, a file in it, its activity log
    assert after[0] - before[0] > 1_300_000  # their blocks are charged to her quota too

    small.write_bytes(b"bob's second version")  # a new version of an existing file
    bobs_files.put([small], f"{shared}/sub")
    hers.get(f"/{name}/sub/from-bob.txt", out)
    assert (out / "from-bob.txt").read_bytes() == b"bob's second version"


def test_a_read_share_cannot_be_written_even_by_a_forged_request(
    alice: Person, bob: Person, tmp_path: Path
) -> None:
    name = share_with(alice, bob, tmp_path / f"ReadOnly{secrets.token_hex(2)}", write=False)
    shared = f"/Shared/{accept(bob, alice, name)}"
    bobs_files = files_of(bob, bob.direct())
    local = tmp_path / "nope.txt"
    local.write_bytes(b"should not land")
    with pytest.raises(FilesUsageError, match="read-only"):
        bobs_files.put([local], f"{shared}/sub")
    with pytest.raises(FilesUsageError, match="read-only"):
        bobs_files.mkdir(f"{shared}/sub/new")
    assert [e.name for e in bobs_files.ls(f"{shared}/sub")] == ["hers.txt"]


def test_forged_parent_authorisations_are_refused_by_the_server(
    alice: Person, bob: Person, tmp_path: Path
) -> None:
    """bob holds only the xpub of a read share: he cannot sign as the folder; any other
    key's signature, or none, is refused by A and nothing is created."""
    name = share_with(alice, bob, tmp_path / f"Forged{secrets.token_hex(2)}", write=False)
    inbox = InboxService(bob.session, bob.direct())
    item = next(i for i in inbox.read().items if i.name == name)
    reference = inbox.message(item.message_id).reference
    assert isinstance(reference, ShareReference)
    folder = reference.key
    assert not folder.can_write
    with pytest.raises(FsUsageError):
        folder.sign(b"anything")
    channel = bob.direct().connect(alice.host, bob.session.vault).channel  # not logged in on A
    api = ObjectsApi(channel)
    child = PrivateKey.generate()
    child_public = child.public_key.to_bytes()
    child_id = base58.address(child_public)
    forger = PrivateKey.generate()
    window = parent_window(api.session_info()[1])
    for signer in (forger, child):
        message = parent_signed_bytes("descriptorCreate", folder.item_id, child_id.encode(), window)
        with pytest.raises(RemoteCallError) as refused:
            channel.call(
                "descriptorCreate",
                id=child_id,
                public_key=child_public,
                blocks=b"",
                extra=b"x",
                signature=child.sign(descriptor_signed_bytes(child_id, (), b"x")),
                parent_id=folder.item_id,
                parent_window=window,
                parent_signature=signer.sign(message),
            )
        assert refused.value.code == BAD_SIGNATURE
        nonce, server_time = api.transfer_challenge(folder.item_id)
        w = parent_window(server_time)
        signed = signer.sign(parent_signed_bytes("transferOpen", folder.item_id, nonce, w))
        with pytest.raises(RemoteCallError) as refused:
            channel.call(
                "transferOpen",
                parent_id=folder.item_id,
                nonce=nonce,
                parent_window=w,
                parent_signature=signed,
            )
        assert refused.value.code == BAD_SIGNATURE
    own = child.sign(descriptor_signed_bytes(child_id, (), b"x"))
    with pytest.raises(RemoteCallError) as refused:  # and without any authorisation
        channel.call(
            "descriptorCreate",
            id=child_id,
            public_key=child_public,
            blocks=b"",
            extra=b"x",
            signature=own,
        )
    assert refused.value.code == LOGIN_REQUIRED
    assert api.descriptor(child_id) is None
