"""`put`: upload local files and whole folders into a remote folder.

A new file gets a fresh child key at a random hardened index of its folder; its
content goes up in a transfer (upload.py), then its descriptor is created, then the
folder's listing gains the entry (entries of one folder are added in batches, with the
CAS merge of tree.py). A name that already holds a file gets a new version of that file
(same key, version + 1, compare-and-swap on its descriptor). Local symbolic links and
special files are skipped.

New files of one batch are uploaded by `FILE_WORKERS` threads at once when they are
small (up to `SMALL_FILE_LIMIT`, one block), `SMALL_GROUP` files per thread task: their
blocks (`blockPutMany`) and their descriptors (`descriptorCreateMany`: one server
transaction and one batch of fsyncs) go up in one exchange; the tasks overlap and share
one transfer; larger files go one at a time, each with its own blocks in
flight and chunks as large as the server takes (upload.chunk_size_for). The listing gains
the entries of every file of a batch that was written, even when another failed, on a
thread of its own while the next batch uploads (in order: each addition starts from the
listing the last one stored).
"""

from __future__ import annotations

import contextlib
import mimetypes
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.client.errors import RemoteCallError
from app.client.objects_api import MAX_PUT_BYTES, CasMismatchError, ObjectsApi
from app.fs import DEFAULT_CHUNK_SIZE, ContentKeys, FileMetadata, ItemKey, ListingEntry
from app.fs.metadata import check_name
from app.services.events import (
    CancelToken,
    ProgressCallback,
    TransferFinished,
    TransferProgress,
    TransferStarted,
    tracked,
)
from app.services.files.errors import FilesUsageError
from app.services.files.journal import Journal
from app.services.files.merge import add_entries
from app.services.files.tree import File, FileTree, Folder, join_path
from app.services.files.upload import (
    DEFAULT_IN_FLIGHT as UPLOAD_IN_FLIGHT,
)
from app.services.files.upload import (
    SMALL_FILE_LIMIT,
    UploadedContent,
    UploadJob,
    chunk_size_for,
    encrypt_small,
    upload_content,
)

__all__ = ["Uploader"]

LISTING_BATCH = 256
FILE_WORKERS = 4
SMALL_GROUP = 64  # small files per worker task: their blocks and descriptors share one
# exchange where the server takes that many (objectsInfo max_creates_per_call) and their
# blocks fit MAX_PUT_BYTES. Measured against 16 (1,000 files of 4 KiB, 5 rounds): server
# CPU per file -25 %, client -16 % (bench/analysis/transfer.md)


@dataclass(frozen=True)
class _NewFile:
    entry: ListingEntry
    key: ItemKey
    local: Path


@dataclass(frozen=True)
class _Prepared:
    """A small file sealed for upload: its block(s), not yet sent."""

    new: _NewFile
    content: UploadedContent
    progress: ProgressCallback
    blocks: list[tuple[bytes, bytes]]


# files stored by a batch's workers: each one's listing entry, and the announcement of its
# finished transfer, made once the listing shows the file
Written = list[tuple[ListingEntry, Callable[[], None]]]


