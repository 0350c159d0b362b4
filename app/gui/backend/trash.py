"""The trash and undo of `ServicesBackend`, over app.services.trash (TRASH.md).

Delete in the window moves items of the own tree to the trash; items in someone else's
share have no trash of the person's and are deleted for good after a confirmation (the
window asks). Undo moves items back, all of them or none: it refuses with one line when
the world changed meanwhile (an item is gone from where it went, or something else took
its old place); interrupted midway it says which are back (app.services.trash.undo).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.services.errors import NotFoundError, ServiceError
from app.services.files.errors import FilesUsageError
from app.services.sharing.mounts import is_shared_path
from app.services.sharing.router import FileRouter
from app.services.trash.service import TrashItem, TrashService, TrashSettings
from app.services.trash.undo import Step, put_back, restore_trashed

__all__ = [
    "PartlyTrashedError",
    "PlaceTakenError",
    "Trashed",
    "discard",
    "free_name",
    "keep_days",
    "move_back",
    "restore",
    "rows",
    "set_keep_days",
    "undo_trashing",
]


class PlaceTakenError(FilesUsageError):
    """A trashed item's original path is taken: restore beside it, or not at all."""


class PartlyTrashedError(ServiceError):
    """A delete of several items stopped midway: `rows` went to the trash (the window
    offers to undo them), `left` did not; `cause` says why."""

    def __init__(self, rows: Sequence[Trashed], left: Sequence[str], cause: ServiceError):
        self.rows, self.left, self.cause = list(rows), list(left), cause
        moved = ", ".join(row.original_path for row in self.rows)
        super().__init__(f"moved {moved} to the trash; not {', '.join(self.left)}: {cause}")


@dataclass(frozen=True)
class Trashed:
    """One item in the trash, as the window lists it (times in seconds)."""

    trash_name: str
    original_path: str
    is_folder: bool
    size: int
    deleted: float
    expires: float

    @property
    def name(self) -> str:
        return PurePosixPath(self.original_path).name

    @property
    def folder(self) -> str:
        return str(PurePosixPath(self.original_path).parent)


def _row(item: TrashItem) -> Trashed:
    return Trashed(
        item.trash_name,
        item.original_path,
        item.type == "folder",
        item.size or 0,
        item.deleted / 1000,
        item.expires / 1000,
    )


def _trash(files: FileRouter, profile: Path) -> TrashService:
    return TrashService(files.home, TrashSettings.load(profile))


def rows(files: FileRouter, profile: Path) -> list[Trashed]:
    """The trash, newest first (expired items are deleted for good first)."""
    return [_row(item) for item in _trash(files, profile).items()]


def discard(
    files: FileRouter,
    profile: Path,
    paths: Sequence[str],
    on_trashed: Callable[[Trashed], None] = lambda _row: None,
) -> list[Trashed]:
    """Move items of the own tree to the trash; returns them as trashed (for undo).
    Stopped midway, PartlyTrashedError names what went (so it can be undone)."""
    for path in paths:
        if is_shared_path(path):
            raise FilesUsageError(
                f"{path} is in a share, which has no trash of yours: delete it for good instead"
            )
    trash = _trash(files, profile)
    rows: list[Trashed] = []
    for position, path in enumerate(paths):
        try:
            rows.append(_row(trash.discard(path)))
        except ServiceError as error:
            if not rows:
                raise
            raise PartlyTrashedError(rows, paths[position:], error) from error
        on_trashed(rows[-1])
    return rows


def free_name(files: FileRouter, path: str) -> str:
    """`path`, or the first free "name (restored)", "name (restored 2)"... beside it."""
    wanted = PurePosixPath(path)
    number = 1
    candidate = path
    while _exists(files, candidate):
        label = "restored" if number == 1 else f"restored {number}"
        candidate = str(wanted.with_name(f"{wanted.stem} ({label}){wanted.suffix}"))
        number += 1
    return candidate


def restore(files: FileRouter, profile: Path, trash_name: str, keep_both: bool) -> str:
    """Put a trashed item back where it was; `keep_both`: beside what took its place."""
    trash = _trash(files, profile)
    found = [item for item in trash.items() if item.trash_name == trash_name]
    if not found:
        raise NotFoundError("that item is no longer in the trash")
    original = found[0].original_path
    if not keep_both and _exists(files, original):
        raise PlaceTakenError(f"{original} exists already")
    return trash.restore_item(trash_name, free_name(files, original) if keep_both else None)


def empty(files: FileRouter, profile: Path) -> int:
    return _trash(files, profile).empty()


def keep_days(profile: Path) -> int:
    return TrashSettings.load(profile).keep_days


def set_keep_days(files: FileRouter, profile: Path, days: int) -> None:
    """Save the setting and delete for good what is now older than it."""
    settings = TrashSettings(days)
    settings.save(profile)
    TrashService(files.home, settings).purge_expired()


def _exists(files: FileRouter, path: str) -> bool:
    try:
        files.ls(path)
    except NotFoundError:
        return False
    return True


def move_back(
    files: FileRouter, moves: Sequence[tuple[str, str]], on_back: Callable[[Step], None]
) -> list[Step]:
    """Undo moves and renames: each (original, where it went) goes back, all of them or
    (checked first) none; interrupted midway, PartlyUndoneError says which are back."""
    steps = [Step(moved_to, original) for original, moved_to in moves]
    return put_back(steps, lambda path: _exists(files, path), files.move, on_back)


def undo_trashing(
    files: FileRouter, profile: Path, items: Sequence[Trashed], on_back: Callable[[Step], None]
) -> list[Step]:
    """Undo a delete: the trashed items go back to where they were, as `move_back` does."""
    pairs = [(item.trash_name, item.original_path) for item in items]
    return restore_trashed(_trash(files, profile), pairs, on_back)
