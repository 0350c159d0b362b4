"""Creating an account: a new phrase and vault, registration, the first keystore.

The flows and the byte layout of `privData` are specified in ACCOUNTS.md (privdata.py
holds the format). Checks that can fail because the server misbehaved all run before
anything is written to the vault.
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
from app.services.account.helpers import (
    RandBytes,
    account_errors,
    adopt,
    credentials,
    method_missing,
    private,
    remove_vault_files,
)
from app.services.account.inbox_keys import with_default_inbox
from app.services.account.privdata import Secret
from app.services.account.session import AccountSession
from app.services.boundary import service_boundary
from app.services.connection import Connector, MemoryPins
from app.vault import DEFAULT_KDF, KdfParams, Profile, Vault, VaultExistsError

_log = logging.getLogger(__name__)


@dataclass
class Created:
    """A new account: its open session and the recovery phrase (show it once)."""

    session: AccountSession
    phrase: str


@service_boundary()
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
    with account_errors():
        link = connector.connect(str(where.server), pins)
    vault, phrase = Vault.create(
        profile, password, passphrase=passphrase, now=now, kdf=vault_kdf, randbytes=randbytes
    )
    try:
        with account_errors():
            _register(link.channel, where, vault, password, passphrase, token, randbytes)
    except BaseException:
        vault.lock()
        remove_vault_files(profile)  # nothing was registered with it
        raise
    adopt(vault, where, pins, counter=1)  # from here on the vault holds a live account
    with account_errors():
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
