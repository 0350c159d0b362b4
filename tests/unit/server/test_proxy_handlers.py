"""`proxy` and `proxyDiscover` through the real registry and dispatcher: login, params,
rate limit, and how federation errors reach the client."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from server_stub.federation.client import Federation
from server_stub.federation.discovery import Discovered
from server_stub.federation.policy import (
    DestinationRefusedError,
    DestinationUnreachableError,
    FederationError,
    InvalidDestinationError,
    NotPrivmxError,
    ProxyLimits,
    ResponseTooLargeError,
    SelfProxyError,
)
from server_stub.handlers.registry import build_registry
from server_stub.ports import RpcError, Session
from server_stub.rpc import INVALID_PARAMS, LOGIN_REQUIRED, Services

ALICE = Session(b"s" * 16, "alice", "127.0.0.1")
BOB = Session(b"t" * 16, "bob", "127.0.0.1")
ANONYMOUS = Session(b"a" * 16, None, "127.0.0.1")
NOW = [1000.0]


class ScriptedFederation(Federation):
    """A Federation whose network side is scripted; its rate limit is the real one."""

    def __init__(self, limits: ProxyLimits = ProxyLimits()) -> None:  # noqa: B008
        super().__init__(b"\x02" * 33, limits)
        self.calls: list[tuple[str, str, bytes | None]] = []
        self.error: FederationError | None = None

    async def discover(self, destination: str, now: float) -> Discovered:
        self.calls.append(("discover", destination, None))
        if self.error is not None:
            raise self.error
        return Discovered(destination, "https://b/api", b"\x03" * 33, 600, b'{"a": 1}', "u")

    async def forward(self, destination: str, data: bytes, now: float) -> bytes:
        self.calls.append(("forward", destination, data))
        if self.error is not None:
            raise self.error
        return b"answer:" + data


def dispatch(federation: Federation | None, session: Session, method: str, **params: Any) -> Any:
    services = Services(None, False, lambda: NOW[0], proxy=federation)  # type: ignore[arg-type]
    dispatcher = build_registry().dispatcher(services)
    return asyncio.run(dispatcher(session, method, params))  # type: ignore[arg-type]


def refusal(federation: Federation | None, session: Session, method: str, **params: Any) -> int:
    with pytest.raises(RpcError) as caught:
        dispatch(federation, session, method, **params)
    return caught.value.code


def test_forward_and_discover_for_a_logged_in_user() -> None:
    fed = ScriptedFederation()
    assert dispatch(fed, ALICE, "proxy", destination="B.example:8443", data=b"\x01") == (
        b"answer:\x01"
    )
    assert dispatch(fed, ALICE, "proxyDiscover", destination="b.example") == {
        "document": b'{"a": 1}',
        "url": "u",
    }
    assert fed.calls == [
        ("forward", "B.example:8443", b"\x01"),
        ("discover", "b.example", None),
    ]


def test_anonymous_callers_are_refused_before_anything_happens() -> None:
    fed = ScriptedFederation()
    assert refusal(fed, ANONYMOUS, "proxy", destination="b.example", data=b"x") == LOGIN_REQUIRED
    assert refusal(fed, ANONYMOUS, "proxyDiscover", destination="b.example") == LOGIN_REQUIRED
    assert fed.calls == []


def test_a_server_without_proxy_says_so() -> None:
    assert refusal(None, ALICE, "proxy", destination="b.example", data=b"x") == 1601


@pytest.mark.parametrize(
    "params",
    [
        {"destination": "https://b.example/", "data": b"x"},
        {"destination": "b.example/path", "data": b"x"},
        {"destination": "b.example", "data": b""},
        {"destination": "b.example", "data": "text"},
        {"destination": "b.example", "data": b"x" * (16 * 1024 * 1024 + 1)},
        {"destination": "b.example", "data": b"x", "encrypt": True},
        {"data": b"x"},
    ],
)
def test_bad_params_are_refused(params: dict[str, Any]) -> None:
    fed = ScriptedFederation()
    assert refusal(fed, ALICE, "proxy", **params) == INVALID_PARAMS
    assert fed.calls == []


def test_rate_limit_per_user_covers_both_methods_and_refills() -> None:
    fed = ScriptedFederation(ProxyLimits(burst=3, per_minute=60))
    NOW[0] = 1000.0
    dispatch(fed, ALICE, "proxy", destination="b.example", data=b"1")
    dispatch(fed, ALICE, "proxyDiscover", destination="b.example")
    dispatch(fed, ALICE, "proxy", destination="b.example", data=b"2")
    assert refusal(fed, ALICE, "proxy", destination="b.example", data=b"3") == 1607
    assert refusal(fed, ALICE, "proxyDiscover", destination="b.example") == 1607
    assert dispatch(fed, BOB, "proxy", destination="b.example", data=b"4") == b"answer:4"
    NOW[0] = 1001.5
    assert dispatch(fed, ALICE, "proxy", destination="b.example", data=b"5") == b"answer:5"
    assert len(fed.calls) == 5  # refused calls never reached the network side


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (InvalidDestinationError("bad"), INVALID_PARAMS),
        (DestinationRefusedError("private"), 1602),
        (SelfProxyError("me"), 1603),
        (NotPrivmxError("no config"), 1604),
        (DestinationUnreachableError("down"), 1605),
        (ResponseTooLargeError("big"), 1606),
    ],
)
def test_federation_errors_become_their_codes(error: FederationError, code: int) -> None:
    fed = ScriptedFederation()
    fed.error = error
    with pytest.raises(RpcError) as caught:
        dispatch(fed, ALICE, "proxy", destination="b.example", data=b"x")
    assert (caught.value.code, caught.value.message) == (code, str(error))
    assert refusal(fed, ALICE, "proxyDiscover", destination="b.example") == code


def test_both_methods_are_in_the_servers_registry() -> None:
    names = build_registry().names
    assert {"proxy", "proxyDiscover"} <= names
