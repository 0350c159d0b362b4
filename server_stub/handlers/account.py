"""The account RPC methods: `getPrivData`, `setCredentials`, `deleteAccount`, `accountInfo`.

All need a logged-in session and act on that session's own account only, so nothing
here can tell one stranger's name from another (no enumeration beyond `register`).
privData is opaque to the server (app/services/ACCOUNTS.md); it only bounds its size.

    getPrivData{}                       -> {privData: bin}
    setCredentials{salt, verifier, group, kdf, privData, login_key?}
                                        -> {username}; replaces them in one transaction
                                           and ends the user's other sessions
    deleteAccount{signature: bin64}     -> {username}; signature = ECDSA by a registered
                                           login key over "privshare/v1/delete-account"
                                           ‖ username (so a stolen session cannot delete)
    accountInfo{}                       -> {username, created, loginKeys: [bin33],
                                           hasPrivData}

Errors: 1101 no account data stored, 1102 deletion signature refused, 1103 the account
no longer exists (deleted meanwhile); 1002 for a login key taken by another account.
"""

from __future__ import annotations

from typing import Any

from app.crypto import srp
from app.crypto.ecc import PublicKey
from app.crypto.errors import CryptoError, InvalidKeyError, UntrustedGroupError
from server_stub.accounts import Credentials, SqliteAccounts
from server_stub.ports import KdfParams, RpcError, SrpRecord
from server_stub.rpc import REGISTRATION_REFUSED, Call, Params, Registry
from server_stub.storage import RegistrationError

__all__ = [
    "ACCOUNT_GONE",
    "DELETE_LABEL",
    "DELETE_REFUSED",
    "KDF_ALGORITHM",
    "MAX_PRIV_DATA",
    "MIN_KDF_ITERATIONS",
    "MIN_PRIV_DATA",
    "NO_ACCOUNT_DATA",
    "read_login_key",
    "read_priv_data",
    "read_srp_record",
    "register_account_methods",
]

NO_ACCOUNT_DATA = 1101
DELETE_REFUSED = 1102
ACCOUNT_GONE = 1103
DELETE_LABEL = b"privshare/v1/delete-account"
KDF_ALGORITHM = "PBKDF2-SHA512"
MIN_KDF_ITERATIONS = 210_000
MAX_KDF_ITERATIONS = 2**31 - 1
MIN_PRIV_DATA = 64
MAX_PRIV_DATA = 4096


def register_account_methods(registry: Registry) -> None:
    registry.method("getPrivData", login=True)(get_priv_data)
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


async def set_credentials(call: Call, params: Params) -> dict[str, Any]:
    record = read_srp_record(params)
    priv_data = read_priv_data(params)
    login_key = read_login_key(params) if params.has("login_key") else None
    params.done()
    name = _username(call)
    credentials = Credentials(record, priv_data, login_key)
    try:
        done = await _accounts(call).set_credentials(
            name, credentials, call.session.session_id, call.now
        )
    except RegistrationError as exc:
        raise RpcError(REGISTRATION_REFUSED, str(exc)) from None
    if not done:
        raise RpcError(ACCOUNT_GONE, "the account no longer exists")
    return {"username": name}


async def delete_account(call: Call, params: Params) -> dict[str, Any]:
    signature = params.blob("signature", 64, 64)
    params.done()
    name = _username(call)
    accounts = _accounts(call)
    keys = await accounts.login_keys(name)
    if not any(_signed_by(key, signature, DELETE_LABEL + name.encode()) for key in keys):
        raise RpcError(DELETE_REFUSED, "the deletion is not signed by the account's key")
    await _delete_objects(call, name)
    if not await accounts.delete(name):
        raise RpcError(ACCOUNT_GONE, "the account no longer exists")
    return {"username": name}


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
