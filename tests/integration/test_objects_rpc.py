"""File objects through the real server process and a Channel (server_stub/OBJECTS.md)."""

from __future__ import annotations

import random
import secrets
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from server_harness import ServerProcess

from app.client.channel import Channel
from app.client.discovery import discover
from app.client.errors import RemoteCallError
from app.client.objects_api import ObjectsApi
from app.client.transport import HttpTransport
from app.crypto import base58, kdf, srp
from app.crypto.ecc import PrivateKey
from app.wire.objects import (
    BLAKE3,
    block_id,
    delete_signed_bytes,
    descriptor_signed_bytes,
    join_block_ids,
    split_block_ids,
)

pytestmark = pytest.mark.integration

NOT_FOUND, CAS_MISMATCH, QUOTA_EXCEEDED, TRANSFER_UNKNOWN, BLOCK_MISSING, ID_MISMATCH = (
    2001,
    2004,
    2006,
    2008,
    2009,
    2010,
)
ID_TAKEN, BAD_SIGNATURE = 2002, 2003
LOGIN_REQUIRED, INVALID_PARAMS = 1001, -32602
MAX_BLOCK, MAX_BYTES_PER_PUT = 4 * 2**20 + 4096, 16 * (2**20 + 4096)
OBJECT_METHODS = (
    "objectsInfo transferOpen blockPut blockPutMany transferStatus transferClose descriptorCreate "
    "descriptorCreateMany descriptorUpdate descriptorDelete descriptorLock descriptorUnlock "
    "descriptorGet descriptorHistory blockGet blockGetMany"
).split()


def channel_to(server: ServerProcess, transport: HttpTransport) -> Channel:
    config = discover(server.host, transport)
    return Channel(transport, config.endpoint, config.server_key)


def logged_in(
    server: ServerProcess, transport: HttpTransport
) -> tuple[Channel, Callable[[], Channel]]:
    """A new user's logged-in channel, and a way to open another (a reconnect)."""
    name, device = f"obj-{secrets.token_hex(4)}", PrivateKey.generate()
    group, salt, kdf_salt = srp.RFC5054_2048, secrets.token_bytes(16), secrets.token_bytes(16)
    secret = kdf.pbkdf2_sha512(unicodedata.normalize("NFC", "pw").encode(), kdf_salt, 210_000, 32)
    verifier = srp.make_verifier(group, name.encode(), secret, salt)
    channel_to(server, transport).call(
        "register",
        username=name,
        group=group.name,
        salt=salt,
        verifier=group.pad(verifier),
        kdf={"algorithm": "PBKDF2-SHA512", "iterations": 210_000, "salt": kdf_salt},
        login_key=device.public_key.to_bytes(),
    )

    def reconnect() -> Channel:
        channel = channel_to(server, transport)
        channel.login_key(device, name)
        return channel

    return reconnect(), reconnect


class Item:
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


def put_all(channel: Channel, blocks: list[bytes]) -> bytes:
    transfer_id: bytes = channel.call("transferOpen")["transfer_id"]
    for data in blocks:
        answer = channel.call("blockPut", transfer_id=transfer_id, id=block_id(data), data=data)
        assert answer["id"] == block_id(data)
    return transfer_id


def ids_of(blocks: list[bytes]) -> bytes:
    return join_block_ids([block_id(b) for b in blocks])


def remote_error(code: int, call: Callable[[], object]) -> RemoteCallError:
    with pytest.raises(RemoteCallError) as info:
        call()
    assert info.value.code == code, info.value.message
    return info.value


