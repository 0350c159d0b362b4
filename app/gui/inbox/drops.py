"""Drop inboxes: addresses to hand out that take files without naming the account
(app/services/sharing/drops.py). Create one (label, expiry, size limit), copy its
address, revoke it (the server then refuses every delivery)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, DropRow
from app.gui.error_line import ErrorLine
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.window.file_model import human_size
from app.gui.workers import Workers

__all__ = ["CreateDropDialog", "DropsPanel"]

ADDRESS_ROLE = Qt.ItemDataRole.UserRole + 1
DAY = 86_400


class CreateDropDialog(QDialog):
    """Label, expiry in days (0: never) and size limit in MiB (0: the server's)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create a drop inbox"))
        self.setMinimumWidth(480)
        self.label = QLineEdit(self)
        self.label.setAccessibleName(self.tr("Label"))
        self.label.setPlaceholderText(self.tr("e.g. tax papers (only you see it)"))
        self.days = QSpinBox(self)
        self.days.setAccessibleName(self.tr("Expires after days"))
        self.days.setRange(0, 3650)
        self.days.setSpecialValueText(self.tr("never"))
        self.days.setSuffix(self.tr(" days"))
        self.limit = QSpinBox(self)
        self.limit.setAccessibleName(self.tr("Size limit per delivery in MiB"))
        self.limit.setRange(0, 16)
        self.limit.setSpecialValueText(self.tr("no limit"))
        self.limit.setSuffix(self.tr(" MiB"))
        form = QFormLayout()
        form.addRow(self.tr("Label"), self.label)
        form.addRow(self.tr("Expires after"), self.days)
        form.addRow(self.tr("Largest delivery"), self.limit)
        note = QLabel(
            self.tr(
                "Anyone with a Privshare account and this inbox's address can send you "
                "files here without knowing your name. The label and limits stay with you."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create"))
        self.ok_button.setAccessibleName(self.tr("Create"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(cancel.text())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.label.setFocus()

    def choice(self) -> tuple[str, float | None, int | None]:
        days, mib = self.days.value(), self.limit.value()
        return self.label.text().strip(), days * DAY if days else None, mib << 20 if mib else None


class DropsPanel(QWidget):
    created = Signal(str)  # the new drop inbox's address (also on the clipboard)

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.confirm: Callable[[str], bool] = self._confirm
        self.dialog: CreateDropDialog | None = None
        self.rows: list[DropRow] = []
        title = QLabel(self.tr("Drop inboxes — addresses that do not name you"), self)
        title.setObjectName("SectionTitle")
        title.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Drop inboxes"))
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        self.create_button = QPushButton(self.tr("Create a drop inbox…"), self)
        self.copy_button = QPushButton(self.tr("Copy address"), self)
        self.revoke_button = QPushButton(self.tr("Revoke"), self)
        for button in (self.create_button, self.copy_button, self.revoke_button):
            button.setAccessibleName(button.text())
        self.create_button.clicked.connect(self.open_create)
        self.copy_button.clicked.connect(self.copy_current)
        self.revoke_button.clicked.connect(self.revoke_current)
        self.error = ErrorLine(self)
        row = QHBoxLayout()
        for button in (self.create_button, self.copy_button, self.revoke_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self._enable()

    def refresh(self) -> None:
        self.workers.run(self.backend.drops, done=self.show_rows, failed=self.error.show_error)

    def show_rows(self, rows: list[DropRow]) -> None:
        self.rows = list(rows)
        self.list.clear()
        now = time.time()
        for drop in self.rows:
            if drop.expires is None:
                expiry = self.tr("no expiry")
            elif drop.expires <= now:
                expiry = self.tr("expired")
            else:
                when = time.strftime("%Y-%m-%d", time.localtime(drop.expires))
                expiry = self.tr("until %1").replace("%1", when)
            limit = (
                self.tr(", at most %1").replace("%1", human_size(drop.max_bytes))
                if drop.max_bytes
                else ""
            )
            name = drop.label or self.tr("(no label)")
            item = QListWidgetItem(
                icon("inbox"), f"{name} — {expiry}{limit}\n{drop.address}", self.list
            )
            item.setData(ADDRESS_ROLE, drop.address)
            item.setToolTip(drop.address)
        self._enable()

    def _current(self) -> str:
        item = self.list.currentItem()
        return "" if item is None else str(item.data(ADDRESS_ROLE))

    def _enable(self) -> None:
        chosen = bool(self._current())
        self.copy_button.setEnabled(chosen)
        self.revoke_button.setEnabled(chosen)

    def open_create(self) -> CreateDropDialog:
        self.dialog = CreateDropDialog(self)
        self.dialog.accepted.connect(self._create_chosen)
        self.dialog.open()
        return self.dialog

    def _create_chosen(self) -> None:
        if self.dialog is None:
            return
        label, expires_in, max_bytes = self.dialog.choice()
        self.error.clear()
        self.workers.run(
            self.backend.create_drop,
            label,
            expires_in,
            max_bytes,
            done=self._created,
            failed=self.error.show_error,
        )

    def _created(self, drop: DropRow) -> None:
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(drop.address)
        emit(self.created, drop.address)
        self.refresh()

    def copy_current(self) -> None:
        address = self._current()
        clipboard = QApplication.clipboard()
        if address and clipboard is not None:
            clipboard.setText(address)

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Privshare"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def revoke_current(self) -> None:
        address = self._current()
        row = next((r for r in self.rows if r.address == address), None)
        if row is None:
            return
        question = self.tr(
            "Revoke “%1”? Deliveries to it are refused from now on, and %n unsaved "
            "delivery(ies) in it are deleted.",
            "",
            row.waiting,
        )
        name = row.label or row.address
        if not self.confirm(question.replace("%1", name)):
            return
        self.workers.run(
            self.backend.revoke_drop,
            address,
            done=lambda _: self.refresh(),
            failed=self.error.show_error,
        )
