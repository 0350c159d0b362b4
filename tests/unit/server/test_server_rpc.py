"""RPC registry and handlers: strict params, login requirement, registration rules."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import kdf, srp
from app.crypto.ecc import PrivateKey
from server_stub.database import Database
from server_stub.handlers.account import MIN_KDF_ITERATIONS
from server_stub.handlers.registry import build_registry
from server_stub.ports import RpcError, Session
from server_stub.rpc import (
    INVALID_PARAMS,
    LOGIN_REQUIRED,
    METHOD_NOT_FOUND,
    REGISTRATION_REFUSED,
    Registry,
    Services,
)
from server_stub.storage import SqliteUsers

ANONYMOUS = Session(b"s" * 16, None, "127.0.0.1")
ALICE = Session(b"t" * 16, "alice", "127.0.0.1")
GROUP = srp.RFC5054_2048


def registration(name: str = "alice", **overrides: Any) -> dict[str, Any]:
    salt, kdf_salt = b"S" * 16, b"K" * 16
    secret = kdf.pbkdf2_sha512(b"pw", kdf_salt, 1, 32)
    verifier = srp.make_verifier(GROUP, name.encode(), secret, salt)
    params: dict[str, Any] = {
        "username": name,
        "group": GROUP.name,
        "salt": salt,
        "verifier": GROUP.pad(verifier),
        "kdf": {"algorithm": "PBKDF2-SHA512", "iterations": MIN_KDF_ITERATIONS, "salt": kdf_salt},
    }
    params.update(overrides)
    return {key: value for key, value in params.items() if value is not None}


class Harness:
    def __init__(self, path: Path, open_registration: bool) -> None:
        self.database = Database(path, threads=2)
        self.users = SqliteUsers(self.database)
        services = Services(self.users, open_registration, lambda: 1234.0)
        self.dispatch = build_registry(bench=True).dispatcher(services)

    def call(self, method: str, params: dict[str, Any], session: Session = ANONYMOUS) -> Any:
        return asyncio.run(self.dispatch(session, method, params))

    def error(self, method: str, params: dict[str, Any], session: Session = ANONYMOUS) -> RpcError:
        with pytest.raises(RpcError) as info:
            self.call(method, params, session)
        return info.value


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    h = Harness(tmp_path / "rpc.sqlite", open_registration=True)
    yield h
    h.database.close()


@pytest.fixture
def closed(tmp_path: Path) -> Iterator[Harness]:
    h = Harness(tmp_path / "closed.sqlite", open_registration=False)
    yield h
    h.database.close()


def test_ping(harness: Harness) -> None:
    assert harness.call("ping", {}) == "pong"


def test_unknown_method(harness: Harness) -> None:
    error = harness.error("nope", {})
    assert error.code == METHOD_NOT_FOUND and "nope" in error.message


def test_whoami_needs_login(harness: Harness) -> None:
    assert harness.error("whoami", {}).code == LOGIN_REQUIRED
    assert harness.call("whoami", {}, ALICE) == {"username": "alice"}


def test_unknown_params_are_refused(harness: Harness) -> None:
    error = harness.error("ping", {"extra": 1})
    assert error.code == INVALID_PARAMS and "extra" in error.message


def test_register_stores_a_usable_srp_record(harness: Harness) -> None:
    params = registration(login_key=PrivateKey.generate().public_key.to_bytes())
    assert harness.call("register", params) == {"username": "alice"}
    record = asyncio.run(harness.users.srp_record("alice"))
    assert record is not None
    assert record.verifier == int.from_bytes(params["verifier"], "big")
    assert (record.group, record.salt, record.kdf.iterations) == (GROUP.name, b"S" * 16, 210_000)
    login_key = params["login_key"]
    assert asyncio.run(harness.users.username_for_login_key(login_key)) == "alice"


def test_register_refuses_a_taken_name(harness: Harness) -> None:
    harness.call("register", registration())
    error = harness.error("register", registration())
    assert error.code == REGISTRATION_REFUSED and "taken" in error.message


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"username": "Alice"}, "params.username"),
        ({"username": ""}, "params.username"),
        ({"username": "a" * 65}, "params.username"),
        ({"username": "al ice"}, "params.username"),
        ({"username": None}, "params.username is missing"),
        ({"group": "rfc2409-1024"}, "params.group is not an allowed"),
        ({"group": 5}, "params.group"),
        ({"salt": b"short"}, "params.salt"),
        ({"salt": "S" * 16}, "params.salt"),
        ({"verifier": b"\1" * 255}, "params.verifier"),
        ({"verifier": b"\0" * 256}, "params.verifier must be between"),
        ({"verifier": b"\xff" * 256}, "params.verifier must be between"),
        ({"kdf": "pbkdf2"}, "params.kdf must be a map"),
        (
            {"kdf": {"algorithm": "PBKDF2-SHA1", "iterations": 300000, "salt": b"K" * 16}},
            "params.kdf.algorithm",
        ),
        (
            {"kdf": {"algorithm": "PBKDF2-SHA512", "iterations": 209_999, "salt": b"K" * 16}},
            "params.kdf.iterations",
        ),
        (
            {"kdf": {"algorithm": "PBKDF2-SHA512", "iterations": True, "salt": b"K" * 16}},
            "params.kdf.iterations",
        ),
        (
            {"kdf": {"algorithm": "PBKDF2-SHA512", "iterations": 300000, "salt": b"K" * 8}},
            "params.kdf.salt",
        ),
        (
            {
                "kdf": {
                    "algorithm": "PBKDF2-SHA512",
                    "iterations": 300000,
                    "salt": b"K" * 16,
                    "memory": 1,
                }
            },
            "params.kdf has unknown keys: memory",
        ),
        ({"login_key": b"\2" * 32}, "params.login_key"),
        ({"login_key": b"\5" + b"\1" * 32}, "params.login_key is not a valid"),
        ({"token": "x"}, "params.token"),
        ({"admin": True}, "unknown keys: admin"),
    ],
)
def test_register_param_errors_name_the_field(
    harness: Harness, overrides: dict[str, Any], path: str
) -> None:
    error = harness.error("register", registration(**overrides))
    assert error.code == INVALID_PARAMS
    assert path in error.message, error.message
    assert asyncio.run(harness.users.srp_record("alice")) is None


def test_closed_registration_needs_a_valid_token(closed: Harness) -> None:
    error = closed.error("register", registration())
    assert error.code == REGISTRATION_REFUSED and "invitation" in error.message
    error = closed.error("register", registration(token="A" * 43))
    assert error.code == REGISTRATION_REFUSED and "unknown or already used" in error.message
    closed.users.add_invitation("B" * 43, now=0)
    assert closed.call("register", registration(token="B" * 43)) == {"username": "alice"}
    assert closed.error("register", registration("bob", token="B" * 43)).code == (
        REGISTRATION_REFUSED
    )


def test_bench_sink_only_when_enabled(harness: Harness) -> None:
    assert harness.call("bench.sink", {"data": b"x" * 1000}) == 1000
    plain = build_registry()
    assert "bench.sink" not in plain.names
    assert {"ping", "register", "whoami"} <= plain.names


def test_bench_source_answers_the_size_asked_only_when_enabled(harness: Harness) -> None:
    answer = harness.call("bench.source", {"size": 100_000})
    assert len(answer) == 100_000 and bytes(answer[:3]) == b"\x00\x01\x02"
    assert harness.error("bench.source", {"size": 32 * 1024 * 1024 + 1}).code == INVALID_PARAMS
    assert "bench.source" not in build_registry().names


def test_registry_refuses_duplicates() -> None:
    registry = Registry()

    async def handler(call: Any, params: Any) -> None:
        return None

    registry.method("x")(handler)
    with pytest.raises(ValueError, match="twice"):
        registry.method("x")(handler)


@pytest.fixture(scope="module")
def fuzz_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    h = Harness(tmp_path_factory.mktemp("fuzz") / "rpc.sqlite", open_registration=True)
    yield h
    h.database.close()


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.binary(max_size=300) | st.text(max_size=80),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
_KEYS = st.sampled_from(["username", "group", "salt", "verifier", "kdf", "login_key", "token", "x"])


@settings(max_examples=150, deadline=None)
@given(
    method=st.sampled_from(["ping", "register", "whoami", "bench.sink", "nope"]),
    params=st.dictionaries(_KEYS | st.text(max_size=10), _VALUES, max_size=8),
    logged_in=st.booleans(),
)
def test_any_params_give_a_result_or_an_rpc_error(
    fuzz_harness: Harness, method: str, params: dict[str, Any], logged_in: bool
) -> None:
    harness = fuzz_harness
    session = ALICE if logged_in else ANONYMOUS
    try:
        harness.call(method, params, session)
    except RpcError as error:
        known = {INVALID_PARAMS, METHOD_NOT_FOUND, LOGIN_REQUIRED, REGISTRATION_REFUSED}
        assert error.code in known
        assert 0 < len(error.message) <= 300
