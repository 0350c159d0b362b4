"""Typing as a person does: each key goes where the keyboard goes (the open completer
popup, else the focused widget), not to a widget the test picks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

NAMED = {
    " ": Qt.Key.Key_Space,
    "\t": Qt.Key.Key_Tab,
    "\n": Qt.Key.Key_Return,
    "\b": Qt.Key.Key_Backspace,
}


def keyboard_target() -> QWidget:
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard focus"
    return target


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(keyboard_target(), key, modifier)
    QApplication.processEvents()  # a person's keys come with the event loop between them


def type_text(text: str) -> None:
    """Type `text` key by key; space, tab, newline and backspace are their keys."""
    for char in text:
        if char in NAMED:
            press(NAMED[char])
        else:
            QTest.keyClick(keyboard_target(), char)
            QApplication.processEvents()
