"""A recording fake of app.gui.backend.interface.Backend for widget tests.

It keeps a small in-memory file tree and records every call. Uploads emit real
TransferEvents per file from the worker thread; when `hold` is set they stop after the
first chunk until `release` is set (or the transfer is cancelled), so a test can look at
a transfer in flight.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.gui.backend.access import PlaceAccess
from app.gui.backend.interface import (
    AccountInfo,
    CancelToken,
    DeviceCodeShown,
    DeviceWordsShown,
    Entry,
    Grant,
    InboxItem,
    LinkRow,
    OnBack,
    OnTrashed,
    PkiStatus,
    RecipientCheck,
    Version,
    View,
)
from app.gui.backend.search import Found, SearchRequest
from app.gui.backend.settings_store import Settings
from app.gui.backend.trash import Trashed
from app.gui.backend.usage import FolderStats, StorageUsed
from app.services.devices import LinkCancelledError, WrongCodeError
from app.services.errors import AuthenticationFailedError, NotFoundError
from app.services.events import (
    TransferEvent,
    TransferFailed,
    TransferFinished,
    TransferProgress,
    TransferStarted,
)
from app.services.previews.cache import Thumbnail
from app.services.transfers.store import Remembered
from app.services.trash.undo import Step

PHRASE = (
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
    "abandon abandon abandon art"
)
PASSWORD = "correct horse battery staple"
CHUNK = 64 * 1024


@dataclass
class FakeBackend:
    calls: list[tuple[object, ...]] = field(default_factory=list)
    files: dict[str, Entry] = field(default_factory=dict)
    recipients: dict[str, RecipientCheck] = field(default_factory=dict)
    inbox_items: list[InboxItem] = field(default_factory=list)
    granted: dict[str, list[Grant]] = field(default_factory=dict)
    hold: bool = False
    release: threading.Event = field(default_factory=threading.Event)
    keyring: str | None = "no system keyring is available (test)"
    password: str = PASSWORD
    locked: bool = False
    fail_uploads: Exception | None = None
    inbox_arrived: threading.Event = field(default_factory=threading.Event)
    inbox_cursor: int = 0
    kept_transfers: list[Remembered] = field(default_factory=list)  # the profile's list
    trashed: list[Trashed] = field(default_factory=list)
    keep_days: int = 30
    read_only_shares: set[str] = field(default_factory=set)  # names under /Shared

    def _record(self, *call: object) -> None:
        self.calls.append(call)

    def called(self, name: str) -> list[tuple[object, ...]]:
        return [call for call in self.calls if call[0] == name]

    # ---- accounts --------------------------------------------------------------------

    def apply_settings(self, settings: Settings, proxy_password: str | None = None) -> None:
        self._record("apply_settings", settings, proxy_password)

    def reconnect(self) -> None:
        self._record("reconnect")

    def keyring_problem(self) -> str | None:
        return self.keyring

    def start_local_server(self) -> str:
        self._record("start_local_server")
        return "127.0.0.1:4711"

    def check_server(self, host: str) -> str:
        self._record("check_server", host)
        return host

    def create_account(self, address: str, password: str) -> str:
        self._record("create_account", address, password)
        return PHRASE

    def sign_in(self, address: str, password: str, remember: bool) -> AccountInfo:
        self._record("sign_in", address, password, remember)
        if password != self.password:
            raise AuthenticationFailedError("the user name or the password is wrong")
        return AccountInfo(address, address.split("#")[1], ("alpha", "bravo"))

    def recover(self, address: str, phrase: str, new_password: str) -> AccountInfo:
        self._record("recover", address, phrase, new_password)
        return AccountInfo(address, address.split("#")[1])

    def account_info(self) -> AccountInfo:
        opened = [call for call in self.calls if call[0] in ("create_account", "sign_in")]
        address = str(opened[-1][1]) if opened else "alice#127.0.0.1:4711"
        return AccountInfo(address, address.split("#")[1], ("alpha", "bravo"))

    def lock(self) -> None:
        self._record("lock")
        self.locked = True

    def unlock(self, password: str) -> None:
        self._record("unlock", password)
        if password != self.password:
            raise AuthenticationFailedError("wrong password")
        self.locked = False

    def add_device(
        self,
        name: str,
        approve: Callable[[tuple[str, ...]], bool],
        on_event: Callable[[object], None],
    ) -> None:
        on_event(DeviceCodeShown("7-guitar-ocean"))
        words = ("ankle", "coffee", "pledge", "have")
        on_event(DeviceWordsShown(words))
        if not approve(words):
            raise LinkCancelledError("the words were not confirmed: nothing was linked")
        self._record("add_device", name)

    def join_device(
        self, address: str, code: str, password: str, on_event: Callable[[object], None]
    ) -> AccountInfo:
        on_event(DeviceWordsShown(("ankle", "coffee", "pledge", "have")))
        if code.strip().lower() != "7-guitar-ocean":
            raise WrongCodeError("the code was wrong (mistyped, or not the one shown)")
        self._record("join_device", address, code, password)
        return AccountInfo(address, address.split("#")[1])

    def recovery_phrase(self, password: str) -> str:
        if password != self.password:
            raise AuthenticationFailedError("wrong password")
        return PHRASE

    def change_password(self, old: str, new: str) -> None:
        self._record("change_password", old, new)

    def sign_out(self) -> None:
        self._record("sign_out")

    # ---- files -----------------------------------------------------------------------

    def add(self, path: str, *, folder: bool = False, size: int = 0, shared: str = "") -> None:
        name = path.rsplit("/", 1)[1]
        self.files[path] = Entry(name, path, folder, size, 1_700_000_000.0, shared)

    def list_folder(self, view: View, path: str) -> list[Entry]:
        self._record("list_folder", view, path)
        if view is View.SHARED_WITH_ME:
            return [e for e in self.files.values() if e.shared.startswith("from ")]
        prefix = path.rstrip("/") + "/"
        return [
            entry
            for key, entry in self.files.items()
            if key.startswith(prefix) and "/" not in key[len(prefix) :]
        ]

    def upload(
        self,
        local_paths: Sequence[Path],
        remote_folder: str,
        on_event: Callable[[TransferEvent], None],
        cancel: CancelToken,
    ) -> None:
        self._record("upload", [str(p) for p in local_paths], remote_folder)
        for local in local_paths:
            files = sorted(local.rglob("*")) if local.is_dir() else [local]
            for file in (f for f in files if f.is_file()):
                self._upload_one(file, remote_folder, on_event, cancel)

    def _upload_one(
        self,
        file: Path,
        folder: str,
        on_event: Callable[[TransferEvent], None],
        cancel: CancelToken,
    ) -> None:
        total = file.stat().st_size
        remote = f"{folder.rstrip('/')}/{file.name}"
        done = 0
        on_event(TransferStarted(remote, "upload", total))
        while done < total:
            if cancel.cancelled:
                on_event(TransferFailed(remote, "upload", done, total, "cancelled"))
                return
            done = min(total, done + CHUNK)
            on_event(TransferProgress(remote, "upload", done, total))
            if self.fail_uploads is not None:
                raise self.fail_uploads
            if self.hold:
                while not self.release.wait(0.01) and not cancel.cancelled:
                    pass
        self.add(remote, size=total)
        on_event(TransferFinished(remote, "upload", total))

    def download(
        self,
        remote_path: str,
        local_folder: Path,
        on_event: Callable[[TransferEvent], None],
        cancel: CancelToken,
    ) -> Path:
        self._record("download", remote_path, str(local_folder))
        entry = self.files.get(remote_path)
        if entry is None:
            raise NotFoundError(f"{remote_path} does not exist")
        target = local_folder / entry.name
        target.write_bytes(b"x" * entry.size)
        on_event(TransferStarted(remote_path, "download", entry.size))
        on_event(TransferFinished(remote_path, "download", entry.size))
        return target

    def mkdir(self, path: str) -> None:
        self._record("mkdir", path)
        self.add(path, folder=True)

    def rename(self, path: str, new_name: str) -> None:
        self._record("rename", path, new_name)
        entry = self.files.pop(path)
        self.add(path.rsplit("/", 1)[0] + "/" + new_name, folder=entry.is_folder, size=entry.size)

    def move(self, paths: Sequence[str], folder: str) -> None:
        self._record("move", list(paths), folder)
        for path in paths:
            entry = self.files.pop(path)
            self.add(folder.rstrip("/") + "/" + entry.name, folder=entry.is_folder, size=entry.size)

    def delete(self, paths: Sequence[str]) -> None:
        self._record("delete", list(paths))
        for path in paths:
            self.files.pop(path, None)

    def versions(self, path: str) -> list[Version]:
        newest = len(self.called("restore")) + 2
        return [Version(n, 10 * n, 1_700_000_000.0 + n, n == newest) for n in range(1, newest + 1)]

    def restore(self, path: str, version: int) -> int:
        self._record("restore", path, version)
        return len(self.called("restore")) + 2

    # ---- sharing ---------------------------------------------------------------------

    def check_recipient(self, address: str) -> RecipientCheck:
        self._record("check_recipient", address)
        found = self.recipients.get(address)
        if found is None:
            raise NotFoundError(f"there is no user {address}")
        return found

    def share(self, path: str, address: str, access: str) -> None:
        self._record("share", path, address, access)
        check = self.recipients[address]
        assert check.status is not PkiStatus.KEY_CHANGED, "the fake refuses like the service"
        self.granted.setdefault(path, []).append(Grant(address, access))

    def grants(self, path: str) -> list[Grant]:
        return list(self.granted.get(path, []))

    def unshare(self, path: str, address: str) -> None:
        self._record("unshare", path, address)
        self.granted[path] = [g for g in self.granted.get(path, []) if g.address != address]

    def create_link(
        self, path: str, password: str | None, expires_in: int | None, max_downloads: int | None
    ) -> str:
        self._record("create_link", path, password, expires_in, max_downloads)
        return f"http://127.0.0.1:4711/l/{'A' * 22}#{'B' * 43}"

    def links(self) -> list[LinkRow]:
        return []

    def revoke_link(self, link_id: str) -> None:
        self._record("revoke_link", link_id)

    def create_request(self, path: str, title: str | None, expires_in: int | None) -> str:
        self._record("create_request", path, title, expires_in)
        return f"http://127.0.0.1:4711/l/{'C' * 22}#{'D' * 43}"

    def collect_request(self, link_id: str, folder: Path) -> tuple[int, int]:
        self._record("collect_request", link_id, folder)
        return 0, 0

    def inbox(self) -> list[InboxItem]:
        return list(self.inbox_items)

    def accept(self, item_id: str, name: str) -> str:
        self._record("accept", item_id, name)
        item = next(i for i in self.inbox_items if i.item_id == item_id)
        self.inbox_items.remove(item)
        self.add(f"/{name}", folder=True, shared=f"from {item.sender}")
        return f"/Shared/{name}"

    def decline(self, item_id: str) -> None:
        self._record("decline", item_id)
        self.inbox_items = [i for i in self.inbox_items if i.item_id != item_id]

    def wait_inbox(self, timeout: float, after: dict[str, int] | None) -> dict[str, int]:
        """The long-poll: returns early once `inbox_arrived` is set (the fake's arrival);
        waits at most 0.2 s so a stopped watcher ends quickly."""
        self._record("wait_inbox", timeout, after)
        if after is not None and self.inbox_arrived.wait(min(timeout, 0.2)):
            self.inbox_arrived.clear()
            self.inbox_cursor += 1
        return {"sink": self.inbox_cursor}

    # receiving files, contacts, drop inboxes
    def save_received(self, item_id: str, folder: str) -> list[str]:
        self._record("save_received", item_id, folder)
        return [f"{folder.rstrip('/')}/received.bin"]

    def save_received_as(self, item_id: str, local_folder: Path) -> list[Path]:
        self._record("save_received_as", item_id, local_folder)
        return [local_folder / "received.bin"]

    def open_received(self, item_id: str, cache_folder: Path) -> list[Path]:
        self._record("open_received", item_id, cache_folder)
        (cache_folder / "received.bin").write_bytes(b"received")
        return [cache_folder / "received.bin"]

    def contacts(self) -> list[str]:
        return ["bob#example.org"]

    def send_files(self, address: str, local_paths: Sequence[Path]) -> None:
        self._record("send_files", address, list(local_paths))

    def send_remote(self, address: str, remote_path: str) -> None:
        self._record("send_remote", address, remote_path)

    def drops(self) -> list[object]:
        return []

    def create_drop(self, label: str, expires_in: float | None, max_bytes: int | None) -> object:
        raise NotImplementedError("drop inboxes are tested against the real server")

    def revoke_drop(self, address: str) -> None:
        self._record("revoke_drop", address)

    def remembered_transfers(self) -> list[Remembered]:
        return list(self.kept_transfers)

    def remember_transfers(self, transfers: Sequence[Remembered]) -> None:
        self.kept_transfers = list(transfers)

    # ---- previews --------------------------------------------------------------------

    def thumbnail(self, entry: Entry, edge: int, renderer: object) -> Thumbnail:
        self._record("thumbnail", entry.path, edge)
        return Thumbnail(b"", reason="The image is damaged")

    # ---- trash, undo, search, storage used -------------------------------------------

    def move_to_trash(self, paths: Sequence[str], on_event: OnTrashed) -> list[Trashed]:
        self._record("move_to_trash", list(paths))
        rows = []
        for path in paths:
            entry = self.files.pop(path)
            name = f"1.{len(self.trashed)}.{path}"
            rows.append(Trashed(name, path, entry.is_folder, entry.size, 1.7e9, 1.7e9 + 30 * 86400))
            on_event(rows[-1])
        self.trashed.extend(rows)
        return rows

    def trash(self) -> list[Trashed]:
        return list(self.trashed)

    def restore_trashed(self, trash_name: str, keep_both: bool = False) -> str:
        self._record("restore_trashed", trash_name, keep_both)
        row = next(row for row in self.trashed if row.trash_name == trash_name)
        self.trashed.remove(row)
        self.add(row.original_path, folder=row.is_folder, size=row.size)
        return row.original_path

    def empty_trash(self) -> int:
        self._record("empty_trash")
        count, self.trashed = len(self.trashed), []
        return count

    def trash_keep_days(self) -> int:
        return self.keep_days

    def set_trash_keep_days(self, days: int) -> None:
        self._record("set_trash_keep_days", days)
        self.keep_days = days

    def move_back(self, moves: Sequence[tuple[str, str]], on_event: OnBack) -> list[Step]:
        self._record("move_back", list(moves))
        for original, moved_to in moves:
            entry = self.files.pop(moved_to)
            self.add(original, folder=entry.is_folder, size=entry.size)
            on_event(Step(moved_to, original))
        return [Step(moved_to, original) for original, moved_to in moves]

    def undo_trashing(self, items: Sequence[Trashed], on_event: OnBack) -> list[Step]:
        steps = []
        for item in items:
            self.restore_trashed(item.trash_name)
            steps.append(Step(item.trash_name, item.original_path))
            on_event(steps[-1])
        return steps

    def search(self, request: SearchRequest) -> list[Found]:
        self._record("search", request)
        return [
            Found(path, entry.is_folder, "folder" if entry.is_folder else "other", entry.size, 0)
            for path, entry in sorted(self.files.items())
            if request.pattern.lower() in entry.name.lower()
        ]

    def rebuild_search(self) -> int:
        return len(self.files)

    def storage_used(self) -> StorageUsed:
        return StorageUsed(sum(entry.size for entry in self.files.values()), 10 * 1024**3)

    def folder_stats(self, paths: Sequence[str]) -> list[FolderStats]:
        return [
            FolderStats(
                path,
                sum(e.size for k, e in self.files.items() if k.startswith(path + "/")),
                0,
                0.0,
            )
            for path in paths
        ]

    def place_access(self, paths: Sequence[str]) -> list[PlaceAccess]:
        found = []
        for path in paths:
            parts = [part for part in path.split("/") if part]
            if parts[:1] != ["Shared"]:
                found.append(PlaceAccess(path, True))
            elif len(parts) < 2:
                found.append(PlaceAccess(path, False))
            else:
                writable = parts[1] not in self.read_only_shares
                found.append(PlaceAccess(path, writable, parts[1], "bob#example.org"))
        return found
