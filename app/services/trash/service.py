"""Moving items of the own tree to the trash and back (TRASH.md).

    trash = TrashService(files, TrashSettings.load(profile_root))  # files: the own tree
    trash.discard("/Documents/old.txt")    -> TrashItem
    trash.items()                          -> [TrashItem], newest first (expired ones purged)
    trash.restore("/Documents/old.txt")    -> "/Documents/old.txt"
    trash.restore_item(item.trash_name, "/Documents/old (restored).txt")  -> that path
    trash.empty()                          -> how many items were deleted for good

Every change is an ordinary FileService move or remove, so everything the tree checks
is checked here too, and the server sees nothing it would not see for a move.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from app.services.errors import InvalidInputError, NotFoundError
from app.services.files.errors import FilesUsageError, service_errors
from app.services.files.service import TRASH_FOLDER, FileService
from app.services.files.tree import File, join_path, split_path

__all__ = ["DEFAULT_KEEP_DAYS", "TrashItem", "TrashService", "TrashSettings"]

FORMAT_VERSION = "1"
DEFAULT_KEEP_DAYS = 30
MAX_KEEP_DAYS = 36500
TRASH_PATH = "/" + TRASH_FOLDER
SETTINGS_FILE = "trash.json"
_MAX_NAME_BYTES = 255
_DAY_MS = 86_400_000


@dataclass(frozen=True)
class TrashSettings:
    """How long deleted items are kept; stored in the profile folder as trash.json."""

    keep_days: int = DEFAULT_KEEP_DAYS

    def __post_init__(self) -> None:
        if not 1 <= self.keep_days <= MAX_KEEP_DAYS:
            raise InvalidInputError(
                f"keep the trash 1 to {MAX_KEEP_DAYS} days, not {self.keep_days}"
            )

    @classmethod
    def load(cls, profile_root: Path) -> TrashSettings:
        """The saved settings, or the defaults when there are none (or they are unreadable)."""
        try:
            saved = json.loads((profile_root / SETTINGS_FILE).read_text("utf-8"))
            return cls(int(saved["keep_days"]))
        except (OSError, ValueError, KeyError, TypeError, InvalidInputError):
            return cls()

    def save(self, profile_root: Path) -> None:
        """Write trash.json whole (a temporary file renamed over it)."""
        target = profile_root / SETTINGS_FILE
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(json.dumps({"keep_days": self.keep_days}) + "\n", "utf-8")
        os.replace(temporary, target)


@dataclass(frozen=True)
class TrashItem:
    """One trashed item: where it was, when it was deleted, and its name in the trash."""

    original_path: str
    deleted: int  # ms since the epoch
    type: str
    size: int | None
    trash_name: str
    expires: int  # ms since the epoch

    @property
    def trash_path(self) -> str:
        return join_path(TRASH_PATH, self.trash_name)


def trash_name(original_path: str, deleted_ms: int, token: str) -> str:
    """The name an item gets in the trash (TRASH.md)."""
    return f"{FORMAT_VERSION}.{deleted_ms}.{token}.{quote(original_path, safe='')}"


def parse_trash_name(name: str) -> tuple[str, int] | None:
    """(original path, deleted ms) of a trash name, or None when it is not one."""
    parts = name.split(".", 3)
    if len(parts) != 4 or parts[0] != FORMAT_VERSION or not parts[1].isdigit():
        return None
    token, encoded = parts[2], parts[3]
    if len(token) != 8 or any(c not in "0123456789abcdef" for c in token):
        return None
    original = unquote(encoded, errors="strict") if "%" in encoded or encoded else ""
    if not original.startswith("/") or not split_path(original):
        return None
    return "/" + "/".join(split_path(original)), int(parts[1])


class TrashService:
    """The trash of one own tree (`files`)."""

    def __init__(
        self,
        files: FileService,
        settings: TrashSettings | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.files = files
        self.settings = settings or TrashSettings()
        self._clock = clock

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    def discard(self, path: str) -> TrashItem:
        """Move an item into the trash (made if missing); returns it as trashed."""
        parts = split_path(path)
        if not parts:
            raise FilesUsageError("the root folder cannot be moved to the trash")
        if parts[0] == TRASH_FOLDER:
            raise FilesUsageError(
                f"{path} is in the trash already: `trash empty` deletes it for good"
            )
        original = "/" + "/".join(parts)
        with service_errors(original):
            return self._discard(original)

    def _discard(self, original: str) -> TrashItem:
        item = self.files.tree.resolve(original)  # NotFoundError before anything is written
        kind, size = ("file", item.metadata.size) if isinstance(item, File) else ("folder", None)
        deleted = self._now_ms()
        name = trash_name(original, deleted, secrets.token_hex(4))
        if len(name.encode("utf-8")) > _MAX_NAME_BYTES:
            raise FilesUsageError(
                f"{original}: the path is too long to keep in the trash; "
                "`rm --permanent` deletes it for good"
            )
        self.purge_expired()
        self._ensure_trash()
        self.files.move(original, join_path(TRASH_PATH, name))
        return self._item(original, deleted, kind, size, name)

    def items(self) -> list[TrashItem]:
        """The trashed items, newest first; expired ones are deleted for good first."""
        self.purge_expired()
        return self._all_items()

    def restore(self, original_path: str) -> str:
        """Move the newest trashed item of `original_path` back there; returns its path."""
        parts = split_path(original_path)
        wanted = "/" + "/".join(parts)
        found = [item for item in self._all_items() if item.original_path == wanted]
        if not found:
            raise NotFoundError(f"{wanted}: nothing with that original path is in the trash")
        if self._exists(wanted):
            raise FilesUsageError(f"{wanted} exists already: move or rename it, then restore again")
        self._ensure_parents(parts[:-1])
        return self.files.move(found[0].trash_path, wanted)

    def restore_item(self, name: str, target: str | None = None) -> str:
        """Move the trashed item named `name` back to its original path, or to `target`
        (a free path the person chose); parents are made when missing."""
        found = [item for item in self._all_items() if item.trash_name == name]
        if not found:
            raise NotFoundError("that item is no longer in the trash")
        parts = split_path(target if target is not None else found[0].original_path)
        wanted = "/" + "/".join(parts)
        if not parts or parts[0] == TRASH_FOLDER:
            raise FilesUsageError(f"{wanted}: restore to a folder outside the trash")
        if self._exists(wanted):
            raise FilesUsageError(f"{wanted} exists already: move or rename it, then restore again")
        self._ensure_parents(parts[:-1])
        return self.files.move(found[0].trash_path, wanted)

    def put_back(self, trash_path: str, target: str) -> str:
        """Move a trashed item (by its path in the trash) to the free path `target`,
        making missing parents; for undo, which checked both places (undo.py)."""
        parts = split_path(target)
        if not parts or parts[0] == TRASH_FOLDER:
            raise FilesUsageError(f"{target}: restore to a folder outside the trash")
        with service_errors(target):
            self._ensure_parents(parts[:-1])
            return self.files.move(trash_path, "/" + "/".join(parts))

    def exists(self, path: str) -> bool:
        with service_errors(path):
            return self._exists(path)

    def empty(self) -> int:
        """Delete everything in the trash for good; returns how many items."""
        return self._remove(self._all_items())

    def purge_expired(self) -> int:
        """Delete for good the items kept longer than the setting; returns how many."""
        now = self._now_ms()
        return self._remove([item for item in self._all_items() if item.expires <= now])

    def _remove(self, items: list[TrashItem]) -> int:
        for item in items:
            self.files.remove(item.trash_path)
        return len(items)

    def _all_items(self) -> list[TrashItem]:
        if not self._has_trash():
            return []
        items = []
        for entry in self.files.ls(TRASH_PATH):
            parsed = parse_trash_name(entry.name)
            if parsed is not None:
                items.append(self._item(parsed[0], parsed[1], entry.type, entry.size, entry.name))
        return sorted(items, key=lambda item: (-item.deleted, item.trash_name))

    def _item(
        self, original: str, deleted: int, kind: str, size: int | None, name: str
    ) -> TrashItem:
        expires = deleted + self.settings.keep_days * _DAY_MS
        return TrashItem(original, deleted, kind, size, name, expires)

    def _has_trash(self) -> bool:
        return self.files.tree.root().listing.find(TRASH_FOLDER) is not None

    def _ensure_trash(self) -> None:
        if not self._has_trash():
            self.files.mkdir(TRASH_PATH)

    def _exists(self, path: str) -> bool:
        try:
            self.files.tree.resolve(path)
        except NotFoundError:
            return False
        return True

    def _ensure_parents(self, names: list[str]) -> None:
        path = "/"
        for name in names:
            path = join_path(path, name)
            if not self._exists(path):
                self.files.mkdir(path)
