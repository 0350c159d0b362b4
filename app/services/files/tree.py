"""The account's folder tree on the server: open, resolve paths, write listings with CAS.

The root folder is the item at `vault.branch(Vault.FILES)` (m/0'); a child sits at a
random hardened index of its folder (FORMAT.md §2). Every object read is checked the
whole way: the descriptor's signature by the item key, then the listing or metadata
(app.fs), then its version against the high-water mark this device keeps in the vault
(`note_item_version`): a lower one is a rollback.

A listing write is compare-and-swap on the descriptor's current signature. When another
device won, the fresh listing is read again and the same change is applied to it
(`merge.py`), so no entry written by anyone is lost.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from app.client.objects_api import (
    CasMismatchError,
    DescriptorRecord,
    IdTakenError,
    NewDescriptor,
    ObjectsApi,
)
from app.fs import (
    DescriptorPayload,
    FileMetadata,
    FolderListing,
    InjectedObjectError,
    ItemKey,
    ListingEntry,
)
from app.fs.metadata import check_name, check_version
from app.services.errors import NotFoundError, ServiceError
from app.services.files.errors import FilesUsageError, RollbackDetectedError, StructureTamperedError
from app.services.files.parent_auth import GuestMode, ParentAuthorisedApi
from app.services.files.verified import FileFacts, VerifiedCache
from app.vault import Vault
from app.wire.objects import SHA256, delete_signed_bytes

__all__ = [
    "File",
    "FileTree",
    "Folder",
    "Item",
    "SharedRoot",
    "join_path",
    "parent_and_name",
    "split_path",
]

MAX_CAS_ATTEMPTS = 30
Mutation = Callable[[FolderListing], FolderListing]


@dataclass(frozen=True)
class Folder:
    """A folder whose listing has been verified; `signature` is its CAS token."""

    key: ItemKey
    path: str
    parent_id: str
    listing: FolderListing
    signature: bytes

    @property
    def item_id(self) -> str:
        return self.key.item_id


@dataclass(frozen=True)
class File:
    """A file whose current metadata has been verified."""

    key: ItemKey
    path: str
    parent_id: str
    metadata: FileMetadata
    record: DescriptorRecord

    @property
    def item_id(self) -> str:
        return self.key.item_id


Item = Folder | File


class TreeWatcher(Protocol):
    """Told of every stored change (the activity log, services/activity/recorder.py)."""

    def listing_changed(self, before: Folder, after: Folder) -> None: ...
    def version_written(self, key: ItemKey, metadata: FileMetadata) -> None: ...
    def folder_deleted(self, key: ItemKey) -> None: ...


@dataclass(frozen=True)
class SharedRoot:
    """A received share a tree starts at instead of m/0' (/Shared/<name>, SHARING.md §6)."""

    key: ItemKey
    path: str
    type: str


def split_path(path: str) -> list[str]:
    """ "/a/b/c" -> ["a", "b", "c"]; "/" -> [] (empty components are ignored)."""
    if not path.startswith("/"):
        path = "/" + path
    return [part for part in path.split("/") if part]


def join_path(folder: str, name: str) -> str:
    return folder.rstrip("/") + "/" + name


def parent_and_name(path: str, root_refusal: str) -> tuple[str, str]:
    """ "/a/b/c" -> ("/a/b", "c"), the name checked; the root folder has neither, and
    `FilesUsageError(root_refusal)` says what it cannot be."""
    parts = split_path(path)
    if not parts:
        raise FilesUsageError(root_refusal)
    return "/" + "/".join(parts[:-1]), check_name(parts[-1])


class _VanishedError(Exception):
    """A listed item's descriptor is missing (deleted meanwhile, or hidden)."""


