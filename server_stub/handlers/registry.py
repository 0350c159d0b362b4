"""The RPC methods: `ping`, `register`, `whoami` (and `bench.*`); the account methods
are in account.py.

`ping` -> "pong". `whoami` (login needed) -> `{"username": name}`. Only when the server
runs with --bench: `bench.sink{data}` -> len(data), and `bench.source{size}` -> `size`
bytes (0..32 MiB; the same bytes every time, so the answer costs only its sending).

`register` params (all required unless marked):

    username   str  [a-z0-9._-]{1,64}
    group      str  an allowed SRP group name (app.crypto.srp.ALLOWED_GROUPS)
    salt       bin  16..64 bytes (SRP salt)
    verifier   bin  exactly the byte length of N, 0 < v < N
    kdf        map  {algorithm: "PBKDF2-SHA512", iterations: >= 210000, salt: bin 16..64}
    login_key  bin  33-byte compressed secp256k1 key for key login (optional)
    token      str  invitation token (required unless the server runs --open-registration)
    privData   bin  64..4096 bytes, opaque (optional; stored with the user in one transaction)

It returns `{"username": name}`. The parameter floor here is the one the client enforces
(DESIGN §2); a server never stores anything a client would refuse to use.
"""

from __future__ import annotations

import functools
from typing import Any

from server_stub.handlers.account import (
    read_login_key,
    read_priv_data,
    read_srp_record,
    register_account_methods,
)
from server_stub.handlers.devices import register_devices
from server_stub.handlers.links import register_links
from server_stub.handlers.objects import register_objects
from server_stub.handlers.pki import register_pki
from server_stub.handlers.proxy import register_proxy
from server_stub.handlers.rendezvous import register_rendezvous
from server_stub.handlers.sessions import register_sessions
from server_stub.handlers.sinks import register_sinks
from server_stub.ports import RpcError
from server_stub.rpc import REGISTRATION_REFUSED, Call, Params, Registry
from server_stub.storage import NewUser, RegistrationError

__all__ = ["USERNAME_PATTERN", "build_registry"]

USERNAME_PATTERN = r"[a-z0-9._-]{1,64}"
TOKEN_PATTERN = r"[A-Za-z0-9_-]{16,128}"

BENCH_MAX_BLOB = 32 * 1024 * 1024


def build_registry(*, bench: bool = False) -> Registry:
    """The methods of this server; `bench` adds `bench.sink` and `bench.source` (for
    bench/channel.py)."""
    registry = Registry()
    registry.method("ping")(ping)
    registry.method("whoami", login=True)(whoami)
    registry.method("register")(register)
    register_account_methods(registry)
    register_pki(registry)
    register_objects(registry)
    register_proxy(registry)
    register_sinks(registry)
    register_links(registry)
    register_rendezvous(registry)
    register_devices(registry)
    register_sessions(registry)
    if bench:
        registry.method("bench.sink")(bench_sink)
        registry.method("bench.source")(bench_source)
    return registry


async def ping(call: Call, params: Params) -> str:
    params.done()
    return "pong"


async def whoami(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    return {"username": call.session.username}


async def register(call: Call, params: Params) -> dict[str, Any]:
    user = _read_registration(params)
    priv_data = read_priv_data(params) if params.has("privData") else None
    token = params.text("token", TOKEN_PATTERN) if params.has("token") else None
    params.done()
    if token is None and not call.services.open_registration:
        raise RpcError(REGISTRATION_REFUSED, "registration needs an invitation token")
    try:
        if call.services.accounts is not None:  # the user and privData in one transaction
            await call.services.accounts.create(user, priv_data, token, call.now)
        else:
            await call.services.users.create(user, token, call.now)
    except RegistrationError as exc:
        raise RpcError(REGISTRATION_REFUSED, str(exc)) from None
    return {"username": user.name}


async def bench_sink(call: Call, params: Params) -> int:
    data = params.blob("data", 0, BENCH_MAX_BLOB)
    params.done()
    return len(data)


async def bench_source(call: Call, params: Params) -> memoryview:
    size = params.integer("size", 0, BENCH_MAX_BLOB)
    params.done()
    return memoryview(bench_bytes())[:size]


@functools.cache
def bench_bytes() -> bytes:
    """What `bench.source` answers with, made on first use (32 MiB)."""
    return bytes(range(256)) * (BENCH_MAX_BLOB // 256)


def _read_registration(params: Params) -> NewUser:
    name = params.text("username", USERNAME_PATTERN)
    record = read_srp_record(params)
    login_key = read_login_key(params) if params.has("login_key") else None
    return NewUser(name, record, login_key)
