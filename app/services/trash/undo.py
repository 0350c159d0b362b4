"""Putting several items back at once: undo of a delete (from the trash) or of a move
(TRASH.md, "Undoing several items").

    steps = [Step(now="/.trash/1.…", back="/a.txt"), ...]
    put_back(steps, exists, move)                 -> the steps that are back, in order
    restore_trashed(trash, [(trash_name, original), ...])   the same for trashed items

Every step is checked before anything moves: when one item cannot go back (its old
place is taken, or it is gone from where it went) nothing is changed. A step whose item
is already back (a retry after an interruption) counts as done. When a move fails
midway (the server went away), `PartlyUndoneError` names what is back and what is not;
calling again with the same steps finishes the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.services.errors import ServiceError
from app.services.files.errors import FilesUsageError
from app.services.files.tree import join_path
from app.services.trash.service import TRASH_PATH, TrashService

__all__ = ["PartlyUndoneError", "Step", "put_back", "restore_trashed"]


@dataclass(frozen=True)
class Step:
    """One item to put back: it is at `now` (`shown` names that place for people, when
    `now` is a name they never saw) and goes back to `back`."""

    now: str
    back: str
    shown: str = ""


class PartlyUndoneError(ServiceError):
    """Some items are back, the others are not: `done` and `left` name them, `cause` says
    why the rest failed. Calling again with the same steps finishes the rest."""

    def __init__(self, done: Sequence[Step], left: Sequence[Step], cause: ServiceError) -> None:
        self.done, self.left, self.cause = tuple(done), tuple(left), cause
        back = ", ".join(step.back for step in self.done) or "nothing"
        missing = ", ".join(step.back for step in self.left)
        super().__init__(
            f"put back {back}; not {missing}: {cause} (undo again to put back the rest)"
        )


def _pending(steps: Sequence[Step], exists: Callable[[str], bool]) -> list[Step]:
    """The steps still to do, after checking that every one of them can be done."""
    pending = []
    for step in steps:
        here, there = exists(step.now), exists(step.back)
        if here and there:
            raise FilesUsageError(f"cannot undo: {step.back} exists again")
        if not here and not there:
            raise FilesUsageError(f"cannot undo: {step.shown or step.now} is not there any more")
        if here:
            pending.append(step)
    return pending


def put_back(
    steps: Sequence[Step],
    exists: Callable[[str], bool],
    move: Callable[[str, str], object],
    on_back: Callable[[Step], None] = lambda _step: None,
) -> list[Step]:
    """Move every step's item from `now` to `back`: all of them, or (checked first) none;
    interrupted, `PartlyUndoneError` says which are back. `on_back` follows each one."""
    pending = _pending(steps, exists)
    done = [step for step in steps if step not in pending]
    for position, step in enumerate(pending):
        try:
            move(step.now, step.back)
        except ServiceError as error:
            raise PartlyUndoneError(done, pending[position:], error) from error
        done.append(step)
        on_back(step)
    return done


def restore_trashed(
    trash: TrashService,
    items: Sequence[tuple[str, str]],
    on_back: Callable[[Step], None] = lambda _step: None,
) -> list[Step]:
    """`put_back` for trashed items, each given as (trash name, original path); missing
    parent folders of an original path are made again."""
    steps = [
        Step(join_path(TRASH_PATH, name), original, f"{original} in the trash")
        for name, original in items
    ]
    return put_back(steps, trash.exists, trash.put_back, on_back)
