"""`open_session(args)`: what every command that talks to the server starts with.

The composition is `app.services.session.Session` (the desktop window uses the same):
it opens the profile's vault (with the device key from the OS keyring when the vault is
remembered on this device, else the password from PRIVSHARE_PASSWORD or a prompt),
connects to the account's server (its key checked against the pin in the vault) and logs
in with the identity key (a key login: no password stretching, so it is fast).

The global option `--route direct|via-home|auto` (default auto) says how other people's
servers are reached: directly, always through the account's own server's PrivMX proxy,
or directly with the proxy as the fallback when the direct way fails. The session's
connector has the logged-in link as its `home`, so `whois`, the inbox's sender checks,
share posting and the /Shared mounts all follow the route.

    profile_session(args)                    # the profile's Session, not yet unlocked
    unlocked_session(args)                   # ... unlocked: .vault(), .lock()
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

from app.cli.common import PASSWORD_ENV, profile_folder, read_secret
from app.services.connection import ROUTES
from app.services.session import (
    Network,
    RoutedSession,
    Session,
    TransportFactory,
    http_transport,
)

__all__ = [
    "DEFAULT_ROUTE",
    "add_route_option",
    "ask_password",
    "make_transport",
    "open_session",
    "profile_session",
    "route_from",
    "unlocked_session",
]

DEFAULT_ROUTE = "auto"

make_transport: TransportFactory = http_transport  # the commands' HTTP (tests replace it)


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


def profile_session(args: argparse.Namespace) -> Session:
    """The session of the `--profile` folder, its connections made as `--route` says."""
    return Session(
        profile_folder(args),
        Network(route=route_from(args)),
        make_transport=lambda network: make_transport(network),
    )


def ask_password() -> str:
    return read_secret(PASSWORD_ENV, "Password")


def unlocked_session(args: argparse.Namespace, *, password: str | None = None) -> Session:
    """The profile's session with its vault unlocked (`.vault()`; `.lock()` when done):
    with `password` if given, else by the device key if remembered, else by the password
    from PRIVSHARE_PASSWORD or a prompt."""
    session = profile_session(args)
    session.unlock(password, ask_password=ask_password)
    return session


def open_session(args: argparse.Namespace, *, password: str | None = None) -> RoutedSession:
    """Unlock the profile's vault, connect to its server and log in (see the module doc).

    Errors are `app.services.errors`: `SessionError` (no vault in the profile, or it
    cannot be read), `AuthenticationFailedError` (wrong password, or the server refused
    the key), `NoAccountError` (a vault without an account), `ServerUnreachableError`,
    `TamperingDetectedError` (the server's key changed, or its data failed a check).
    The vault is locked again if anything after unlocking fails.
    """
    return profile_session(args).open(password, ask_password=ask_password)
