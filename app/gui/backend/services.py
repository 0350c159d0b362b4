"""The one adapter between the window and app.services: `Backend` (the protocol, in
backend_types.py) and `ServicesBackend`, which implements it over the services.

Every method blocks and runs in a worker thread (app/gui/workers.py). Errors are the
services' own (`app.services.errors`); the window shows them where they happened.
Sharing goes through app.services.sharing.service and app.services.sharing.inbox (backend_people.py;
only verified messages reach the inbox list). The network settings become the transport
(proxy: the system's, none, or a manual http/socks5 one) and the connector's route to
other servers (direct, through the home server's proxy, or auto).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.client.address import is_loopback, parse_address
from app.client.transport import HttpTransport
from app.gui.backend import files as backend_files
from app.gui.backend import links as backend_links
from app.gui.backend import people as backend_people
from app.gui.backend.interface import (
    AccountInfo,
    Approve,
    Backend,
    DeviceCodeShown,
    DeviceWordsShown,
    Entry,
    Grant,
    InboxItem,
    LinkRow,
    PkiStatus,
    RecipientCheck,
    TransferEvent,
    Version,
    View,
)
from app.gui.backend.local_server import LocalServer
from app.gui.backend.settings_store import LOCAL_SERVER, Settings, save_settings
from app.services import account, devices, pki
from app.services.account import AccountSession
from app.services.connection import Connector, MemoryPins
from app.services.drive.ops import DriveFiles, log_in_again
from app.services.errors import AuthenticationFailedError
from app.services.events import CancelToken
from app.services.links.service import links_of
from app.services.sharing.inbox import InboxService
from app.services.sharing.service import SharingService
from app.vault import (
    KeyringUnavailableError,
    Profile,
    Vault,
    WrongPasswordError,
)
from app.vault.keystore import check_backend

__all__ = ["Backend", "ServicesBackend"]

CONTACTS_FILE = "gui-contacts.json"


class ServicesBackend:
    """`Backend` over app.services for one profile folder."""

    def __init__(
        self, profile: Profile, settings: Settings, *, clock: Callable[[], float] = time.time
    ):
        self.profile, self.settings, self._clock = profile, settings, clock
        self.local_server: LocalServer | None = None
        self.session: AccountSession | None = None
        self._lock = threading.RLock()
        self._connector: Connector | None = None
        self._proxy_password = ""
        self._identities = pki.IdentityCache()

    # ---- plumbing --------------------------------------------------------------------

    def _connector_for(self, host: str) -> Connector:
        if self._connector is None:
            settings = self.settings
            transport = HttpTransport(
                proxy=settings.proxy_url(self._proxy_password),
                use_system_proxy=settings.use_system_proxy,
            )
            loopback = is_loopback(host.rsplit(":", 1)[0] if ":" in host else host)
            self._connector = Connector(
                transport=transport, allow_http=loopback, route=settings.route
            )
        if self.session is not None:
            self._connector.home = self.session.link  # the route's way to other servers
        return self._connector

    def _home_connector(self, session: AccountSession) -> Connector:
        return self._connector_for(str(session.address.server))

    def _files_of(self, session: AccountSession) -> backend_files.Files:
        return backend_files.Files(session, self._home_connector(session))

    def _files(self) -> backend_files.Files:
        return self._files_of(self._session())

    def _session(self) -> AccountSession:
        if self.session is None or self.session.vault.is_locked:
            raise AuthenticationFailedError("Privshare is locked: unlock it first")
        return self.session

    def _info(self, session: AccountSession) -> AccountInfo:
        """The account, with the check words others see for it in the key log."""
        key = session.vault.identity_key.public_key
        shown = pki.check_own_identity(
            session.channel, str(session.address), key, checkpoints=session.vault
        )
        return AccountInfo(str(session.address), str(session.address.server), shown.check_words)

    def _remember(self, address: str) -> None:
        self.settings = replace(self.settings, address=address)
        save_settings(self.profile.root, self.settings)

    # ---- accounts and settings -------------------------------------------------------

    def apply_settings(self, settings: Settings, proxy_password: str | None = None) -> None:
        """Save `settings`; a new proxy or route reconnects the open session with it."""
        with self._lock:
            secret = self._proxy_password if proxy_password is None else proxy_password
            network = (settings.proxy_url(secret), settings.use_system_proxy, settings.route)
            old = self.settings
            changed = network != (old.proxy_url(self._proxy_password), old.use_system_proxy,
                                  old.route)  # fmt: skip
            self.settings, self._proxy_password = settings, secret
            save_settings(self.profile.root, settings)
            session = self.session
            if changed:
                self._connector = None
                if session is not None and not session.vault.is_locked:
                    self.session = None
                    self.session = account.resume(session.vault, self._home_connector(session))
            if session is not None and not session.vault.is_locked:
                vault = session.vault
                if vault.is_remembered != settings.remember:
                    vault.remember_on_device(settings.remember)

    def keyring_problem(self) -> str | None:
        try:
            import keyring

            check_backend(keyring.get_keyring())
        except KeyringUnavailableError as error:
            return str(error)
        except Exception as error:  # a broken keyring installation is just unavailable
            return f"the system keyring failed ({type(error).__name__})"
        return None

    def start_local_server(self) -> str:
        with self._lock:
            if self.local_server is None:
                self.local_server = LocalServer(self.profile.root, self.settings.local_port)
            host = self.local_server.start()
            self.settings = replace(
                self.settings, server=LOCAL_SERVER, local_port=self.local_server.port
            )
            save_settings(self.profile.root, self.settings)
            return host

    def check_server(self, host: str) -> str:
        connector = self._connector_for(host)
        link = connector.connect(host, MemoryPins())
        return link.config.host

    def stop(self) -> None:
        """Close the session and stop the embedded server (on exit)."""
        with self._lock:
            if self.session is not None:
                self.session.vault.lock()
                self.session.close()
                self.session = None
            if self.local_server is not None:
                self.local_server.stop()

    def create_account(self, address: str, password: str) -> str:
        host = str(parse_address(address).server)
        created = account.create(
            address, password, self.profile, self._connector_for(host), now=self._clock()
        )
        self.session = created.session
        self._remember(address)
        return created.phrase

    def sign_in(self, address: str, password: str, remember: bool) -> AccountInfo:
        host = str(parse_address(address).server)
        connector = self._connector_for(host)
        if self.profile.has_vault():
            vault = Vault.open(self.profile)
            try:
                vault.unlock(password)
            except WrongPasswordError as error:
                raise AuthenticationFailedError("the password is wrong") from error
            self.session = account.resume(vault, connector)
        else:
            self.session = account.login(
                address, password, self.profile, connector, now=self._clock()
            )
        if remember and self.keyring_problem() is None:
            self.session.vault.remember_on_device(True)
        self._remember(address)
        return self._info(self.session)

    def resume(self, password: str | None) -> AccountInfo:
        """Open this profile's account (device key when `password` is None)."""
        if self.settings.server == LOCAL_SERVER:
            self.start_local_server()
        vault = Vault.open(self.profile)
        try:
            if password is None:
                vault.unlock_with_device_key()
            else:
                vault.unlock(password)
        except WrongPasswordError as error:
            raise AuthenticationFailedError("the password is wrong") from error
        address = account.account_address(vault)
        self.session = account.resume(vault, self._connector_for(str(address.server)))
        return self._info(self.session)

    def recover(self, address: str, phrase: str, new_password: str) -> AccountInfo:
        host = str(parse_address(address).server)
        self.session = account.recover(
            address,
            phrase,
            new_password,
            self.profile,
            self._connector_for(host),
            now=self._clock(),
        )
        self._remember(address)
        return self._info(self.session)

    def account_info(self) -> AccountInfo:
        """The open account with the check words others see for it (asks the key log)."""
        return self._info(self._session())

    def lock(self) -> None:
        if self.session is not None:
            self.session.vault.lock()

    def unlock(self, password: str) -> None:
        if self.session is None:
            self.resume(password)
            return
        try:
            self.session.vault.unlock(password)
        except WrongPasswordError as error:
            raise AuthenticationFailedError("the password is wrong") from error

    def add_device(self, name: str, approve: Approve, on_event: Callable[[object], None]) -> None:
        def words_then_ask(words: tuple[str, ...]) -> bool:
            on_event(DeviceWordsShown(words))
            return approve(words)

        devices.add_device(
            self._session(),
            name,
            show_code=lambda code: on_event(DeviceCodeShown(code)),
            approve=words_then_ask,
        )

    def join_device(
        self, address: str, code: str, password: str, on_event: Callable[[object], None]
    ) -> AccountInfo:
        host = str(parse_address(address).server)
        self.session = devices.join_device(
            address,
            code,
            password,
            self.profile,
            self._connector_for(host),
            show_words=lambda words: on_event(DeviceWordsShown(words)),
            now=self._clock(),
        )
        self._remember(address)
        return self._info(self.session)

    def recovery_phrase(self, password: str) -> str:
        vault = self._session().vault
        check = Vault.open(self.profile)
        try:
            check.unlock(password)  # the password again, not just the open session
        except WrongPasswordError as error:
            raise AuthenticationFailedError("the password is wrong") from error
        finally:
            check.lock()
        return vault.mnemonic

    def change_password(self, old: str, new: str) -> None:
        try:
            account.change_password(self._session(), old, new)
        except WrongPasswordError as error:
            raise AuthenticationFailedError("the current password is wrong") from error

    def drive_files(self) -> DriveFiles:
        session = self._session()
        files = backend_files._service(self._files_of(session))
        return DriveFiles(files, relogin=lambda: log_in_again(session))

    def sign_out(self) -> None:
        with self._lock:
            if self.session is not None:
                self.session.vault.lock()
                self.session.close()
                self.session = None

    # ---- files (app.services.files.service) ----------------------------------------------------

    def list_folder(self, view: View, path: str) -> list[Entry]:
        session = self._session()
        if view is View.SHARED_BY_ME and path in ("", "/"):
            links = backend_links.link_entries(self.links())
            return backend_people.shared_by_me(self._sharing(session)) + links
        if view is View.SHARED_WITH_ME and path in ("", "/", "/Shared"):
            senders = backend_people.senders_by_name(self._sharing(session))
            return [
                replace(entry, shared=f"from {senders[entry.name]}")
                if entry.name in senders else entry
                for entry in backend_files.list_folder(self._files_of(session), "/Shared")
            ]  # fmt: skip
        if view is View.SHARED_WITH_ME and not path.startswith("/Shared"):
            path = "/Shared" + path
        entries = backend_files.list_folder(self._files_of(session), path)
        if view is View.MY_FILES:
            return backend_people.mark_shared(entries, self._sharing(session))
        return entries

    def upload(
        self,
        local_paths: Sequence[Path],
        remote_folder: str,
        on_event: Callable[[TransferEvent], None],
        cancel: CancelToken,
    ) -> None:
        backend_files.upload(self._files(), local_paths, remote_folder, on_event, cancel)

    def download(
        self,
        remote_path: str,
        local_folder: Path,
        on_event: Callable[[TransferEvent], None],
        cancel: CancelToken,
    ) -> Path:
        return backend_files.download(self._files(), remote_path, local_folder, on_event, cancel)

    def mkdir(self, path: str) -> None:
        backend_files.call(self._files(), "mkdir", path)

    def rename(self, path: str, new_name: str) -> None:
        backend_files.rename(self._files(), path, new_name)

    def move(self, paths: Sequence[str], folder: str) -> None:
        for path in paths:
            backend_files.move(self._files(), path, folder)

    def delete(self, paths: Sequence[str]) -> None:
        for path in paths:
            backend_files.call(self._files(), "remove", path)

    def versions(self, path: str) -> list[Version]:
        return backend_files.versions(self._files(), path)

    def restore(self, path: str, version: int) -> int:
        return backend_files.restore(self._files(), path, version)

    # ---- people and sharing ------------------------------------------------------------

    def check_recipient(self, address: str) -> RecipientCheck:
        session = self._session()
        identity = pki.whois(
            address,
            connector=self._connector_for(str(parse_address(address).server)),
            pins=session.vault,
            checkpoints=session.vault,
            cache=self._identities,
        )
        status = self._contact_status(identity.address, identity.fingerprint.hex())
        return RecipientCheck(
            identity.address, status, identity.check_words, identity.fingerprint_text
        )

    def _contact_status(self, address: str, fingerprint: str) -> PkiStatus:
        """Trust on first use, per address, kept in the profile folder."""
        path = self.profile.root / CONTACTS_FILE
        try:
            known: dict[str, Any] = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            known = {}
        seen = known.get(address)
        if seen is None:
            known[address] = fingerprint
            path.write_text(json.dumps(known, indent=1, sort_keys=True), "utf-8")
            return PkiStatus.FIRST_CONTACT
        return PkiStatus.VERIFIED if seen == fingerprint else PkiStatus.KEY_CHANGED

    def _sharing(self, session: AccountSession) -> SharingService:
        return backend_people.sharing(session, self._home_connector(session), self._identities)

    def _inbox(self, session: AccountSession) -> InboxService:
        return backend_people.inbox(session, self._home_connector(session), self._identities)

    def share(self, path: str, address: str, access: str) -> None:
        self._sharing(self._session()).share(path, address, write=access == "write")

    def grants(self, path: str) -> list[Grant]:
        return backend_people.grants(self._sharing(self._session()), path)

    def unshare(self, path: str, address: str) -> None:
        self._sharing(self._session()).unshare(path, address)

    def create_link(
        self, path: str, password: str | None, expires_in: int | None, max_downloads: int | None
    ) -> str:
        service = links_of(self._session())
        made = service.create(
            path, password=password, expires_in=expires_in, max_downloads=max_downloads
        )
        return made.url

    def links(self) -> list[LinkRow]:
        return backend_links.link_rows(links_of(self._session()))

    def revoke_link(self, link_id: str) -> None:
        links_of(self._session()).revoke(link_id)

    def create_request(self, path: str, title: str | None, expires_in: int | None) -> str:
        service = links_of(self._session())
        return service.request(path, title=title, expires_in=expires_in).url

    def collect_request(self, link_id: str, folder: Path) -> tuple[int, int]:
        collected = links_of(self._session()).collect(link_id, folder)
        return len(collected.saved), len(collected.rejected)

    def inbox(self) -> list[InboxItem]:
        return backend_people.inbox_items(self._inbox(self._session()))

    def accept(self, item_id: str, name: str) -> str:
        folder = Path(self.settings.download_folder or Path.home() / "Downloads")
        return backend_people.accept(self._inbox(self._session()), item_id, name, folder)

    def decline(self, item_id: str) -> None:
        self._inbox(self._session()).decline(item_id)

    def wait_inbox(self, timeout: float, after: dict[str, int] | None) -> dict[str, int]:
        return backend_people.wait_for_inbox(self._inbox(self._session()), timeout, after)
