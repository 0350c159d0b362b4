"""For keyboard and screen-reader users: where the focus goes when a page opens, and
announcements of what changed without the focus moving (an error shown)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

__all__ = ["announce", "first_control", "focus_first_control"]


def first_control(page: QWidget) -> QWidget | None:
    """The first control of `page` that Tab would stop at (shown, enabled, focusable),
    in the window's focus chain from `page` on (a child made later is further on);
    None when it has none."""
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if (
            page.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


def focus_first_control(page: QWidget) -> None:
    """Put the keyboard focus on `page`'s first control (a page just shown)."""
    control = first_control(page)
    if control is not None:
        control.setFocus(Qt.FocusReason.OtherFocusReason)


def announce(source: QWidget, message: str, *, urgent: bool = True) -> None:
    """Have screen readers say `message` now (`urgent`: interrupting what they say)."""
    event = QAccessibleAnnouncementEvent(source, message)
    polite = QAccessible.AnnouncementPoliteness
    event.setPoliteness(polite.Assertive if urgent else polite.Polite)
    QAccessible.updateAccessibility(event)
