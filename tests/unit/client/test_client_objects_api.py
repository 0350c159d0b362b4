"""Typed object RPCs (app/client/objects_api.py) against a scripted caller."""

from __future__ import annotations

from typing import Any

import pytest

from app.client.errors import RemoteCallError
from app.client.objects_api import (
    CasMismatchError,
    MalformedObjectResponseError,
    NewDescriptor,
    ObjectNotFoundError,
    ObjectsApi,
    TransferUnknownError,
)
from app.wire.objects import block_id


class Scripted:
    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def call(self, method: str, **params: Any) -> Any:
        self.calls.append((method, params))
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


def record(ident: str, blocks: bytes = b"") -> dict[str, Any]:
    return {
        "id": ident,
        "public_key": b"\x02" * 33,
        "blocks": blocks,
        "extra": b"x",
        "signature": b"s" * 64,
        "seq": 1,
        "server_time": 1.5,
        "lock_expires": None,
    }


@pytest.mark.parametrize(
    ("code", "kind"),
    [(2001, ObjectNotFoundError), (2004, CasMismatchError), (2008, TransferUnknownError)],
)
def test_error_codes_become_specific_errors(code: int, kind: type[Exception]) -> None:
    api = ObjectsApi(Scripted(RemoteCallError(code, "no")))
    with pytest.raises(kind) as info:
        api.transfer_status(b"t" * 16)
    assert isinstance(info.value, RemoteCallError) and info.value.code == code


def test_other_codes_pass_through() -> None:
    api = ObjectsApi(Scripted(RemoteCallError(-32603, "internal")))
    with pytest.raises(RemoteCallError) as info:
        api.transfer_open()
    assert type(info.value) is RemoteCallError


@pytest.mark.parametrize(
    "answer",
    [
        None,
        [],
        {"transfer_id": b"short"},
        {"transfer_id": "not bytes" * 2},
        {"transfer_id": True},
    ],
)
def test_malformed_answers_are_refused(answer: Any) -> None:
    with pytest.raises(MalformedObjectResponseError):
        ObjectsApi(Scripted(answer)).transfer_open()


def test_block_put_checks_the_acknowledged_id() -> None:
    data = b"block"
    api = ObjectsApi(Scripted({"id": block_id(data)}, {"id": block_id(b"other")}))
    assert api.block_put(b"t" * 16, data) == block_id(data)
    with pytest.raises(MalformedObjectResponseError):
        api.block_put(b"t" * 16, data)


def test_descriptor_get_asks_again_for_deferred_ids() -> None:
    caller = Scripted(
        {"descriptors": [record("a", b"\x01" * 64)], "missing": ["c"], "deferred": ["b"]},
        {"descriptors": [record("b")], "missing": [], "deferred": []},
    )
    found, missing = ObjectsApi(caller).descriptor_get(["a", "b", "c"])
    assert sorted(found) == ["a", "b"] and missing == {"c"}
    assert found["a"].block_ids == (b"\x01" * 32, b"\x01" * 32)
    assert [params["ids"] for _, params in caller.calls] == [["a", "b", "c"], ["b"]]


def test_descriptor_get_refuses_bad_shapes_and_endless_deferral() -> None:
    with pytest.raises(MalformedObjectResponseError):
        ObjectsApi(
            Scripted({"descriptors": [record("a", b"\x01" * 33)], "missing": []})
        ).descriptor("a")
    stuck = Scripted({"descriptors": [], "missing": [], "deferred": ["a"]})
    with pytest.raises(MalformedObjectResponseError):
        ObjectsApi(stuck).descriptor("a")


