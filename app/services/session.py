"""One open account for both shells: the vault, the connection settings and the login.

The desktop window and the `privshare` command both start the same way: open the
profile's vault (with a password, or the device key the OS keyring keeps), turn the
connection settings into a transport and a connector, and log in to the account's server
(key login, `account.resume`) or sign up, sign in or recover. `Session` is that
composition, with its states drawn here:

    LOCKED ──unlock()──> OFFLINE ──connect()──> ONLINE
      ^                   │   ^                   │
      └─────lock()────────┘   └─reconnect(net)────┘  (fails: stays OFFLINE, retry later)

    session = Session(folder, Network(proxy="socks5h://127.0.0.1:1080", route="auto"))
    session.unlock("password")        # or unlock() with the device key, ask_password=...
    account = session.connect()       # a RoutedSession: address, vault, link, connector
    session.reconnect(Network())      # new transport; ONLINE again or OFFLINE (raises)
    session.lock()                    # keys forgotten; unlock(password) opens it again

A connection setting that cannot reach the server never locks the account: the vault
stays open (OFFLINE), `connect()` can be retried, and `reconnect()` back to the old
setting restores the link. The connector of an open account is made once, with the
logged-in link as its `home` (the way to other servers when the route needs it).

Errors are `app.services.errors` (through `app.services.boundary`): a wrong password is
`AuthenticationFailedError` (the vault's message), an unreachable server
`ServerUnreachableError`, a profile without a vault `VaultMissingError`; `current()`
says LOCKED or OFFLINE in the same terms.

    ServiceError
    └── SessionError            this profile's session could not start
        └── VaultMissingError   the profile has no vault yet
"""

from __future__ import annotations

import contextlib
import enum
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from app.client.address import is_loopback, parse_address, parse_host
from app.client.transport import HttpTransport, Transport
from app.services import account
from app.services.account import AccountSession, Created
from app.services.boundary import as_service_error
from app.services.connection import ROUTES, Connector, MemoryPins
from app.services.errors import AuthenticationFailedError, ServerUnreachableError, ServiceError
from app.services.sharing.mounts import SharedMounts
from app.vault import (
    DeviceKeyError,
    KeyringUnavailableError,
    NoVaultError,
    Profile,
    Vault,
)
from app.vault.keystore import check_backend

__all__ = [
    "Network",
    "RoutedSession",
    "Session",
    "SessionError",
    "SessionState",
    "TransportFactory",
    "VaultMissingError",
    "default_folder",
    "http_transport",
    "keyring_problem",
    "new_connector",
]

LOCKED_MESSAGE = "Privshare is locked: unlock it first"
FORGOTTEN_SUFFIX = ".forgotten"  # a vault set aside by a recovery (its password forgotten)


class SessionError(ServiceError):
    """The profile's vault could not be used (the message says why and what to do)."""


class VaultMissingError(SessionError):
    """The profile folder has no vault yet (create an account, sign in or recover)."""


class SessionState(enum.Enum):
    LOCKED = "locked"  # no unlocked vault
    OFFLINE = "offline"  # the vault is open, the server is not reached
    ONLINE = "online"  # logged in


@dataclass(frozen=True)
class Network:
    """The connection settings: a manual proxy URL (http://, socks5h://; None for the
    system's or none), whether the system's proxy applies, and the route to other servers."""

    proxy: str | None = None
    use_system_proxy: bool = True
    route: str = "auto"

    def __post_init__(self) -> None:
        if self.route not in ROUTES:
            raise ValueError(f"route must be one of {', '.join(ROUTES)}, not {self.route!r}")


TransportFactory = Callable[[Network], Transport]  # how a session makes its HTTP transport


def http_transport(network: Network) -> Transport:
    """The HTTP transport the settings ask for (the default `TransportFactory`)."""
    return HttpTransport(proxy=network.proxy, use_system_proxy=network.use_system_proxy)


def new_connector(host: str, network: Network, transport: Transport) -> Connector:
    """A connector to `host` that allows plain http only when `host` is loopback."""
    return Connector(
        transport=transport, allow_http=is_loopback(parse_host(host).host), route=network.route
    )


def default_folder() -> Path:
    """The platform's profile folder (e.g. ~/.local/share/Privshare)."""
    return Profile.default().root


def keyring_problem() -> str | None:
    """Why the OS keyring cannot remember a vault here, or None when it can."""
    try:
        import keyring

        check_backend(keyring.get_keyring())
    except KeyringUnavailableError as error:
        return str(error)
    except Exception as error:  # a broken keyring installation is just unavailable
        return f"the system keyring failed ({type(error).__name__})"
    return None


@dataclass
class RoutedSession(AccountSession):
    """An open account and its connector (`home` = the account's link)."""

    connector: Connector

    def __enter__(self) -> RoutedSession:
        return self

    def mounts(self) -> SharedMounts:
        """The accepted shares, their servers reached through this session's route."""
        return SharedMounts(self.channel, self.vault, connector=self.connector)