def test_descriptor_life_cycle(server: ServerProcess, transport: HttpTransport) -> None:
    alice, _ = logged_in(server, transport)
    item, blocks = Item(), [secrets.token_bytes(70_000), secrets.token_bytes(10)]
    transfer = put_all(alice, blocks)
    created = alice.call(
        "descriptorCreate",
        public_key=item.public,
        transfer_id=transfer,
        **item.write(blocks, b"v1"),
    )
    assert created["seq"] == 1
    anonymous = channel_to(server, transport)  # reads and signed writes need no login
    [record] = anonymous.call("descriptorGet", ids=[item.id], include_blocks=1)["descriptors"]
    assert record["public_key"] == item.public and record["extra"] == b"v1"
    assert split_block_ids(record["blocks"]) == tuple(block_id(b) for b in blocks)
    assert record["block_data"] == [blocks[0]]
    got = anonymous.call("blockGet", descriptor_id=item.id, block_id=block_id(blocks[1]))
    assert got["data"] == blocks[1]

    update = item.write(blocks[:1], b"v2")
    v2 = anonymous.call("descriptorUpdate", previous_signature=record["signature"], **update)
    assert v2["seq"] == 2
    stale = item.write([], b"v2 from a writer who read v1")
    remote_error(
        CAS_MISMATCH,
        lambda: anonymous.call("descriptorUpdate", previous_signature=record["signature"], **stale),
    )
    history = anonymous.call("descriptorHistory", id=item.id)
    assert [v["extra"] for v in history["versions"]] == [b"v1"] and history["more"] is False
    restore = item.write(blocks, b"v1 restored")  # blocks of a kept version: no upload
    anonymous.call("descriptorUpdate", previous_signature=update["signature"], **restore)

    other = Item()
    alice.call("descriptorCreate", public_key=other.public, **other.write([], b""))
    remote_error(
        NOT_FOUND,
        lambda: anonymous.call("blockGet", descriptor_id=other.id, block_id=block_id(blocks[0])),
    )
    remote_error(
        BLOCK_MISSING,
        lambda: anonymous.call(
            "descriptorUpdate",
            previous_signature=restore["signature"],
            **item.write([secrets.token_bytes(5)], b"never uploaded"),
        ),
    )

    signature = item.key.sign(delete_signed_bytes(item.id, restore["signature"]))
    assert anonymous.call("descriptorDelete", id=item.id, signature=signature) is True
    answer = anonymous.call("descriptorGet", ids=[item.id, other.id])
    assert answer["missing"] == [item.id] and len(answer["descriptors"]) == 1
    remote_error(
        NOT_FOUND,
        lambda: anonymous.call("blockGet", descriptor_id=item.id, block_id=block_id(blocks[0])),
    )


def test_descriptor_get_answers_unchanged_for_known_signatures(
    server: ServerProcess, transport: HttpTransport
) -> None:
    """`known` (OBJECTS.md): an id whose current signature is the one sent is listed as
    unchanged instead of returned; another signature, nil, or an update makes the record
    come back; a request without `known` is answered as before (old clients)."""
    alice, _ = logged_in(server, transport)
    same, moved, fresh, gone = Item(), Item(), Item(), Item()
    written = {}
    for item in (same, moved, fresh):
        written[item.id] = item.write([], b"v1")
        alice.call("descriptorCreate", public_key=item.public, **written[item.id])
    anonymous = channel_to(server, transport)
    ids = [same.id, moved.id, fresh.id, gone.id]
    v1 = {i: written[i]["signature"] for i in written}
    update = moved.write([], b"v2")
    anonymous.call("descriptorUpdate", previous_signature=v1[moved.id], **update)

    known = [v1[same.id], v1[moved.id], None, secrets.token_bytes(64)]
    answer = anonymous.call("descriptorGet", ids=ids, known=known)
    assert answer["unchanged"] == [same.id]
    assert [r["id"] for r in answer["descriptors"]] == [moved.id, fresh.id]
    assert answer["descriptors"][0]["extra"] == b"v2" and answer["missing"] == [gone.id]
    everything = anonymous.call("descriptorGet", ids=ids)
    assert "unchanged" not in everything and len(everything["descriptors"]) == 3
    all_known = anonymous.call("descriptorGet", ids=[same.id], known=[v1[same.id]])
    assert all_known == {"descriptors": [], "missing": [], "deferred": [], "unchanged": [same.id]}
    for bad in ([v1[same.id]], [b"short"], [v1[same.id]] * 5, "nope", [7, 7, 7, 7]):
        with pytest.raises(RemoteCallError) as refused:
            anonymous.call("descriptorGet", ids=ids, known=bad)
        assert refused.value.code == INVALID_PARAMS, bad
    for bad_id in ("0OIl" * 8, 7, "short"):  # each named by its place in the list
        with pytest.raises(RemoteCallError) as refused:
            anonymous.call("descriptorGet", ids=[same.id, bad_id])
        assert refused.value.code == INVALID_PARAMS and "ids[1]" in refused.value.message


