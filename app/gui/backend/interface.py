"""The typed data the window shows, and the `Backend` protocol it calls (no Qt here).

Every method of `Backend` may block (network, crypto, disk): the window calls them only
from worker threads (app/gui/workers.py). Errors are the `app.services.errors` tree;
the window shows `str(error)` as one line and the cause chain on request.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from app.gui.backend.access import PlaceAccess
from app.gui.backend.search import Found, SearchRequest
from app.gui.backend.sessions import DevicesAndSessions
from app.gui.backend.settings_store import Settings
from app.gui.backend.trash import Trashed
from app.gui.backend.usage import FolderStats, StorageUsed
from app.services.drive.ops import DriveFiles
from app.services.events import CancelToken, ProgressCallback
from app.services.files.activity.reader import FolderActivity
from app.services.previews.cache import Thumbnail
from app.services.transfers.store import Remembered
from app.services.trash.undo import Step

if TYPE_CHECKING:
    from app.gui.backend.previews import Renderer

__all__ = [
    "AccountInfo",
    "Approve",
    "Backend",
    "CancelToken",
    "DeviceCodeShown",
    "DeviceWordsShown",
    "DropRow",
    "Entry",
    "Grant",
    "InboxItem",
    "LinkRow",
    "PkiStatus",
    "RecipientCheck",
    "Version",
    "View",
]


class View(enum.Enum):
    """What the central file view lists."""

    MY_FILES = "my-files"
    SHARED_WITH_ME = "shared-with-me"
    SHARED_BY_ME = "shared-by-me"


@dataclass(frozen=True)
class Entry:
    """One row of a folder listing."""

    name: str
    path: str
    is_folder: bool
    size: int = 0
    modified: float = 0.0
    shared: str = ""  # "", "read", "write" (by me) or "from name#host" (with me)
    mime: str = ""
    version: int = 0  # of a file, as listed (previews are cached by it)
    shared_with: tuple[str, ...] = ()  # My files: the people I granted it to


@dataclass(frozen=True)
class Version:
    number: int
    size: int
    modified: float
    current: bool = False


class PkiStatus(enum.Enum):
    VERIFIED = "verified"  # the key matches the one seen before (or checked out of band)
    FIRST_CONTACT = "first-contact"  # never seen: compare the check words
    KEY_CHANGED = "key-changed"  # differs from the key seen before: do not share


@dataclass(frozen=True)
class RecipientCheck:
    address: str
    status: PkiStatus
    check_words: tuple[str, ...]
    fingerprint: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Grant:
    address: str
    access: str  # "read" or "write"


@dataclass(frozen=True)
class LinkRow:
    """One of my share links (server_stub/LINKS.md); `url` is "" once it is gone."""

    link_id: str
    path: str
    mode: str  # "download" or "request"
    state: str  # "live", "expired", "used-up", "revoked"
    url: str
    downloads: int = 0
    max_downloads: int | None = None
    expires: int | None = None
    password: bool = False
    drops: int = 0
    kind: str = "file"  # "file", "folder" or "request"


@dataclass(frozen=True)
class InboxItem:
    item_id: str
    sender: str
    sender_verified: bool
    name: str
    access: str  # "read", "write", or "copy" (files delivered into the inbox)
    received: float
    unread: bool = True
    size: int = 0  # delivered files: their bytes together
    drop: str = ""  # came through this drop inbox (its label, or its address)
    problem: str = ""  # rejected: why (the sender or content failed a check); only Delete


@dataclass(frozen=True)
class DropRow:
    """One of my drop inboxes (app/services/sharing/drops.py)."""

    address: str
    label: str
    created: float
    expires: float | None = None
    max_bytes: int | None = None
    waiting: int = 0


@dataclass(frozen=True)
class AccountInfo:
    address: str
    server: str
    check_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeviceCodeShown:
    """`add_device`: the code to read out to the new device."""

    code: str


@dataclass(frozen=True)
class DeviceWordsShown:
    """`add_device`: the verification words; `approve` is asked right after."""

    words: tuple[str, ...]


Approve = Callable[[tuple[str, ...]], bool]  # blocks the worker until the person answers
OnBack = Callable[[Step], None]  # one item of an undo is back (progress)
OnTrashed = Callable[[Trashed], None]  # one item of a delete is in the trash (progress)


class Backend(Protocol):
    """Everything the window asks of the services. All calls may block."""

    # accounts and settings
    def apply_settings(self, settings: Settings, proxy_password: str | None = None) -> None: ...
    def reconnect(self) -> None: ...  # offline: log in again (ServerUnreachableError)
    def keyring_problem(self) -> str | None: ...
    def start_local_server(self) -> str: ...
    def check_server(self, host: str) -> str: ...
    def create_account(self, address: str, password: str) -> str: ...
    def sign_in(self, address: str, password: str, remember: bool) -> AccountInfo: ...
    def recover(self, address: str, phrase: str, new_password: str) -> AccountInfo: ...
    def account_info(self) -> AccountInfo: ...  # the open account, with its check words
    def lock(self) -> None: ...
    def unlock(self, password: str) -> None: ...
    def recovery_phrase(self, password: str) -> str: ...
    def change_password(self, old: str, new: str) -> None: ...
    def sign_out(self) -> None: ...
    def drive_files(self) -> DriveFiles: ...  # the open account's, for app/gui/drive.py
    def add_device(
        self, name: str, approve: Approve, on_event: Callable[[object], None]
    ) -> None: ...  # app/services/devices/DEVICES.md: code, words, then the link
    def join_device(
        self, address: str, code: str, password: str, on_event: Callable[[object], None]
    ) -> AccountInfo: ...  # the new device's side: DeviceWordsShown, then signed in

    # files
    def list_folder(self, view: View, path: str) -> list[Entry]: ...
    def upload(
        self,
        local_paths: Sequence[Path],
        remote_folder: str,
        on_event: ProgressCallback,
        cancel: CancelToken,
    ) -> None: ...
    def download(
        self, remote_path: str, local_folder: Path, on_event: ProgressCallback, cancel: CancelToken
    ) -> Path: ...
    def mkdir(self, path: str) -> None: ...
    def rename(self, path: str, new_name: str) -> None: ...
    def move(self, paths: Sequence[str], folder: str) -> None: ...
    def delete(self, paths: Sequence[str]) -> None: ...
    def versions(self, path: str) -> list[Version]: ...
    def restore(self, path: str, version: int) -> int: ...

    # sharing
    def check_recipient(self, address: str) -> RecipientCheck: ...
    def share(self, path: str, address: str, access: str) -> None: ...
    def grants(self, path: str) -> list[Grant]: ...
    def unshare(self, path: str, address: str) -> None: ...
    def create_link(
        self, path: str, password: str | None, expires_in: int | None, max_downloads: int | None
    ) -> str: ...  # the URL
    def links(self) -> list[LinkRow]: ...
    def create_request(self, path: str, title: str | None, expires_in: int | None) -> str: ...
    def collect_request(self, link_id: str, folder: Path) -> tuple[int, int]: ...  # saved, bad
    def revoke_link(self, link_id: str) -> None: ...
    def inbox(self) -> list[InboxItem]: ...
    def accept(self, item_id: str, name: str) -> str: ...  # where it went
    def decline(self, item_id: str) -> None: ...
    def wait_inbox(self, timeout: float, after: dict[str, int] | None) -> dict[str, int]: ...
    # receiving files, contacts, drop inboxes (app/gui/backend/inbox.py)
    def save_received(self, item_id: str, folder: str) -> list[str]: ...  # into My files
    def save_received_as(self, item_id: str, local_folder: Path) -> list[Path]: ...
    def open_received(self, item_id: str, cache_folder: Path) -> list[Path]: ...  # it stays
    def contacts(self) -> list[str]: ...  # people I shared with or who sent me things
    def send_files(self, address: str, local_paths: Sequence[Path]) -> None: ...
    def send_remote(self, address: str, remote_path: str) -> None: ...  # from My files
    def drops(self) -> list[DropRow]: ...
    def create_drop(
        self, label: str, expires_in: float | None, max_bytes: int | None
    ) -> DropRow: ...
    def revoke_drop(self, address: str) -> None: ...

    # the transfer list kept in the profile (app/services/transfers/TRANSFERS.md)
    def remembered_transfers(self) -> list[Remembered]: ...
    def remember_transfers(self, transfers: Sequence[Remembered]) -> None: ...

    # previews (app/gui/backend/previews.py)
    def thumbnail(self, entry: Entry, edge: int, renderer: Renderer) -> Thumbnail: ...
    # devices and sessions (backend/sessions.py, server_stub/SESSIONS.md)
    def devices_and_sessions(self) -> DevicesAndSessions: ...
    def sign_out_device(self, name: str) -> None: ...  # its key stops working, sessions end
    def end_session(self, session_id: str) -> None: ...  # never the window's own session

    # activity (backend/activity.py, app/services/files/activity/ACTIVITY.md)
    def folder_activity(self, view: View, path: str) -> FolderActivity: ...

    # trash, undo, search, storage used (backend/trash.py, search.py, usage.py)
    def move_to_trash(self, paths: Sequence[str], on_event: OnTrashed) -> list[Trashed]: ...
    def trash(self) -> list[Trashed]: ...
    def restore_trashed(self, trash_name: str, keep_both: bool = False) -> str: ...
    def empty_trash(self) -> int: ...
    def trash_keep_days(self) -> int: ...
    def set_trash_keep_days(self, days: int) -> None: ...
    # undo: all or none; PartlyUndoneError names what is back (app.services.trash.undo)
    def move_back(self, moves: Sequence[tuple[str, str]], on_event: OnBack) -> list[Step]: ...
    def undo_trashing(self, items: Sequence[Trashed], on_event: OnBack) -> list[Step]: ...
    def search(self, request: SearchRequest) -> list[Found]: ...  # the local index only
    def rebuild_search(self) -> int: ...
    def storage_used(self) -> StorageUsed: ...
    def folder_stats(self, paths: Sequence[str]) -> list[FolderStats]: ...
    def place_access(self, paths: Sequence[str]) -> list[PlaceAccess]: ...  # may I change it?