class FileTree:
    """Reads and writes the verified tree of one account (thread-safe)."""

    def __init__(self, api: ObjectsApi, vault: Vault, shared: SharedRoot | None = None) -> None:
        self.api = api
        self._vault = vault
        self._vault_lock = threading.Lock()
        self.shared = shared
        self.root_key = shared.key if shared else ItemKey(vault.branch(Vault.FILES))
        self._guest = GuestMode(api) if shared else None
        self.verified = VerifiedCache.for_root(vault.profile.root, self.root_key)
        self.watcher: TreeWatcher | None = None
        self.folder_keys: dict[str, ItemKey] = {}  # item id -> key of the folders opened

    def api_for(self, parent: ItemKey | None) -> ObjectsApi:
        """The API that creates items under `parent`: the plain one, or in a share on a
        server where this session has no login, one that signs with the parent's key."""
        if parent is None or self._guest is None or not self._guest.is_guest:
            return self.api
        return ParentAuthorisedApi(self.api, parent, self._guest)

    # --- version marks ---

    def version_mark(self, item_id: str) -> int:
        """The item's version high-water mark: the newest version this device has seen
        (0: none); a served version below it is a rollback."""
        with self._vault_lock:
            return self._vault.item_version(item_id) or 0

    def raise_version_mark(self, item_id: str, version: int) -> None:
        """Raise the version high-water mark to `version`. A lower version here is not a
        rollback: it was checked against the mark read before its descriptor was fetched,
        and another thread of this device has since seen (or written) a newer one."""
        with self._vault_lock:
            if version > (self._vault.item_version(item_id) or 0):
                self._vault.note_item_version(item_id, version)

    # --- reading ---

    def record(self, key: ItemKey) -> DescriptorRecord | None:
        """The item's current descriptor as served (checked when opened), or None."""
        return self.api.descriptor(key.item_id)

    @staticmethod
    def check_identity(key: ItemKey, record: DescriptorRecord) -> None:
        """The descriptor must be the item's own (its id and public key)."""
        if record.id != key.item_id or record.public_key != key.public_bytes:
            raise InjectedObjectError(
                f"the descriptor served for {key.item_id} belongs to another key: injected"
            )

    @staticmethod
    def check_signature(key: ItemKey, record: DescriptorRecord) -> None:
        """The item key signed this exact block list and extra."""
        payload = DescriptorPayload(record.id, record.block_ids, record.extra)
        payload.verify(key, record.signature, record.public_key)

    def open_folder(self, key: ItemKey, parent_id: str, path: str) -> Folder:
        mark_before = self.version_mark(key.item_id)  # before the fetch: see `raise_version_mark`
        record = self.record(key)
        if record is None:
            raise _VanishedError(path)
        return self.folder_from(key, parent_id, path, record, mark_before=mark_before)

    def folder_from(
        self,
        key: ItemKey,
        parent_id: str | None,
        path: str,
        record: DescriptorRecord,
        *,
        mark_before: int | None = None,
    ) -> Folder:
        """Check, in order: whose descriptor it is, the listing (format, signer, AEAD,
        signature, place, version: app.fs), then the descriptor's own signature.
        `mark_before` is the version high-water mark read before `record` was fetched
        (default: read now)."""
        self.check_identity(key, record)
        minimum = self.version_mark(key.item_id) if mark_before is None else mark_before
        digest = self.verified.folder_digest(key, parent_id, record)
        listing = FolderListing.open(
            record.extra,
            key,
            parent_id=parent_id,
            min_version=minimum,
            entry_keys_checked=self.verified.folder_checked(digest),
        )
        self.check_signature(key, record)
        self.verified.add_folder(digest, listing.version)
        self.raise_version_mark(key.item_id, listing.version)
        self.folder_keys[key.item_id] = key
        parent = listing.parent_id if parent_id is None else parent_id  # None: from a share
        return Folder(key, path, parent, listing, record.signature)

    def open_file(self, key: ItemKey, parent_id: str, path: str) -> File:
        mark_before = self.version_mark(key.item_id)  # before the fetch: see `raise_version_mark`
        record = self.record(key)
        if record is None:
            raise _VanishedError(path)
        return self.file_from(
            key, parent_id, path, record, raise_mark=True, mark_before=mark_before
        )

    def file_from(
        self,
        key: ItemKey,
        parent_id: str | None,
        path: str,
        record: DescriptorRecord,
        *,
        raise_mark: bool,
        mark_before: int | None = None,
    ) -> File:
        self.check_identity(key, record)
        minimum = self.version_mark(key.item_id) if mark_before is None else mark_before
        metadata = FileMetadata.open(record.extra, key, parent_id=parent_id, min_version=minimum)
        self.check_signature(key, record)
        if raise_mark:
            self.raise_version_mark(key.item_id, metadata.version)
        parent = metadata.parent_id if parent_id is None else parent_id  # None: from a share
        return File(key, path, parent, metadata, record)

    def listed_file(
        self,
        folder: Folder,
        entry: ListingEntry,
        path: str,
        record: DescriptorRecord,
        mark_before: int,
    ) -> FileFacts:
        """What `ls` shows of a file listed as `entry` in `folder`: the descriptor's
        identity and its metadata's checks (`FileMetadata.open`) with the entry's key as
        listed (`FolderListing.listed_key`: a writer's derivation check, like the
        descriptor's signature, waits until the file is opened), or for bytes verified
        before (the verified cache, whose digest covers the entry's key and the
        descriptor's id and public key) its version check only."""
        parent_id = folder.item_id
        cache = self.verified
        digest = cache.file_digest(entry.xpub, parent_id, record)
        facts = self.unchanged_file(digest, mark_before)
        if facts is None:
            key = FolderListing.listed_key(folder.key, entry)
            self.check_identity(key, record)
            # all ls shows is in the signed metadata; the descriptor's own signature
            # (over its block list) is checked when the file is opened (FORMAT.md §7)
            metadata = FileMetadata.open(
                record.extra, key, parent_id=parent_id, min_version=mark_before
            )
            facts = FileFacts(metadata.name, metadata.version, metadata.size, metadata.modified)
        cache.add_listed(entry.xpub, parent_id, record, digest, facts)
        return facts

    def unchanged_file(self, digest: bytes, mark_before: int) -> FileFacts | None:
        """The facts of a file version verified before (by its `file_digest`), checked
        against the version high-water mark read before it was fetched (a replay of it
        below the mark: RollbackError); None if the cache does not hold it."""
        facts = self.verified.file(digest)
        if facts is not None:
            check_version(f"the file {facts.name!r}", facts.version, mark_before)
        return facts

    def root(self) -> Folder:
        """The root folder, created on first use of a new account."""
        if self.shared is not None:
            return self._shared_folder()
        key = self.root_key
        mark_before = self.version_mark(key.item_id)
        record = self.record(key)
        if record is not None:
            return self.folder_from(key, "", "/", record, mark_before=mark_before)
        if mark_before:
            raise RollbackDetectedError(
                "tampering detected: RollbackError: the server no longer has the root folder "
                "this device has seen"
            )
        try:
            return self.create_folder(key, "", "/")
        except IdTakenError:  # another device of this account made it just now
            record = self.record(key)
            if record is None:
                raise
            return self.folder_from(key, "", "/", record)

    def resolve(self, path: str) -> Item:
        """The item at `path` (NotFoundError if there is none)."""
        try:
            return self._resolve(path)
        except _VanishedError:
            try:
                return self._resolve(path)  # deleted meanwhile? a fresh walk tells
            except _VanishedError as again:
                raise StructureTamperedError(
                    f"tampering detected: StructureError: {again} is listed in its folder "
                    "but the server has no object for it (hidden or lost)"
                ) from None

    def shared_item(self) -> Item:
        """The received item a shared tree starts at (no parent check: from a share)."""
        assert self.shared is not None
        shared = self.shared
        mark_before = self.version_mark(shared.key.item_id)
        record = self.record(shared.key)
        if record is None:
            raise NotFoundError(
                f"{shared.path} is no longer shared with you (removed, or re-keyed by its owner)"
            )
        if shared.type == "folder":
            return self.folder_from(shared.key, None, shared.path, record, mark_before=mark_before)
        return self.file_from(
            shared.key, None, shared.path, record, raise_mark=True, mark_before=mark_before
        )

    def _shared_folder(self) -> Folder:
        item = self.shared_item()
        if not isinstance(item, Folder):
            raise FilesUsageError(f"{item.path} is a shared file, not a folder")
        return item

    def _resolve(self, path: str) -> Item:
        item: Item = self.shared_item() if self.shared is not None else self.root()
        for name in split_path(path):
            if not isinstance(item, Folder):
                raise FilesUsageError(f"{item.path} is a file, not a folder")
            item = self.child(item, name)
        return item

    def child(self, folder: Folder, name: str) -> Item:
        entry = folder.listing.find(name)
        if entry is None:
            raise NotFoundError(f"{join_path(folder.path, name)}: no such file or folder")
        return self.open_entry(folder, entry)

    def open_entry(self, folder: Folder, entry: ListingEntry) -> Item:
        key = folder.listing.child_key(folder.key, entry)
        path = join_path(folder.path, entry.name)
        if entry.type == "folder":
            return self.open_folder(key, folder.item_id, path)
        return self.open_file(key, folder.item_id, path)

    def folder(self, path: str) -> Folder:
        item = self.resolve(path)
        if not isinstance(item, Folder):
            raise FilesUsageError(f"{path} is a file, not a folder")
        return item

    # --- writing ---

    def create_folder(
        self, key: ItemKey, parent_id: str, path: str, parent: ItemKey | None = None
    ) -> Folder:
        """Store a new, empty folder object (version 1) under `key` (`parent`: the
        folder's key, which may authorise the creation; see `api_for`)."""
        listing = FolderListing(key.item_id, parent_id, 1)
        signature = self.write_listing(key, listing, parent=parent)
        return Folder(key, path, parent_id, listing, signature)

    def update_listing(self, folder: Folder, mutate: Mutation) -> Folder:
        """Apply `mutate` to the folder's listing and store it; on a CAS conflict re-read
        the listing and apply `mutate` again to the fresh one."""
        current = folder
        for attempt in range(MAX_CAS_ATTEMPTS):
            changed = mutate(current.listing)
            if changed == current.listing:
                return current
            listing = replace(changed, version=current.listing.version + 1)
            try:
                stored = self._store_listing(current, listing)
            except CasMismatchError:
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
                current = self.open_folder(current.key, current.parent_id, current.path)
                continue
            if self.watcher is not None:
                self.watcher.listing_changed(current, stored)
            return stored
        raise ServiceError(f"{folder.path} is changing too fast on other devices; try again")

    def _store_listing(self, current: Folder, listing: FolderListing) -> Folder:
        signature = self.write_listing(current.key, listing, replaces=current.signature)
        return replace(current, listing=listing, signature=signature)

    def write_listing(
        self,
        key: ItemKey,
        listing: FolderListing,
        *,
        replaces: bytes | None = None,
        parent: ItemKey | None = None,
    ) -> bytes:
        """Store `listing` as the folder's descriptor and raise its version high-water
        mark (a folder's mark also guards against a root the server "forgets"). A new
        object when `replaces` is None (authorised by `parent`'s key where `api_for`
        says so), else a CAS update of the version signed `replaces`. Returns the new
        signature, the next CAS token."""
        signature = self._write(key, (), listing.seal(key), replaces, None, parent)
        self.raise_version_mark(key.item_id, listing.version)
        return signature

    def write_version(
        self,
        key: ItemKey,
        metadata: FileMetadata,
        block_ids: tuple[bytes, ...],
        *,
        replaces: bytes | None = None,
        transfer_id: bytes | None = None,
        parent: ItemKey | None = None,
    ) -> bytes:
        """Store a file version (`metadata` over `block_ids`, uploaded in `transfer_id`)
        as the file's descriptor. A new object when `replaces` is None (version 1: the
        mark is raised when the file is next opened), else a CAS update of the version
        signed `replaces`, whose version high-water mark is raised. Returns the new
        signature."""
        extra = metadata.seal(key)
        signature = self._write(key, block_ids, extra, replaces, transfer_id, parent)
        if replaces is not None:
            self.raise_version_mark(key.item_id, metadata.version)
            if self.watcher is not None:
                self.watcher.version_written(key, metadata)
        return signature

    def create_files(
        self,
        parent: ItemKey,
        files: Sequence[tuple[ItemKey, FileMetadata, tuple[bytes, ...]]],
        transfer_id: bytes,
        blocks: Sequence[tuple[bytes, bytes]] = (),
        block_hash: str = SHA256,
    ) -> None:
        """Store version 1 of several new files under `parent`, as `write_version` does
        for one, in one request and server transaction where the server can: all of
        them, or on a refusal none. `blocks` (`(block_id, data)` pairs not yet in the
        transfer, ids computed with `block_hash`) go up first, in the same exchange where
        the server can."""
        items = []
        for key, metadata, block_ids in files:
            extra = metadata.seal(key)
            signature = DescriptorPayload(key.item_id, block_ids, extra).sign(key)
            items.append(NewDescriptor(key.item_id, key.public_bytes, block_ids, extra, signature))
        self.api_for(parent).put_and_create(transfer_id, blocks, items, block_hash)

    def _write(
        self,
        key: ItemKey,
        block_ids: tuple[bytes, ...],
        extra: bytes,
        replaces: bytes | None,
        transfer_id: bytes | None,
        parent: ItemKey | None,
    ) -> bytes:
        signature = DescriptorPayload(key.item_id, block_ids, extra).sign(key)
        if replaces is None:
            self.api_for(parent).descriptor_create(
                key.item_id, key.public_bytes, block_ids, extra, signature, transfer_id
            )
        else:
            self.api.descriptor_update(
                key.item_id, block_ids, extra, signature, replaces, transfer_id
            )
        return signature

    def delete_object(self, key: ItemKey) -> None:
        """Delete one item's descriptor (and its versions); gone already is fine."""
        record = self.api.descriptor(key.item_id)
        if record is None:
            return
        signature = key.sign(delete_signed_bytes(key.item_id, record.signature))
        self.api.descriptor_delete(key.item_id, signature)

    def delete_subtree(self, folder: Folder, entry: ListingEntry) -> None:
        """Delete an entry's objects, a folder's descendants first (best effort on
        children another device already removed)."""
        key = folder.listing.child_key(folder.key, entry)
        if entry.type == "folder":
            try:
                sub = self.open_folder(key, folder.item_id, join_path(folder.path, entry.name))
            except _VanishedError:
                return
            for child in sub.listing.entries:
                self.delete_subtree(sub, child)
            if self.watcher is not None:
                self.watcher.folder_deleted(key)
        self.delete_object(key)
