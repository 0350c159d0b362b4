"""The drive's view of the account's files: paths in, entries and byte streams out.

    drive = DriveFiles(files)             # files: the account's FileRouter
    drive.stat("/Documents/a.pdf")        -> DriveEntry | None
    drive.children("/Documents")          -> [DriveEntry]   ("/" also lists "Shared")
    drive.read("/Documents/a.pdf")        -> iterator of verified plaintext chunks
    drive.write("/Documents/a.pdf", src)  # new file, or a new version of the one there
    drive.copy(src, dst)  drive.move(src, dst)  drive.mkdir(p)  drive.remove(p)
    drive.check_writable(path)            # ReadOnlyError with the reason, else None

Everything goes through `FileRouter` (/Shared/<name> to the share's `FileService`) and
`FileService`/`FileTree` (their checks of every object read, their writes); what they
have no call for is built here from the same pieces: a read that yields chunks instead
of writing a local file, and a write whose content comes from any readable source (the
drive's encrypted spool) instead of a local path. Streams are checked chunk by chunk: a
reader sees every byte only after it authenticated, and a file whose end fails the last
check raises at the end of the stream. Changes of listings and descriptors are
serialised (one lock; content uploads run outside it), so two requests of one file
manager never race each other's compare-and-swap. A drive stays mounted for hours while
the server ends a login after its tickets' lifetime (15 minutes idle): a call that fails
as "session ended" logs in again with the identity key (`relogin`) and runs once more.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from app.client.objects_api import CasMismatchError, ObjectsApi
from app.fs import (
    DEFAULT_CHUNK_SIZE,
    ContentEncryptor,
    ContentKeys,
    ContentSummary,
    FileMetadata,
    ListingEntry,
)
from app.fs.chunks import Source, blocks_digest
from app.services.account import AccountSession
from app.services.account.helpers import account_errors, private
from app.services.errors import AuthenticationFailedError, NotFoundError, ServiceError
from app.services.files.download import content_chunks
from app.services.files.errors import FilesUsageError, service_errors
from app.services.files.merge import add_entries
from app.services.files.service import FileService
from app.services.files.tree import File, Folder, Item, join_path, parent_and_name, split_path
from app.services.sharing.mounts import SHARED
from app.services.sharing.router import FileRouter
from app.wire.objects import block_id

__all__ = ["DriveEntry", "DriveFiles", "ReadOnlyError", "log_in_again"]

IN_FLIGHT = 4
T = TypeVar("T")


def log_in_again(session: AccountSession) -> None:
    """A fresh key login on the session's channel (after the server ended the last one)."""
    with account_errors():
        key = private(session.vault.identity_key.private_key)
        session.channel.login_key(key, session.address.name)


class ReadOnlyError(ServiceError):
    """A change where the account may only read: a read-only share, or /Shared itself."""


@dataclass(frozen=True)
class DriveEntry:
    """One file or folder as the drive shows it (`modified` in seconds since the epoch)."""

    path: str
    name: str
    is_folder: bool
    size: int = 0
    modified: float | None = None
    version: int = 0

    @property
    def etag(self) -> str:
        seen = f"{self.path}\0{self.version}\0{self.size}\0{self.modified}"
        return hashlib.sha256(seen.encode()).hexdigest()[:32]

    @property
    def content_type(self) -> str:
        guessed, _ = mimetypes.guess_type(self.name, strict=False)
        return guessed or "application/octet-stream"


def _entry_of(item: Item, path: str) -> DriveEntry:
    name = split_path(path)[-1] if split_path(path) else ""
    if isinstance(item, Folder):
        return DriveEntry(path, name, True, version=item.listing.version)
    meta = item.metadata
    return DriveEntry(path, name, False, meta.size, meta.modified / 1000, meta.version)


