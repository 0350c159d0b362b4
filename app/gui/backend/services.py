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

from app.gui.backend import access as backend_access
from app.gui.backend import activity as backend_activity
from app.gui.backend import drops as backend_drops
from app.gui.backend import files as backend_files
from app.gui.backend import inbox as backend_inbox
from app.gui.backend import links as backend_links
from app.gui.backend import people as backend_people
from app.gui.backend import previews as backend_previews
from app.gui.backend import search as backend_search
from app.gui.backend import sessions as backend_sessions
from app.gui.backend import trash as backend_trash
from app.gui.backend import usage as backend_usage
from app.gui.backend.interface import (
    AccountInfo,
    Approve,
    Backend,
    DeviceCodeShown,
    DeviceWordsShown,
    DropRow,
    Entry,
    Grant,
    InboxItem,
    LinkRow,
    PkiStatus,
    RecipientCheck,
    Version,
    View,
)
from app.gui.backend.local_server import LocalServer
from app.gui.backend.settings_store import LOCAL_SERVER, Settings, save_settings
from app.services import devices, pki, session
from app.services.drive.ops import DriveFiles, log_in_again
from app.services.errors import ServerUnreachableError
from app.services.events import CancelToken, TransferEvent
from app.services.files.activity.reader import FolderActivity
from app.services.links.service import links_of
from app.services.previews.cache import Thumbnail
from app.services.session import RoutedSession, Session, SessionState
from app.services.sharing.drops import DropService
from app.services.sharing.inbox import InboxService
from app.services.sharing.router import FileRouter
from app.services.sharing.service import SharingService
from app.services.transfers.store import Remembered, profile_transfers
from app.services.trash.undo import Step

__all__ = ["Backend", "ServicesBackend"]

CONTACTS_FILE = "gui-contacts.json"


