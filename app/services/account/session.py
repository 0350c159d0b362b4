"""An open account: resume it from an unlocked vault, change its password, delete it.

`AccountSession` is what every other service works on (ACCOUNTS.md §3-§5). Resuming
checks the server's privData is signed by us and not older than seen (checklist A.3).
Leaving a `with` block of one logs out at the server (server_stub/SESSIONS.md §3), so a
finished command or a locked window is not listed among the account's open sessions.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from app.client.address import Address, parse_address
from app.client.channel import Channel
from app.client.discovery import ServerConfig
from app.client.errors import RemoteCallError
from app.crypto import bip39
from app.crypto.bip32 import ExtendedKey
from app.services.account import privdata
from app.services.account.helpers import (
    PRIVDATA_ITEM,
    RandBytes,
    account_errors,
    credentials,
    deletion_proof,
    private,
    remove_vault_files,
    with_credentials_proof,
)
from app.services.account.privdata import Secret
from app.services.boundary import service_boundary
from app.services.connection import Connector, ServerLink
from app.services.errors import ServiceError
from app.vault import Vault

__all__ = [
    "AccountSession",
    "NoAccountError",
    "account_address",
    "change_password",
    "check_priv_data_version",
    "delete_account",
    "fetch_priv_data",
    "login_key_of",
    "resume",
]

NO_ACCOUNT_DATA = 1101
LOGOUT_WAIT = 1.0  # seconds a closing session waits for the server's logout answer


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

    def end_server_session(self, wait: float = LOGOUT_WAIT) -> None:
        """Log out at the server, waiting at most `wait` seconds; best effort: a server
        that does not answer in time lets the session end when its tickets expire."""
        if self.channel.username is None:
            return
        logout = threading.Thread(
            target=_log_out_quietly, args=(self.channel,), name="privshare-logout", daemon=True
        )
        logout.start()
        logout.join(wait)

    def __enter__(self) -> AccountSession:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None or issubclass(kind, Exception):  # not on Ctrl-C: exit at once
            self.end_server_session()
        self.close()


def _log_out_quietly(channel: Channel) -> None:
    try:
        channel.logout()
    except Exception:
        pass  # unreachable or already ended: its tickets expire on their own


@service_boundary()
def account_address(vault: Vault) -> Address:
    """The account address of an unlocked vault (`NoAccountError` if it has none)."""
    if not vault.address:
        raise NoAccountError(
            "this profile has no account yet: run `privshare account create`, `login` or `recover`"
        )
    return parse_address(vault.address)


@service_boundary()
def resume(vault: Vault, connector: Connector) -> AccountSession:
    """Log in with this device's key (`login_key_of`) of an unlocked vault that has an account, and
    check the server's privData is signed by us and not older than seen (checklist A.3)."""
    address = account_address(vault)
    with account_errors():
        link = connector.connect(str(address.server), vault)
        link.channel.login_key(private(login_key_of(vault).private_key), address.name)
        session = AccountSession(address, vault, link)
        check_priv_data_version(session)
    return session


def login_key_of(vault: Vault) -> ExtendedKey:
    """The key this device logs in with: its own device key m/3'/i' on a linked device
    (app/services/devices/DEVICES.md), else the identity key m/2'."""
    device = vault.device
    return vault.identity_key if device is None else vault.device_key(device[0])


def check_priv_data_version(session: AccountSession) -> int:
    """The verified counter of the server's privData, noted as the vault's mark."""
    name, host = session.address.name, str(session.address.server)
    blob = fetch_priv_data(session.channel)
    seen = session.vault.item_version(PRIVDATA_ITEM)
    if blob is None:
        if seen is not None:
            raise privdata.AccountDataError("the server no longer returns it")
        return 0
    identity = session.vault.identity_key.public_key
    header = privdata.verify_signature(blob, identity, username=name, host=host)
    session.vault.note_item_version(PRIVDATA_ITEM, header.counter)
    return header.counter


def fetch_priv_data(channel: Channel) -> bytes | None:
    """The server's privData of the logged-in account, None if it has none."""
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


@service_boundary()
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
        with account_errors():
            counter = max(check_priv_data_version(session), vault.item_version(PRIVDATA_ITEM) or 0)
            secret = Secret(bip39.mnemonic_to_entropy(vault.mnemonic), _passphrase(session, old))
            identity = private(vault.identity_key.private_key)
            params = credentials(where, new, secret, identity, counter + 1, randbytes)
            proven = with_credentials_proof(session.channel, identity, where.name, params)
            session.channel.call("setCredentials", **proven)
    except BaseException:
        vault.change_password(new, old)  # the server kept the old ones: so does the vault
        raise
    vault.note_item_version(PRIVDATA_ITEM, counter + 1)


def _passphrase(session: AccountSession, password: str) -> str:
    """The BIP-39 passphrase, which only the server's privData keeps besides the vault."""
    if not session.vault.passphrase_used:
        return ""
    blob = fetch_priv_data(session.channel)
    if blob is None:
        raise privdata.AccountDataError("the server has none for this account")
    where = session.address
    secret, _ = privdata.open_sealed(blob, password, username=where.name, host=str(where.server))
    return secret.passphrase


@service_boundary()
def delete_account(session: AccountSession, *, remove_vault: bool = False) -> None:
    """Delete the account on the server (all its objects too); the vault stays unless
    `remove_vault`."""
    identity = private(session.vault.identity_key.private_key)
    with account_errors():
        proof = deletion_proof(session.channel, identity, session.address.name)
        session.channel.call("deleteAccount", **proof)
    if remove_vault:
        profile = session.vault.profile
        session.vault.lock()
        remove_vault_files(profile)