class CountingCaller:
    """A channel that counts its calls of each method."""

    def __init__(self, channel: Channel) -> None:
        self.channel, self.calls = channel, Counter[str]()

    def call(self, method: str, **params: Any) -> Any:
        self.calls[method] += 1
        return self.channel.call(method, **params)


@pytest.mark.parametrize(("max_ids", "requests"), [(None, 1), ("256", 3)])
def test_descriptor_get_takes_1024_ids_and_an_older_server_is_asked_in_pieces(
    request: pytest.FixtureRequest,
    transport: HttpTransport,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    max_ids: str | None,
    requests: int,
) -> None:
    """600 ids: one request to this server; to a server that takes 256 (as before issue
    14), a refused request and then pieces of 256, with the same answer."""
    if max_ids is None:
        server: ServerProcess = request.getfixturevalue("server")
    else:
        monkeypatch.setenv("PRIVSHARE_OBJECTS_MAX_IDS", max_ids)
        server = request.getfixturevalue("spawn_server")(tmp_path / "data", "--open-registration")
    alice, _ = logged_in(server, transport)
    present, known = Item(), Item()
    for item in (present, known):
        alice.call("descriptorCreate", public_key=item.public, **item.write([], b"v1"))
    signature = alice.call("descriptorGet", ids=[known.id])["descriptors"][0]["signature"]
    ids = [present.id, known.id] + [Item().id for _ in range(598)]
    counting = CountingCaller(channel_to(server, transport))
    api = ObjectsApi(counting)
    found, missing, unchanged = api.descriptor_get_changed(ids, {known.id: signature})
    assert set(found) == {present.id} and unchanged == {known.id}
    assert missing == set(ids[2:])
    assert counting.calls["descriptorGet"] == requests + (max_ids is not None)
    found, missing = api.descriptor_get(ids)  # the limit is remembered: no refusal again
    assert set(found) == {present.id, known.id} and missing == set(ids[2:])
    assert counting.calls["descriptorGet"] == 2 * requests + (max_ids is not None)


def test_transfer_resumes_after_a_reconnect(
    server: ServerProcess, transport: HttpTransport
) -> None:
    first, reconnect = logged_in(server, transport)
    blocks = [secrets.token_bytes(1000) for _ in range(4)]
    transfer = put_all(first, blocks[:2])
    remote_error(
        LOGIN_REQUIRED,
        lambda: channel_to(server, transport).call("transferStatus", transfer_id=transfer),
    )
    second = reconnect()
    status = second.call("transferStatus", transfer_id=transfer)
    received = set(split_block_ids(status["blocks"]))
    assert received == {block_id(b) for b in blocks[:2]}
    for data in blocks:
        if block_id(data) not in received:
            second.call("blockPut", transfer_id=transfer, id=block_id(data), data=data)
    item = Item()
    second.call(
        "descriptorCreate",
        public_key=item.public,
        transfer_id=transfer,
        **item.write(blocks, b"resumed"),
    )
    assert second.call("transferClose", transfer_id=transfer) is True
    remote_error(TRANSFER_UNKNOWN, lambda: second.call("transferStatus", transfer_id=transfer))
    for data in blocks:
        assert (
            second.call("blockGet", descriptor_id=item.id, block_id=block_id(data))["data"] == data
        )


