"""The account RPC methods: `getPrivData`, `accountChallenge`, `setCredentials`,
`deleteAccount`, `accountInfo`.

All need a logged-in session and act on that session's own account only, so nothing
here can tell one stranger's name from another (no enumeration beyond `register`).
privData is opaque to the server (app/services/ACCOUNTS.md); it only bounds its size.
The two methods that could take an account over need a fresh proof (app/wire/
account_proof.py): a challenge bound to this session and time, signed by a registered
login key (the identity key, m/2'), so holding a session's tickets is not enough.

    getPrivData{}                       -> {privData: bin}
    accountChallenge{}                  -> {challenge: bin32}
    setCredentials{salt, verifier, group, kdf, privData, login_key?, challenge, signature}
                                        -> {username}; replaces them in one transaction
                                           and ends the user's other sessions
    deleteAccount{challenge: bin32, signature: bin64}
                                        -> {username}
    accountInfo{}                       -> {username, created, loginKeys: [bin33],
                                           hasPrivData}

Errors: 1101 no account data stored, 1102 deletion signature refused, 1103 the account
no longer exists (deleted meanwhile), 1104 the credential change's proof is refused;
1002 for a login key taken by another account.
"""

from __future__ import annotations

from typing import Any

from app.crypto import srp
from app.crypto.ecc import PublicKey
from app.crypto.errors import CryptoError, InvalidKeyError, UntrustedGroupError
from app.wire.account_proof import (
    CHALLENGE_SIZE,
    DELETE_ACCOUNT,
    SET_CREDENTIALS,
    challenge_for,
    challenge_is_fresh,
    credentials_digest,
    proof_bytes,
)
from server_stub.accounts import Credentials, SqliteAccounts
from server_stub.ports import KdfParams, RpcError, SrpRecord
from server_stub.rpc import REGISTRATION_REFUSED, Call, Params, Registry
from server_stub.storage import RegistrationError

__all__ = [
    "ACCOUNT_GONE",
    "DELETE_REFUSED",
    "KDF_ALGORITHM",
    "MAX_PRIV_DATA",
    "MIN_KDF_ITERATIONS",
    "MIN_PRIV_DATA",
    "NO_ACCOUNT_DATA",
    "PROOF_REFUSED",
    "read_login_key",
    "read_priv_data",
    "read_srp_record",
    "register_account_methods",
]

NO_ACCOUNT_DATA = 1101
DELETE_REFUSED = 1102
ACCOUNT_GONE = 1103
PROOF_REFUSED = 1104
KDF_ALGORITHM = "PBKDF2-SHA512"
MIN_KDF_ITERATIONS = 210_000
MAX_KDF_ITERATIONS = 2**31 - 1
MIN_PRIV_DATA = 64
MAX_PRIV_DATA = 4096


def register_account_methods(registry: Registry) -> None:
    registry.method("getPrivData", login=True)(get_priv_data)
    registry.method("accountChallenge", login=True)(account_challenge)
    registry.method("setCredentials", login=True)(set_credentials)
    registry.method("deleteAccount", login=True)(delete_account)
    registry.method("accountInfo", login=True)(account_info)


def _accounts(call: Call) -> SqliteAccounts:
    if call.services.accounts is None:
        raise RpcError(NO_ACCOUNT_DATA, "this server keeps no account data")
    return call.services.accounts


def _username(call: Call) -> str:
    name = call.session.username
    assert name is not None  # the registry lets only logged-in sessions through
    return name


