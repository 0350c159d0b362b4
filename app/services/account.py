"""Accounts: create, log in on a new device, recover by phrase, change password, delete.

The flows and the byte layout of `privData` are specified in ACCOUNTS.md beside this
file (privdata.py holds the format). Every function translates lower errors into
`app.services.errors`; checks that can fail because the server misbehaved all run
before anything is written to the vault.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from app.client.address import Address, parse_address
from app.client.channel import Channel
from app.client.discovery import ServerConfig
from app.client.errors import ClientError, RemoteCallError
from app.crypto import bip39, srp
from app.crypto.ecc import PrivateKey, PublicKey
from app.crypto.errors import MnemonicError
from app.pki.openpgp import emit_keystore, new_keystore
from app.protocol.errors import AlertCode, AlertReceived, LoginError, ProtocolError
from app.protocol.login import encode_password, stretch_password
from app.services import pki, privdata
from app.services.connection import Connector, MemoryPins, ServerLink
from app.services.errors import (
    AuthenticationFailedError,
    ServerUnreachableError,
    ServiceError,
    TamperingDetectedError,
)
from app.services.privdata import KeyMismatchError, Secret
from app.services.share_inbox_keys import with_default_inbox
from app.vault import DEFAULT_KDF, KdfParams, Profile, RollbackError, Vault, VaultExistsError

__all__ = [
    "DELETE_LABEL",
    "PRIVDATA_ITEM",
    "AccountSession",
    "Created",
    "NoAccountError",
    "account_address",
    "change_password",
    "create",
    "delete_account",
    "login",
    "recover",
    "resume",
]

_log = logging.getLogger(__name__)

PRIVDATA_ITEM = "account/privdata"  # the vault's high-water mark of the privData counter
DELETE_LABEL = b"privshare/v1/delete-account"
SRP_GROUP = srp.RFC5054_2048
SRP_ITERATIONS = 210_000
METHOD_NOT_FOUND = -32601
NO_ACCOUNT_DATA = 1101
RandBytes = Callable[[int], bytes]


class NoAccountError(ServiceError):
    """The profile's vault belongs to no account yet."""


@dataclass
class AccountSession:
    """An open account: its address, the unlocked vault and a logged-in link."""

    address: Address
    vault: Vault
    link: ServerLink

    @property
    def channel(self) -> Channel:
        return self.link.channel

    @property
    def config(self) -> ServerConfig:
        return self.link.config

    def close(self) -> None:
        """Lock the vault (forget its keys in memory)."""
        self.vault.lock()

    def __enter__(self) -> AccountSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Created:
    """A new account: its open session and the recovery phrase (show it once)."""

    session: AccountSession
    phrase: str


# ---- opening an existing profile -----------------------------------------------------


def account_address(vault: Vault) -> Address:
    """The account address of an unlocked vault (`NoAccountError` if it has none)."""
    if not vault.address:
        raise NoAccountError(
            "this profile has no account yet: run `privshare account create`, `login` or `recover`"
        )
    return parse_address(vault.address)


def resume(vault: Vault, connector: Connector) -> AccountSession:
    """Log in with the identity key (m/2') of an unlocked vault that has an account, and
    check the server's privData is signed by us and not older than seen (checklist A.3)."""
    address = account_address(vault)
    with _translated():
        link = connector.connect(str(address.server), vault)
        link.channel.login_key(_private(vault.identity_key.private_key), address.name)
        session = AccountSession(address, vault, link)
        _check_priv_data_version(session)
    return session


def _check_priv_data_version(session: AccountSession) -> int:
    """The verified counter of the server's privData, noted as the vault's mark."""
    name, host = session.address.name, str(session.address.server)
    blob = _fetch_priv_data(session.channel)
    seen = session.vault.item_version(PRIVDATA_ITEM)
    if blob is None:
        if seen is not None:
            raise privdata.AccountDataError("the server no longer returns it")
        return 0
    identity = session.vault.identity_key.public_key
    header = privdata.verify_signature(blob, identity, username=name, host=host)
    session.vault.note_item_version(PRIVDATA_ITEM, header.counter)
    return header.counter


def _fetch_priv_data(channel: Channel) -> bytes | None:
    try:
        result = channel.call("getPrivData")
    except RemoteCallError as error:
        if error.code == NO_ACCOUNT_DATA:
            return None
        raise
    blob = result.get("privData") if isinstance(result, dict) else None
    if not isinstance(blob, bytes):
        raise privdata.AccountDataError("the server's answer is malformed")
    return blob


# ---- create ----------------------------------------------------------------------------