@contextlib.contextmanager
def _vault_errors() -> Iterator[None]:
    """The services' error boundary, with a profile without a vault told apart."""
    try:
        yield
    except NoVaultError as error:
        raise VaultMissingError(str(error)) from error
    except Exception as error:
        translated = as_service_error(error)
        if translated is error:
            raise
        raise translated from error


class Session:
    """The account of one profile folder, through the network settings (module doc)."""

    def __init__(
        self,
        folder: Path,
        network: Network | None = None,
        *,
        make_transport: TransportFactory = http_transport,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.profile = Profile(folder)
        self.network = network or Network()
        self._make_transport = make_transport
        self._clock = clock
        self._lock = threading.RLock()
        self._vault: Vault | None = None
        self._account: RoutedSession | None = None
        self._transport: Transport | None = None

    # ---- state -----------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        return self.profile.root

    def has_vault(self) -> bool:
        return self.profile.has_vault()

    @property
    def state(self) -> SessionState:
        if self._vault is None or self._vault.is_locked:
            return SessionState.LOCKED
        return SessionState.ONLINE if self._account is not None else SessionState.OFFLINE

    def current(self) -> RoutedSession:
        """The open account; `AuthenticationFailedError` when locked, `ServerUnreachableError`
        when its server is not reached (offline)."""
        state, opened = self.state, self._account
        if state is SessionState.LOCKED:
            raise AuthenticationFailedError(LOCKED_MESSAGE)
        if opened is None:
            raise ServerUnreachableError(
                "the server is not reached with the current connection settings: "
                "Privshare keeps trying (or change them in Settings)"
            )
        return opened

    def vault(self) -> Vault:
        """The unlocked vault (`AuthenticationFailedError` when locked)."""
        if self._vault is None or self._vault.is_locked:
            raise AuthenticationFailedError(LOCKED_MESSAGE)
        return self._vault

    # ---- connecting ------------------------------------------------------------------

    def connector_to(self, host: str) -> Connector:
        """A connector to `host` through the current settings (no home link)."""
        with self._lock:
            if self._transport is None:
                self._transport = self._make_transport(self.network)
            return new_connector(host, self.network, self._transport)

    def probe(self, host: str) -> str:
        """Discover `host` (nothing pinned); the host name its configuration gives."""
        return self.connector_to(host).connect(host, MemoryPins()).config.host

    def _opened(self, opened: AccountSession) -> RoutedSession:
        """The account with its routed connector, made here and only here."""
        base = self.connector_to(str(opened.address.server))
        connector = replace(base, home=opened.link)
        routed = RoutedSession(opened.address, opened.vault, opened.link, connector)
        with self._lock:
            previous, self._vault, self._account = self._account, opened.vault, routed
        if previous is not None:  # logged in again: the old login is not left listed
            previous.end_server_session()
        return routed

    def connect(self) -> RoutedSession:
        """Log in to the account's server with the unlocked vault's identity key.
        Stays OFFLINE (and raises) when the server cannot be reached."""
        vault = self.vault()
        with _vault_errors():
            address = account.account_address(vault)
        opened = account.resume(vault, self.connector_to(str(address.server)))
        return self._opened(opened)

    def reach(self) -> RoutedSession:
        """Log in again now (the server may have restarted meanwhile, or was never
        reached); `ServerUnreachableError` when it does not answer."""
        return self.connect()

    def reconnect(self, network: Network) -> RoutedSession | None:
        """Use `network` from now on; an unlocked account logs in again through it (None
        when locked). On failure the account is OFFLINE, and `connect()` retries."""
        with self._lock:
            if self._account is not None:
                self._account.end_server_session()
            self.network, self._transport, self._account = network, None, None
        if self.state is SessionState.LOCKED:
            return None
        return self.connect()

    # ---- the vault -------------------------------------------------------------------

    def unlock(
        self, password: str | None = None, *, ask_password: Callable[[], str] | None = None
    ) -> Vault:
        """Unlock the profile's vault: with `password` if given, else with the device key
        when it is remembered here, else with `ask_password()`. The account logged out
        when it was locked: it is OFFLINE until `connect()` logs in again."""
        with self._lock, _vault_errors():
            vault = self._vault if self._vault is not None else Vault.open(self.profile)
            if not vault.is_locked:
                pass
            elif password is not None:
                vault.unlock(password)
            elif vault.is_remembered and _unlocked_by_device_key(vault):
                pass
            elif ask_password is not None:
                vault.unlock(ask_password())
            else:
                vault.unlock_with_device_key()  # says why this device cannot
            self._vault = vault
            return vault

    def open(
        self, password: str | None = None, *, ask_password: Callable[[], str] | None = None
    ) -> RoutedSession:
        """`unlock` then `connect`; the vault is locked again if connecting fails."""
        self.unlock(password, ask_password=ask_password)
        try:
            return self.connect()
        except BaseException:
            self.lock()
            raise

    def lock(self) -> None:
        """Log out at the server (best effort, at most a second) and forget the keys in
        memory; after the next unlock the account is OFFLINE until `connect()`."""
        with self._lock:
            if self._account is not None and self.state is not SessionState.LOCKED:
                self._account.end_server_session()
            self._account = None
            if self._vault is not None:
                self._vault.lock()

    def close(self) -> None:
        """Lock and forget the account (sign out, or the program ends)."""
        with self._lock:
            self.lock()
            self._vault, self._account = None, None

    def check_password(self, password: str) -> None:
        """`AuthenticationFailedError` unless `password` opens the vault on disk."""
        check = Vault.open(self.profile)
        try:
            with _vault_errors():
                check.unlock(password)
        finally:
            check.lock()

    def recovery_phrase(self, password: str) -> str:
        """The 24 words, after the password is given again."""
        vault = self.vault()
        self.check_password(password)
        return vault.mnemonic

    def remember_on_device(self, remember: bool) -> None:
        """Keep (or drop) the vault's device key in the OS keyring."""
        vault = self.vault()
        if vault.is_remembered != remember:
            with _vault_errors():
                vault.remember_on_device(remember)

    def change_password(self, old: str, new: str) -> None:
        with _vault_errors():
            account.change_password(self.current(), old, new)

    def create_vault(self, password: str) -> str:
        """A new vault in this profile that belongs to no account yet (nothing is sent
        anywhere); it stays unlocked. Returns its 24-word recovery phrase."""
        with self._lock, _vault_errors():
            vault, phrase = Vault.create(self.profile, password, now=self._clock())
            self._vault, self._account = vault, None
        return phrase

    # ---- accounts --------------------------------------------------------------------

    def create(self, address: str, password: str, *, token: str | None = None) -> Created:
        """A new account on `address`'s server (an invitation `token` if it needs one)."""
        host = str(parse_address(address).server)
        with _vault_errors():
            created = account.create(
                address,
                password,
                self.profile,
                self.connector_to(host),
                token=token,
                now=self._clock(),
            )
        routed = self._opened(created.session)
        return Created(routed, created.phrase)

    def sign_in(self, address: str, password: str) -> RoutedSession:
        """This profile's vault when it has one (unlock, then key login), else `login`."""
        if self.has_vault():
            self.unlock(password)
            return self.connect()
        return self.login(address, password)

    def login(self, address: str, password: str) -> RoutedSession:
        """A password login on a new device: the vault is made from the server's privData
        (a profile that has a vault already refuses: `sign_in` opens that one)."""
        host = str(parse_address(address).server)
        with _vault_errors():
            opened = account.login(
                address, password, self.profile, self.connector_to(host), now=self._clock()
            )
        return self._opened(opened)

    def join_device(
        self,
        address: str,
        code: str,
        new_password: str,
        *,
        show_words: Callable[[tuple[str, ...]], None],
    ) -> RoutedSession:
        """This profile becomes another device of `address` (app.services.devices)."""
        from app.services import devices  # pairing: not loaded by every command

        host = str(parse_address(address).server)
        with _vault_errors():
            opened = devices.join_device(
                address,
                code,
                new_password,
                self.profile,
                self.connector_to(host),
                show_words=show_words,
                now=self._clock(),
            )
        return self._opened(opened)

    def recover(
        self, address: str, phrase: str, new_password: str, *, forgotten: bool = False
    ) -> RoutedSession:
        """The account back from its phrase, with a new password (ACCOUNTS.md).
        `forgotten`: this profile's vault (whose password is forgotten) is kept aside as
        `vault.bin.forgotten` (and its backup), and put back if the recovery fails."""
        host = str(parse_address(address).server)
        self.close()
        aside = self._set_aside() if forgotten and self.has_vault() else []
        try:
            with _vault_errors():
                opened = account.recover(
                    address,
                    phrase,
                    new_password,
                    self.profile,
                    self.connector_to(host),
                    now=self._clock(),
                )
        except BaseException:
            for original, kept in aside:
                kept.replace(original)
            raise
        return self._opened(opened)

    def _set_aside(self) -> list[tuple[Path, Path]]:
        moved = []
        for original in (self.profile.vault_path, self.profile.backup_path):
            if original.exists():
                kept = original.with_name(original.name + FORGOTTEN_SUFFIX)
                original.replace(kept)
                moved.append((original, kept))
        return moved


def _unlocked_by_device_key(vault: Vault) -> bool:
    try:
        vault.unlock_with_device_key()
    except (DeviceKeyError, KeyringUnavailableError):
        return False  # the keyring lost the key or is unavailable: the password then
    return True
