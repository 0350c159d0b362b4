"""Request files dialog: a link where anyone can drop files for a folder (`privshare request`).

"Create request" makes the link on a worker thread and copies its URL. Below, this
folder's requests with how many files were dropped; "Save received files…" decrypts them
into a local folder (`privshare collect`), and Revoke ends a request (docs/links.md).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, LinkRow
from app.gui.dialogs.link import EXPIRY_CHOICES
from app.gui.error_line import ErrorLine
from app.gui.theme import icon
from app.gui.workers import Workers

__all__ = ["RequestDialog"]


class RequestDialog(QDialog):
    def __init__(
        self, backend: Backend, workers: Workers, path: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.backend, self.workers, self.path = backend, workers, path
        self.choose_folder = self._choose_folder  # tests replace it
        self.setWindowTitle(self.tr("Request files for %1").replace("%1", path))
        self.setMinimumWidth(560)
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.title = QLineEdit(path_name(self.path), self)
        self.title.setAccessibleName(self.tr("What the page asks for"))
        self.expiry = QComboBox(self)
        for text, seconds in EXPIRY_CHOICES:
            self.expiry.addItem(QCoreApplication.translate("LinkDialog", text), seconds)
        self.expiry.setAccessibleName(self.tr("Expires"))
        self.create_button = QPushButton(icon("inbox"), self.tr("Create request"), self)
        self.create_button.setObjectName("PrimaryButton")
        self.create_button.clicked.connect(self.create_request)
        self.url = QLineEdit(self)
        self.url.setReadOnly(True)
        self.url.setAccessibleName(self.tr("Request link"))
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.existing = QListWidget(self)
        self.existing.setAccessibleName(self.tr("Requests for this folder"))
        self.save_button = QPushButton(self.tr("Save received files…"), self)
        self.save_button.clicked.connect(self.save_selected)
        self.revoke_button = QPushButton(self.tr("Revoke"), self)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.error = ErrorLine(self)
        form = QFormLayout()
        form.addRow(self.tr("Asking for"), self.title)
        form.addRow(self.tr("Expires"), self.expiry)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.create_button)
        layout.addWidget(self.url)
        layout.addWidget(self.notice)
        layout.addWidget(QLabel(self.tr("Requests for this folder"), self))
        layout.addWidget(self.existing)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def create_request(self) -> None:
        self.error.clear()
        self.create_button.setEnabled(False)
        self.workers.run(
            self.backend.create_request,
            self.path,
            self.title.text().strip() or None,
            self.expiry.currentData(),
            done=self._created,
            failed=self._failed,
        )

    def _created(self, url: object) -> None:
        self.create_button.setEnabled(True)
        self.url.setText(str(url))
        QGuiApplication.clipboard().setText(str(url))
        self.notice.setText(
            self.tr(
                "Copied. Anyone with this link can send files; only you can open them. "
                "Save them below when they have arrived."
            )
        )
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.error.show_error(error)

    def refresh(self) -> None:
        self.workers.run(self.backend.links, done=self._show, failed=self.error.show_error)

    def _show(self, rows: object) -> None:
        self.existing.clear()
        assert isinstance(rows, list)
        for row in rows:
            if isinstance(row, LinkRow) and row.mode == "request" and row.path == self.path:
                if row.state in ("revoked", "pending"):
                    continue
                state = QCoreApplication.translate("Links", row.state)
                received = self.tr("%1: %n file(s) received", "", row.drops).replace("%1", state)
                item = QListWidgetItem(f"{received} — {row.link_id}")
                item.setData(Qt.ItemDataRole.UserRole, row.link_id)
                self.existing.addItem(item)

    def _selected(self) -> str | None:
        item = self.existing.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _choose_folder(self) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Save received files in"))
        return Path(chosen) if chosen else None

    def save_selected(self) -> None:
        link_id = self._selected()
        folder = self.choose_folder() if link_id else None
        if link_id is None or folder is None:
            return
        self.workers.run(
            self.backend.collect_request,
            link_id,
            folder,
            done=self._saved,
            failed=self.error.show_error,
        )

    def _saved(self, counts: object) -> None:
        saved, rejected = counts if isinstance(counts, tuple) else (0, 0)
        text = self.tr("Saved %n file(s).", "", saved)
        if rejected:
            text += " " + self.tr(
                "%n upload(s) did not verify and were not saved (they stay on the server).",
                "",
                rejected,
            )
        self.notice.setText(text)
        self.refresh()

    def revoke_selected(self) -> None:
        link_id = self._selected()
        if link_id is not None:
            self.workers.run(
                self.backend.revoke_link,
                link_id,
                done=lambda _: self.refresh(),
                failed=self.error.show_error,
            )


def path_name(path: str) -> str:
    return path.rstrip("/").rpartition("/")[2] or "Privshare"