def test_history_pages_until_done_and_must_advance() -> None:
    def version(seq: int) -> dict[str, Any]:
        return {
            "seq": seq,
            "blocks": b"",
            "extra": b"e",
            "signature": b"s" * 64,
            "server_time": 2.0,
        }

    caller = Scripted(
        {"versions": [version(9), version(8)], "more": True},
        {"versions": [version(7)], "more": False},
    )
    assert [v.seq for v in ObjectsApi(caller).descriptor_history("a")] == [9, 8, 7]
    assert caller.calls[1][1] == {"id": "a", "before": 8}
    looping = Scripted(
        {"versions": [version(9)], "more": True}, {"versions": [version(9)], "more": True}
    )
    with pytest.raises(MalformedObjectResponseError):
        ObjectsApi(looping).descriptor_history("a")


def test_block_put_many_sends_one_call_and_checks_the_answer() -> None:
    blocks = [(block_id(b"one"), b"one"), (block_id(b"two"), b"two")]
    ids = blocks[0][0] + blocks[1][0]
    caller = Scripted({"ids": ids, "expires": 1.0}, {"ids": ids[:32] * 2, "expires": 1.0})
    api = ObjectsApi(caller)
    api.block_put_many(b"t" * 16, blocks)
    assert caller.calls == [
        ("blockPutMany", {"transfer_id": b"t" * 16, "ids": ids, "data": [b"one", b"two"]})
    ]
    with pytest.raises(MalformedObjectResponseError):
        api.block_put_many(b"t" * 16, blocks)


def test_block_put_many_falls_back_to_block_put_on_an_older_server() -> None:
    blocks = [(block_id(b"one"), b"one"), (block_id(b"two"), b"two")]
    acks = [{"id": bid, "expires": 1.0} for bid, _ in blocks]
    caller = Scripted(RemoteCallError(-32601, "no method 'blockPutMany'"), *acks, *acks)
    api = ObjectsApi(caller)
    api.block_put_many(b"t" * 16, blocks)
    api.block_put_many(b"t" * 16, blocks)  # remembered: no second try of the new method
    assert [method for method, _ in caller.calls] == ["blockPutMany"] + ["blockPut"] * 4


def test_block_get_many_asks_again_for_what_an_answer_left_out() -> None:
    ids = [block_id(b"%d" % n) for n in range(3)]
    caller = Scripted({"data": [b"zero", b"one"]}, {"data": [b"two"]})
    assert ObjectsApi(caller).block_get_many("d", ids) == [b"zero", b"one", b"two"]
    assert caller.calls == [
        ("blockGetMany", {"descriptor_id": "d", "ids": b"".join(ids)}),
        ("blockGetMany", {"descriptor_id": "d", "ids": ids[2]}),
    ]


@pytest.mark.parametrize(
    "answer",
    [
        {"data": []},  # no block: no progress
        {"data": [b"a", b"b", b"c"]},  # an extra block
        {"data": [b"a", "b"]},
        {"data": b"ab"},
        {},
    ],
)
def test_block_get_many_refuses_an_answer_of_another_shape(answer: Any) -> None:
    ids = [block_id(b"a"), block_id(b"b")]
    with pytest.raises(MalformedObjectResponseError):
        ObjectsApi(Scripted(answer)).block_get_many("d", ids)


def test_block_get_many_falls_back_to_block_get_on_an_older_server() -> None:
    ids = [block_id(b"a"), block_id(b"b")]
    answers = [{"data": b"a"}, {"data": b"b"}]
    caller = Scripted(RemoteCallError(-32601, "no method 'blockGetMany'"), *answers, *answers)
    api = ObjectsApi(caller)
    assert api.block_get_many("d", ids) == [b"a", b"b"]
    assert api.block_get_many("d", ids) == [b"a", b"b"]  # remembered
    assert [method for method, _ in caller.calls] == ["blockGetMany"] + ["blockGet"] * 4
    with pytest.raises(ValueError):
        api.block_get_many("d", ids[:1] * 65)


def new_descriptors(count: int) -> list[NewDescriptor]:
    return [
        NewDescriptor(f"id{n}", b"\x02" * 33, (block_id(b"%d" % n),), b"x", b"s" * 64)
        for n in range(count)
    ]


