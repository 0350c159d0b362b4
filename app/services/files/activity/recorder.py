"""Writing the activity log: every change the services make to a folder becomes signed
entries in that folder's log object (ACTIVITY.md §3-4).

`ActivityRecorder` watches one `FileTree` (its `watcher`): a changed listing is compared
with the one it replaced (added, removed, renamed entries), a new version of a file is
noted in its folder, and `moving()` tells it that the removal and the addition it is
about to see are one move (to or from the trash: "trash", "restore"). The change is done
when the recorder hears of it; if its entry cannot be stored, the operation still
succeeds and the reader shows the change as one nobody signed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from app.client.objects_api import CasMismatchError, IdTakenError
from app.fs import DescriptorPayload, FileMetadata, ItemKey
from app.fs.listing import ListingEntry
from app.services.files.activity.entries import (
    NO_PREVIOUS,
    Entry,
    EntryUnreadableError,
    LogFormatError,
    batched,
    decode_log,
    encode_log,
    listing_hash,
    log_key,
    open_sealed,
    seal,
)
from app.services.files.activity.format1 import open_format1
from app.services.files.tree import MAX_CAS_ATTEMPTS, FileTree, Folder
from app.vault import Vault

__all__ = ["TRASH_PREFIX", "ActivityRecorder"]

TRASH_PREFIX = "/.trash/"  # the home tree's trash (services/trash/TRASH.md)
_log = logging.getLogger(__name__)


class ActivityRecorder:
    def __init__(self, tree: FileTree, vault: Vault, clock: Callable[[], float] = time.time):
        self._tree, self._vault, self._clock = tree, vault, clock
        self._moves = threading.local()

    @contextmanager
    def moving(self, source: str, destination: str) -> Iterator[None]:
        """The listing changes inside are the move of `source` to `destination`."""
        self._moves.current = (source, destination)
        try:
            yield
        finally:
            self._moves.current = None

    # --- the tree's watcher ---

    def listing_changed(self, before: Folder, after: Folder) -> None:
        self._append(after.key, self._entries(before, after))

    def version_written(self, key: ItemKey, metadata: FileMetadata) -> None:
        folder = self._tree.folder_keys.get(metadata.parent_id)
        if folder is None:
            _log.warning("no folder key for a new version: its log entry is missing")
            return
        entry = self._entry(
            folder, "new-version", metadata.name, item=key.item_id, version=metadata.version
        )
        self._append(folder, [entry])

    def folder_deleted(self, key: ItemKey) -> None:
        """The folder's log goes with it (best effort, as the folder's descendants)."""
        try:
            self._tree.delete_object(log_key(key))
        except Exception as error:
            _log.warning("a deleted folder's activity log was not deleted: %s", error)

    def note(self, folder: ItemKey, action: str, name: str, target: str = "") -> None:
        """An entry for a change outside the listings (a share, an unshare)."""
        self._append(folder, [self._entry(folder, action, name, target=target)])

    # --- what changed ---

    def _entries(self, before: Folder, after: Folder) -> list[Entry]:
        old = {e.index: e for e in before.listing.entries}
        new = {e.index: e for e in after.listing.entries}
        added = [e for i, e in new.items() if i not in old]
        removed = [e for i, e in old.items() if i not in new]
        replaced = {e.name for e in added} & {e.name for e in removed}
        version = after.listing.version
        made: list[Entry] = []
        for index in sorted(i for i in old if i in new and old[i].name != new[i].name):
            made.append(self._listed(after, "rename", old[index], version, new[index].name))
        for entry in removed:
            if entry.name not in replaced:
                action, target = self._removal()
                made.append(self._listed(after, action, entry, version, target))
        for entry in added:
            if entry.name in replaced:
                made.append(self._listed(after, "replace", entry, version))
                continue
            action, target = self._addition()
            if not action:
                action = "upload" if entry.type == "file" else "new-folder"
            made.append(self._listed(after, action, entry, version, target))
        if not made:
            made.append(self._entry(after.key, "change", "", listing=version))
        head = listing_hash(after.signature)
        return batched([replace(entry, head=head) for entry in made])

    def _removal(self) -> tuple[str, str]:
        """(action, the other place) of an entry leaving a listing."""
        move = getattr(self._moves, "current", None)
        if move is None:
            return "remove", ""
        if self._tree.shared is None and move[1].startswith(TRASH_PREFIX):
            return "trash", ""
        return "move-out", move[1]

    def _addition(self) -> tuple[str, str]:
        """(action, the other place) of an entry joining a listing; "" for a new item."""
        move = getattr(self._moves, "current", None)
        if move is None:
            return "", ""
        if self._tree.shared is None and move[0].startswith(TRASH_PREFIX):
            return "restore", ""
        return "move-in", move[0]

    def _listed(
        self, folder: Folder, action: str, entry: ListingEntry, version: int, target: str = ""
    ) -> Entry:
        uploaded = 1 if action == "upload" else 0
        return self._entry(
            folder.key,
            action,
            entry.name,
            target=target,
            item=entry.key.item_id,
            version=uploaded,
            listing=version,
        )

    def _entry(
        self,
        folder: ItemKey,
        action: str,
        name: str,
        *,
        target: str = "",
        item: str = "",
        version: int = 0,
        listing: int = 0,
    ) -> Entry:
        at = int(self._clock() * 1000)
        author = self._vault.address
        return Entry.new(
            folder.item_id,
            author,
            action,
            name,
            at=at,
            target=target,
            item=item,
            version=version,
            listing=listing,
        )

    # --- storing ---

    def _append(self, folder: ItemKey, entries: list[Entry]) -> None:
        if not entries or not folder.can_write:
            return
        try:
            self._store(folder, entries)
        except Exception as error:  # the change is done; the reader flags its missing entry
            _log.warning("an activity entry was not stored: %s", error)

    def _chained(self, folder: ItemKey, entries: list[Entry], kept: list[bytes]) -> list[bytes]:
        """The entries sealed after the log's last entry (ACTIVITY.md §4: `prev`), signed
        by the writer's identity and the folder's log key."""
        identity = self._vault.identity_key.private_key
        assert identity is not None  # an unlocked vault holds its private keys
        previous = NO_PREVIOUS
        if kept:
            previous = _last_id(folder, kept[-1])
        signer = log_key(folder)  # one derivation per batch of entries, not one each
        sealed = []
        for entry in entries:
            chained = entry.after(previous)
            sealed.append(seal(folder, chained.sign(identity, signer)))
            previous = chained.id
        return sealed

    def _store(self, folder: ItemKey, entries: list[Entry]) -> None:
        key = log_key(folder)
        for _attempt in range(MAX_CAS_ATTEMPTS):
            record = self._tree.api.descriptor(key.item_id)
            if record is None:
                extra = encode_log(self._chained(folder, entries, []))
                signature = DescriptorPayload(key.item_id, (), extra).sign(key)
                try:
                    self._tree.api_for(folder).descriptor_create(
                        key.item_id, key.public_bytes, (), extra, signature
                    )
                    return
                except IdTakenError:
                    continue
            try:
                kept = decode_log(record.extra)
            except LogFormatError:
                kept = []  # unreadable as a whole: nothing in it could be shown anyway
            extra = encode_log(kept + self._chained(folder, entries, kept))
            signature = DescriptorPayload(key.item_id, (), extra).sign(key)
            try:
                self._tree.api.descriptor_update(
                    key.item_id, (), extra, signature, record.signature
                )
                return
            except CasMismatchError:
                continue
        raise RuntimeError("the folder's log is changing too fast")


def _last_id(folder: ItemKey, sealed: bytes) -> bytes:
    """The id a new entry chains to: the log's last entry, also a format-1 one (the
    chain starts after the last of them, ACTIVITY.md §4.1)."""
    try:
        return open_sealed(folder, sealed).entry.id
    except EntryUnreadableError:
        pass
    try:
        return open_format1(folder, sealed).entry.id
    except EntryUnreadableError:
        return NO_PREVIOUS  # the reader flags the unreadable one, not this
