"""Parent-folder write grants through the real server process, with no login
(server_stub/OBJECTS.md "Parent authorisation"): a captured authorisation replayed inside
its time window, an authorisation or challenge of one folder used on another, and the
per-folder hourly cap (lowered through PRIVSHARE_OBJECTS_PARENT_RATE)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from server_harness import ServerProcess
from world import create_account

from app.client.channel import Channel
from app.client.discovery import discover
from app.client.errors import RemoteCallError
from app.client.transport import HttpTransport
from app.crypto import base58
from app.crypto.ecc import PrivateKey
from app.wire.objects import (
    block_id,
    descriptor_signed_bytes,
    join_block_ids,
    parent_signed_bytes,
    parent_window,
)

pytestmark = pytest.mark.integration

ID_TAKEN, BAD_SIGNATURE, LIMIT_EXCEEDED, CHALLENGE_UNKNOWN = 2002, 2003, 2007, 2011
RATE = 3


class Item:
    """A new descriptor's key pair and its signed create params."""

    def __init__(self) -> None:
        self.key = PrivateKey.generate()
        self.public = self.key.public_key.to_bytes()
        self.id = base58.address(self.public)

    def write(self, blocks: list[bytes], extra: bytes) -> dict[str, Any]:
        ids = [block_id(b) for b in blocks]
        signature = self.key.sign(descriptor_signed_bytes(self.id, ids, extra))
        return {
            "id": self.id,
            "blocks": join_block_ids(ids),
            "extra": extra,
            "signature": signature,
        }


def channel_to(server: ServerProcess, transport: HttpTransport) -> Channel:
    config = discover(server.host, transport)
    return Channel(transport, config.endpoint, config.server_key)


def remote_error(code: int, call: Callable[[], object]) -> None:
    with pytest.raises(RemoteCallError) as info:
        call()
    assert info.value.code == code, info.value.message


@pytest.fixture
def server(
    spawn_server: Callable[..., ServerProcess], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ServerProcess]:
    monkeypatch.setenv("PRIVSHARE_OBJECTS_PARENT_RATE", str(RATE))
    yield spawn_server(tmp_path / "grants-data", "--open-registration")


@pytest.fixture
def transport() -> Iterator[HttpTransport]:
    with HttpTransport() as t:
        yield t


def _create_params(parent: Item, child: Item, window: int | None = None) -> dict[str, Any]:
    window = parent_window(time.time()) if window is None else window
    signed = parent_signed_bytes("descriptorCreate", parent.id, child.id.encode(), window)
    return {
        "public_key": child.public,
        **child.write([], b"guest folder"),
        "parent_id": parent.id,
        "parent_window": window,
        "parent_signature": parent.key.sign(signed),
    }


def _folders(
    server: ServerProcess, transport: HttpTransport, tmp_path: Path
) -> tuple[Channel, Item, Item]:
    owner = create_account("owner", server, transport, tmp_path / "owner").session.channel
    first, second = Item(), Item()
    for folder in (first, second):
        owner.call("descriptorCreate", public_key=folder.public, **folder.write([], b"f"))
    return owner, first, second


def test_a_replayed_authorisation_creates_nothing_more(
    server: ServerProcess, transport: HttpTransport, tmp_path: Path
) -> None:
    owner, folder, _ = _folders(server, transport, tmp_path)
    guest = channel_to(server, transport)  # anonymous: the folder key is the authority
    child = Item()
    captured = _create_params(folder, child)
    guest.call("descriptorCreate", **captured)
    before = _usage(owner)
    remote_error(ID_TAKEN, lambda: guest.call("descriptorCreate", **captured))
    other = Item()  # the same signature cannot name another new item
    replayed = {**captured, "public_key": other.public, **other.write([], b"x")}
    remote_error(BAD_SIGNATURE, lambda: guest.call("descriptorCreate", **replayed))
    assert owner.call("descriptorGet", ids=[other.id])["missing"] == [other.id]
    assert _usage(owner) == before


def _usage(owner: Channel) -> dict[str, Any]:
    info: dict[str, Any] = owner.call("objectsInfo")
    return {key: value for key, value in info.items() if key != "server_time"}


def test_an_authorisation_of_one_folder_is_no_good_on_another(
    server: ServerProcess, transport: HttpTransport, tmp_path: Path
) -> None:
    owner, folder, other_folder = _folders(server, transport, tmp_path)
    guest = channel_to(server, transport)
    child = Item()
    moved = {**_create_params(folder, child), "parent_id": other_folder.id}
    remote_error(BAD_SIGNATURE, lambda: guest.call("descriptorCreate", **moved))
    nonce = guest.call("transferChallenge", parent_id=other_folder.id)["nonce"]
    window = parent_window(time.time())
    signed = parent_signed_bytes("transferOpen", folder.id, nonce, window)
    remote_error(
        CHALLENGE_UNKNOWN,
        lambda: guest.call(
            "transferOpen",
            parent_id=folder.id,
            parent_window=window,
            parent_signature=folder.key.sign(signed),
            nonce=nonce,
        ),
    )
    assert owner.call("descriptorGet", ids=[child.id])["missing"] == [child.id]


def test_the_hourly_cap_is_per_folder(
    server: ServerProcess, transport: HttpTransport, tmp_path: Path
) -> None:
    owner, folder, other_folder = _folders(server, transport, tmp_path)
    guest = channel_to(server, transport)
    for _ in range(RATE):
        guest.call("descriptorCreate", **_create_params(folder, Item()))
    over = Item()
    remote_error(
        LIMIT_EXCEEDED, lambda: guest.call("descriptorCreate", **_create_params(folder, over))
    )
    assert owner.call("descriptorGet", ids=[over.id])["missing"] == [over.id]
    guest.call("descriptorCreate", **_create_params(other_folder, Item()))  # its own budget
