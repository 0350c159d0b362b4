"""A group's blocks and descriptors in one exchange (`Channel.call_many`,
`ObjectsApi.put_and_create`; OBJECTS.md "Blocks and descriptors in one exchange")
through the real server process: one request, all of the group or none of it, and the
access rules of the two methods it carries."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from server_harness import ServerProcess
from world import Account

from app.client.channel import Channel
from app.client.discovery import discover
from app.client.errors import RemoteCallError
from app.client.objects_api import (
    BadSignatureError,
    IdMismatchError,
    NewDescriptor,
    ObjectsApi,
    QuotaExceededError,
    TransferUnknownError,
)
from app.client.transport import HttpTransport
from app.crypto import base58
from app.crypto.ecc import PrivateKey
from app.wire.objects import block_id, descriptor_signed_bytes

pytestmark = pytest.mark.integration

LOGIN_REQUIRED, INVALID_PARAMS = 1001, -32602


def new_file(data: bytes) -> NewDescriptor:
    """A descriptor of one block, signed by a fresh item key."""
    key = PrivateKey.generate()
    public = key.public_key.to_bytes()
    item_id = base58.address(public)
    ids = (block_id(data),)
    extra = secrets.token_bytes(40)
    return NewDescriptor(
        item_id, public, ids, extra, key.sign(descriptor_signed_bytes(item_id, ids, extra))
    )


def group(count: int, size: int = 4096) -> tuple[list[tuple[bytes, bytes]], list[NewDescriptor]]:
    data = [secrets.token_bytes(size) for _ in range(count)]
    return [(block_id(d), d) for d in data], [new_file(d) for d in data]


def counting_posts(transport: HttpTransport, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Grows by one per HTTP request the transport sends."""
    posts: list[int] = []
    send = transport.post_parts

    def counted(url: str, parts: Any) -> bytes:
        posts.append(1)
        return send(url, parts)

    monkeypatch.setattr(transport, "post_parts", counted)
    return posts


def anonymous(server: ServerProcess, transport: HttpTransport) -> Channel:
    config = discover(server.host, transport)
    return Channel(transport, config.endpoint, config.server_key)


def missing(server: ServerProcess, transport: HttpTransport, items: list[NewDescriptor]) -> bool:
    """Whether the server has none of `items`."""
    answer = anonymous(server, transport).call("descriptorGet", ids=[i.id for i in items])
    return bool(answer["missing"] == [i.id for i in items])


def test_call_many_answers_each_call_in_order_in_one_request(
    server: ServerProcess, transport: HttpTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel = anonymous(server, transport)
    channel.call("objectsInfo")  # the first tickets
    posts = counting_posts(transport, monkeypatch)
    info, refused, again = channel.call_many(
        [("objectsInfo", {}), ("descriptorGet", {"ids": ["not an id"]}), ("objectsInfo", {})]
    )
    assert len(posts) == 1
    assert info["max_blocks_per_put"] == again["max_blocks_per_put"] == 16
    assert isinstance(refused, RemoteCallError) and refused.code == INVALID_PARAMS
    with pytest.raises(ValueError):
        channel.call_many([("objectsInfo", {})] * 65)  # the server's limit per exchange


def test_a_group_goes_up_in_one_request_and_is_readable(
    new_account: Callable[..., Account],
    server: ServerProcess,
    transport: HttpTransport,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = ObjectsApi(new_account("ex").session.channel)
    assert api.max_creates() == 64
    transfer = api.transfer_open()
    blocks, items = group(64)
    posts = counting_posts(transport, monkeypatch)
    api.put_and_create(transfer, blocks, items)
    assert len(posts) == 1, "4 blockPutMany and a descriptorCreateMany in one exchange"
    found, absent = api.descriptor_get([i.id for i in items])
    assert not absent and all(found[i.id].signature == i.signature for i in items)
    for (bid, data), item in zip(blocks, items, strict=True):
        assert api.block_get(item.id, bid) == data
    assert api.usage().used_descriptors == 64


def test_a_bad_block_or_signature_in_the_middle_leaves_nothing(
    new_account: Callable[..., Account], server: ServerProcess, transport: HttpTransport
) -> None:
    api = ObjectsApi(new_account("ex").session.channel)
    transfer = api.transfer_open()
    blocks, items = group(5)
    forged = [*blocks[:2], (blocks[2][0], blocks[2][1] + b"!"), *blocks[3:]]
    with pytest.raises(IdMismatchError):
        api.put_and_create(transfer, forged, items)
    assert missing(server, transport, items)
    assert api.transfer_status(transfer) == (), "no block of the refused group is recorded"
    spoiled = [*items[:2], replace(items[2], signature=items[3].signature), *items[3:]]
    with pytest.raises(BadSignatureError):
        api.put_and_create(transfer, blocks, spoiled)
    assert missing(server, transport, items)
    api.put_and_create(transfer, blocks, items)  # the same group, unspoiled: all of it
    assert api.usage().used_descriptors == 5


def test_a_quota_overflow_in_the_middle_leaves_nothing(
    spawn_server: Callable[..., ServerProcess],
    new_account: Callable[..., Account],
    tmp_path: Any,
    transport: HttpTransport,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRIVSHARE_OBJECTS_QUOTA", str(10 * 4096))
    monkeypatch.setenv("PRIVSHARE_OBJECTS_MAX_DESCRIPTORS", "8")
    small = spawn_server(tmp_path / "quota-data", "--open-registration")
    api = ObjectsApi(new_account("ex", on=small).session.channel)
    transfer = api.transfer_open()
    blocks, items = group(12)  # the 11th block passes the bytes quota
    with pytest.raises(QuotaExceededError):
        api.put_and_create(transfer, blocks, items)
    assert missing(small, transport, items)
    assert api.transfer_status(transfer) == ()
    assert (api.usage().used_bytes, api.usage().used_descriptors) == (0, 0)
    blocks, items = group(9)  # bytes fit, the 9th descriptor passes the count quota
    with pytest.raises(QuotaExceededError):
        api.put_and_create(transfer, blocks, items)
    assert missing(small, transport, items)
    api.transfer_close(transfer)  # what the refused group left in the transfer goes too
    assert (api.usage().used_bytes, api.usage().used_descriptors) == (0, 0)
    transfer = api.transfer_open()
    api.put_and_create(transfer, blocks[:8], items[:8])
    assert api.usage().used_descriptors == 8


def test_the_exchange_keeps_the_access_rules_of_its_requests(
    new_account: Callable[..., Account], server: ServerProcess, transport: HttpTransport
) -> None:
    alice = ObjectsApi(new_account("alice").session.channel)
    bob = ObjectsApi(new_account("bob").session.channel)
    transfer = alice.transfer_open()
    blocks, items = group(3)
    with pytest.raises(TransferUnknownError):
        bob.put_and_create(transfer, blocks, items)  # another user's transfer
    assert missing(server, transport, items)
    stranger = ObjectsApi(anonymous(server, transport))
    with pytest.raises(RemoteCallError) as refused:
        stranger.put_and_create(transfer, blocks, items)  # no login at all
    assert refused.value.code == LOGIN_REQUIRED
    assert missing(server, transport, items)
    assert alice.transfer_status(transfer) == ()
    alice.put_and_create(transfer, blocks, items)
    assert not missing(server, transport, items[:1])
