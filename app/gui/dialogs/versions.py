"""The versions of one file, newest first, with a button to restore the selected one.

Restoring writes the old content as a new version (nothing is overwritten), then lists
the versions again.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, Version
from app.gui.error_line import ErrorLine
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.window.file_model import human_size
from app.gui.workers import Workers

__all__ = ["VersionsDialog"]

NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1


class VersionsDialog(QDialog):
    restored = Signal(int)  # the number of the new current version

    def __init__(
        self,
        backend: Backend,
        workers: Workers,
        path: str,
        versions: list[Version],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.backend, self.workers, self.path = backend, workers, path
        self.setWindowTitle(self.tr("Versions of %1").replace("%1", path))
        self.setMinimumSize(460, 320)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Versions"))
        self.list.currentItemChanged.connect(self._selected)
        self.restore_button = QPushButton(icon("retry"), self.tr("Restore this version"), self)
        self.restore_button.setAccessibleName(self.tr("Restore the selected version"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.error = ErrorLine(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Restoring keeps every version: it adds the old content as new."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.show_versions(versions)

    def show_versions(self, versions: list[Version]) -> None:
        self.list.clear()
        for version in sorted(versions, key=lambda v: v.number, reverse=True):
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(version.modified))
            current = "  " + self.tr("(current)") if version.current else ""
            text = (
                self.tr("Version %1 — %2, %3")
                .replace("%1", str(version.number))
                .replace("%2", human_size(version.size))
                .replace("%3", when)
            )
            item = QListWidgetItem(text + current, self.list)
            item.setData(NUMBER_ROLE, version.number)
            item.setData(NUMBER_ROLE + 1, version.current)

    def _selected(self) -> None:
        item = self.list.currentItem()
        self.restore_button.setEnabled(item is not None and not item.data(NUMBER_ROLE + 1))

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or item.data(NUMBER_ROLE + 1):
            return
        self.restore_button.setEnabled(False)
        self.workers.run(
            self.backend.restore,
            self.path,
            int(item.data(NUMBER_ROLE)),
            done=self._restored,
            failed=self.error.show_error,
        )

    def _restored(self, number: int) -> None:
        self.error.clear()
        emit(self.restored, number)
        self.workers.run(
            self.backend.versions, self.path, done=self.show_versions, failed=self.error.show_error
        )
