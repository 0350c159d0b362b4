"""`open_session(args)`: what every command that talks to the server starts with.

It opens the profile's vault (with the device key from the OS keyring when the vault is
remembered on this device, else the password from PRIVSHARE_PASSWORD or a prompt),
connects to the account's server (its key checked against the pin in the vault) and logs
in with the identity key (a key login: no password stretching, so it is fast).

    with open_session(args) as session:      # an AccountSession
        session.address                      # Address(name, server)
        session.vault                        # unlocked Vault
        session.link.channel.call(...)       # logged-in Channel
        session.link.config                  # the server's discovered configuration
"""

from __future__ import annotations

import argparse

from app.cli.common import PASSWORD_ENV, profile_from, read_secret
from app.client.address import Address, is_loopback
from app.services.account import AccountSession, account_address, resume
from app.services.connection import Connector
from app.vault import DeviceKeyError, KeyringUnavailableError, Vault

__all__ = ["AccountSession", "connector_for", "open_session", "unlock_vault"]


def connector_for(address: Address) -> Connector:
    """A connector that allows plain http only when the account's host is loopback."""
    return Connector(allow_http=is_loopback(address.server.host))


def unlock_vault(args: argparse.Namespace, *, password: str | None = None) -> Vault:
    """The profile's vault, unlocked with `password` if given, else by the device key if
    remembered, else by the password from PRIVSHARE_PASSWORD or a prompt."""
    vault = Vault.open(profile_from(args))
    if password is not None:
        vault.unlock(password)
        return vault
    if vault.is_remembered:
        try:
            vault.unlock_with_device_key()
            return vault
        except (DeviceKeyError, KeyringUnavailableError):
            pass  # the keyring lost the key or is unavailable: fall back to the password
    vault.unlock(read_secret(PASSWORD_ENV, "Password"))
    return vault


def open_session(
    args: argparse.Namespace,
    *,
    password: str | None = None,
    connector: Connector | None = None,
) -> AccountSession:
    """Unlock the profile's vault, connect to its server and log in (see the module doc).

    Errors: `NoVaultError` (no vault in the profile), `WrongPasswordError`,
    `NoAccountError` (a vault without an account), `ServerUnreachableError`,
    `ServerKeyChangedError`, `AuthenticationFailedError` (the server refused the key).
    The vault is locked again if anything after unlocking fails.
    """
    vault = unlock_vault(args, password=password)
    try:
        address = account_address(vault)
        return resume(vault, connector or connector_for(address))
    except BaseException:
        vault.lock()
        raise
