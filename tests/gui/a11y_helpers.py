"""Accessibility checks shared by the GUI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)


def unnamed_widgets(root: QWidget) -> list[str]:
    """Interactive widgets a screen reader could not name (a button's text names it)."""
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, kinds) or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget.parent(), (QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit)):
            continue  # an internal part of a view, a spin box, a combo box or a line edit
        if widget.window().windowType() == Qt.WindowType.Popup:
            continue  # a combo box's or a completer's list
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text.replace("&", "").strip()):
            where = type(widget.window()).__name__
            found.append(f"{type(widget).__name__} {widget.objectName()!r} in {where}")
    return found
