"""Synthetic drag-and-drop onto an item view's viewport (where Qt delivers real drops)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def send_drop(target: QWidget, mime: QMimeData, position: QPointF) -> bool:
    """Enter, move and drop at `position`; True when the drop was accepted."""
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    button, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(position, actions, mime, button, modifiers)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(position, actions, mime, button, modifiers)
    QApplication.sendEvent(target, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(position, actions, mime, button, modifiers)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


class FileManager(QWidget):
    """Another program's window that takes file drops as a file manager does: after the
    drop it asks for the URLs and copies each file into `folder`."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.copied: list[Path] = []
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():  # the formats offered; no data asked for yet
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            source = Path(url.toLocalFile())
            self.copied.append(Path(shutil.copy(source, self.folder / source.name)))
        event.acceptProposedAction()
