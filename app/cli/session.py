"""`open_session(args)`: what every command that talks to the server starts with.

It opens the profile's vault (with the device key from the OS keyring when the vault is
remembered on this device, else the password from PRIVSHARE_PASSWORD or a prompt),
connects to the account's server (its key checked against the pin in the vault) and logs
in with the identity key (a key login: no password stretching, so it is fast).

The global option `--route direct|via-home|auto` (default auto) says how other people's
servers are reached: directly, always through the account's own server's PrivMX proxy,
or directly with the proxy as the fallback when the direct way fails. After login the
session's connector gets the logged-in link as its `home`, so `whois`, the inbox's
sender checks, share posting and the /Shared mounts all follow the route.

    with open_session(args) as session:      # a RoutedSession (an AccountSession)
        session.address                      # Address(name, server)
        session.vault                        # unlocked Vault
        session.link.channel.call(...)       # logged-in Channel
        session.link.config                  # the server's discovered configuration
        session.connector                    # the connector, its `home` = session.link
        session.mounts()                     # SharedMounts reached through the route
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from app.cli.common import PASSWORD_ENV, profile_from, read_secret
from app.client.address import Address, is_loopback
from app.client.transport import HttpTransport, Transport
from app.services.account import AccountSession, account_address, resume
from app.services.connection import ROUTES, Connector
from app.services.sharing.mounts import SharedMounts
from app.vault import DeviceKeyError, KeyringUnavailableError, Vault

__all__ = [
    "DEFAULT_ROUTE",
    "AccountSession",
    "RoutedSession",
    "add_route_option",
    "connector_for",
    "new_transport",
    "open_session",
    "route_from",
    "unlock_vault",
]

DEFAULT_ROUTE = "auto"


@dataclass
class RoutedSession(AccountSession):
    """An open account and the connector (following `--route`) its commands use."""

    connector: Connector

    def __enter__(self) -> RoutedSession:
        return self

    def mounts(self) -> SharedMounts:
        """The accepted shares, their servers reached through this session's route."""
        return SharedMounts(self.channel, self.vault, connector=self.connector)


def add_route_option(parser: argparse.ArgumentParser) -> None:
    """The global `--route` option (the top parser's help shows it)."""
    parser.add_argument(
        "--route",
        choices=ROUTES,
        default=DEFAULT_ROUTE,
        help="how other people's servers are reached (whois, inbox checks, sharing, "
        "/Shared): 'direct', 'via-home' (always through your own server's proxy) or "
        "'auto' (directly, through your server when that fails; the default)",
    )


def route_from(args: argparse.Namespace) -> str:
    route = getattr(args, "route", None) or DEFAULT_ROUTE
    if route not in ROUTES:
        raise ValueError(f"route must be one of {', '.join(ROUTES)}, not {route!r}")
    return str(route)


def new_transport() -> Transport:
    """The HTTP transport of the commands' connectors (tests replace it)."""
    return HttpTransport()


def connector_for(address: Address, route: str = DEFAULT_ROUTE) -> Connector:
    """A connector that allows plain http only when the account's host is loopback."""
    return Connector(
        transport=new_transport(), allow_http=is_loopback(address.server.host), route=route
    )


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
) -> RoutedSession:
    """Unlock the profile's vault, connect to its server and log in (see the module doc).

    Errors: `NoVaultError` (no vault in the profile), `WrongPasswordError`,
    `NoAccountError` (a vault without an account), `ServerUnreachableError`,
    `ServerKeyChangedError`, `AuthenticationFailedError` (the server refused the key).
    The vault is locked again if anything after unlocking fails.
    """
    vault = unlock_vault(args, password=password)
    try:
        address = account_address(vault)
        connector = connector or connector_for(address, route_from(args))
        session = resume(vault, connector)
        connector.home = session.link
        return RoutedSession(session.address, session.vault, session.link, connector)
    except BaseException:
        vault.lock()
        raise
