"""The account's folder tree on the server: open, resolve paths, write listings with CAS.

The root folder is the item at `vault.branch(Vault.FILES)` (m/0'); a child sits at a
random hardened index of its folder (FORMAT.md §2). Every object read is checked the
whole way: the descriptor's signature by the item key, then the listing or metadata
(app.fs), then its version against the high-water mark this device keeps in the vault
(`note_item_version`): a lower one is a rollback.

A listing write is compare-and-swap on the descriptor's current signature. When another
device won, the fresh listing is read again and the same change is applied to it
(`fs_merge`), so no entry written by anyone is lost.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from app.client.objects_api import CasMismatchError, DescriptorRecord, IdTakenError, ObjectsApi
from app.fs import (
    DescriptorPayload,
    FileMetadata,
    FolderListing,
    InjectedObjectError,
    ItemKey,
    ListingEntry,
)
from app.services.errors import NotFoundError, ServiceError
from app.services.files.errors import FilesUsageError, RollbackDetectedError, StructureTamperedError
from app.services.files.parent_auth import GuestMode, ParentAuthorisedApi
from app.vault import Vault
from app.wire.objects import delete_signed_bytes

__all__ = ["File", "FileTree", "Folder", "Item", "SharedRoot", "join_path", "split_path"]

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

    def api_for(self, parent: ItemKey | None) -> ObjectsApi:
        """The API that creates items under `parent`: the plain one, or in a share on a
        server where this session has no login, one that signs with the parent's key."""
        if parent is None or self._guest is None or not self._guest.is_guest:
            return self.api
        return ParentAuthorisedApi(self.api, parent, self._guest)

    # --- version marks ---

    def mark(self, item_id: str) -> int:
        with self._vault_lock:
            return self._vault.item_version(item_id) or 0

    def note(self, item_id: str, version: int) -> None:
        """Raise the mark to `version`. A lower version here is not a rollback: it was
        checked against the mark read before its descriptor was fetched, and another
        thread of this device has since seen (or written) a newer one."""
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
        floor = self.mark(key.item_id)  # before the fetch: see `note`
        record = self.record(key)
        if record is None:
            raise _VanishedError(path)
        return self.folder_from(key, parent_id, path, record, floor=floor)

    def folder_from(
        self,
        key: ItemKey,
        parent_id: str | None,
        path: str,
        record: DescriptorRecord,
        *,
        floor: int | None = None,
    ) -> Folder:
        """Check, in order: whose descriptor it is, the listing (format, signer, AEAD,
        signature, place, version: app.fs), then the descriptor's own signature.
        `floor` is the version mark read before `record` was fetched (default: now)."""
        self.check_identity(key, record)
        minimum = self.mark(key.item_id) if floor is None else floor
        listing = FolderListing.open(record.extra, key, parent_id=parent_id, min_version=minimum)
        self.check_signature(key, record)
        self.note(key.item_id, listing.version)
        parent = listing.parent_id if parent_id is None else parent_id  # None: from a share
        return Folder(key, path, parent, listing, record.signature)

    def open_file(self, key: ItemKey, parent_id: str, path: str) -> File:
        floor = self.mark(key.item_id)  # before the fetch: see `note`
        record = self.record(key)
        if record is None:
            raise _VanishedError(path)
        return self.file_from(key, parent_id, path, record, note=True, floor=floor)

    def file_from(
        self,
        key: ItemKey,
        parent_id: str | None,
        path: str,
        record: DescriptorRecord,
        *,
        note: bool,
        floor: int | None = None,
    ) -> File:
        self.check_identity(key, record)
        minimum = self.mark(key.item_id) if floor is None else floor
        metadata = FileMetadata.open(record.extra, key, parent_id=parent_id, min_version=minimum)
        self.check_signature(key, record)
        if note:
            self.note(key.item_id, metadata.version)
        parent = metadata.parent_id if parent_id is None else parent_id  # None: from a share
        return File(key, path, parent, metadata, record)

    def root(self) -> Folder:
        """The root folder, created on first use of a new account."""
        if self.shared is not None:
            return self._shared_folder()
        key = self.root_key
        floor = self.mark(key.item_id)
        record = self.record(key)
        if record is not None:
            return self.folder_from(key, "", "/", record, floor=floor)
        if floor:
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
        floor = self.mark(shared.key.item_id)
        record = self.record(shared.key)
        if record is None:
            raise NotFoundError(
                f"{shared.path} is no longer shared with you (removed, or re-keyed by its owner)"
            )
        if shared.type == "folder":
            return self.folder_from(shared.key, None, shared.path, record, floor=floor)
        return self.file_from(shared.key, None, shared.path, record, note=True, floor=floor)

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
        extra = listing.seal(key)
        signature = DescriptorPayload(key.item_id, (), extra).sign(key)
        api = self.api_for(parent)
        api.descriptor_create(key.item_id, key.public_bytes, (), extra, signature)
        self.note(key.item_id, listing.version)
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
                return self._store_listing(current, listing)
            except CasMismatchError:
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
                current = self.open_folder(current.key, current.parent_id, current.path)
        raise ServiceError(f"{folder.path} is changing too fast on other devices; try again")

    def _store_listing(self, current: Folder, listing: FolderListing) -> Folder:
        key = current.key
        extra = listing.seal(key)
        signature = DescriptorPayload(key.item_id, (), extra).sign(key)
        self.api.descriptor_update(key.item_id, (), extra, signature, current.signature)
        self.note(key.item_id, listing.version)
        return replace(current, listing=listing, signature=signature)

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
        self.delete_object(key)
