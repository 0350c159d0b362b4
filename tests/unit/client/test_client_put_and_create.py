"""`ObjectsApi.put_and_create`: a group's blocks and descriptors in one exchange, against
a scripted caller that answers whole exchanges (as `Channel.call_many` does)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from app.client.errors import RemoteCallError
from app.client.objects_api import (
    MAX_PUT_BYTES,
    BlockMissingError,
    MalformedObjectResponseError,
    NewDescriptor,
    ObjectsApi,
    QuotaExceededError,
)
from app.wire.objects import block_id

TRANSFER = b"t" * 16
OLD_SERVER = -32601


class Exchanges:
    """Answers each exchange (`call_many`) or single `call` from a script, in order;
    `exchanges` lists the methods of each exchange sent."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.exchanges: list[list[str]] = []
        self.params: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> Any:
        (outcome,) = self.call_many([(method, params)])
        if isinstance(outcome, RemoteCallError):
            raise outcome
        return outcome

    def call_many(self, calls: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Any]:
        self.exchanges.append([method for method, _ in calls])
        self.params += [dict(params) for _, params in calls]
        return [self.answers.pop(0) for _ in calls]


class SingleCalls:
    """A caller without `call_many` (a proxy tunnel, an older caller)."""

    def __init__(self, inner: Exchanges) -> None:
        self.inner = inner

    def call(self, method: str, **params: Any) -> Any:
        return self.inner.call(method, **params)


def group(count: int) -> tuple[list[tuple[bytes, bytes]], list[NewDescriptor]]:
    blocks = [(block_id(b"%d" % n), b"%d" % n) for n in range(count)]
    items = [
        NewDescriptor(f"id{n}", b"\x02" * 33, (bid,), b"x", b"s" * 64)
        for n, (bid, _) in enumerate(blocks)
    ]
    return blocks, items