def create(
    address: str,
    password: str,
    profile: Profile,
    connector: Connector,
    *,
    now: float,
    token: str | None = None,
    passphrase: str = "",
    vault_kdf: KdfParams = DEFAULT_KDF,
    randbytes: RandBytes = secrets.token_bytes,
) -> Created:
    """Register `address` with a new phrase; the vault is made in `profile`."""
    where = parse_address(address)
    if profile.has_vault():
        raise VaultExistsError()
    pins = MemoryPins()
    with _translated():
        link = connector.connect(str(where.server), pins)
    vault, phrase = Vault.create(
        profile, password, passphrase=passphrase, now=now, kdf=vault_kdf, randbytes=randbytes
    )
    try:
        with _translated():
            _register(link.channel, where, vault, password, passphrase, token, randbytes)
    except BaseException:
        vault.lock()
        _remove_vault(profile)  # nothing was registered with it
        raise
    _adopt(vault, where, pins, counter=1)  # from here on the vault holds a live account
    with _translated():
        link.channel.login_srp(where.name, password)
        _publish_first_keystore(link.channel, where, vault, now)
    return Created(AccountSession(where, vault, link), phrase)


def _register(
    channel: Channel,
    where: Address,
    vault: Vault,
    password: str,
    passphrase: str,
    token: str | None,
    randbytes: RandBytes,
) -> None:
    identity = _private(vault.identity_key.private_key)
    secret = Secret(bip39.mnemonic_to_entropy(vault.mnemonic), passphrase)
    params = _credentials(where, password, secret, identity, 1, randbytes)
    params["login_key"] = identity.public_key.to_bytes()
    if token is not None:
        params["token"] = token
    channel.call("register", username=where.name, **params)


def _publish_first_keystore(channel: Channel, where: Address, vault: Vault, now: float) -> None:
    keystore = new_keystore(_private(vault.identity_key.private_key), str(where), created=int(now))
    keystore = with_default_inbox(channel, vault, where.name, keystore, int(now))
    try:
        pki.publish_keystore(channel, emit_keystore(keystore))
    except pki.PublishRefusedError as error:
        if not _method_missing(error):
            raise
        _log.warning("server %s has no PKI (pkiPublish): keystore not published", where.server)


# ---- log in on a new device ------------------------------------------------------------


def login(
    address: str,
    password: str,
    profile: Profile,
    connector: Connector,
    *,
    now: float,
    vault_kdf: KdfParams = DEFAULT_KDF,
    stretch: privdata.Stretch = privdata.pbkdf2_stretch,
) -> AccountSession:
    """Sign in on a new device with the password: SRP, privData, checks, then the vault."""
    where = parse_address(address)
    if profile.has_vault():
        raise VaultExistsError()
    pins = MemoryPins()
    with _translated():
        link = connector.connect(str(where.server), pins)
        link.channel.login_srp(where.name, password)
        blob = _fetch_priv_data(link.channel)
        if blob is None:
            raise privdata.AccountDataError("the server has none for this account")
        secret, header = privdata.open_sealed(
            blob, password, username=where.name, host=str(where.server), stretch=stretch
        )
        identity = privdata.identity_of(secret).public_key
        checkpoints = pki.MemoryCheckpoints()
        _check_identity(link.channel, where, identity, checkpoints, now)
    vault = Vault.restore(
        profile, secret.mnemonic, password, passphrase=secret.passphrase, now=now, kdf=vault_kdf
    )
    _adopt(vault, where, pins, counter=header.counter, checkpoints=checkpoints)
    return AccountSession(where, vault, link)


def _check_identity(
    channel: Channel,
    where: Address,
    identity: PublicKey,
    checkpoints: pki.MemoryCheckpoints,
    now: float,
) -> None:
    """Our derived identity key must be the server's login key and the PKI's key (A.2)."""
    info = channel.call("accountInfo")
    keys = info.get("loginKeys") if isinstance(info, dict) else None
    if not isinstance(keys, list) or identity.to_bytes() not in keys:
        raise KeyMismatchError(
            f"the server holds a different key for {where} than the one this account's "
            "recovery phrase gives: do not use this server until its operator explains"
        )
    try:
        pki.check_own_identity(channel, str(where), identity, checkpoints=checkpoints, now=now)
    except ServiceError as error:
        if not _method_missing(error):
            raise
        _log.warning("server %s has no PKI (pkiGetKeystore): identity not checked", where.server)


# ---- recover with the phrase -----------------------------------------------------------


