"""ParentAuthorisedApi and GuestMode against a recording fake channel: what a guest
sends, and that the server's rules (OBJECTS.md) accept exactly those signatures."""

from __future__ import annotations

import secrets
from typing import Any

from app.client.objects_api import ObjectsApi
from app.crypto.bip32 import ExtendedKey
from app.fs import ItemKey
from app.services.files.parent_auth import GuestMode, ParentAuthorisedApi
from app.wire.objects import parent_signed_bytes, parent_window

SERVER_TIME = 1_700_000_000.0


class Recorder:
    def __init__(self, *, logged_in: bool) -> None:
        self.logged_in = logged_in
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.nonce = secrets.token_bytes(32)

    def call(self, method: str, **params: Any) -> Any:
        self.calls.append((method, params))
        if method == "objectsInfo":
            info: dict[str, Any] = {"server_time": SERVER_TIME}
            if self.logged_in:
                info["used_bytes"] = 0
            return info
        if method == "transferChallenge":
            return {"nonce": self.nonce, "expires": SERVER_TIME + 120, "server_time": SERVER_TIME}
        if method == "transferOpen":
            return {"transfer_id": b"t" * 16, "expires": SERVER_TIME + 3600}
        if method == "descriptorCreate":
            return {"seq": 1, "server_time": SERVER_TIME}
        raise AssertionError(method)


def folder_key() -> ItemKey:
    return ItemKey(ExtendedKey.from_seed(secrets.token_bytes(32)))


def test_guest_mode_asks_once_and_follows_the_servers_clock() -> None:
    channel = Recorder(logged_in=False)
    mode = GuestMode(ObjectsApi(channel), clock=lambda: SERVER_TIME - 1000)
    assert mode.is_guest and mode.is_guest
    assert mode.server_now() == SERVER_TIME
    assert [m for m, _ in channel.calls] == ["objectsInfo"]
    assert not GuestMode(ObjectsApi(Recorder(logged_in=True))).is_guest


def test_a_guest_signs_transfer_opens_and_creates_with_the_folders_key() -> None:
    channel, parent = Recorder(logged_in=False), folder_key()
    mode = GuestMode(ObjectsApi(channel), clock=lambda: SERVER_TIME + 5000)  # skewed
    api = ParentAuthorisedApi(ObjectsApi(channel), parent, mode)
    assert api.transfer_open() == b"t" * 16
    _, opened = channel.calls[-1]
    window = parent_window(SERVER_TIME)
    assert opened["parent_id"] == parent.item_id and opened["nonce"] == channel.nonce
    assert opened["parent_window"] == window
    message = parent_signed_bytes("transferOpen", parent.item_id, channel.nonce, window)
    assert parent.public().verifies(opened["parent_signature"], message)
    api.descriptor_create("1ChildId", b"\x02" * 33, (), b"x", b"s" * 64, b"t" * 16)
    _, created = channel.calls[-1]
    message = parent_signed_bytes("descriptorCreate", parent.item_id, b"1ChildId", window)
    assert created["parent_window"] == window  # the server's window, not the local clock's
    assert parent.public().verifies(created["parent_signature"], message)
    other = parent_signed_bytes("descriptorCreate", parent.item_id, b"1Other", window)
    assert not parent.public().verifies(created["parent_signature"], other)
