"""Accounts: create, log in on a new device, recover by phrase, change password, delete.

The flows and the byte layout of `privData` are specified in ACCOUNTS.md beside this
file. Every function here translates lower errors into `app.services.errors`.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.client.address import Address, parse_address
from app.client.channel import Channel
from app.client.discovery import ServerConfig
from app.client.errors import ClientError
from app.protocol.errors import AlertCode, AlertReceived
from app.services.connection import Connector, ServerLink
from app.services.errors import (
    AuthenticationFailedError,
    ServerUnreachableError,
    ServiceError,
)
from app.vault import Vault

__all__ = ["AccountSession", "NoAccountError", "account_address", "resume"]


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


def account_address(vault: Vault) -> Address:
    """The account address of an unlocked vault (`NoAccountError` if it has none)."""
    if not vault.address:
        raise NoAccountError(
            "this profile has no account yet: run `privshare account create`, `login` or `recover`"
        )
    return parse_address(vault.address)


def resume(vault: Vault, connector: Connector) -> AccountSession:
    """Log in with the identity key (m/2') of an unlocked vault that has an account."""
    address = account_address(vault)
    link = connector.connect(str(address.server), vault)
    key = vault.identity_key.private_key
    assert key is not None  # a vault key is always private
    try:
        link.channel.login_key(key, address.name)
    except AlertReceived as alert:
        if alert.code in (AlertCode.LOGIN_FAILED, AlertCode.TOO_MANY_ATTEMPTS):
            raise AuthenticationFailedError(
                f"the server refused the key of {address}: the account may have been deleted"
            ) from alert
        raise
    except ClientError as error:
        raise ServerUnreachableError(str(error)) from error
    return AccountSession(address, vault, link)
