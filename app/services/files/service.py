"""The encrypted file system of one tree: list, mkdir, put, get, mv, rm, versions, restore.

    files = FileService(channel, vault, progress=callback)   # a logged-in Channel, unlocked Vault
    files.ls("/Documents")              -> [EntryInfo]
    files.mkdir("/Documents/2024")      -> "/Documents/2024"
    files.put([Path("report.pdf")], "/Documents")  -> ["/Documents/report.pdf"]
    files.get("/Documents/report.pdf", Path("."))  -> Path("report.pdf")
    files.move("/Documents/report.pdf", "/Archive/")   files.remove("/Archive")
    files.versions("/Documents/report.pdf") -> [VersionInfo]   files.restore(path, 2)

Paths are absolute, "/" separated; "/" is the root folder (m/0' of the vault, or the
shared item for a tree built with `shared=`). Every method checks everything it reads
(DESIGN §3, app/fs/FORMAT.md) and raises only `app.services.errors` classes: a failed
check is a `TamperingDetectedError` subclass (files/errors.py) whose message keeps the
specific error's name. Transfers report typed events (app.services.events) to
`progress`. Module map: tree (verified tree, CAS, version high-water marks), merge
(listing changes), put/upload/journal (uploads), get/download (downloads), move and
copier (moves between folders). The account's whole path space, with the accepted shares
under /Shared, is `app.services.sharing.router.FileRouter`.
"""

from __future__ import annotations

import gc
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from app.client.objects_api import (
    MAX_IDS_PER_GET,
    CasMismatchError,
    DescriptorRecord,
    ObjectsApi,
    RpcCaller,
)
from app.fs import (
    DEFAULT_CHUNK_SIZE,
    DescriptorPayload,
    FileMetadata,
    FsUsageError,
    ItemKey,
    ListingEntry,
)
from app.fs.metadata import check_name
from app.services.errors import NotFoundError
from app.services.events import CancelToken, ProgressCallback, ignore_progress, serialised
from app.services.files.activity.recorder import ActivityRecorder
from app.services.files.download import DEFAULT_IN_FLIGHT as DOWNLOAD_IN_FLIGHT
from app.services.files.errors import (
    FilesUsageError,
    StructureTamperedError,
    service_errors,
)
from app.services.files.get import Downloader
from app.services.files.journal import Journal
from app.services.files.merge import add_entries, remove_index, rename_index
from app.services.files.move import Copier
from app.services.files.put import Uploader
from app.services.files.tree import (
    File,
    FileTree,
    Folder,
    SharedRoot,
    join_path,
    parent_and_name,
    split_path,
)
from app.services.files.upload import DEFAULT_IN_FLIGHT as UPLOAD_IN_FLIGHT
from app.services.files.verified import FileFacts
from app.vault import Vault

__all__ = ["TRASH_FOLDER", "EntryInfo", "FileService", "TreeChange", "VersionInfo"]

LS_FETCHES_IN_FLIGHT = 4  # descriptorGet requests of one listing in flight at once

TRASH_FOLDER = ".trash"  # in the root folder; ls / hides it (services/trash/TRASH.md)
ROOT_UNCHANGEABLE = "the root folder cannot be changed that way"


@dataclass(frozen=True)
class EntryInfo:
    """One listed item. `size`, `modified` (ms since the epoch) and `version` are for files."""

    name: str
    path: str
    type: str
    size: int | None = None
    modified: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class TreeChange:
    """What a successful mkdir/put ("added"), move ("moved" to `destination`) or remove
    ("removed") did, for `on_change` (the search index follows it)."""

    kind: str
    paths: tuple[str, ...]
    destination: str | None = None


@dataclass(frozen=True)
class VersionInfo:
    """One kept version of a file."""

    version: int
    size: int
    modified: int
    server_time: float
    current: bool


@dataclass(frozen=True)
class _OldVersion:
    metadata: FileMetadata
    block_ids: tuple[bytes, ...]
    server_time: float


_Answer = tuple[dict[str, DescriptorRecord], frozenset[str], frozenset[str]]


@dataclass(frozen=True)
class _Asked:
    """What was asked for one batch of listed files (`_fetch_listed`), before the answer."""

    ids: list[str]
    marks: list[int]  # the version marks read before the fetch
    known_digests: dict[str, bytes]  # item id -> file digest of the version sent as known


