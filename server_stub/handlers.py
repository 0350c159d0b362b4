"""The RPC methods of this issue: `ping`, `register`, `whoami` (and `bench.sink`).

`ping` -> "pong". `whoami` (login needed) -> `{"username": name}`. `bench.sink{data}`
-> len(data), registered only when the server runs with --bench.

`register` params (all required unless marked):

    username   str  [a-z0-9._-]{1,64}
    group      str  an allowed SRP group name (app.crypto.srp.ALLOWED_GROUPS)
    salt       bin  16..64 bytes (SRP salt)
    verifier   bin  exactly the byte length of N, 0 < v < N
    kdf        map  {algorithm: "PBKDF2-SHA512", iterations: >= 210000, salt: bin 16..64}
    login_key  bin  33-byte compressed secp256k1 key for key login (optional)
    token      str  invitation token (required unless the server runs --open-registration)

It returns `{"username": name}`. The parameter floor here is the one the client enforces
(DESIGN §2); a server never stores anything a client would refuse to use.
"""

from __future__ import annotations

from typing import Any

from app.crypto import srp
from app.crypto.ecc import PublicKey
from app.crypto.errors import InvalidKeyError, UntrustedGroupError
from server_stub.ports import KdfParams, RpcError, SrpRecord
from server_stub.rpc import REGISTRATION_REFUSED, Call, Params, Registry
from server_stub.storage import NewUser, RegistrationError

__all__ = ["KDF_ALGORITHM", "MIN_KDF_ITERATIONS", "USERNAME_PATTERN", "build_registry"]

USERNAME_PATTERN = r"[a-z0-9._-]{1,64}"
KDF_ALGORITHM = "PBKDF2-SHA512"
MIN_KDF_ITERATIONS = 210_000
MAX_KDF_ITERATIONS = 2**31 - 1
TOKEN_PATTERN = r"[A-Za-z0-9_-]{16,128}"

BENCH_MAX_BLOB = 32 * 1024 * 1024


def build_registry(*, bench: bool = False) -> Registry:
    """The methods of this server; `bench` adds `bench.sink` (for bench/channel.py)."""
    registry = Registry()
    registry.method("ping")(ping)
    registry.method("whoami", login=True)(whoami)
    registry.method("register")(register)
    if bench:
        registry.method("bench.sink")(bench_sink)
    return registry


async def ping(call: Call, params: Params) -> str:
    params.done()
    return "pong"


async def whoami(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    return {"username": call.session.username}


async def register(call: Call, params: Params) -> dict[str, Any]:
    user = _read_registration(params)
    token = params.text("token", TOKEN_PATTERN) if params.has("token") else None
    params.done()
    if token is None and not call.services.open_registration:
        raise RpcError(REGISTRATION_REFUSED, "registration needs an invitation token")
    try:
        await call.services.users.create(user, token, call.now)
    except RegistrationError as exc:
        raise RpcError(REGISTRATION_REFUSED, str(exc)) from None
    return {"username": user.name}


async def bench_sink(call: Call, params: Params) -> int:
    data = params.blob("data", 0, BENCH_MAX_BLOB)
    params.done()
    return len(data)


def _read_registration(params: Params) -> NewUser:
    name = params.text("username", USERNAME_PATTERN)
    group_name = params.text("group", r"[a-z0-9-]{1,32}")
    try:
        group = srp.group_by_name(group_name)
    except UntrustedGroupError:
        raise params.error("group", "is not an allowed SRP group") from None
    salt = params.blob("salt", 16, 64)
    size = group.byte_length
    verifier = int.from_bytes(params.blob("verifier", size, size), "big")
    if not 0 < verifier < group.N:
        raise params.error("verifier", "must be between 0 and N (exclusive)")
    kdf = _read_kdf(params.mapping("kdf"))
    login_key = _read_login_key(params) if params.has("login_key") else None
    return NewUser(name, SrpRecord(salt, verifier, group.name, kdf), login_key)


def _read_kdf(params: Params) -> KdfParams:
    algorithm = params.text("algorithm", r"[A-Za-z0-9-]{1,32}")
    if algorithm != KDF_ALGORITHM:
        raise params.error("algorithm", f"must be {KDF_ALGORITHM}")
    iterations = params.integer("iterations", MIN_KDF_ITERATIONS, MAX_KDF_ITERATIONS)
    salt = params.blob("salt", 16, 64)
    params.done()
    return KdfParams(algorithm, iterations, salt)


def _read_login_key(params: Params) -> bytes:
    key = params.blob("login_key", 33, 33)
    try:
        PublicKey.from_bytes(key)
    except InvalidKeyError:
        raise params.error("login_key", "is not a valid compressed secp256k1 key") from None
    return key
