"""Inbox: shares and files sent to me, each with its sender (verified through the key
log, or marked as rejected with the reason); accept or decline a share, save delivered
files into My files (streamed: no plaintext on disk) or a local folder (straight to the
target, checked before it appears), open a private copy (the window's open cache),
delete. Beside it: people to send files to (drop files on one) and my drop inboxes.

`arrived(items)` names the items that were not there at the previous refresh (the first
refresh only learns what is there); the window turns them into a notification.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, Entry, InboxItem, View
from app.gui.error_line import ErrorLine
from app.gui.inbox.drops import DropsPanel
from app.gui.shield import inbox_trust, trust_icon, trust_words
from app.gui.signals import emit
from app.gui.window.contacts import ContactsPanel
from app.gui.window.file_actions import PrivateCache
from app.gui.window.file_model import human_size
from app.gui.workers import Workers

__all__ = ["InboxPanel"]

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
FILES = "copy"  # InboxItem.access of delivered files


class InboxPanel(QWidget):
    unread_changed = Signal(int)
    accepted = Signal(str)  # where it went: /Shared/<name>, or the saved files
    arrived = Signal(list)  # InboxItems new since the previous refresh
    notice = Signal(str)  # a line for the status bar (files sent)

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.items: list[InboxItem] = []
        self._seen: set[str] | None = None
        self._listing = 0  # how many listings were asked for
        self.choose_folder: Callable[[], Path | None] = self._choose_folder
        self.open_cache = PrivateCache()  # the window hands in its own (wiped on lock, quit)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Incoming shares and files"))
        self.list.currentItemChanged.connect(self._selected)
        self.detail = QLabel("", self)
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName(self.tr("Selected item"))
        self.error = ErrorLine(self)
        self.share_row = self._share_row()
        self.files_row = self._files_row()
        self.contacts = ContactsPanel(backend, workers, self)
        self.contacts.sent.connect(self._say)
        self.drops = DropsPanel(backend, workers, self)
        received = QWidget(self)
        left = QVBoxLayout(received)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.list, 1)
        about = QHBoxLayout()  # Open sits beside the detail: the row below is full
        about.addWidget(self.detail, 1)
        about.addWidget(self.open_button)
        left.addLayout(about)
        left.addWidget(self.share_row)
        left.addWidget(self.files_row)
        left.addWidget(self.error)
        side = QSplitter(Qt.Orientation.Vertical, self)
        side.addWidget(self.contacts)
        side.addWidget(self.drops)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(received)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._selected()

    def _share_row(self) -> QWidget:
        row_widget = QWidget(self)
        self.name = QLineEdit(row_widget)
        self.name.setAccessibleName(self.tr("Save as"))
        self.name.setPlaceholderText(self.tr("Name in Shared with me"))
        self.accept_button = QPushButton(self.tr("Accept"), row_widget)
        self.accept_button.setObjectName("PrimaryButton")
        self.decline_button = QPushButton(self.tr("Decline"), row_widget)
        for button in (self.accept_button, self.decline_button):
            button.setAccessibleName(button.text())
        self.accept_button.clicked.connect(self.accept_current)
        self.decline_button.clicked.connect(self.decline_current)
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Save as"), row_widget))
        row.addWidget(self.name, 1)
        row.addWidget(self.accept_button)
        row.addWidget(self.decline_button)
        return row_widget

    def _files_row(self) -> QWidget:
        row_widget = QWidget(self)
        self.folder = QComboBox(row_widget)
        self.folder.setEditable(True)
        self.folder.setAccessibleName(self.tr("Folder in My files"))
        self.folder.addItem("/")
        self.save_button = QPushButton(self.tr("Save to My files"), row_widget)
        self.save_button.setObjectName("PrimaryButton")
        self.save_as_button = QPushButton(self.tr("Save as…"), row_widget)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.delete_button = QPushButton(self.tr("Delete"), row_widget)
        for button in (self.save_button, self.save_as_button, self.open_button, self.delete_button):
            button.setAccessibleName(button.text())
        self.open_button.setToolTip(self.tr("Open a private copy; the files stay in the inbox"))
        self.open_button.clicked.connect(self.open_current)
        self.save_button.clicked.connect(self.save_current)
        self.save_as_button.clicked.connect(self.save_current_as)
        self.delete_button.clicked.connect(self.decline_current)
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Into"), row_widget))
        row.addWidget(self.folder, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.save_as_button)
        row.addWidget(self.delete_button)
        return row_widget

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.contacts.refresh()
        self.drops.refresh()
        self.workers.run(self.backend.list_folder, View.MY_FILES, "/", done=self._folders)

    def _folders(self, entries: list[Entry]) -> None:
        typed = self.folder.currentText()
        self.folder.clear()
        self.folder.addItems(["/", *(e.path for e in entries if e.is_folder)])
        self.folder.setCurrentText(typed or "/")

    def refresh(self) -> None:
        """List the inbox again; only the newest listing is shown (the pool may finish an
        older one later, which would bring back a message saved meanwhile)."""
        self._listing += 1
        asked = self._listing
        self.workers.run(
            self.backend.inbox,
            done=lambda items: self.show_items(items) if asked == self._listing else None,
            failed=self.error.show_error,
        )

    def _text(self, entry: InboxItem) -> str:
        received = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.received))
        via = (
            "  · " + self.tr("via drop inbox “%1”").replace("%1", entry.drop) if entry.drop else ""
        )
        if entry.problem:
            title = self.tr("Rejected — claims to be from %1 (not verified)")
            return f"{title.replace('%1', entry.sender)}\n{entry.problem} · {received}{via}"
        first = self.tr("%1 — from %2").replace("%2", entry.sender).replace("%1", entry.name)
        if entry.access == FILES:
            files = self.tr("files")
            return f"{first}\n{files} · {human_size(entry.size)} · {received}{via}"
        access = self.tr("can change") if entry.access == "write" else self.tr("can view")
        return f"{first}\n{access} · {received}{via}"

    def show_items(self, items: list[InboxItem]) -> None:
        wanted = self._current()
        self.items = list(items)
        self.list.clear()
        for entry in self.items:
            trust = inbox_trust(entry)
            item = QListWidgetItem(trust_icon(trust), self._text(entry), self.list)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, trust_words(trust))
            item.setToolTip(trust_words(trust))
            item.setData(ITEM_ROLE, entry.item_id)
            if wanted is not None and entry.item_id == wanted.item_id:
                self.list.setCurrentItem(item)
        if self.list.count() and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self._selected()
        good = [entry for entry in self.items if not entry.problem]
        emit(self.unread_changed, sum(1 for entry in good if entry.unread))
        seen, self._seen = self._seen, {entry.item_id for entry in self.items}
        new = [entry for entry in good if seen is not None and entry.item_id not in seen]
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
        is_files = entry is not None and (entry.access == FILES or bool(entry.problem))
        self.share_row.setVisible(entry is not None and not is_files)
        self.files_row.setVisible(is_files)
        self.open_button.setVisible(is_files)
        self.name.setText(entry.name if entry and not is_files else "")
        for button in (self.accept_button, self.decline_button, self.delete_button):
            button.setEnabled(entry is not None)
        for widget in (self.save_button, self.save_as_button, self.open_button, self.folder):
            widget.setEnabled(entry is not None and not entry.problem)
        self.detail.setText(self._detail(entry))

    def _detail(self, entry: InboxItem | None) -> str:
        if entry is None:
            return self.tr("Nothing here yet. Shares and files sent to you arrive here.")
        if entry.problem:
            return self.tr(
                "This message failed a check and is not opened: its sender could not be "
                "verified or its content was changed. You can only delete it."
            )
        return self.tr("Sender %1: key verified in their server's key log.").replace(
            "%1", entry.sender
        )

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

    def save_current(self) -> None:
        entry, folder = self._current(), self.folder.currentText().strip() or "/"
        if entry is None or not folder.startswith("/"):
            self.error.show_error(self.tr("Choose a folder of My files, such as /Documents."))
            return
        self.workers.run(
            self.backend.save_received,
            entry.item_id,
            folder,
            done=lambda paths: self._done(", ".join(paths)),
            failed=self.error.show_error,
        )

    def _choose_folder(self) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Save the files in"))
        return Path(chosen) if chosen else None

    def save_current_as(self) -> None:
        entry = self._current()
        folder = self.choose_folder() if entry is not None else None
        if entry is None or folder is None:
            return
        self.workers.run(
            self.backend.save_received_as,
            entry.item_id,
            folder,
            done=lambda paths: self._done(", ".join(str(p) for p in paths)),
            failed=self.error.show_error,
        )

    def open_current(self) -> None:
        """Open the delivery's files from the private open cache (0700 folder, 0600
        files, wiped on lock and quit); the message stays in the inbox."""
        entry = self._current()
        if entry is None or entry.problem:
            return
        self.workers.run(
            self._open_copy, entry.item_id, done=self._opened, failed=self.error.show_error
        )

    def _open_copy(self, item_id: str) -> list[Path]:
        fresh = Path(tempfile.mkdtemp(prefix="inbox-", dir=self.open_cache.folder()))
        return [self.open_cache.keep(path) for path in self.backend.open_received(item_id, fresh)]

    def _opened(self, paths: list[Path]) -> None:
        self.error.clear()
        for path in paths:
            self.open_url(QUrl.fromLocalFile(str(path)))

    def _say(self, line: str) -> None:
        self.error.clear()
        emit(self.notice, line)

    def _done(self, where: str) -> None:
        self.error.clear()
        emit(self.accepted, where)
        self.refresh()