def put_ack(blocks: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {"ids": b"".join(bid for bid, _ in blocks), "expires": 1.0}


def created(count: int) -> dict[str, Any]:
    return {"seqs": [1] * count, "server_time": 1.0}


def test_blocks_and_descriptors_go_in_one_exchange() -> None:
    blocks, items = group(3)
    caller = Exchanges(put_ack(blocks), created(3))
    ObjectsApi(caller).put_and_create(TRANSFER, blocks, items)
    assert caller.exchanges == [["blockPutMany", "descriptorCreateMany"]]
    put, create = caller.params
    assert put == {
        "transfer_id": TRANSFER,
        "ids": b"".join(bid for bid, _ in blocks),
        "data": [data for _, data in blocks],
    }
    assert create == {"items": [item.params() for item in items], "transfer_id": TRANSFER}


def test_without_blocks_only_the_descriptors_are_sent() -> None:
    _, items = group(2)
    caller = Exchanges(created(2))
    ObjectsApi(caller).put_and_create(TRANSFER, [], items)
    assert caller.exchanges == [["descriptorCreateMany"]]


@pytest.mark.parametrize(
    "answers",
    [
        ({"ids": b"x" * 96, "expires": 1.0}, created(3)),  # other block ids acknowledged
        ("put", {"seqs": [1, 1], "server_time": 1.0}),  # fewer descriptors made
        ("put", {"seqs": [1, 2, 1], "server_time": 1.0}),  # another version
    ],
)
def test_an_answer_that_does_not_add_up_is_refused(answers: tuple[Any, Any]) -> None:
    blocks, items = group(3)
    first, second = answers
    caller = Exchanges(put_ack(blocks) if first == "put" else first, second)
    with pytest.raises(MalformedObjectResponseError):
        ObjectsApi(caller).put_and_create(TRANSFER, blocks, items)


def test_the_refusal_of_the_blocks_is_raised_not_the_missing_blocks_it_caused() -> None:
    blocks, items = group(2)
    quota = RemoteCallError(2006, "quota exceeded")
    caller = Exchanges(quota, RemoteCallError(2009, "block missing"))
    with pytest.raises(QuotaExceededError):
        ObjectsApi(caller).put_and_create(TRANSFER, blocks, items)


def test_a_refused_creation_is_raised_as_its_class() -> None:
    blocks, items = group(2)
    caller = Exchanges(put_ack(blocks), RemoteCallError(2009, "block missing"))
    with pytest.raises(BlockMissingError):
        ObjectsApi(caller).put_and_create(TRANSFER, blocks, items)


def test_a_server_without_block_put_many_gets_block_puts_then_the_batch() -> None:
    blocks, items = group(2)
    acks = [{"id": bid, "expires": 1.0} for bid, _ in blocks]
    no_put_many = RemoteCallError(OLD_SERVER, "no method 'blockPutMany'")
    caller = Exchanges(
        no_put_many, RemoteCallError(2009, "block missing"), *acks, created(2), *acks, created(2)
    )
    api = ObjectsApi(caller)
    api.put_and_create(TRANSFER, blocks, items)
    api.put_and_create(TRANSFER, blocks, items)  # remembered: separate requests from now on
    assert caller.exchanges == [
        ["blockPutMany", "descriptorCreateMany"],
        *[["blockPut"], ["blockPut"], ["descriptorCreateMany"]] * 2,
    ]


def test_a_server_without_descriptor_create_many_gets_one_create_each() -> None:
    blocks, items = group(2)
    no_create_many = RemoteCallError(OLD_SERVER, "no method 'descriptorCreateMany'")
    acks = [{"seq": 1, "server_time": 1.0}] * 2
    caller = Exchanges(put_ack(blocks), no_create_many, *acks, put_ack(blocks), *acks)
    api = ObjectsApi(caller)
    api.put_and_create(TRANSFER, blocks, items)
    api.put_and_create(TRANSFER, blocks, items)
    assert caller.exchanges == [
        ["blockPutMany", "descriptorCreateMany"],
        ["descriptorCreate"],
        ["descriptorCreate"],
        ["blockPutMany"],
        ["descriptorCreate"],
        ["descriptorCreate"],
    ]


def test_a_caller_without_call_many_sends_two_requests() -> None:
    blocks, items = group(2)
    inner = Exchanges(put_ack(blocks), created(2))
    ObjectsApi(SingleCalls(inner)).put_and_create(TRANSFER, blocks, items)
    assert inner.exchanges == [["blockPutMany"], ["descriptorCreateMany"]]


def test_blocks_that_do_not_fit_one_block_put_many_go_separately() -> None:
    big = b"b" * (MAX_PUT_BYTES // 2 + 1)
    blocks = [(block_id(big), big), (block_id(big + b"!"), big + b"!")]
    items = [NewDescriptor("id0", b"\x02" * 33, tuple(bid for bid, _ in blocks), b"x", b"s" * 64)]
    caller = Exchanges(
        *[{"id": bid, "expires": 1.0} for bid, _ in blocks], {"seq": 1, "server_time": 1.0}
    )
    ObjectsApi(caller).put_and_create(TRANSFER, blocks, items)
    assert caller.exchanges == [["blockPut"], ["blockPut"], ["descriptorCreate"]]


def test_more_blocks_than_one_request_takes_go_as_several_requests_of_one_exchange() -> None:
    blocks, items = group(40)
    caller = Exchanges(
        put_ack(blocks[:16]), put_ack(blocks[16:32]), put_ack(blocks[32:]), created(40)
    )
    ObjectsApi(caller).put_and_create(TRANSFER, blocks, items)
    assert caller.exchanges == [["blockPutMany"] * 3 + ["descriptorCreateMany"]]
    assert [len(p["data"]) for p in caller.params[:3]] == [16, 16, 8]


def test_a_refusal_of_a_later_request_of_blocks_is_raised() -> None:
    blocks, items = group(20)
    quota = RemoteCallError(2006, "quota exceeded")
    caller = Exchanges(put_ack(blocks[:16]), quota, RemoteCallError(2009, "block missing"))
    with pytest.raises(QuotaExceededError):
        ObjectsApi(caller).put_and_create(TRANSFER, blocks, items)


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ({}, 16),  # a server from before the field takes 16
        ({"max_creates_per_call": 64}, 64),
        ({"max_creates_per_call": 8}, 8),
        ({"max_creates_per_call": 10_000}, 64),  # never more than the client sends
    ],
)
def test_max_creates_comes_from_objects_info_once(info: dict[str, Any], expected: int) -> None:
    caller = Exchanges({"max_block": 1, **info})
    api = ObjectsApi(caller)
    assert api.max_creates() == expected
    assert api.max_creates() == expected  # asked once
    assert caller.exchanges == [["objectsInfo"]]


@pytest.mark.parametrize("bogus", [0, -1, True, "64", 1.5, None])
def test_a_bogus_max_creates_is_refused(bogus: Any) -> None:
    with pytest.raises(MalformedObjectResponseError):
        ObjectsApi(Exchanges({"max_creates_per_call": bogus})).max_creates()
