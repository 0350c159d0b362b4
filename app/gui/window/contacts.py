"""People to send files to: whom I shared with and who sent me things. Dropping files
on a person (or "Send files…") delivers them into their inbox, encrypted for them
(`privshare send`); a busy bar runs meanwhile and a failure says so in one line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend
from app.gui.error_line import ErrorLine
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.workers import Workers

__all__ = ["ContactList", "ContactsPanel"]

ADDRESS_ROLE = Qt.ItemDataRole.UserRole + 1


def _local_files(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if path.is_file()]


class ContactList(QListWidget):
    """The list of people; a drop of local files on a row emits `files_dropped`."""

    files_dropped = Signal(str, list)  # address, [Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def _address_at(self, position: QPoint) -> str:
        item = self.itemAt(position)
        return "" if item is None else str(item.data(ADDRESS_ROLE))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if _local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        item = self.itemAt(event.position().toPoint())
        if item is not None and _local_files(event):
            self.setCurrentItem(item)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        address, files = self._address_at(event.position().toPoint()), _local_files(event)
        if not address or not files:
            event.ignore()
            return
        event.acceptProposedAction()
        emit(self.files_dropped, address, files)


class ContactsPanel(QWidget):
    sent = Signal(str)  # a line saying what was delivered to whom

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.choose_files: Callable[[], list[Path]] = self._choose_files
        self.sending = 0
        title = QLabel(self.tr("People — drop files on someone to send them"), self)
        title.setObjectName("SectionTitle")
        title.setWordWrap(True)
        self.list = ContactList(self)
        self.list.setAccessibleName(self.tr("People"))
        self.list.files_dropped.connect(self.send)
        self.list.currentItemChanged.connect(self._selected)
        self.address = QLineEdit(self)
        self.address.setAccessibleName(self.tr("Send to"))
        self.address.setPlaceholderText(self.tr("name#host or drop:…#host"))
        self.send_button = QPushButton(self.tr("Send files…"), self)
        self.send_button.setAccessibleName(self.send_button.text())
        self.send_button.clicked.connect(self.send_chosen)
        self.busy = QProgressBar(self)
        self.busy.setAccessibleName(self.tr("Sending"))
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Send status"))
        self.error = ErrorLine(self)
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.error)

    def refresh(self) -> None:
        self.workers.run(
            self.backend.contacts, done=self.show_contacts, failed=self.error.show_error
        )

    def show_contacts(self, people: list[str]) -> None:
        current = self.address.text().strip()
        self.list.clear()
        for address in people:
            item = QListWidgetItem(icon("account"), address, self.list)  # no claim made
            item.setData(ADDRESS_ROLE, address)
            item.setToolTip(self.tr("Drop files here to send them to %1").replace("%1", address))
        self.address.setText(current)

    def _selected(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.address.setText(str(item.data(ADDRESS_ROLE)))

    def _choose_files(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Send files"))
        return [Path(name) for name in names]

    def send_chosen(self) -> None:
        address = self.address.text().strip()
        if not address:
            self.error.show_error(self.tr("Choose a person, or type an address (name#host)."))
            return
        files = self.choose_files()
        if files:
            self.send(address, files)

    def send(self, address: str, files: Sequence[Path]) -> None:
        count = len(files)
        self.error.clear()
        self.sending += 1
        self.busy.show()
        self.status.setText(self.tr("Sending %n file(s) to %1…", "", count).replace("%1", address))
        self.workers.run(
            self.backend.send_files,
            address,
            list(files),
            done=lambda _: self._sent(address, count),
            failed=self._failed,
        )

    def _sent(self, address: str, count: int) -> None:
        self._idle()
        line = self.tr("Sent %n file(s) to %1.", "", count).replace("%1", address)
        self.status.setText(line)
        emit(self.sent, line)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._idle()
        self.status.clear()
        self.error.show_error(error)

    def _idle(self) -> None:
        self.sending = max(0, self.sending - 1)
        self.busy.setVisible(self.sending > 0)
