"""Undo of the window's last delete, move or rename (Ctrl+Z, or the notice's Undo button).

Only the last action can be undone, once. Undoing a delete restores the items from the
trash to where they were; undoing a move or rename moves the items back: all of them or
none. The backend refuses with one line when the world changed meanwhile (an item is
gone from where it went, or its old place is taken again); the refusal is shown and
nothing is changed. While several items go back the notice counts them; interrupted
midway (the server went away) one line names what is back and what is not, and the
Undo button stays to put back the rest (app.services.trash.undo).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.gui.backend.interface import Backend
from app.gui.backend.trash import Trashed
from app.gui.error_line import describe
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.workers import Workers
from app.services.errors import ServerUnreachableError, ServiceError
from app.services.trash.undo import PartlyUndoneError, Step

__all__ = ["Moves", "Trashing", "UndoHistory", "UndoNotice"]

NOTICE_MS = 30_000
PARTLY_NAMES = 10  # names in the line of an interrupted undo


@dataclass(frozen=True)
class Trashing:
    """Items moved to the trash."""

    items: tuple[Trashed, ...]


@dataclass(frozen=True)
class Moves:
    """Items moved or renamed: (original path, where it went) each."""

    pairs: tuple[tuple[str, str], ...]
    renamed: bool = False


Action = Trashing | Moves


def _names(paths: Sequence[str], limit: int = 3) -> str:
    names = [PurePosixPath(path).name for path in paths]
    shown = ", ".join(f"“{name}”" for name in names[:limit])
    return shown + ("…" if len(names) > limit else "")


def _left(action: Action, left: Sequence[Step]) -> Action:
    """What is still to undo of `action` after an interruption."""
    back = {step.back for step in left}
    if isinstance(action, Trashing):
        return Trashing(tuple(item for item in action.items if item.original_path in back))
    return Moves(tuple(pair for pair in action.pairs if pair[0] in back), action.renamed)


def _count(action: Action) -> int:
    return len(action.items) if isinstance(action, Trashing) else len(action.pairs)


class UndoHistory(QObject):
    """The last undoable action. `recorded(text)` describes it for the notice;
    `progressed(text)` counts the items going back; `undone(text)` and `failed(error)`
    report the undo, `partly(text)` an interrupted one (what is left can be undone
    again); `changed()` asks for a refresh."""

    recorded = Signal(str)
    progressed = Signal(str)
    undone = Signal(str)
    failed = Signal(object)
    partly = Signal(str)
    changed = Signal()

    def __init__(self, backend: Backend, workers: Workers, parent: QObject | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.last: Action | None = None
        self.running = False

    def record(self, action: Action) -> None:
        self.last = action
        emit(self.recorded, self.describe(action))

    def describe(self, action: Action) -> str:
        if isinstance(action, Trashing):
            text = self.tr("Moved %1 to Trash")
            return text.replace("%1", _names([item.original_path for item in action.items]))
        if action.renamed:
            original, moved_to = action.pairs[0]
            text = self.tr("Renamed “%1” to “%2”")
            return text.replace("%1", PurePosixPath(original).name).replace(
                "%2", PurePosixPath(moved_to).name
            )
        folder = str(PurePosixPath(action.pairs[0][1]).parent)
        text = self.tr("Moved %1 to %2")
        return text.replace("%1", _names([pair[0] for pair in action.pairs])).replace("%2", folder)

    def forget(self) -> None:
        self.last = None

    def undo(self) -> None:
        """Ctrl+Z: undo the last action (nothing happens when there is none)."""
        if self.last is None or self.running:
            return
        action, self.last = self.last, None
        self.running, self._back = True, 0
        self.workers.run(
            self._undo_in_worker,
            action,
            done=self._undone,
            failed=lambda error: self._failed(action, error),
            progress=lambda _step: self._progress(action),
        )

    def _undo_in_worker(self, action: Action, on_event: Callable[[Step], None]) -> str:
        if isinstance(action, Trashing):
            self.backend.undo_trashing(action.items, on_event)
            text = self.tr("Restored %1")
            return text.replace("%1", _names([item.original_path for item in action.items]))
        self.backend.move_back(action.pairs, on_event)
        return self.tr("Undone: %1").replace("%1", self.describe(action))

    def _progress(self, action: Action) -> None:
        self._back += 1
        total = _count(action)
        if total > 1:
            text = self.tr("Putting back {done} of {total}…").format(done=self._back, total=total)
            emit(self.progressed, text)

    def _reason(self, cause: ServiceError) -> str:
        if isinstance(cause, ServerUnreachableError):  # its line names the trash's inner path
            return self.tr("the server cannot be reached")
        return describe(cause)[0].rstrip(".")

    def _undone(self, text: str) -> None:
        self.running = False
        emit(self.undone, text)
        emit(self.changed)

    def _failed(self, action: Action, error: BaseException) -> None:
        self.running = False
        if isinstance(error, PartlyUndoneError):
            self.last = _left(action, error.left)
            text = self.tr(
                "Put back {back}; not {left}: {reason}. Undo again to put back the rest."
            )
            back = _names([step.back for step in error.done], PARTLY_NAMES)
            line = text.format(
                back=back or self.tr("nothing"),
                left=_names([step.back for step in error.left], PARTLY_NAMES),
                reason=self._reason(error.cause),
            )
            emit(self.partly, line)
        elif isinstance(error, ServerUnreachableError):
            self.last = action  # nothing was changed: Undo may go again once it answers
            emit(self.partly, describe(error)[0])
        else:
            emit(self.failed, error)
        emit(self.changed)


class UndoNotice(QWidget):
    """ "Moved “a.txt” to Trash — Undo" in the status bar, for NOTICE_MS."""

    def __init__(self, history: UndoHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.text = QLabel(self)
        self.text.setAccessibleName(self.tr("Last action"))
        self.button = QPushButton(icon("undo"), self.tr("Undo"), self)
        self.button.setAccessibleName(self.tr("Undo the last action"))
        self.button.setToolTip(self.tr("Undo (Ctrl+Z)"))
        self.button.clicked.connect(history.undo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text)
        row.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        history.recorded.connect(self.show_action)
        history.progressed.connect(self.show_result)
        history.partly.connect(self.show_action)
        history.undone.connect(self.show_result)
        history.failed.connect(lambda error: self.show_result(" ".join(str(error).split())))
        self.hide()

    def show_action(self, text: str) -> None:
        self.text.setText(text)
        self.button.show()
        self.show()
        self.timer.start(NOTICE_MS)

    def show_result(self, text: str) -> None:
        self.text.setText(text)
        self.button.hide()
        self.show()
        self.timer.start(NOTICE_MS)
