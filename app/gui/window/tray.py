"""The tray icon and desktop notifications (a share arrived).

QSystemTrayIcon when the desktop has a tray: closing the window then keeps Privshare
running there (Quit ends it), and the icon's tooltip tells the transfers and the inbox
(`show_state`). Otherwise the window says so plainly in its status bar, closing it
quits, and a notification falls back to the window's own status line plus
QApplication.alert (the task bar entry asks for attention).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from app.gui.signals import emit
from app.gui.theme import icon

__all__ = ["NO_TRAY", "Notifier"]

NO_TRAY = QCoreApplication.translate(
    "Tray",
    "This desktop has no system tray: new shares are announced here and in the Inbox.",
)
NOTIFY_MS = 8000


class Notifier(QObject):
    """Owns the tray icon when there is a tray; `notify` shows a desktop notification."""

    open_requested = Signal()
    lock_requested = Signal()
    quit_requested = Signal()
    fallback = Signal(str)  # no tray: the text to show in the window instead

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.shown: list[tuple[str, str]] = []  # every notification, for the About box
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = self._make_tray(window)

    @property
    def available(self) -> bool:
        return self.tray is not None

    def _make_tray(self, window: QWidget) -> QSystemTrayIcon:
        tray = QSystemTrayIcon(icon("privshare"), self)
        tray.setToolTip("Privshare")
        menu = QMenu(window)
        for text, signal in (
            (self.tr("Open Privshare"), self.open_requested),
            (self.tr("Lock now"), self.lock_requested),
            (self.tr("Quit"), self.quit_requested),
        ):
            menu.addAction(text).triggered.connect(lambda _=False, s=signal: emit(s))
        tray.setContextMenu(menu)
        tray.activated.connect(self._activated)
        tray.messageClicked.connect(lambda: emit(self.open_requested))
        tray.show()
        return tray

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            emit(self.open_requested)

    def notify(self, title: str, text: str) -> None:
        self.shown.append((title, text))
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(title, text, icon("inbox"), NOTIFY_MS)
            return
        emit(self.fallback, f"{title}: {text}")
        QApplication.alert(self.window)

    def show_state(self, transfers: int, unread: int) -> None:
        """The tooltip: what runs and what waits."""
        if self.tray is None:
            return
        parts = ["Privshare"]
        if transfers:
            parts.append(self.tr("%n transfers running", "", transfers))
        if unread:
            parts.append(self.tr("%n new in the Inbox", "", unread))
        self.tray.setToolTip(" · ".join(parts))

    def hide(self) -> None:
        if self.tray is not None:
            self.tray.hide()
