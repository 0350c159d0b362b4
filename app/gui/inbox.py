"""Inbox: shares sent to me, each with its sender (verified or not); accept or decline."""

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

from app.gui.backend_types import Backend, InboxItem
from app.gui.error_line import ErrorLine
from app.gui.look import icon
from app.gui.signals import emit
from app.gui.workers import Workers

__all__ = ["InboxPanel"]

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class InboxPanel(QWidget):
    unread_changed = Signal(int)
    accepted = Signal(str)  # the name it was saved under

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.items: list[InboxItem] = []
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
            access = self.tr("can change") if entry.access == "write" else self.tr("can view")
            received = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.received))
            item = QListWidgetItem(
                icon("verified" if entry.sender_verified else "warning"),
                f"{entry.name} — {self.tr('from')} {sender}\n{access} · {received}",
                self.list,
            )
            item.setData(ITEM_ROLE, entry.item_id)
        emit(self.unread_changed, sum(1 for entry in self.items if entry.unread))

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
            done=lambda _: self._done(name),
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

    def _done(self, name: str) -> None:
        self.error.clear()
        emit(self.accepted, name)
        self.refresh()
