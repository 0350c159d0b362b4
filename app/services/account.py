"""Accounts: create, log in on a new device, recover by phrase, change password, delete.

The flows and the byte layout of `privData` are specified in ACCOUNTS.md beside this
file (privdata.py holds the format). Every function translates lower errors into
`app.services.errors`; checks that can fail because the server misbehaved all run
before anything is written to the vault.

Creating an account is here; signing in on a new device (`login`, `recover`) is in
account_login.py, an open account (`AccountSession`, `resume`, `change_password`,
`delete_account`) in account_session.py, the shared pieces in account_helpers.py. Every
public name stays importable from this module.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from app.client.address import Address, parse_address
from app.client.channel import Channel
from app.crypto import bip39
from app.pki.openpgp import emit_keystore, new_keystore
from app.services import pki
from app.services.account_helpers import (
    PRIVDATA_ITEM,
    RandBytes,
    adopt,
    credentials,
    method_missing,
    private,
    remove_vault_files,
    translated,
)
from app.services.account_login import login, recover
from app.services.account_session import (
    DELETE_LABEL,
    AccountSession,
    NoAccountError,
    account_address,
    change_password,
    delete_account,
    resume,
)
from app.services.connection import Connector, MemoryPins
from app.services.privdata import Secret
from app.services.share_inbox_keys import with_default_inbox
from app.vault import DEFAULT_KDF, KdfParams, Profile, Vault, VaultExistsError

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


@dataclass
class Created:
    """A new account: its open session and the recovery phrase (show it once)."""

    session: AccountSession
    phrase: str


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
    with translated():
        link = connector.connect(str(where.server), pins)
    vault, phrase = Vault.create(
        profile, password, passphrase=passphrase, now=now, kdf=vault_kdf, randbytes=randbytes
    )
    try:
        with translated():
            _register(link.channel, where, vault, password, passphrase, token, randbytes)
    except BaseException:
        vault.lock()
        remove_vault_files(profile)  # nothing was registered with it
        raise
    adopt(vault, where, pins, counter=1)  # from here on the vault holds a live account
    with translated():
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
    identity = private(vault.identity_key.private_key)
    secret = Secret(bip39.mnemonic_to_entropy(vault.mnemonic), passphrase)
    params = credentials(where, password, secret, identity, 1, randbytes)
    params["login_key"] = identity.public_key.to_bytes()
    if token is not None:
        params["token"] = token
    channel.call("register", username=where.name, **params)


def _publish_first_keystore(channel: Channel, where: Address, vault: Vault, now: float) -> None:
    keystore = new_keystore(private(vault.identity_key.private_key), str(where), created=int(now))
    keystore = with_default_inbox(channel, vault, where.name, keystore, int(now))
    try:
        pki.publish_keystore(channel, emit_keystore(keystore))
    except pki.PublishRefusedError as error:
        if not method_missing(error):
            raise
        _log.warning("server %s has no PKI (pkiPublish): keystore not published", where.server)