def test_descriptor_create_many_sends_one_call_and_checks_the_answer() -> None:
    items = new_descriptors(2)
    caller = Scripted({"seqs": [1, 1], "server_time": 1.0}, {"seqs": [1], "server_time": 1.0})
    api = ObjectsApi(caller)
    api.descriptor_create_many(items, b"t" * 16)
    assert caller.calls == [
        (
            "descriptorCreateMany",
            {
                "transfer_id": b"t" * 16,
                "items": [
                    {
                        "id": f"id{n}",
                        "public_key": b"\x02" * 33,
                        "blocks": block_id(b"%d" % n),
                        "extra": b"x",
                        "signature": b"s" * 64,
                    }
                    for n in range(2)
                ],
            },
        )
    ]
    with pytest.raises(MalformedObjectResponseError):
        api.descriptor_create_many(items, b"t" * 16)  # one seq for two items


def test_descriptor_create_many_falls_back_to_one_create_each_on_an_older_server() -> None:
    items = new_descriptors(2)
    acks = [{"seq": 1, "server_time": 1.0}] * 2
    refused = RemoteCallError(-32601, "no method 'descriptorCreateMany'")
    caller = Scripted(refused, *acks, *acks)
    api = ObjectsApi(caller)
    api.descriptor_create_many(items)
    api.descriptor_create_many(items)  # remembered: no second try of the new method
    assert [method for method, _ in caller.calls] == ["descriptorCreateMany"] + [
        "descriptorCreate"
    ] * 4
    assert caller.calls[1][1]["id"] == "id0" and "transfer_id" not in caller.calls[1][1]


def test_descriptor_create_many_passes_a_refusal_on() -> None:
    api = ObjectsApi(Scripted(RemoteCallError(2002, "taken")))
    with pytest.raises(RemoteCallError) as info:
        api.descriptor_create_many(new_descriptors(3))
    assert info.value.code == 2002


def test_descriptor_get_changed_sends_known_signatures_and_reads_unchanged() -> None:
    sig = b"k" * 64
    caller = Scripted(
        {"descriptors": [record("b")], "missing": ["c"], "deferred": [], "unchanged": ["a"]}
    )
    found, missing, unchanged = ObjectsApi(caller).descriptor_get_changed(
        ["a", "b", "c"], {"a": sig}
    )
    assert caller.calls == [("descriptorGet", {"ids": ["a", "b", "c"], "known": [sig, None, None]})]
    assert set(found) == {"b"} and missing == {"c"} and unchanged == {"a"}


def test_descriptor_get_changed_falls_back_once_on_a_server_without_known() -> None:
    refusal = RemoteCallError(-32602, "params has unknown keys: known")
    full = {"descriptors": [record("a")], "missing": [], "deferred": []}
    caller = Scripted(refusal, full, full)
    api = ObjectsApi(caller)
    for _ in range(2):
        found, missing, unchanged = api.descriptor_get_changed(["a"], {"a": b"k" * 64})
        assert set(found) == {"a"} and not missing and not unchanged
    assert [params for _, params in caller.calls] == [
        {"ids": ["a"], "known": [b"k" * 64]},
        {"ids": ["a"]},
        {"ids": ["a"]},  # remembered: not asked with `known` again
    ]


@pytest.mark.parametrize(
    "answer",
    [
        {"descriptors": [], "missing": [], "deferred": [], "unchanged": ["z"]},
        {"descriptors": [record("a")], "missing": [], "deferred": [], "unchanged": ["a"]},
        {"descriptors": [], "missing": [], "deferred": []},
        RemoteCallError(-32602, "params.ids: must be a list"),
    ],
)
def test_descriptor_get_changed_refuses_answers_that_do_not_add_up(answer: Any) -> None:
    with pytest.raises((MalformedObjectResponseError, RemoteCallError)):
        ObjectsApi(Scripted(answer)).descriptor_get_changed(["a"], {"a": b"k" * 64})