class ServicesBackend:
    """`Backend` over app.services for one profile folder."""

    def __init__(
        self,
        folder: Path,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.time,
        session: Session | None = None,
    ):
        """`session`: one made elsewhere for `folder` (tests pass their transport)."""
        self.settings = settings
        self.local_server: LocalServer | None = None
        self._lock = threading.RLock()
        self._proxy_password = ""
        self._identities = pki.IdentityCache()
        self.session = session or Session(folder, settings.network(), clock=clock)

    # ---- plumbing --------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        return self.session.folder

    def has_vault(self) -> bool:
        return self.session.has_vault()

    def _files(self) -> backend_files.Files:
        opened = self.session.current()
        return backend_files.Files(opened, opened.connector)

    def _info(self, opened: RoutedSession) -> AccountInfo:
        """The account, with the check words others see for it in the key log."""
        key = opened.vault.identity_key.public_key
        shown = pki.check_own_identity(
            opened.channel, str(opened.address), key, checkpoints=opened.vault
        )
        return AccountInfo(str(opened.address), str(opened.address.server), shown.check_words)

    def _save(self, settings: Settings) -> None:
        self.settings = settings
        save_settings(self.folder, settings)

    def _remember(self, address: str) -> None:
        """The account and its real server: "local" only for the embedded one."""
        host = address.partition("#")[2]
        local = self.local_server is not None and self.local_server.host == host
        self._save(replace(self.settings, address=address, server=LOCAL_SERVER if local else host))

    # ---- accounts and settings -------------------------------------------------------

    def apply_settings(self, settings: Settings, proxy_password: str | None = None) -> None:
        """Save `settings`; a new proxy or route reconnects the open account with it
        (`ServerUnreachableError` when it cannot: the account stays open, offline)."""
        with self._lock:
            secret = self._proxy_password if proxy_password is None else proxy_password
            changed = settings.network(secret) != self.settings.network(self._proxy_password)
            self._proxy_password = secret
            self._save(settings)
            if self.session.state is not SessionState.LOCKED:
                self.session.remember_on_device(settings.remember)
            if changed:
                self.session.reconnect(settings.network(secret))

    def reconnect(self) -> None:
        """Reach the server again with the current settings (log in when offline);
        `ServerUnreachableError` while it does not answer."""
        with self._lock:
            if self.session.state is SessionState.OFFLINE:
                self._start_local_if_ours()
            if self.session.state is not SessionState.LOCKED:
                self.session.reach()

    def keyring_problem(self) -> str | None:
        return session.keyring_problem()

    def start_local_server(self) -> str:
        with self._lock:
            if self.local_server is None:
                self.local_server = LocalServer(self.folder, self.settings.local_port)
            host = self.local_server.start()
            self._save(replace(self.settings, local_port=self.local_server.port))
            return host

    def _start_local_if_ours(self) -> None:
        """The embedded server runs for "This computer" accounts only."""
        if self.settings.server == LOCAL_SERVER and self.settings.local_port:
            self.start_local_server()

    def check_server(self, host: str) -> str:
        return self.session.probe(host)

    def stop(self) -> None:
        """Close the session and stop the embedded server (on exit)."""
        with self._lock:
            self.session.close()
            if self.local_server is not None:
                self.local_server.stop()

    def create_account(self, address: str, password: str, token: str | None = None) -> str:
        host = address.partition("#")[2]
        if token is None and self.local_server is not None and self.local_server.host == host:
            token = self.local_server.invitation()  # the first account of this computer
        created = self.session.create(address, password, token=token)
        self._remember(address)
        return created.phrase

    def sign_in(self, address: str, password: str, remember: bool) -> AccountInfo:
        opened = self.session.sign_in(address, password)
        if remember and self.keyring_problem() is None:
            self.session.remember_on_device(True)
        self._remember(address)
        return self._info(opened)

    def resume(self, password: str | None) -> AccountInfo:
        """Open this profile's account (device key when `password` is None). An account
        whose server cannot be reached is open offline; `reconnect` retries."""
        self._open(password)
        return self.account_info()

    def _open(self, password: str | None) -> None:
        vault = self.session.unlock(password)
        self._learn_server(vault.address)
        try:
            self.reconnect()
        except ServerUnreachableError:
            pass  # offline: the window shows it and keeps trying

    def _learn_server(self, address: str) -> None:
        """Settings of a profile made elsewhere (the command line, an older version) get
        the account's real server; "local" stays only for the embedded server's port."""
        host = address.partition("#")[2]
        local = self.settings.local_port and host == f"127.0.0.1:{self.settings.local_port}"
        server = LOCAL_SERVER if local else host
        if (self.settings.server, self.settings.address) != (server, address):
            self._save(replace(self.settings, server=server, address=address))

    def recover(self, address: str, phrase: str, new_password: str) -> AccountInfo:
        """From the wizard, also on a profile whose password is forgotten (its vault is
        kept aside)."""
        opened = self.session.recover(address, phrase, new_password, forgotten=True)
        self._remember(address)
        return self._info(opened)

    def account_info(self) -> AccountInfo:
        """The open account with the check words others see for it (asks the key log);
        offline, without them."""
        if self.session.state is SessionState.OFFLINE:
            address = self.session.vault().address
            return AccountInfo(address, address.partition("#")[2])
        return self._info(self.session.current())

    def lock(self) -> None:
        backend_search.forget_opened()  # the opened search index goes with the keys
        self.session.lock()

    def unlock(self, password: str) -> None:
        self._open(password)

    def add_device(self, name: str, approve: Approve, on_event: Callable[[object], None]) -> None:
        def words_then_ask(words: tuple[str, ...]) -> bool:
            on_event(DeviceWordsShown(words))
            return approve(words)

        devices.add_device(
            self.session.current(),
            name,
            show_code=lambda code: on_event(DeviceCodeShown(code)),
            approve=words_then_ask,
        )

    def join_device(
        self, address: str, code: str, password: str, on_event: Callable[[object], None]
    ) -> AccountInfo:
        opened = self.session.join_device(
            address, code, password, show_words=lambda words: on_event(DeviceWordsShown(words))
        )
        self._remember(address)
        return self._info(opened)

    def recovery_phrase(self, password: str) -> str:
        return self.session.recovery_phrase(password)

    def change_password(self, old: str, new: str) -> None:
        self.session.change_password(old, new)

    def drive_files(self) -> DriveFiles:
        opened = self.session.current()
        files = backend_files._service(backend_files.Files(opened, opened.connector))
        return DriveFiles(files, relogin=lambda: log_in_again(opened))

    def sign_out(self) -> None:
        with self._lock:
            self.session.close()

    # ---- files (app.services.files.service) ----------------------------------------------------

    def list_folder(self, view: View, path: str) -> list[Entry]:
        opened = self.session.current()
        files = backend_files.Files(opened, opened.connector)
        if view is View.SHARED_BY_ME and path in ("", "/"):
            links = backend_links.link_entries(self.links())
            return backend_people.shared_by_me(self._sharing(opened)) + links
        if view is View.SHARED_WITH_ME and path in ("", "/", "/Shared"):
            senders = backend_people.senders_by_name(self._sharing(opened))
            return [
                replace(entry, shared=f"from {senders[entry.name]}")
                if entry.name in senders
                else entry
                for entry in backend_files.list_folder(files, "/Shared")
            ]
        if view is View.SHARED_WITH_ME and not path.startswith("/Shared"):
            path = "/Shared" + path
        entries = backend_files.list_folder(files, path)
        if view is View.MY_FILES:
            return backend_people.mark_shared(entries, self._sharing(opened))
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
        backend_files.move(self._files(), paths, folder)

    def delete(self, paths: Sequence[str]) -> None:
        for path in paths:
            backend_files.call(self._files(), "remove", path)

    def versions(self, path: str) -> list[Version]:
        return backend_files.versions(self._files(), path)

    def restore(self, path: str, version: int) -> int:
        return backend_files.restore(self._files(), path, version)

    # ---- people and sharing ------------------------------------------------------------

    def check_recipient(self, address: str) -> RecipientCheck:
        opened = self.session.current()
        identity = pki.whois(
            address,
            connector=opened.connector,
            pins=opened.vault,
            checkpoints=opened.vault,
            cache=self._identities,
        )
        status = self._contact_status(identity.address, identity.fingerprint.hex())
        return RecipientCheck(
            identity.address, status, identity.check_words, identity.fingerprint_text
        )

    def _contact_status(self, address: str, fingerprint: str) -> PkiStatus:
        """Trust on first use, per address, kept in the profile folder."""
        path = self.folder / CONTACTS_FILE
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

    def _sharing(self, opened: RoutedSession) -> SharingService:
        return backend_people.sharing(opened, opened.connector, self._identities)

    def _inbox(self, opened: RoutedSession) -> InboxService:
        return backend_people.inbox(opened, opened.connector, self._identities)

    def share(self, path: str, address: str, access: str) -> None:
        self._sharing(self.session.current()).share(path, address, write=access == "write")

    def grants(self, path: str) -> list[Grant]:
        return backend_people.grants(self._sharing(self.session.current()), path)

    def unshare(self, path: str, address: str) -> None:
        self._sharing(self.session.current()).unshare(path, address)

    def create_link(
        self, path: str, password: str | None, expires_in: int | None, max_downloads: int | None
    ) -> str:
        service = links_of(self.session.current())
        made = service.create(
            path, password=password, expires_in=expires_in, max_downloads=max_downloads
        )
        return made.url

    def links(self) -> list[LinkRow]:
        return backend_links.link_rows(links_of(self.session.current()))

    def revoke_link(self, link_id: str) -> None:
        links_of(self.session.current()).revoke(link_id)

    def create_request(self, path: str, title: str | None, expires_in: int | None) -> str:
        service = links_of(self.session.current())
        return service.request(path, title=title, expires_in=expires_in).url

    def collect_request(self, link_id: str, folder: Path) -> tuple[int, int]:
        collected = links_of(self.session.current()).collect(link_id, folder)
        return len(collected.saved), len(collected.rejected)

    def inbox(self) -> list[InboxItem]:
        items = backend_inbox.inbox_items(self._inbox(self.session.current()))
        backend_inbox.remember_senders(self.folder, items)
        return items

    def accept(self, item_id: str, name: str) -> str:
        folder = Path(self.settings.download_folder or Path.home() / "Downloads")
        return backend_people.accept(self._inbox(self.session.current()), item_id, name, folder)

    def decline(self, item_id: str) -> None:
        self._inbox(self.session.current()).decline(item_id)

    def wait_inbox(self, timeout: float, after: dict[str, int] | None) -> dict[str, int]:
        return backend_people.wait_for_inbox(self._inbox(self.session.current()), timeout, after)

    # ---- receiving files, contacts, drop inboxes (backend/inbox.py, backend/drops.py) ----

    def save_received(self, item_id: str, folder: str) -> list[str]:
        opened = self.session.current()
        files = backend_files._service(backend_files.Files(opened, opened.connector))
        return backend_inbox.save_into(self._inbox(opened), files, item_id, folder)

    def save_received_as(self, item_id: str, local_folder: Path) -> list[Path]:
        return backend_inbox.save_as(self._inbox(self.session.current()), item_id, local_folder)

    def open_received(self, item_id: str, cache_folder: Path) -> list[Path]:
        return backend_inbox.open_copy(self._inbox(self.session.current()), item_id, cache_folder)

    def contacts(self) -> list[str]:
        opened = self.session.current()
        return backend_inbox.contacts(self._sharing(opened), self._inbox(opened), self.folder)

    def send_files(self, address: str, local_paths: Sequence[Path]) -> None:
        backend_inbox.send_files(self._sharing(self.session.current()), address, local_paths)

    def send_remote(self, address: str, remote_path: str) -> None:
        opened = self.session.current()
        files = backend_files._service(backend_files.Files(opened, opened.connector))
        backend_inbox.send_remote(self._sharing(opened), files, address, remote_path)

    def drops(self) -> list[DropRow]:
        return backend_drops.rows(DropService(self.session.current()))

    def create_drop(self, label: str, expires_in: float | None, max_bytes: int | None) -> DropRow:
        service = DropService(self.session.current())
        return backend_drops.create(service, label, expires_in, max_bytes)

    def revoke_drop(self, address: str) -> None:
        DropService(self.session.current()).revoke(address)

    # ---- the transfer list (app/services/transfers/TRANSFERS.md) ---------------------

    def remembered_transfers(self) -> list[Remembered]:
        return profile_transfers(self.session.vault()).load()

    def remember_transfers(self, transfers: Sequence[Remembered]) -> None:
        profile_transfers(self.session.vault()).save(transfers)

    def thumbnail(self, entry: Entry, edge: int, renderer: backend_previews.Renderer) -> Thumbnail:
        return backend_previews.thumbnail(self._files(), entry, edge, renderer)

    def devices_and_sessions(self) -> backend_sessions.DevicesAndSessions:
        return backend_sessions.devices_and_sessions(self.session.current())

    def sign_out_device(self, name: str) -> None:
        devices.remove_device(self.session.current(), name)

    def end_session(self, session_id: str) -> None:
        devices.end_session(self.session.current(), session_id)

    def folder_activity(self, view: View, path: str) -> FolderActivity:
        return backend_activity.activity_of(self.session.current(), view, path, self._identities)

    # ---- trash, undo, search, storage used (backend/trash.py, search.py, usage.py) ----

    def _router(self) -> FileRouter:
        return backend_files._service(self._files())

    def move_to_trash(
        self, paths: Sequence[str], on_event: Callable[[backend_trash.Trashed], None]
    ) -> list[backend_trash.Trashed]:
        return backend_trash.discard(self._router(), self.folder, paths, on_event)

    def trash(self) -> list[backend_trash.Trashed]:
        return backend_trash.rows(self._router(), self.folder)

    def restore_trashed(self, trash_name: str, keep_both: bool = False) -> str:
        return backend_trash.restore(self._router(), self.folder, trash_name, keep_both)

    def empty_trash(self) -> int:
        return backend_trash.empty(self._router(), self.folder)

    def trash_keep_days(self) -> int:
        return backend_trash.keep_days(self.folder)

    def set_trash_keep_days(self, days: int) -> None:
        backend_trash.set_keep_days(self._router(), self.folder, days)

    def move_back(
        self, moves: Sequence[tuple[str, str]], on_event: Callable[[Step], None]
    ) -> list[Step]:
        return backend_trash.move_back(self._router(), moves, on_event)

    def undo_trashing(
        self, items: Sequence[backend_trash.Trashed], on_event: Callable[[Step], None]
    ) -> list[Step]:
        return backend_trash.undo_trashing(self._router(), self.folder, items, on_event)

    def search(self, request: backend_search.SearchRequest) -> list[backend_search.Found]:
        return backend_search.find(self._router().home, self.session.current(), request)

    def rebuild_search(self) -> int:
        return backend_search.rebuild(self._router().home, self.session.current())

    def storage_used(self) -> backend_usage.StorageUsed:
        return backend_usage.storage_used(self._router())

    def folder_stats(self, paths: Sequence[str]) -> list[backend_usage.FolderStats]:
        return backend_usage.folder_stats(self._router(), paths)

    def place_access(self, paths: Sequence[str]) -> list[backend_access.PlaceAccess]:
        return [backend_access.place_access(self._router(), path) for path in paths]