def test_block_put_many_records_all_blocks_in_one_call_or_none(
    server: ServerProcess, transport: HttpTransport
) -> None:
    alice, _ = logged_in(server, transport)
    assert alice.call("objectsInfo")["max_blocks_per_put"] == 16
    blocks = [secrets.token_bytes(70_000), secrets.token_bytes(10), secrets.token_bytes(300_000)]
    ids = ids_of(blocks)
    transfer = alice.call("transferOpen")["transfer_id"]
    forged = [blocks[0], blocks[1] + b"!", blocks[2]]  # one id does not match its data
    remote_error(
        ID_MISMATCH, lambda: alice.call("blockPutMany", transfer_id=transfer, ids=ids, data=forged)
    )
    assert alice.call("transferStatus", transfer_id=transfer)["blocks"] == b""
    info = alice.call("objectsInfo")
    assert (info["max_block"], info["max_bytes_per_put"]) == (MAX_BLOCK, MAX_BYTES_PER_PUT)
    answer = alice.call("blockPutMany", transfer_id=transfer, ids=ids, data=blocks)
    assert answer["ids"] == ids and answer["expires"] > 0
    assert alice.call("transferStatus", transfer_id=transfer)["blocks"] == ids
    item = Item()
    alice.call(
        "descriptorCreate",
        public_key=item.public,
        transfer_id=transfer,
        **item.write(blocks, b"batched"),
    )
    for data in blocks:
        got = alice.call("blockGet", descriptor_id=item.id, block_id=block_id(data))
        assert got["data"] == data


def test_block_ids_are_checked_with_the_hash_the_put_names(
    server: ServerProcess, transport: HttpTransport
) -> None:
    """`hash` absent = SHA-256 (an old client's exact request); "blake3" = BLAKE3; a
    block whose id is the other function's, or a hash the server does not know, is refused."""
    alice, _ = logged_in(server, transport)
    assert alice.call("objectsInfo")["block_hashes"] == ["blake3", "sha256"]
    transfer = alice.call("transferOpen")["transfer_id"]
    old, new = secrets.token_bytes(70_000), secrets.token_bytes(5000)
    sha_id, blake_id = block_id(old), block_id(new, BLAKE3)
    assert alice.call("blockPut", transfer_id=transfer, id=sha_id, data=old)["id"] == sha_id
    answer = alice.call("blockPut", transfer_id=transfer, id=blake_id, data=new, hash="blake3")
    assert answer["id"] == blake_id
    for params in (
        {"id": block_id(new), "data": new, "hash": "blake3"},  # a SHA-256 id named BLAKE3
        {"id": block_id(old, BLAKE3), "data": old},  # a BLAKE3 id without `hash`
        {"id": blake_id, "data": new + b"!", "hash": "blake3"},  # a wrong BLAKE3 id
    ):
        with pytest.raises(RemoteCallError) as refused:
            alice.call("blockPut", transfer_id=transfer, **params)
        assert refused.value.code == ID_MISMATCH, params
    remote_error(
        INVALID_PARAMS,
        lambda: alice.call("blockPut", transfer_id=transfer, id=sha_id, data=old, hash="md5"),
    )
    many = [secrets.token_bytes(3000), secrets.token_bytes(200_000)]
    ids = join_block_ids([block_id(b, BLAKE3) for b in many])
    forged = [many[0], many[1][:-1] + b"\0"]
    remote_error(
        ID_MISMATCH,
        lambda: alice.call(
            "blockPutMany", transfer_id=transfer, ids=ids, data=forged, hash="blake3"
        ),
    )
    answer = alice.call("blockPutMany", transfer_id=transfer, ids=ids, data=many, hash="blake3")
    assert answer["ids"] == ids
    assert alice.call("transferStatus", transfer_id=transfer)["blocks"] == sha_id + blake_id + ids
    item, stored = Item(), [old, new, *many]
    write = item.write(stored, b"mixed")
    write["blocks"] = sha_id + blake_id + ids
    write["signature"] = item.key.sign(
        descriptor_signed_bytes(item.id, split_block_ids(write["blocks"]), b"mixed")
    )
    alice.call("descriptorCreate", public_key=item.public, transfer_id=transfer, **write)
    for bid, data in zip(split_block_ids(write["blocks"]), stored, strict=True):
        assert alice.call("blockGet", descriptor_id=item.id, block_id=bid)["data"] == data