async def get_priv_data(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    blob = await _accounts(call).priv_data(_username(call))
    if blob is None:
        raise RpcError(NO_ACCOUNT_DATA, "no account data is stored for this account")
    return {"privData": blob}


async def account_challenge(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    return {"challenge": challenge_for(_proof_key(call), call.session.session_id, call.now)}


async def set_credentials(call: Call, params: Params) -> dict[str, Any]:
    record = read_srp_record(params)
    priv_data = read_priv_data(params)
    login_key = read_login_key(params) if params.has("login_key") else None
    challenge, signature = _read_proof(params)
    params.done()
    name = _username(call)
    accounts = _accounts(call)
    digest = credentials_digest(
        group=record.group,
        salt=record.salt,
        verifier=srp.group_by_name(record.group).pad(record.verifier),
        kdf_algorithm=record.kdf.algorithm,
        kdf_iterations=record.kdf.iterations,
        kdf_salt=record.kdf.salt,
        priv_data=priv_data,
        login_key=login_key,
    )
    signed = proof_bytes(SET_CREDENTIALS, name, challenge, digest)
    if not await _proven(call, accounts, challenge, signature, signed):
        raise RpcError(PROOF_REFUSED, "the change is not signed by the account's key")
    credentials = Credentials(record, priv_data, login_key)
    try:
        done = await accounts.set_credentials(name, credentials, call.session.session_id, call.now)
    except RegistrationError as exc:
        raise RpcError(REGISTRATION_REFUSED, str(exc)) from None
    if not done:
        raise RpcError(ACCOUNT_GONE, "the account no longer exists")
    return {"username": name}


async def delete_account(call: Call, params: Params) -> dict[str, Any]:
    challenge, signature = _read_proof(params)
    params.done()
    name = _username(call)
    accounts = _accounts(call)
    signed = proof_bytes(DELETE_ACCOUNT, name, challenge)
    if not await _proven(call, accounts, challenge, signature, signed):
        raise RpcError(DELETE_REFUSED, "the deletion is not signed by the account's key")
    await _delete_objects(call, name)
    if not await accounts.delete(name):
        raise RpcError(ACCOUNT_GONE, "the account no longer exists")
    return {"username": name}


def _read_proof(params: Params) -> tuple[bytes, bytes]:
    challenge = params.blob("challenge", CHALLENGE_SIZE, CHALLENGE_SIZE)
    return challenge, params.blob("signature", 64, 64)


async def _proven(
    call: Call, accounts: SqliteAccounts, challenge: bytes, signature: bytes, signed: bytes
) -> bool:
    """A fresh challenge of this session, signed by one of the account's login keys."""
    if not challenge_is_fresh(_proof_key(call), call.session.session_id, challenge, call.now):
        return False
    keys = await accounts.login_keys(_username(call))
    return any(_signed_by(key, signature, signed) for key in keys)


def _proof_key(call: Call) -> bytes:
    if not call.services.proof_key:
        raise RpcError(NO_ACCOUNT_DATA, "this server keeps no account data")
    return call.services.proof_key


async def account_info(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    name = _username(call)
    info = await _accounts(call).info(name)
    if info is None:
        raise RpcError(ACCOUNT_GONE, "the account no longer exists")
    return {
        "username": name,
        "created": info.created,
        "loginKeys": list(info.login_keys),
        "hasPrivData": info.has_priv_data,
    }


async def _delete_objects(call: Call, name: str) -> None:
    """Remove the user's server objects and inboxes when the server keeps them."""
    if call.services.objects is not None:
        await call.services.objects.delete_all_of(name)
    if call.services.sinks is not None:
        await call.services.sinks.delete_all_of(name)


def _signed_by(key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        PublicKey.from_bytes(key).verify(signature, message)
    except CryptoError:
        return False
    return True


# ---- parameter readers shared with `register` (registry.py) --------------------------


def read_srp_record(params: Params) -> SrpRecord:
    """`group`, `salt`, `verifier` and `kdf`, checked against the client's floor."""
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
    return SrpRecord(salt, verifier, group.name, _read_kdf(params.mapping("kdf")))


def _read_kdf(params: Params) -> KdfParams:
    algorithm = params.text("algorithm", r"[A-Za-z0-9-]{1,32}")
    if algorithm != KDF_ALGORITHM:
        raise params.error("algorithm", f"must be {KDF_ALGORITHM}")
    iterations = params.integer("iterations", MIN_KDF_ITERATIONS, MAX_KDF_ITERATIONS)
    salt = params.blob("salt", 16, 64)
    params.done()
    return KdfParams(algorithm, iterations, salt)


def read_login_key(params: Params) -> bytes:
    key = params.blob("login_key", 33, 33)
    try:
        PublicKey.from_bytes(key)
    except InvalidKeyError:
        raise params.error("login_key", "is not a valid compressed secp256k1 key") from None
    return key


def read_priv_data(params: Params) -> bytes:
    return params.blob("privData", MIN_PRIV_DATA, MAX_PRIV_DATA)
