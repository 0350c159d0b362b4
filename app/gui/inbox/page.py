"""Inbox: shares sent to me, each with its sender (verified or not); accept or decline.

`arrived(items)` names the items that were not there at the previous refresh (the first
refresh only learns what is there); the window turns them into a notification.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, InboxItem
from app.gui.error_line import ErrorLine
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.workers import Workers

__all__ = ["InboxPanel"]

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class InboxPanel(QWidget):
    unread_changed = Signal(int)
    accepted = Signal(str)  # where it went: /Shared/<name>, or the saved files
    arrived = Signal(list)  # InboxItems new since the previous refresh

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.items: list[InboxItem] = []
        self._seen: set[str] | None = None
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Incoming shares"))
        self.list.currentItemChanged.connect(self._selected)
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Save as"))
        self.name.setPlaceholderText(self.tr("Name in Shared with me"))
        self.accept_button = QPushButton(self.tr("Accept"), self)
        self.accept_button.setObjectName("PrimaryButton")
        self.decline_button = QPushButton(self.tr("Decline"), self)
        for button in (self.accept_button, self.decline_button):
            button.setAccessibleName(button.text())
            button.setEnabled(False)
        self.accept_button.clicked.connect(self.accept_current)
        self.decline_button.clicked.connect(self.decline_current)
        self.error = ErrorLine(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Save as"), self))
        row.addWidget(self.name, 1)
        row.addWidget(self.accept_button)
        row.addWidget(self.decline_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def refresh(self) -> None:
        self.workers.run(self.backend.inbox, done=self.show_items, failed=self.error.show_error)

    def show_items(self, items: list[InboxItem]) -> None:
        self.items = list(items)
        self.list.clear()
        for entry in self.items:
            sender = entry.sender + (
                "" if entry.sender_verified else "  " + self.tr("(key not verified)")
            )
            access = {
                "write": self.tr("can change"),
                "read": self.tr("can view"),
                "copy": self.tr("files for you: Accept saves them to your downloads"),
            }.get(entry.access, entry.access)
            received = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.received))
            item = QListWidgetItem(
                icon("verified" if entry.sender_verified else "warning"),
                f"{entry.name} — {self.tr('from')} {sender}\n{access} · {received}",
                self.list,
            )
            item.setData(ITEM_ROLE, entry.item_id)
        if self.list.count() and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        emit(self.unread_changed, sum(1 for entry in self.items if entry.unread))
        seen, self._seen = self._seen, {entry.item_id for entry in self.items}
        new = [entry for entry in self.items if seen is not None and entry.item_id not in seen]
        if new:
            emit(self.arrived, new)

    def _current(self) -> InboxItem | None:
        item = self.list.currentItem()
        if item is None:
            return None
        wanted = item.data(ITEM_ROLE)
        return next((entry for entry in self.items if entry.item_id == wanted), None)

    def _selected(self) -> None:
        entry = self._current()
        self.name.setText(entry.name if entry else "")
        for button in (self.accept_button, self.decline_button):
            button.setEnabled(entry is not None)

    def accept_current(self) -> None:
        entry, name = self._current(), self.name.text().strip()
        if entry is None or not name or "/" in name:
            self.error.show_error(self.tr("Choose a name without “/”."))
            return
        self.workers.run(
            self.backend.accept,
            entry.item_id,
            name,
            done=self._done,
            failed=self.error.show_error,
        )

    def decline_current(self) -> None:
        entry = self._current()
        if entry is not None:
            self.workers.run(
                self.backend.decline,
                entry.item_id,
                done=lambda _: self.refresh(),
                failed=self.error.show_error,
            )

    def _done(self, where: str) -> None:
        self.error.clear()
        emit(self.accepted, where)
        self.refresh()