def test_descriptor_create_many_makes_all_in_one_call_or_none(
    server: ServerProcess, transport: HttpTransport
) -> None:
    alice, _ = logged_in(server, transport)
    blocks = [secrets.token_bytes(4096) for _ in range(5)]
    transfer = alice.call("transferOpen")["transfer_id"]
    ids = ids_of(blocks)
    alice.call("blockPutMany", transfer_id=transfer, ids=ids, data=blocks)
    items = [Item() for _ in blocks]
    writes = [
        {"public_key": item.public, **item.write([data], b"small")}
        for item, data in zip(items, blocks, strict=True)
    ]
    forged = [*writes[:3], {**writes[3], "signature": writes[4]["signature"]}, writes[4]]
    remote_error(
        BAD_SIGNATURE,
        lambda: alice.call("descriptorCreateMany", transfer_id=transfer, items=forged),
    )
    anonymous = channel_to(server, transport)
    assert anonymous.call("descriptorGet", ids=[i.id for i in items])["missing"] == [
        i.id for i in items
    ], "a refused batch creates none of its descriptors"
    remote_error(
        LOGIN_REQUIRED,
        lambda: anonymous.call("descriptorCreateMany", transfer_id=transfer, items=writes),
    )
    answer = alice.call("descriptorCreateMany", transfer_id=transfer, items=writes)
    assert answer["seqs"] == [1] * 5 and answer["server_time"] > 0
    for item, data in zip(items, blocks, strict=True):
        got = alice.call("blockGet", descriptor_id=item.id, block_id=block_id(data))
        assert got["data"] == data
    again = alice.call("transferOpen")["transfer_id"]
    extra = Item()
    retry = [{"public_key": extra.public, **extra.write([], b"new")}, writes[0]]
    remote_error(
        ID_TAKEN, lambda: alice.call("descriptorCreateMany", transfer_id=again, items=retry)
    )
    assert anonymous.call("descriptorGet", ids=[extra.id])["missing"] == [extra.id]


def test_block_get_many_answers_listed_blocks_within_its_byte_budget(
    server: ServerProcess, transport: HttpTransport
) -> None:
    alice, _ = logged_in(server, transport)
    info = alice.call("objectsInfo")
    assert (info["max_blocks_per_get"], info["max_get_bytes"]) == (64, 8 * 2**20 + 64 * 2**10)
    big = [secrets.token_bytes(2**20) for _ in range(9)]  # 9 MiB: more than one answer
    small = [secrets.token_bytes(10), secrets.token_bytes(70_000)]
    item, other = Item(), Item()
    transfer = alice.call("transferOpen")["transfer_id"]
    for chunk in (big[:8], big[8:] + small):
        ids = ids_of(chunk)
        alice.call("blockPutMany", transfer_id=transfer, ids=ids, data=chunk)
    alice.call(
        "descriptorCreate", public_key=item.public, transfer_id=transfer, **item.write(big, b"big")
    )
    alice.call(
        "descriptorCreate",
        public_key=other.public,
        transfer_id=transfer,
        **other.write(small, b"small"),
    )
    anonymous = channel_to(server, transport)  # reads need no login, as blockGet

    def get_many(descriptor_id: str, blocks: list[bytes]) -> list[bytes]:
        ids = ids_of(blocks)
        answer = anonymous.call("blockGetMany", descriptor_id=descriptor_id, ids=ids)
        return list(answer["data"])

    assert get_many(other.id, small[::-1]) == small[::-1]  # in the order asked
    assert get_many(item.id, big) == big[:8]  # the leading blocks that fit in 8 MiB + 64 KiB
    assert get_many(item.id, big[8:] + big[:1]) == [big[8], big[0]]
    for foreign in ([big[0], small[0]], [small[1]], [secrets.token_bytes(32)]):
        remote_error(NOT_FOUND, lambda foreign=foreign: get_many(item.id, foreign))
    remote_error(NOT_FOUND, lambda: get_many(Item().id, small))
    assert get_many(item.id, [big[3]] * 64) == [big[3]] * 8  # a repeated id is read again
    update = item.write(big[:1], b"shorter")  # older versions' blocks stay readable
    alice.call(
        "descriptorUpdate", previous_signature=item.write(big, b"big")["signature"], **update
    )
    assert get_many(item.id, big[7:9]) == big[7:9]