@dataclass
class Uploader:
    tree: FileTree
    journal: Journal
    progress: ProgressCallback
    clock: Callable[[], float] = time.time
    chunk_size: int | None = None  # None: picked per file; a size: every file's (tests)
    in_flight: int = UPLOAD_IN_FLIGHT
    cancel: CancelToken = field(default_factory=CancelToken)
    _shared_transfer: bytes | None = field(default=None, init=False)

    @property
    def api(self) -> ObjectsApi:
        return self.tree.api

    def put(self, local: Path, folder: Folder) -> tuple[Folder, list[str]]:
        """Upload one local file or folder into `folder`; returns the fresh folder state
        and the remote paths of the files written."""
        if local.is_symlink() or not (local.is_file() or local.is_dir()):
            raise FilesUsageError(f"{local}: not a regular file or folder")
        if local.is_dir():
            return folder, self._put_tree(local, folder)
        return self._put_files(folder, [local])

    def _put_tree(self, local: Path, parent: Folder) -> list[str]:
        name = check_name(local.resolve().name)
        sub, parent = self.ensure_child_folder(parent, name)
        children = sorted(local.iterdir())
        files = [p for p in children if p.is_file() and not p.is_symlink()]
        sub, written = self._put_files(sub, files)
        for folder in (p for p in children if p.is_dir() and not p.is_symlink()):
            written += self._put_tree(folder, sub)
        return written

    def ensure_child_folder(self, parent: Folder, name: str) -> tuple[Folder, Folder]:
        """The child folder `name` of `parent`, made if missing: (child, fresh parent)."""
        entry = parent.listing.find(name)
        if entry is not None:
            if entry.type != "folder":
                raise FilesUsageError(f"{join_path(parent.path, name)} is a file, not a folder")
            child = self.tree.open_entry(parent, entry)
            assert isinstance(child, Folder)
            return child, parent
        entry, key = ListingEntry.create(parent.key, name, "folder", parent.listing.taken_indices())
        path = join_path(parent.path, name)
        child = self.tree.create_folder(key, parent.item_id, path, parent.key)
        parent = self.tree.update_listing(parent, add_entries(entry))
        final = next(e for e in parent.listing.entries if e.index == entry.index)
        return replace(child, path=join_path(parent.path, final.name)), parent

    def _put_files(self, folder: Folder, files: list[Path]) -> tuple[Folder, list[str]]:
        try:
            return self._put_each(folder, files)
        finally:
            self._close_shared()

    def _put_each(self, folder: Folder, files: list[Path]) -> tuple[Folder, list[str]]:
        pending: list[_NewFile] = []
        written: list[str] = []
        listed, taken = _names_and_indices(folder)
        listings = _Listings(self.tree, folder)
        try:
            for local in files:
                name = check_name(local.name)
                existing = listed.get(name)
                if existing is not None and existing.type == "folder":
                    raise FilesUsageError(f"{join_path(folder.path, name)} is a folder")
                if existing is not None:
                    written.append(self._new_version(folder, existing, local))
                    continue
                entry, key = ListingEntry.create(folder.key, name, "file", taken)
                taken.add(entry.index)
                pending.append(_NewFile(entry, key, local))
                written.append(join_path(folder.path, name))
                if len(pending) >= LISTING_BATCH:
                    self._new_files(folder, pending, listings)
                    pending = []
            if pending:
                self._new_files(folder, pending, listings)
        except BaseException:
            with contextlib.suppress(Exception):  # what was written is listed all the same
                listings.close()
            raise
        return listings.close(), written

    def _new_files(self, folder: Folder, batch: list[_NewFile], listings: _Listings) -> None:
        """Upload and create `batch`, then have `listings` add the entries of those written
        (while the next batch uploads); the first failure stops the files not started and
        is raised after that."""
        small: list[_NewFile] = []
        large: list[_NewFile] = []
        for new in batch:
            (small if new.local.stat().st_size <= self._small_limit else large).append(new)
        if small:
            self._shared(folder)  # opened here, before the workers share it
        written: Written = []  # appended by the workers as each file is created
        futures: list[Future[None]] = []
        with ThreadPoolExecutor(FILE_WORKERS, thread_name_prefix="put") as pool:
            size = max(1, min(SMALL_GROUP, -(-len(small) // FILE_WORKERS)))  # all workers busy
            for start in range(0, len(small), size):
                group = small[start : start + size]
                future = pool.submit(self._new_small_files, folder, group, written)
                future.add_done_callback(lambda done: _stop_on_failure(done, futures))
                futures.append(future)
            for new in large:
                if any(_failed(f) for f in futures):
                    break
                futures.append(_run_now(self._create_one, folder, new, written))
        listings.add(written)
        for future in futures:
            if not future.cancelled():
                future.result()

    def _create_one(self, folder: Folder, new: _NewFile, written: Written) -> None:
        written.append((new.entry, self._new_file(folder, new.key, new.entry.name, new.local)))

    def _new_small_files(
        self,
        folder: Folder,
        group: list[_NewFile],
        written: Written,
    ) -> None:
        """Files of one block each, as many at a time as one exchange takes (`_parts`):
        their blocks and their descriptors go up together (`blockPutMany` requests and a
        `descriptorCreateMany`, ObjectsApi.put_and_create)."""
        transfer = self._shared(folder)
        api = self.tree.api_for(folder.key)  # a guest's transfers are tied to the folder
        with contextlib.ExitStack() as stack:
            prepared: list[_Prepared] = []
            block_hash = api.block_hash()
            for new in group:
                self.cancel.check()
                path, size = join_path(folder.path, new.entry.name), new.local.stat().st_size
                progress = stack.enter_context(tracked(self.progress, path, "upload", size))
                progress(TransferStarted(path, "upload", size))
                chunk_size = self.chunk_size or DEFAULT_CHUNK_SIZE
                keys = ContentKeys.generate(chunk_size, block_hash=block_hash)
                content, blocks = encrypt_small(new.local, keys, transfer)
                prepared.append(_Prepared(new, content, progress, blocks))
            for part in _parts(prepared, self.api.max_creates()):
                try:
                    self._create_together(folder, part, transfer, block_hash)
                except RemoteCallError:  # none was made: the blocks (again: idempotent),
                    for one in part:  # then the files one by one, up to the file refused
                        api.block_put_many(transfer, one.blocks, block_hash)
                    for one in part:
                        self._create_descriptor(
                            folder, one.new.key, one.new.entry.name, one.new.local, one.content
                        )
                        self._created(folder, one, written)
                else:
                    for one in part:
                        self._created(folder, one, written)

    def _create_together(
        self, folder: Folder, part: list[_Prepared], transfer: bytes, block_hash: str
    ) -> None:
        """New small files of one `_parts` part: their blocks and descriptors."""
        described = [
            (
                one.new.key,
                self._new_metadata(folder, one.new.entry.name, one.new.local, one.content),
                one.content.block_ids,
            )
            for one in part
        ]
        blocks = [block for one in part for block in one.blocks]
        self.tree.create_files(folder.key, described, transfer, blocks, block_hash)

    def _created(self, folder: Folder, one: _Prepared, written: Written) -> None:
        new, content, progress = one.new, one.content, one.progress
        path, size = join_path(folder.path, new.entry.name), content.summary.size
        progress(TransferProgress(path, "upload", size, size))
        written.append(
            (new.entry, self._finish(folder, new.entry.name, new.local, content, progress))
        )

    def _upload(
        self, folder: Folder, name: str, local: Path, progress: ProgressCallback
    ) -> UploadedContent:
        api = self.tree.api_for(folder.key)  # a guest's transfers are tied to the folder
        small = local.stat().st_size <= self._small_limit
        shared = self._shared(folder) if small else None
        if self.chunk_size is not None:
            chunk_size = self.chunk_size
        else:
            chunk_size = DEFAULT_CHUNK_SIZE if small else chunk_size_for(api.max_block())
        job = UploadJob(
            local,
            join_path(folder.path, name),
            Journal.name_for(local, folder.item_id, name),
            chunk_size,
        )
        return upload_content(
            api, self.journal, job, progress, self.in_flight, shared, cancel=self.cancel
        )

    @property
    def _small_limit(self) -> int:
        """Files up to this size go up in one block, several per request."""
        return min(SMALL_FILE_LIMIT, self.chunk_size or SMALL_FILE_LIMIT)

    def _shared(self, folder: Folder) -> bytes:
        """One transfer for the small files of a batch (a file of one block has nothing
        to resume, so it needs neither its own transfer nor a journal entry)."""
        if self._shared_transfer is None:
            self._shared_transfer = self.tree.api_for(folder.key).transfer_open()
        return self._shared_transfer

    def _close_shared(self) -> None:
        transfer, self._shared_transfer = self._shared_transfer, None
        if transfer is not None:
            with contextlib.suppress(Exception):
                self.api.transfer_close(transfer)

    def _new_file(self, folder: Folder, key: ItemKey, name: str, local: Path) -> Callable[[], None]:
        """Upload and create one file; returns its announcement of the finished transfer,
        for the caller to make once the file is in the listing."""
        path = join_path(folder.path, name)
        with tracked(self.progress, path, "upload", local.stat().st_size) as progress:
            content = self._upload(folder, name, local, progress)
            self._create_descriptor(folder, key, name, local, content)
            return self._finish(folder, name, local, content, progress)

    def _create_descriptor(
        self, folder: Folder, key: ItemKey, name: str, local: Path, content: UploadedContent
    ) -> None:
        metadata = self._new_metadata(folder, name, local, content)
        self.tree.write_version(
            key, metadata, content.block_ids, transfer_id=content.transfer_id, parent=folder.key
        )

    def _new_metadata(
        self, folder: Folder, name: str, local: Path, content: UploadedContent
    ) -> FileMetadata:
        return FileMetadata.for_content(
            name,
            content.keys,
            content.summary,
            created=int(self.clock() * 1000),
            modified=_mtime_ms(local),
            mime=_mime(name),
            parent_id=folder.item_id,
            version=1,
        )

    def _new_version(self, folder: Folder, entry: ListingEntry, local: Path) -> str:
        path = join_path(folder.path, entry.name)
        key = folder.listing.child_key(folder.key, entry)
        with tracked(self.progress, path, "upload", local.stat().st_size) as progress:
            content = self._upload(folder, entry.name, local, progress)
            while True:
                current = self.tree.open_file(key, folder.item_id, path)
                try:
                    self._store_version(current, content, local)
                    break
                except CasMismatchError:
                    continue  # another device wrote a version meanwhile: ours goes on top
            self._finish(folder, entry.name, local, content, progress)()
        return path

    def _store_version(self, current: File, content: UploadedContent, local: Path) -> None:
        old = current.metadata
        metadata = FileMetadata.for_content(
            old.name,
            content.keys,
            content.summary,
            created=old.created,
            modified=_mtime_ms(local),
            mime=old.mime,
            parent_id=current.parent_id,
            version=old.version + 1,
        )
        self.tree.write_version(
            current.key,
            metadata,
            content.block_ids,
            replaces=current.record.signature,
            transfer_id=content.transfer_id,
        )

    def _finish(
        self,
        folder: Folder,
        name: str,
        local: Path,
        content: UploadedContent,
        progress: ProgressCallback,
    ) -> Callable[[], None]:
        """Clean up after a stored file; returns the announcement of its finished transfer
        (a file is "done" only when the person can see it in its folder)."""
        if content.transfer_id != self._shared_transfer:
            self.journal.remove(Journal.name_for(local, folder.item_id, name))
            with contextlib.suppress(Exception):
                self.api.transfer_close(content.transfer_id)  # best effort: frees nothing used
        finished = TransferFinished(join_path(folder.path, name), "upload", content.summary.size)
        return lambda: progress(finished)


class _Listings:
    """Adds the entries of each uploaded batch to the folder's listing, in order, on a
    thread of its own: the next batch uploads meanwhile. A stored entry's file is then
    announced as finished (the person can see it)."""

    def __init__(self, tree: FileTree, folder: Folder) -> None:
        self._tree = tree
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="put-listing")
        self._last: Future[Folder] = Future()
        self._last.set_result(folder)

    def add(self, written: Written) -> None:
        if written:
            self._last = self._pool.submit(self._add, self._last, list(written))

    def _add(self, previous: Future[Folder], written: Written) -> Folder:
        folder = self._tree.update_listing(
            previous.result(), add_entries(*(entry for entry, _ in written))
        )
        for _, announce in written:
            announce()
        return folder

    def close(self) -> Folder:
        """Wait for the additions; the folder as the last one left it (or its error)."""
        self._pool.shutdown(wait=True)
        return self._last.result()


def _parts(prepared: list[_Prepared], most: int) -> list[list[_Prepared]]:
    """`prepared` in runs of at most `most` files whose blocks add up to at most
    MAX_PUT_BYTES (at least one file each): what one exchange carries."""
    parts: list[list[_Prepared]] = []
    size = 0
    for one in prepared:
        this = sum(len(data) for _, data in one.blocks)
        if not parts or len(parts[-1]) >= most or size + this > MAX_PUT_BYTES:
            parts.append([])
            size = 0
        parts[-1].append(one)
        size += this
    return parts


def _names_and_indices(folder: Folder) -> tuple[dict[str, ListingEntry], set[int]]:
    """The folder's entries by name, and the child indices taken (looked up per file)."""
    entries = folder.listing.entries
    return {e.name: e for e in entries}, {e.index for e in entries}


def _failed(future: Future[None]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is not None


def _succeeded(future: Future[None]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _stop_on_failure(done: Future[None], futures: list[Future[None]]) -> None:
    if _failed(done):
        for future in list(futures):
            future.cancel()  # only those not started yet


def _run_now(action: Callable[..., None], *args: object) -> Future[None]:
    """`action(*args)` on this thread, its outcome held like a pool's."""
    future: Future[None] = Future()
    try:
        action(*args)
    except Exception as error:  # kept for the caller, raised after the listing update
        future.set_exception(error)
    else:
        future.set_result(None)
    return future


def _mtime_ms(local: Path) -> int:
    return local.stat().st_mtime_ns // 1_000_000


def _mime(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"
