"""The pieces every account flow shares: SRP credentials with a sealed privData, a new
vault's adoption of the account, and lower errors translated into service errors.

Used by creation.py, session.py and login.py (ACCOUNTS.md).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from app.client.address import Address
from app.client.errors import ClientError, RemoteCallError
from app.crypto import srp
from app.crypto.ecc import PrivateKey
from app.protocol.errors import AlertCode, AlertReceived, LoginError, ProtocolError
from app.protocol.login import encode_password, stretch_password
from app.services import pki
from app.services.account import privdata
from app.services.account.privdata import Secret
from app.services.connection import MemoryPins
from app.services.errors import (
    AuthenticationFailedError,
    ServerUnreachableError,
    ServiceError,
    TamperingDetectedError,
)
from app.services.previews.cache import CACHE_FOLDER as PREVIEWS_FOLDER
from app.vault import ItemRollbackError, Profile, Vault
from app.wire.account_proof import (
    CHALLENGE_SIZE,
    DELETE_ACCOUNT,
    SET_CREDENTIALS,
    credentials_digest,
    proof_bytes,
)

__all__ = [
    "PRIVDATA_ITEM",
    "SRP_GROUP",
    "SRP_ITERATIONS",
    "RandBytes",
    "account_errors",
    "adopt",
    "credentials",
    "deletion_proof",
    "method_missing",
    "private",
    "remove_vault_files",
    "with_credentials_proof",
]

PRIVDATA_ITEM = "account/privdata"  # the vault's high-water mark of the privData counter
SRP_GROUP = srp.RFC5054_2048
SRP_ITERATIONS = 210_000
METHOD_NOT_FOUND = -32601
RandBytes = Callable[[int], bytes]


class RpcChannel(Protocol):
    def call(self, method: str, **params: Any) -> Any: ...


def credentials(
    where: Address,
    password: str,
    secret: Secret,
    identity: PrivateKey,
    counter: int,
    randbytes: RandBytes,
) -> dict[str, Any]:
    """The params of `register`/`setCredentials`: SRP record, KDF and privData."""
    salt, kdf_salt = srp.new_salt(randbytes), randbytes(32)
    stretched = stretch_password(encode_password(password), kdf_salt, SRP_ITERATIONS)
    verifier = srp.make_verifier(SRP_GROUP, where.name.encode(), stretched, salt)
    blob = privdata.seal(
        secret,
        password,
        username=where.name,
        host=str(where.server),
        counter=counter,
        identity=identity,
        randbytes=randbytes,
    )
    return {
        "group": SRP_GROUP.name,
        "salt": salt,
        "verifier": verifier.to_bytes(SRP_GROUP.byte_length, "big"),
        "kdf": {"algorithm": "PBKDF2-SHA512", "iterations": SRP_ITERATIONS, "salt": kdf_salt},
        "privData": blob,
    }


def with_credentials_proof(
    channel: RpcChannel, identity: PrivateKey, username: str, params: dict[str, Any]
) -> dict[str, Any]:
    """`setCredentials` params plus a fresh proof (app/wire/account_proof.py): the
    identity key signs this session's challenge and the digest of the new credentials."""
    kdf = params["kdf"]
    digest = credentials_digest(
        group=params["group"],
        salt=params["salt"],
        verifier=params["verifier"],
        kdf_algorithm=kdf["algorithm"],
        kdf_iterations=kdf["iterations"],
        kdf_salt=kdf["salt"],
        priv_data=params["privData"],
        login_key=params.get("login_key"),
    )
    challenge = _challenge(channel)
    signature = identity.sign(proof_bytes(SET_CREDENTIALS, username, challenge, digest))
    return {**params, "challenge": challenge, "signature": signature}


def deletion_proof(channel: RpcChannel, identity: PrivateKey, username: str) -> dict[str, bytes]:
    """`deleteAccount` params: this session's challenge signed by the identity key."""
    challenge = _challenge(channel)
    signature = identity.sign(proof_bytes(DELETE_ACCOUNT, username, challenge))
    return {"challenge": challenge, "signature": signature}


def _challenge(channel: RpcChannel) -> bytes:
    answer = channel.call("accountChallenge")
    challenge = answer.get("challenge") if isinstance(answer, dict) else None
    if not isinstance(challenge, bytes) or len(challenge) != CHALLENGE_SIZE:
        raise ServiceError("the server's account challenge is malformed")
    return challenge


def adopt(
    vault: Vault,
    where: Address,
    pins: MemoryPins,
    *,
    counter: int,
    checkpoints: pki.MemoryCheckpoints | None = None,
) -> None:
    """Record the account in a new vault: address, pins, checkpoint, privData mark."""
    for host, key in pins.keys.items():
        vault.pin_server_key(host, key)
    for host, point in (checkpoints.points if checkpoints else {}).items():
        vault.set_pki_checkpoint(host, point)
    vault.note_item_version(PRIVDATA_ITEM, counter)
    vault.set_address(str(where))


def remove_vault_files(profile: Profile) -> None:
    """Delete the profile's vault file and its backup, and its preview cache."""
    for path in (profile.vault_path, profile.backup_path):
        path.unlink(missing_ok=True)
    shutil.rmtree(profile.root / PREVIEWS_FOLDER, ignore_errors=True)


def private(key: PrivateKey | None) -> PrivateKey:
    """`key` typed as a `PrivateKey`; `ValueError` for None."""
    if key is None:  # vault keys are always private; this guards the type only
        raise ValueError("a private key is needed")
    return key


def method_missing(error: BaseException) -> bool:
    """Was `error` caused by a "method not found" answer (a server without that feature)?"""
    cause = error.__cause__
    return isinstance(cause, RemoteCallError) and cause.code == METHOD_NOT_FOUND


@contextlib.contextmanager
def account_errors() -> Iterator[None]:
    """Lower-layer errors as the service errors the person can act on."""
    try:
        yield
    except AlertReceived as alert:
        if alert.code in (AlertCode.LOGIN_FAILED, AlertCode.TOO_MANY_ATTEMPTS):
            raise AuthenticationFailedError(
                "login failed: wrong password or phrase, unknown account, or too many attempts"
            ) from alert
        raise TamperingDetectedError(f"the server broke off the exchange: {alert}") from alert
    except LoginError as error:
        message = f"the server's login parameters were refused: {error}"
        raise TamperingDetectedError(message) from error
    except ItemRollbackError as error:
        raise privdata.AccountDataError("it is older than a version this device saw") from error
    except RemoteCallError as error:
        raise ServiceError(f"the server refused: {error.message}") from error
    except ProtocolError as error:
        raise TamperingDetectedError(f"the server's answer failed a check: {error}") from error
    except ClientError as error:
        raise ServerUnreachableError(str(error)) from error