def _fresh_write() -> dict[str, Any]:
    item = Item()
    return {"public_key": item.public, **item.write([], b"")}


@dataclass(frozen=True)
class Batch:
    """What a batch request may name: an open transfer, and a descriptor of one block."""

    transfer: bytes
    descriptor_id: str


def _put_too_large(transfer: bytes) -> dict[str, Any]:
    blocks = [secrets.token_bytes(MAX_BLOCK) for _ in range(5)]
    assert sum(map(len, blocks)) > MAX_BYTES_PER_PUT
    return {"transfer_id": transfer, "ids": ids_of(blocks), "data": blocks}


ONE = [secrets.token_bytes(10)]
THREE = [secrets.token_bytes(70_000), secrets.token_bytes(10), secrets.token_bytes(300_000)]
SEVENTEEN = [secrets.token_bytes(8) for _ in range(17)]
REFUSED_BATCHES: dict[str, tuple[str, str, Callable[[Batch], dict[str, Any]]]] = {
    "blockPutMany with fewer blocks than ids": (
        "blockPutMany",
        "params.data ",
        lambda b: {"transfer_id": b.transfer, "ids": ids_of(THREE), "data": THREE[:2]},
    ),
    "blockPutMany of 17 blocks": (
        "blockPutMany",
        "params.ids ",
        lambda b: {"transfer_id": b.transfer, "ids": ids_of(SEVENTEEN), "data": SEVENTEEN},
    ),
    "blockPutMany over max_bytes_per_put": (
        "blockPutMany",
        "params.data ",
        lambda b: _put_too_large(b.transfer),
    ),
    "blockGetMany with a 31-byte id": (
        "blockGetMany",
        "params.ids ",
        lambda b: {"descriptor_id": b.descriptor_id, "ids": ids_of(ONE)[:31]},
    ),
    "blockGetMany of 65 ids": (
        "blockGetMany",
        "params.ids ",
        lambda b: {"descriptor_id": b.descriptor_id, "ids": ids_of(ONE) * 65},
    ),
    "descriptorCreateMany of 65 items": (
        "descriptorCreateMany",
        "params.items ",
        lambda b: {"transfer_id": b.transfer, "items": [_fresh_write() for _ in range(65)]},
    ),
    "descriptorCreateMany with a field it does not know": (
        "descriptorCreateMany",
        "params.items[0]",
        lambda b: {"transfer_id": b.transfer, "items": [{**_fresh_write(), "surprise": 1}]},
    ),
}


