"""The central file view: a QTreeView with drag-and-drop in and out.

- Files or folders dropped from the file manager (file URLs) -> `files_dropped(paths,
  folder)`, where folder is the row under the cursor when it is a folder, else the one
  shown.
- Rows dragged onto a folder row -> `rows_moved(paths, folder)`.
- A drop onto a folder `drop_refusal(folder)` gives a reason for (a read-only share)
  is refused: `drop_refused(reason)`, once per folder hovered.
- Rows dragged out carry our internal paths and, from `drag_out` (drag_out.py), file
  URLs into the private cache that are delivered once downloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from app.gui.backend.interface import Entry
from app.gui.signals import emit
from app.gui.window.file_model import ENTRY_ROLE

__all__ = ["INTERNAL_MIME", "FileView"]

INTERNAL_MIME = "application/x-privshare-paths"


def internal_paths(mime: QMimeData) -> list[str]:
    if not mime.hasFormat(INTERNAL_MIME):
        return []
    raw = bytes(mime.data(INTERNAL_MIME).data()).decode("utf-8")
    return [line for line in raw.split("\n") if line]


def local_paths(mime: QMimeData) -> list[Path]:
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileView(QTreeView):
    files_dropped = Signal(list, str)  # local paths, remote folder
    rows_moved = Signal(list, str)  # remote paths, remote folder
    activated_entry = Signal(object)  # Entry (double-click / Enter)
    selection_changed = Signal()
    drop_refused = Signal(str)  # why the folder under the cursor takes nothing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current_folder = "/"
        self.drag_out: Callable[[list[Entry]], QMimeData] | None = None
        self.drop_refusal: Callable[[str], str] | None = None
        self._refused = ""  # the folder whose refusal was said last, during one drag
        self.setAccessibleName(self.tr("Files"))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)  # F2, in place
        self.doubleClicked.connect(self._open)

    def setModel(self, model: object) -> None:  # noqa: N802
        super().setModel(model)  # type: ignore[arg-type]
        selection = self.selectionModel()
        if selection is not None:
            selection.selectionChanged.connect(lambda *_: emit(self.selection_changed))

    # ---- selection -------------------------------------------------------------------

    def entry_at(self, index: QModelIndex) -> Entry | None:
        value = index.siblingAtColumn(0).data(ENTRY_ROLE) if index.isValid() else None
        return value if isinstance(value, Entry) else None

    def selected_entries(self) -> list[Entry]:
        rows = self.selectionModel().selectedRows(0) if self.selectionModel() else []
        return [entry for entry in (self.entry_at(index) for index in rows) if entry]

    def _open(self, index: QModelIndex) -> None:
        entry = self.entry_at(index)
        if entry is not None:
            emit(self.activated_entry, entry)

    # ---- drops -----------------------------------------------------------------------

    def _target_folder(self, position: QPoint) -> str:
        entry = self.entry_at(self.indexAt(position))
        return entry.path if entry is not None and entry.is_folder else self.current_folder

    def _acceptable(self, mime: QMimeData) -> bool:
        return bool(internal_paths(mime)) or bool(local_paths(mime))

    def _refuse(self, folder: str) -> bool:
        reason = self.drop_refusal(folder) if self.drop_refusal is not None else ""
        if reason and folder != self._refused:
            self._refused = folder
            emit(self.drop_refused, reason)
        return bool(reason)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self._refused = ""
        if self._acceptable(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        mime = event.mimeData()
        if not self._acceptable(mime):
            event.ignore()
            return
        moving = internal_paths(mime)
        target = self._target_folder(event.position().toPoint())
        if moving and (target in moving or target == self.current_folder):
            event.ignore()  # a move needs another folder as target
            return
        if self._refuse(target):
            event.ignore()
            return
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        mime = event.mimeData()
        target = self._target_folder(event.position().toPoint())
        moving = internal_paths(mime)
        if self._refuse(target):
            event.ignore()
            return
        if moving:
            if target not in moving and target != self.current_folder:
                emit(self.rows_moved, moving, target)
                event.setDropAction(Qt.DropAction.MoveAction)
                event.accept()
            else:
                event.ignore()
            return
        paths = local_paths(mime)
        if paths:
            emit(self.files_dropped, paths, target)
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    # ---- drags out -------------------------------------------------------------------

    def drag_mime(self, entries: list[Entry]) -> QMimeData:
        mime = self.drag_out(entries) if self.drag_out is not None else QMimeData()
        paths = [entry.path for entry in entries]
        mime.setData(INTERNAL_MIME, "\n".join(paths).encode("utf-8"))
        return mime

    def startDrag(self, supported: Qt.DropAction) -> None:  # noqa: N802
        entries = self.selected_entries()
        if not entries:
            return
        drag = QDrag(self)
        drag.setMimeData(self.drag_mime(entries))
        drag.exec(supported | Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)