class DriveFiles:
    """Path operations for the drive over one account's `FileRouter` (thread-safe)."""

    def __init__(
        self,
        files: FileRouter,
        *,
        relogin: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._files = files
        self._relogin = relogin
        self._clock = clock
        self._lock = threading.RLock()

    def _again_after_login(self, action: Callable[[], T]) -> T:
        """`action()`, run a second time after a fresh login if the server ended ours."""
        try:
            return action()
        except AuthenticationFailedError:
            if self._relogin is None:
                raise
            with self._lock:
                self._relogin()
            return action()

    def _in_tree(
        self, path: str, action: Callable[[FileService, str], T], *, write: bool = False
    ) -> T:
        """`action(service, path inside it)` for the tree `path` is in (yours or a share)."""

        def attempt() -> T:
            with self._lock, service_errors(path):
                service, rest = self._files.service_for(path, write=write)
                return action(service, rest)

        return self._again_after_login(attempt)

    # --- reading ---

    def stat(self, path: str) -> DriveEntry | None:
        """The entry at `path`, or None when nothing is there."""
        parts = split_path(path)
        if parts == [SHARED]:
            return DriveEntry(f"/{SHARED}", SHARED, True)
        try:
            item = self._in_tree(path, lambda service, rest: service.tree.resolve(rest))
            return _entry_of(item, "/" + "/".join(parts))
        except NotFoundError:
            return None
        except FilesUsageError:
            return None  # a path through a file ("/a.txt/b")

    def children(self, path: str) -> list[DriveEntry]:
        """The entries of the folder at `path`, sorted by name."""
        with self._lock:
            infos = self._again_after_login(lambda: self._files.ls(path))
        entries = [
            DriveEntry(
                info.path,
                info.name,
                info.type == "folder",
                info.size or 0,
                None if info.modified is None else info.modified / 1000,
                info.version or 0,
            )
            for info in infos
        ]
        if not split_path(path) and all(e.name != SHARED for e in entries):
            entries.append(DriveEntry(f"/{SHARED}", SHARED, True))
        return sorted(entries, key=lambda e: e.name)

    def read(self, path: str) -> Iterator[bytes]:
        """The file's plaintext, chunk by chunk, each chunk authenticated before it is
        yielded; raises a TamperingDetectedError (at the latest at the end) on a mismatch."""
        service, item = self._in_tree(path, lambda tree, rest: (tree, tree.tree.resolve(rest)))
        if not isinstance(item, File):
            raise FilesUsageError(f"{path} is a folder")
        return _verified_chunks(service.tree.api, item)

    # --- writing ---

    def check_writable(self, path: str) -> None:
        """Raise ReadOnlyError (its message the reason) if `path` cannot be changed."""
        parts = split_path(path)
        if not parts:
            return
        try:
            self._in_tree(path, lambda service, rest: None, write=True)
        except FilesUsageError as error:
            raise ReadOnlyError(str(error)) from None
        except NotFoundError:
            if len(parts) == 2 and parts[0] == SHARED:
                raise ReadOnlyError(
                    f"/{SHARED} lists the shares you accepted: a new item cannot be made there"
                ) from None
            raise

    def write(self, path: str, source: Source, modified: float | None = None) -> None:
        """Store `source` as the file at `path`: a new file, or a new version of the file
        there (its folder must exist). The content goes up without holding the lock (other
        requests go on meanwhile); the folder is read again for the listing change."""

        def parent_of(service: FileService, rest: str) -> tuple[FileService, Folder, str]:
            parent_path, name = parent_and_name(rest, "the root folder cannot be written as a file")
            folder = service.tree.folder(parent_path)
            entry = folder.listing.find(name)
            if entry is not None and entry.type == "folder":
                raise FilesUsageError(f"{path} is a folder")
            return service, folder, name

        service, folder, name = self._in_tree(path, parent_of, write=True)
        with service_errors(path):
            content = _Upload(service.tree.api_for(folder.key), source)
        try:
            with self._lock, service_errors(path):
                service, folder, name = self._in_tree(path, parent_of, write=True)
                entry = folder.listing.find(name)
                now = int(self._clock() * 1000)
                stamp = now if modified is None else int(modified * 1000)
                if entry is None:
                    self._create(service, folder, name, content, now, stamp)
                else:
                    self._new_version(service, folder, entry, content, stamp)
        finally:
            content.close()

    def _create(
        self,
        service: FileService,
        folder: Folder,
        name: str,
        content: _Upload,
        now: int,
        modified: int,
    ) -> None:
        entry, key = ListingEntry.create(folder.key, name, "file", folder.listing.taken_indices())
        metadata = FileMetadata.for_content(
            name,
            content.keys,
            content.summary,
            created=now,
            modified=modified,
            mime=DriveEntry("", name, False).content_type,
            parent_id=folder.item_id,
            version=1,
        )
        service.tree.write_version(
            key, metadata, content.block_ids, transfer_id=content.transfer, parent=folder.key
        )
        service.tree.update_listing(folder, add_entries(entry))

    def _new_version(
        self,
        service: FileService,
        folder: Folder,
        entry: ListingEntry,
        content: _Upload,
        modified: int,
    ) -> None:
        key = folder.listing.child_key(folder.key, entry)
        path = join_path(folder.path, entry.name)
        while True:
            current = service.tree.open_file(key, folder.item_id, path)
            old = current.metadata
            metadata = FileMetadata.for_content(
                old.name,
                content.keys,
                content.summary,
                created=old.created,
                modified=modified,
                mime=old.mime,
                parent_id=current.parent_id,
                version=old.version + 1,
            )
            try:
                service.tree.write_version(
                    key,
                    metadata,
                    content.block_ids,
                    replaces=current.record.signature,
                    transfer_id=content.transfer,
                )
                return
            except CasMismatchError:
                continue  # another device wrote a version meanwhile: ours goes on top

    def mkdir(self, path: str) -> None:
        with self._lock:
            self._again_after_login(lambda: self._files.mkdir(path))

    def remove(self, path: str) -> None:
        with self._lock:
            self._again_after_login(lambda: self._files.remove(path))

    def move(self, source: str, destination: str) -> None:
        """Rename or move to `destination`, which must not exist (within one tree)."""
        with self._lock:
            self._again_after_login(lambda: self._files.move(source, destination))

    def copy(self, source: str, destination: str) -> None:
        """Copy a file's current content to `destination` (a new file or a new version)."""
        entry = self.stat(source)
        modified = entry.modified if entry is not None else None
        self.write(destination, self.read(source), modified)

    def same_tree(self, first: str, second: str) -> bool:
        """Whether both paths are in one tree (your files, or one share): a move there is
        a rename; across trees it is a copy and a delete."""

        def tree_of(path: str) -> str:
            parts = split_path(path)
            return "/".join(parts[:2]) if parts[:1] == [SHARED] else ""

        return tree_of(first) == tree_of(second)


class _Upload:
    """Encrypts a source with fresh content keys and sends its blocks, `IN_FLIGHT` at once,
    into a new transfer (closed by `close()` once the descriptor holds the blocks)."""

    def __init__(self, api: ObjectsApi, source: Source) -> None:
        self._api = api
        self.keys = ContentKeys.generate(DEFAULT_CHUNK_SIZE, block_hash=api.block_hash())
        self.transfer = api.transfer_open()
        encryptor = ContentEncryptor(self.keys, hash_blocks=False)
        try:
            ids = self._send(encryptor.blocks(source))
        except BaseException:
            self.close()
            raise
        self.block_ids = tuple(ids)
        self.summary = ContentSummary(encryptor.size, encryptor.chunk_count, blocks_digest(ids))

    def _send(self, blocks: Iterator[bytes]) -> list[bytes]:
        ids: list[bytes] = []
        pending: deque[Future[bytes]] = deque()
        with ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="drive-upload") as pool:
            try:
                for block in blocks:
                    ids.append(block_id(block, self.keys.block_hash))
                    put = (self.transfer, block, ids[-1], self.keys.block_hash)
                    future = pool.submit(self._api.block_put, *put)
                    pending.append(future)
                    if len(pending) >= IN_FLIGHT:
                        pending.popleft().result()
                while pending:
                    pending.popleft().result()
            finally:
                for waiting in pending:
                    waiting.cancel()
        return ids

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._api.transfer_close(self.transfer)  # best effort: frees nothing still used


def _verified_chunks(api: ObjectsApi, file: File) -> Iterator[bytes]:
    with service_errors(file.path):
        yield from content_chunks(api, file)