@dataclass(frozen=True)
class _Fetched:
    """One batch of listed files as asked and answered."""

    asked: _Asked
    found: dict[str, DescriptorRecord]
    unchanged: frozenset[str]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a folder is listed: its objects hold no
    cycles, yet the ~217 collections their allocation triggers for 10,000 entries cost
    0.10-0.37 s (they walk the process's older objects too). Another thread's pause in
    between may end early, never late: collection is only turned back on here if it was
    on before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class FileService:
    """File operations of one account (a logged-in channel and its unlocked vault)."""

    def __init__(
        self,
        channel: RpcCaller,
        vault: Vault,
        *,
        progress: ProgressCallback = ignore_progress,
        clock: Callable[[], float] = time.time,
        chunk_size: int | None = None,
        in_flight: int | None = None,
        journal_folder: Path | None = None,
        shared: SharedRoot | None = None,
        cancel: CancelToken | None = None,
        on_change: Callable[[TreeChange], None] | None = None,
    ) -> None:
        """`chunk_size`: every uploaded file's (None: picked per file from its size and the
        server's limit); `in_flight`: blocks in flight per transfer (None: each direction's
        measured default); `cancel`: set it to stop the transfers of this service's operations."""
        self._on_change = on_change or (lambda change: None)
        self.tree = FileTree(ObjectsApi(channel), vault, shared)
        self.activity = ActivityRecorder(self.tree, vault, clock)  # files/activity/ACTIVITY.md
        self.tree.watcher = self.activity
        progress = serialised(progress)
        cancel = cancel or CancelToken()
        journal_key = ItemKey(vault.branch(Vault.SETTINGS)).purpose_key("fs/transfer-journal")
        folder = journal_folder or vault.profile.root / "transfers"
        self._uploader = Uploader(
            self.tree,
            Journal(folder, journal_key),
            progress,
            clock,
            chunk_size,
            in_flight or UPLOAD_IN_FLIGHT,
            cancel,
        )
        download_bytes = (
            in_flight * (chunk_size or DEFAULT_CHUNK_SIZE) if in_flight else DOWNLOAD_IN_FLIGHT
        )
        self._downloader = Downloader(self.tree, progress, download_bytes, cancel)
        self._copier = Copier(self.tree, in_flight or DOWNLOAD_IN_FLIGHT)

    @property
    def api(self) -> ObjectsApi:
        return self.tree.api

    # --- reading ---

    def ls(self, path: str = "/") -> list[EntryInfo]:
        """The items of a folder (or the one file at `path`), sorted by name."""
        with service_errors(path), _collector_paused():
            item = self.tree.resolve(path)
            if isinstance(item, File):
                return [_file_info(item)]
            return self._list_folder(item)

    def _list_folder(self, folder: Folder) -> list[EntryInfo]:
        infos = {
            e.name: EntryInfo(e.name, join_path(folder.path, e.name), "folder")
            for e in folder.listing.entries
            if e.type == "folder" and not (folder.path == "/" and e.name == TRASH_FOLDER)
        }
        files = [e for e in folder.listing.entries if e.type == "file"]
        batches = [files[s : s + MAX_IDS_PER_GET] for s in range(0, len(files), MAX_IDS_PER_GET)]
        # the next batches are fetched while this one is checked (the server and we
        # overlap, and so do the round trips of a re-listing's small answers); the keys
        # are parsed here, not on the fetch threads: a secp256k1 call releases the GIL,
        # and a thread running Python then holds it for up to the switch interval
        with ThreadPoolExecutor(LS_FETCHES_IN_FLIGHT, thread_name_prefix="ls") as pool:
            ahead = deque(
                self._fetch_listed(pool, folder, batch) for batch in batches[:LS_FETCHES_IN_FLIGHT]
            )
            for index, batch in enumerate(batches):
                asked, answer = ahead.popleft()
                found, _, unchanged = answer.result()
                fetched = _Fetched(asked, found, unchanged)
                if index + LS_FETCHES_IN_FLIGHT < len(batches):
                    following = batches[index + LS_FETCHES_IN_FLIGHT]
                    ahead.append(self._fetch_listed(pool, folder, following))
                for entry, item_id, mark in zip(batch, asked.ids, asked.marks, strict=True):
                    path = join_path(folder.path, entry.name)
                    facts = self._listed_facts(folder, entry, item_id, path, mark, fetched)
                    infos[entry.name] = EntryInfo(
                        entry.name, path, "file", facts.size, facts.modified, facts.version
                    )
        self.tree.verified.save()
        return [infos[name] for name in sorted(infos)]

    def _listed_facts(
        self,
        folder: Folder,
        entry: ListingEntry,
        item_id: str,
        path: str,
        mark: int,
        fetched: _Fetched,
    ) -> FileFacts:
        """A listed file's facts: from the verified cache when the server says its
        descriptor is the one verified before (rollback check included), else checked
        from the record it sent."""
        if item_id in fetched.unchanged:
            facts = self.tree.unchanged_file(fetched.asked.known_digests[item_id], mark)
            if facts is not None:
                return facts
            record = self.api.descriptor(item_id)  # the cache let it go meanwhile
        else:
            record = fetched.found.get(item_id)
        if record is None:
            raise StructureTamperedError(
                f"tampering detected: StructureError: {path} is listed but the "
                "server has no object for it (hidden, lost or deleted meanwhile)"
            )
        return self.tree.listed_file(folder, entry, path, record, mark)

    def _fetch_listed(
        self, pool: ThreadPoolExecutor, folder: Folder, batch: list[ListingEntry]
    ) -> tuple[_Asked, Future[_Answer]]:
        """Ask for the descriptors of listed files on `pool`: their item ids (their keys
        are checked by `listed_file`; an xpub parsed before is not parsed again), their
        version marks read before the fetch, and for those verified before the signature
        sent as `known` (the server may then answer that they are unchanged)."""
        cache = self.tree.verified
        try:
            ids = [cache.item_id(entry.xpub) or entry.key.item_id for entry in batch]
        except FsUsageError as error:  # raised when its batch is reached, as a fetch's
            refused: Future[_Answer] = Future()
            refused.set_exception(error)
            return _Asked([], [], {}), refused
        marks = [self.tree.version_mark(item_id) for item_id in ids]
        known: dict[str, bytes] = {}
        digests: dict[str, bytes] = {}
        for entry, item_id in zip(batch, ids, strict=True):
            latest = cache.latest(entry.xpub, folder.item_id)
            if latest is not None:
                known[item_id], digests[item_id] = latest
        answer = pool.submit(self.api.descriptor_get_changed, ids, known)
        return _Asked(ids, marks, digests), answer

    def get(self, remote: str, local: Path) -> Path:
        """Download a file to `local`, or a folder recursively; returns what was written."""
        with service_errors(remote):
            return self._downloader.get(self.tree.resolve(remote), local)

    # --- writing ---

    def mkdir(self, path: str) -> str:
        """Make a folder (its parent must exist); returns its path."""
        parent_path, name = parent_and_name(path, ROOT_UNCHANGEABLE)
        with service_errors(path):
            parent = self.tree.folder(parent_path)
            if parent.listing.find(name) is not None:
                raise FilesUsageError(f"{join_path(parent.path, name)} exists already")
            child, _ = self._uploader.ensure_child_folder(parent, name)
            self._on_change(TreeChange("added", (child.path,)))
            return child.path

    def put(self, locals_: Sequence[Path], remote_dir: str) -> list[str]:
        """Upload local files and folders into `remote_dir` (made if missing); returns the
        remote paths of the files written. An existing file gets a new version."""
        missing = [str(p) for p in locals_ if not p.exists()]
        if missing:
            raise FilesUsageError(f"{missing[0]}: no such local file or folder")
        with service_errors(remote_dir):
            folder = self._ensure_folder(remote_dir)
            written: list[str] = []
            try:
                for local in locals_:
                    folder, paths = self._uploader.put(local, folder)
                    written += paths
            finally:
                self._on_change(TreeChange("added", tuple(written)))
            return written

    def _ensure_folder(self, path: str) -> Folder:
        folder = self.tree.root()
        for name in split_path(path):
            folder, _ = self._uploader.ensure_child_folder(folder, check_name(name))
        return folder

    def move(self, source: str, destination: str) -> str:
        """Rename or move an item; into `destination` when that is a folder. Returns the
        new path."""
        with self.activity.moving(source, destination):
            moved = self._move(source, destination)
        self._on_change(
            TreeChange("moved", (join_path(*parent_and_name(source, ROOT_UNCHANGEABLE)),), moved)
        )
        return moved

    def _move(self, source: str, destination: str) -> str:
        parent_path, name = parent_and_name(source, ROOT_UNCHANGEABLE)
        with service_errors(source):
            parent = self.tree.folder(parent_path)
            entry = parent.listing.find(name)
            if entry is None:
                raise NotFoundError(f"{source}: no such file or folder")
            target, new_name = self._move_target(destination, name)
            if target.item_id == parent.item_id:
                if new_name != name and parent.listing.find(new_name) is not None:
                    raise FilesUsageError(f"{join_path(parent.path, new_name)} exists already")
                parent = self.tree.update_listing(parent, rename_index(entry.index, new_name))
                return join_path(parent.path, _name_at(parent, entry.index))
            return self._move_between(parent, entry.index, target, new_name)

    def _move_target(self, destination: str, name: str) -> tuple[Folder, str]:
        try:
            found = self.tree.resolve(destination)
        except NotFoundError:
            parent_path, new_name = parent_and_name(destination, ROOT_UNCHANGEABLE)
            return self.tree.folder(parent_path), new_name
        if isinstance(found, File):
            raise FilesUsageError(f"{destination} exists already")
        return found, name

    def _move_between(self, parent: Folder, index: int, target: Folder, name: str) -> str:
        entry = next(e for e in parent.listing.entries if e.index == index)
        source_path = join_path(parent.path, entry.name)
        if (target.path + "/").startswith(source_path + "/"):
            raise FilesUsageError(f"cannot move {source_path} into itself")
        if target.listing.find(name) is not None:
            raise FilesUsageError(f"{join_path(target.path, name)} exists already")
        item = self.tree.open_entry(parent, entry)
        new_entry = self._copier.copy_into(item, entry.type, target, name)
        target = self.tree.update_listing(target, add_entries(new_entry))
        self.tree.update_listing(parent, remove_index(index))
        self.tree.delete_subtree(parent, entry)
        return join_path(target.path, _name_at(target, new_entry.index))

    def remove(self, path: str) -> None:
        """Delete a file, or a folder with everything in it."""
        parent_path, name = parent_and_name(path, ROOT_UNCHANGEABLE)
        with service_errors(path):
            parent = self.tree.folder(parent_path)
            entry = parent.listing.find(name)
            if entry is None:
                raise NotFoundError(f"{path}: no such file or folder")
            self.tree.update_listing(parent, remove_index(entry.index))
            self.tree.delete_subtree(parent, entry)
        self._on_change(TreeChange("removed", (join_path(parent.path, name),)))

    # --- versions ---

    def versions(self, path: str) -> list[VersionInfo]:
        """The kept versions of a file, newest first; each one verified."""
        with service_errors(path):
            file = self._file(path)
            infos = [_version_info(file.metadata, file.record.server_time, current=True)]
            infos += [
                _version_info(old.metadata, old.server_time, current=False)
                for old in self._history(file)
            ]
            return infos

    def restore(self, path: str, version: int) -> int:
        """Make an earlier version current again (as a new version); returns its number."""
        with service_errors(path):
            file = self._file(path)
            if version == file.metadata.version:
                return version
            while True:
                history = self._history(file)
                chosen = next((h for h in history if h.metadata.version == version), None)
                if chosen is None:
                    raise NotFoundError(f"{path} has no kept version {version}")
                try:
                    return self._store_restored(file, chosen.metadata, chosen.block_ids)
                except CasMismatchError:
                    file = self._file(path)

    def _store_restored(self, file: File, old: FileMetadata, block_ids: tuple[bytes, ...]) -> int:
        current = file.metadata
        metadata = replace(
            old, name=current.name, parent_id=file.parent_id, version=current.version + 1
        )
        self.tree.write_version(file.key, metadata, block_ids, replaces=file.record.signature)
        return metadata.version

    def _file(self, path: str) -> File:
        item = self.tree.resolve(path)
        if not isinstance(item, File):
            raise FilesUsageError(f"{path} is a folder: versions are kept for files")
        return item

    def _history(self, file: File) -> list[_OldVersion]:
        """The older kept versions of `file`, newest first, each one verified."""
        verified = []
        for old in self.api.descriptor_history(file.item_id):
            metadata = FileMetadata.open(old.extra, file.key, parent_id=file.parent_id)
            payload = DescriptorPayload(file.item_id, old.block_ids, old.extra)
            payload.verify(file.key, old.signature)
            verified.append(_OldVersion(metadata, old.block_ids, old.server_time))
        return verified


def _name_at(folder: Folder, index: int) -> str:
    return next(e.name for e in folder.listing.entries if e.index == index)


def _file_info(file: File) -> EntryInfo:
    metadata = file.metadata
    name = file.path.rpartition("/")[2]
    return EntryInfo(name, file.path, "file", metadata.size, metadata.modified, metadata.version)


def _version_info(metadata: FileMetadata, server_time: float, *, current: bool) -> VersionInfo:
    return VersionInfo(metadata.version, metadata.size, metadata.modified, server_time, current)
