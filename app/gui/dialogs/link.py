"""Copy link dialog: a browser link to a file or folder, with the options of `privshare link`.

Password (optional), expiry and a download limit; "Create link" re-encrypts the item for
the link on a worker thread and puts the URL on the clipboard. Below, this item's links
with their state and a Revoke button (server_stub/LINKS.md, docs/links.md).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, LinkRow
from app.gui.error_line import ErrorLine
from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.theme import icon
from app.gui.workers import Workers

__all__ = ["EXPIRY_CHOICES", "LinkDialog"]

EXPIRY_CHOICES = (
    (QT_TRANSLATE_NOOP("LinkDialog", "Never"), None),
    (QT_TRANSLATE_NOOP("LinkDialog", "In 1 hour"), 3600),
    (QT_TRANSLATE_NOOP("LinkDialog", "In 1 day"), 86400),
    (QT_TRANSLATE_NOOP("LinkDialog", "In 7 days"), 7 * 86400),
    (QT_TRANSLATE_NOOP("LinkDialog", "In 30 days"), 30 * 86400),
)


class LinkDialog(QDialog):
    def __init__(
        self, backend: Backend, workers: Workers, path: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.backend, self.workers, self.path = backend, workers, path
        self.setWindowTitle(self.tr("Copy link to %1").replace("%1", path))
        self.setMinimumWidth(560)
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.use_password = QCheckBox(self.tr("Protect with a password"), self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Link password"))
        self.password.setEnabled(False)
        self.use_password.toggled.connect(self.password.setEnabled)
        self.expiry = QComboBox(self)
        for text, seconds in EXPIRY_CHOICES:
            self.expiry.addItem(QCoreApplication.translate("LinkDialog", text), seconds)
        self.expiry.setAccessibleName(self.tr("Expires"))
        self.max_downloads = QSpinBox(self)
        self.max_downloads.setRange(0, 1_000_000)
        self.max_downloads.setSpecialValueText(self.tr("No limit"))
        self.max_downloads.setAccessibleName(self.tr("Download limit"))
        self.create_button = QPushButton(icon("share"), self.tr("Create link"), self)
        self.create_button.setObjectName("PrimaryButton")
        self.create_button.clicked.connect(self.create_link)
        self.url = QLineEdit(self)
        self.url.setReadOnly(True)
        self.url.setAccessibleName(self.tr("Link"))
        self.url.setPlaceholderText(self.tr("The link appears here, and is copied"))
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.existing = QListWidget(self)
        self.existing.setAccessibleName(self.tr("Links to this item"))
        self.revoke_button = QPushButton(self.tr("Revoke"), self)
        self.revoke_button.setAccessibleName(self.tr("Revoke the selected link"))
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.error = ErrorLine(self)
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout()
        password_row = QHBoxLayout()
        password_row.addWidget(self.use_password)
        password_row.addWidget(self.password, 1)
        form.addRow(password_row)
        form.addRow(self.tr("Expires"), self.expiry)
        form.addRow(self.tr("Downloads"), self.max_downloads)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.create_button)
        layout.addLayout(url_row)
        layout.addWidget(self.notice)
        layout.addWidget(QLabel(self.tr("Links to this item"), self))
        layout.addWidget(self.existing)
        layout.addWidget(self.revoke_button)
        layout.addWidget(self.error)

    def create_link(self) -> None:
        password = self.password.text() if self.use_password.isChecked() else None
        if password is not None and not password:
            self.error.show_error(self.tr("Type a password, or untick the password box."))
            return
        self.error.clear()
        self.create_button.setEnabled(False)
        self.notice.setText(self.tr("Encrypting a copy for the link…"))
        limit = self.max_downloads.value() or None
        self.workers.run(
            self.backend.create_link,
            self.path,
            password,
            self.expiry.currentData(),
            limit,
            done=self._created,
            failed=self._failed,
        )

    def _created(self, url: object) -> None:
        self.create_button.setEnabled(True)
        self.url.setText(str(url))
        self.copy_button.setEnabled(True)
        self.copy()
        text = self.tr("Copied. Anyone with this link can open it in a browser.")
        if self.use_password.isChecked():
            text = self.tr(
                "Copied. Anyone with this link and the password can open it in a browser: "
                "send the password another way."
            )
        self.notice.setText(text)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.notice.clear()
        self.error.show_error(error)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.url.text())

    def refresh(self) -> None:
        self.workers.run(self.backend.links, done=self._show_links, failed=self.error.show_error)

    def _show_links(self, rows: object) -> None:
        self.existing.clear()
        assert isinstance(rows, list)
        for row in rows:
            if not isinstance(row, LinkRow) or row.state in ("revoked", "pending"):
                continue
            if row.path == self.path and row.mode == "download":
                item = QListWidgetItem(_describe(row))
                item.setData(Qt.ItemDataRole.UserRole, row.link_id)
                self.existing.addItem(item)

    def revoke_selected(self) -> None:
        item = self.existing.currentItem()
        if item is None:
            return
        self.workers.run(
            self.backend.revoke_link,
            item.data(Qt.ItemDataRole.UserRole),
            done=lambda _: self.refresh(),
            failed=self.error.show_error,
        )


def _describe(row: LinkRow) -> str:
    translate = QCoreApplication.translate
    if row.max_downloads:
        text = translate("LinkDialog", "%1: %2 of %3 downloads").replace(
            "%3", str(row.max_downloads)
        )
    else:
        text = translate("LinkDialog", "%1: %2 downloads")
    text = text.replace("%1", translate("Links", row.state)).replace("%2", str(row.downloads))
    if row.password:
        text = translate("LinkDialog", "%1, password").replace("%1", text)
    return f"{text} — {row.link_id}"
