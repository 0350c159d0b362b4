"""Accessibility checks shared by the GUI tests: what a screen reader would call each
control (Qt's own accessibility interface, so a label's buddy counts), and where the
Tab key really goes (key events, not the focus chain read from the widgets)."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
    QAbstractSlider,
    QPlainTextEdit,
    QTextEdit,
    QTabBar,
)
_PARTS = (QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QTextEdit, QPlainTextEdit)


def accessible_name(widget: QWidget) -> str:
    """The name assistive technology reads for `widget` (its accessible name, a
    button's text, or the text of the label whose buddy it is)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    return interface.text(QAccessible.Text.Name).replace("&", "").strip()


def interactive_widgets(root: QWidget, *, shown_only: bool = False) -> list[QWidget]:
    """The controls of `root` a person can operate (not the inner parts of a view, a spin
    box, a combo box or a line edit; not popups). `shown_only`: only those on screen and
    enabled now."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar):
            continue  # a scroll bar is its view's: the view scrolls with the keys
        if widget.objectName().startswith("qt_"):
            continue
        if (
            isinstance(widget.parent(), _PARTS)
            or widget.window().windowType() == Qt.WindowType.Popup
        ):
            continue
        if shown_only and not (widget.isVisible() and widget.isEnabled()):
            continue
        found.append(widget)
    return found


def describe(widget: QWidget) -> str:
    name = accessible_name(widget) or widget.objectName()
    return f"{type(widget).__name__} {name!r} in {type(widget.window()).__name__}"


def unnamed_widgets(root: QWidget) -> list[str]:
    """Interactive widgets a screen reader could not name."""
    return [describe(widget) for widget in interactive_widgets(root) if not accessible_name(widget)]


def tab_stops(root: QWidget) -> list[QWidget]:
    """The controls shown in `root` that the Tab key should reach."""
    return [
        widget
        for widget in interactive_widgets(root, shown_only=True)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]


def tab_cycle(start: QWidget, limit: int = 120) -> list[QWidget]:
    """Press Tab from `start` until the focus comes back to it; the widgets visited in
    order. Fails on a trap: a widget that keeps the focus, or a loop that never returns."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    assert QApplication.focusWidget() is start, f"{describe(start)} does not take the focus"
    visited = [start]
    for _ in range(limit):
        current = QApplication.focusWidget()
        assert current is not None
        QTest.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        reached = QApplication.focusWidget()
        assert reached is not None, f"Tab from {describe(current)} left no widget focused"
        if reached is start:
            return visited
        assert reached is not current, f"Tab is trapped in {describe(current)}"
        assert reached not in visited, f"Tab loops back to {describe(reached)}, not the start"
        visited.append(reached)
    raise AssertionError(f"Tab did not come back to {describe(start)} in {limit} presses")


def _group(widget: QWidget) -> tuple[object, ...]:
    """A radio button's exclusive group: Tab enters it once, the arrows move within."""
    if isinstance(widget, QRadioButton) and widget.autoExclusive():
        group = widget.group()
        return ("group", group) if group is not None else ("parent", widget.parentWidget())
    return ("widget", widget)


def unreached(root: QWidget, visited: list[QWidget]) -> list[str]:
    """Controls shown in `root` that the Tab cycle did not reach (a group of radio
    buttons is reached when one of them is)."""
    groups = {_group(widget) for widget in visited}
    return [describe(widget) for widget in tab_stops(root) if _group(widget) not in groups]


def _screen_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def backward_steps(visited: list[QWidget]) -> list[str]:
    """Tab steps that go against the reading order: to a control wholly above (but for
    the top of the next column to the right), or to the left on the same row. (The
    step from the last control back to the first is the cycle's wrap.)"""
    found = []
    for before, after in pairwise(visited):
        a, b = _screen_rect(before), _screen_rect(after)
        above = b.bottom() < a.top() and not b.left() > a.right()
        same_row = b.top() <= a.bottom() and a.top() <= b.bottom()
        left = b.right() < a.left()
        if above or (same_row and left and not a.contains(b)):
            found.append(f"{describe(before)} -> {describe(after)}")
    return found


def first_control(root: QWidget) -> QWidget:
    """The control a person reads first in `root` (top to bottom, then left to right),
    not counting the buttons in the bottom row that close a dialog; where the focus
    should be when it opens."""
    stops = tab_stops(root)
    closing = [w for w in stops if isinstance(w.parent(), QDialogButtonBox)]
    candidates = [w for w in stops if w not in closing] or stops
    return min(candidates, key=lambda w: (_screen_rect(w).top(), _screen_rect(w).left()))
