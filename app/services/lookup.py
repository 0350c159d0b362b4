"""Looking a person up from a profile (`privshare whois`): `pki.whois` with the profile's
server pins and log checkpoints (held in memory when the profile has no vault), the
person's server reached as the connector's route says.

The route needs a logged-in link to one's own server only when it goes through that
server's PrivMX proxy: always for "via-home", and for "auto" only after the direct way
failed. That login is made then and not before, so a lookup that needs none works on a
profile without an account. The proof is checked the same way whichever road the answer
took.
"""

from __future__ import annotations

from collections.abc import Callable

from app.services import pki
from app.services.account import resume
from app.services.connection import Connector, MemoryPins, Pins, ServerLink
from app.services.errors import ServerUnreachableError, ServiceError
from app.services.session import Session, VaultMissingError
from app.vault import Vault

__all__ = ["whois_from"]


def whois_from(
    session: Session,
    address: str,
    route: str,
    *,
    new_connector: Callable[[], Connector],
    ask_password: Callable[[], str] | None = None,
) -> pki.VerifiedIdentity:
    """`address`'s verified keys, looked up with `session`'s vault when the profile has
    one (unlocked as `Session.unlock` does, locked again afterwards), through a connector
    from `new_connector()` on `route` ("direct", "via-home" or "auto")."""
    try:
        vault: Vault | None = session.unlock(ask_password=ask_password)
    except VaultMissingError:
        vault = None
    try:
        return _lookup(address, new_connector(), route, vault)
    finally:
        if vault is not None:
            session.lock()


def _lookup(
    address: str, connector: Connector, route: str, vault: Vault | None
) -> pki.VerifiedIdentity:
    pins: Pins = vault if vault is not None else MemoryPins()
    points: pki.Checkpoints = vault if vault is not None else pki.MemoryCheckpoints()
    connector.route = route

    def ask() -> pki.VerifiedIdentity:
        return pki.whois(address, connector=connector, pins=pins, checkpoints=points)

    if connector.home is None and route == "via-home":
        connector.home = _home_link(vault, connector)
    if connector.home is not None or route == "direct":
        return ask()
    try:
        return ask()
    except ServerUnreachableError:
        if vault is None or not vault.address:
            raise
    connector.home = _home_link(vault, connector)
    return ask()


def _home_link(vault: Vault | None, connector: Connector) -> ServerLink:
    """A logged-in link to the profile's own server, whose proxy reaches the others."""
    if vault is None or not vault.address:
        raise ServiceError(
            "--route via-home goes through your own server's proxy, and this profile has "
            "no account: use --route direct or auto"
        )
    return resume(vault, connector).link