def recover(
    address: str,
    mnemonic: str,
    new_password: str,
    profile: Profile,
    connector: Connector,
    *,
    now: float,
    passphrase: str = "",
    vault_kdf: KdfParams = DEFAULT_KDF,
    randbytes: RandBytes = secrets.token_bytes,
) -> AccountSession:
    """Key login with m/2' from the phrase, then new credentials and a new vault."""
    where = parse_address(address)
    if profile.has_vault():
        raise VaultExistsError()
    if not new_password:
        raise ValueError("the new password must not be empty")
    try:
        phrase = bip39.validate_mnemonic(mnemonic)
    except MnemonicError as error:
        raise AuthenticationFailedError(f"the recovery phrase is not valid: {error}") from None
    secret = Secret(bip39.mnemonic_to_entropy(phrase), passphrase)
    identity = _private(privdata.identity_of(secret).private_key)
    pins = MemoryPins()
    checkpoints = pki.MemoryCheckpoints()
    with _translated():
        link = connector.connect(str(where.server), pins)
        link.channel.login_key(identity, where.name)
        old = _fetch_priv_data(link.channel)
        host = str(where.server)
        last = 0
        if old is not None:
            last = privdata.verify_signature(
                old, identity.public_key, username=where.name, host=host
            ).counter
        _check_identity(link.channel, where, identity.public_key, checkpoints, now)
        params = _credentials(where, new_password, secret, identity, last + 1, randbytes)
        link.channel.call("setCredentials", **params)
    vault = Vault.restore(
        profile, phrase, new_password, passphrase=passphrase, now=now, kdf=vault_kdf
    )
    _adopt(vault, where, pins, counter=last + 1, checkpoints=checkpoints)
    return AccountSession(where, vault, link)


# ---- change password, delete -----------------------------------------------------------


def change_password(
    session: AccountSession,
    old: str,
    new: str,
    *,
    randbytes: RandBytes = secrets.token_bytes,
) -> None:
    """New SRP credentials and privData on the server (one transaction), then the vault."""
    vault, where = session.vault, session.address
    vault.change_password(old, new)  # checks `old` first (WrongPasswordError)
    try:
        with _translated():
            counter = max(_check_priv_data_version(session), vault.item_version(PRIVDATA_ITEM) or 0)
            secret = Secret(bip39.mnemonic_to_entropy(vault.mnemonic), _passphrase(session, old))
            identity = _private(vault.identity_key.private_key)
            params = _credentials(where, new, secret, identity, counter + 1, randbytes)
            session.channel.call("setCredentials", **params)
    except BaseException:
        vault.change_password(new, old)  # the server kept the old ones: so does the vault
        raise
    vault.note_item_version(PRIVDATA_ITEM, counter + 1)


def _passphrase(session: AccountSession, password: str) -> str:
    """The BIP-39 passphrase, which only the server's privData keeps besides the vault."""
    if not session.vault.passphrase_used:
        return ""
    blob = _fetch_priv_data(session.channel)
    if blob is None:
        raise privdata.AccountDataError("the server has none for this account")
    where = session.address
    secret, _ = privdata.open_sealed(blob, password, username=where.name, host=str(where.server))
    return secret.passphrase


def delete_account(session: AccountSession, *, remove_vault: bool = False) -> None:
    """Delete the account on the server (all its objects too); the vault stays unless
    `remove_vault`."""
    identity = _private(session.vault.identity_key.private_key)
    signature = identity.sign(DELETE_LABEL + session.address.name.encode())
    with _translated():
        session.channel.call("deleteAccount", signature=signature)
    if remove_vault:
        profile = session.vault.profile
        session.vault.lock()
        _remove_vault(profile)


# ---- shared pieces ---------------------------------------------------------------------


def _credentials(
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


def _adopt(
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


def _remove_vault(profile: Profile) -> None:
    for path in (profile.vault_path, profile.backup_path):
        path.unlink(missing_ok=True)


def _private(key: PrivateKey | None) -> PrivateKey:
    if key is None:  # vault keys are always private; this guards the type only
        raise ValueError("a private key is needed")
    return key


def _method_missing(error: BaseException) -> bool:
    cause = error.__cause__
    return isinstance(cause, RemoteCallError) and cause.code == METHOD_NOT_FOUND


@contextlib.contextmanager
def _translated() -> Iterator[None]:
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
    except RollbackError as error:
        raise privdata.AccountDataError("it is older than a version this device saw") from error
    except RemoteCallError as error:
        raise ServiceError(f"the server refused: {error.message}") from error
    except ProtocolError as error:
        raise TamperingDetectedError(f"the server's answer failed a check: {error}") from error
    except ClientError as error:
        raise ServerUnreachableError(str(error)) from error
