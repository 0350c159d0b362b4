"""Sign in on a new device: with the password (`login`) or the recovery phrase (`recover`).

Both check, before anything is written to the vault, that the identity key derived from
the account's secret is the server's login key and the PKI's key (ACCOUNTS.md §3,
checklist A.2); `recover` then sets new credentials (a new password) on the server.
"""

from __future__ import annotations

import logging
import secrets

from app.client.address import Address, parse_address
from app.client.channel import Channel
from app.crypto import bip39
from app.crypto.ecc import PublicKey
from app.crypto.errors import MnemonicError
from app.services import pki
from app.services.account import privdata
from app.services.account.helpers import (
    RandBytes,
    account_errors,
    adopt,
    credentials,
    method_missing,
    private,
    with_credentials_proof,
)
from app.services.account.privdata import KeyMismatchError, Secret
from app.services.account.session import AccountSession, fetch_priv_data
from app.services.boundary import service_boundary
from app.services.connection import Connector, MemoryPins
from app.services.errors import AuthenticationFailedError, ServiceError
from app.vault import DEFAULT_KDF, KdfParams, Profile, Vault, VaultExistsError

__all__ = ["login", "recover"]

_log = logging.getLogger(__name__)


@service_boundary()
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
    with account_errors():
        link = connector.connect(str(where.server), pins)
        link.channel.login_srp(where.name, password)
        blob = fetch_priv_data(link.channel)
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
    adopt(vault, where, pins, counter=header.counter, checkpoints=checkpoints)
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
        if not method_missing(error):
            raise
        _log.warning("server %s has no PKI (pkiGetKeystore): identity not checked", where.server)


@service_boundary()
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
    identity = private(privdata.identity_of(secret).private_key)
    pins = MemoryPins()
    checkpoints = pki.MemoryCheckpoints()
    with account_errors():
        link = connector.connect(str(where.server), pins)
        link.channel.login_key(identity, where.name)
        old = fetch_priv_data(link.channel)
        host = str(where.server)
        last = 0
        if old is not None:
            last = privdata.verify_signature(
                old, identity.public_key, username=where.name, host=host
            ).counter
        _check_identity(link.channel, where, identity.public_key, checkpoints, now)
        params = credentials(where, new_password, secret, identity, last + 1, randbytes)
        link.channel.call(
            "setCredentials", **with_credentials_proof(link.channel, identity, where.name, params)
        )
    vault = Vault.restore(
        profile, phrase, new_password, passphrase=passphrase, now=now, kdf=vault_kdf
    )
    adopt(vault, where, pins, counter=last + 1, checkpoints=checkpoints)
    return AccountSession(where, vault, link)