@pytest.mark.parametrize(
    ("method", "named", "params_of"), REFUSED_BATCHES.values(), ids=REFUSED_BATCHES.keys()
)
def test_a_batch_request_beyond_its_bounds_is_refused_and_stores_nothing(
    server: ServerProcess,
    transport: HttpTransport,
    method: str,
    named: str,
    params_of: Callable[[Batch], dict[str, Any]],
) -> None:
    alice, _ = logged_in(server, transport)
    transfer = alice.call("transferOpen")["transfer_id"]
    item = Item()
    alice.call("blockPut", transfer_id=transfer, id=block_id(ONE[0]), data=ONE[0])
    alice.call(
        "descriptorCreate", public_key=item.public, transfer_id=transfer, **item.write(ONE, b"")
    )
    assert alice.call("transferStatus", transfer_id=transfer)["blocks"] == ids_of(ONE)
    params = params_of(Batch(transfer, item.id))
    error = remote_error(INVALID_PARAMS, lambda: alice.call(method, **params))
    assert error.message.startswith(named), error.message
    assert alice.call("transferStatus", transfer_id=transfer)["blocks"] == ids_of(ONE)
    written = [entry["id"] for entry in params.get("items", [])]
    assert alice.call("descriptorGet", ids=written or [item.id])["missing"] == written
    got = alice.call("blockGetMany", descriptor_id=item.id, ids=ids_of(ONE))
    assert got["data"] == ONE, "the channel still answers"


def test_quota_exceeded_and_objects_survive_a_restart(
    spawn_server: Callable[..., ServerProcess],
    tmp_path: Any,
    transport: HttpTransport,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRIVSHARE_OBJECTS_QUOTA", "5000")
    data_dir = tmp_path / "quota-data"
    server = spawn_server(data_dir, "--open-registration")
    alice, _ = logged_in(server, transport)
    assert alice.call("objectsInfo")["quota"] == 5000
    blocks = [secrets.token_bytes(2000), secrets.token_bytes(2000)]
    transfer = put_all(alice, blocks)
    error = remote_error(
        QUOTA_EXCEEDED,
        lambda: alice.call(
            "blockPut", transfer_id=transfer, id=block_id(b"x" * 2000), data=b"x" * 2000
        ),
    )
    assert "quota" in error.message
    item = Item()
    alice.call(
        "descriptorCreate",
        public_key=item.public,
        transfer_id=transfer,
        **item.write(blocks, b"kept"),
    )
    info = alice.call("objectsInfo")
    assert (info["used_bytes"], info["used_descriptors"]) == (4000, 1)
    assert server.stop() == 0
    restarted = spawn_server(data_dir, "--open-registration")
    reader = channel_to(restarted, transport)
    got = reader.call("blockGet", descriptor_id=item.id, block_id=block_id(blocks[1]))
    assert got["data"] == blocks[1]


def garbage_value(rng: random.Random) -> object:
    choices: list[Callable[[], object]] = [
        lambda: rng.randbytes(rng.choice([0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 200])),
        lambda: rng.choice(["", "1" * 30, "0OIl" * 8, "x" * 5000, "🙂"]),
        lambda: rng.choice([-1, 0, 1, 2**31, 2**63 - 1, -(2**63)]),
        lambda: rng.choice([None, True, False, 1.5]),
        lambda: [rng.randbytes(32) for _ in range(rng.randint(0, 3))],
        lambda: {"nested": rng.randbytes(4)},
    ]
    return rng.choice(choices)()


def test_a_thousand_malformed_object_calls(server: ServerProcess, transport: HttpTransport) -> None:
    channel, _ = logged_in(server, transport)
    rng = random.Random(20240605)
    names = [
        "id",
        "ids",
        "transfer_id",
        "data",
        "blocks",
        "extra",
        "signature",
        "public_key",
        "previous_signature",
        "lock_id",
        "ttl",
        "block_id",
        "descriptor_id",
        "include_blocks",
        "before",
        "unknown",
    ]
    codes: dict[int, int] = {}
    for _ in range(1000):
        params = {name: garbage_value(rng) for name in rng.sample(names, rng.randint(0, 5))}
        try:
            channel.call(rng.choice(OBJECT_METHODS), **params)
        except RemoteCallError as exc:
            codes[exc.code] = codes.get(exc.code, 0) + 1
            assert exc.code != -32603, f"an internal error for {params!r}: {exc.message}"
    assert codes.get(INVALID_PARAMS, 0) > 500, codes
    assert channel.call("ping") == "pong"
    assert "quota" in channel.call("objectsInfo")
