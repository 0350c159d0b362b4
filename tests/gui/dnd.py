"""Synthetic drag-and-drop onto an item view's viewport (where Qt delivers real drops)."""

from __future__ import annotations

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
