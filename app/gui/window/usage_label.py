"""Storage used in the status bar ("2.1 GiB of 10.0 GiB used"): the server's count of
the account's ciphertext (every kept version and the trash) against its quota."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel, QWidget

from app.gui.backend.interface import Backend
from app.gui.backend.usage import StorageUsed
from app.gui.window.file_model import human_size
from app.gui.workers import Workers

__all__ = ["UsageLabel"]


class UsageLabel(QLabel):
    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.used: StorageUsed | None = None
        self.setAccessibleName(self.tr("Storage used"))
        self._asked = 0

    def refresh(self) -> None:
        self._asked += 1
        asked = self._asked
        self.workers.run(
            self.backend.storage_used,
            done=lambda used: self._shown(asked, used),
            failed=lambda _error: None,  # offline: the banner says so; the old line stays
        )

    def _shown(self, asked: int, used: StorageUsed) -> None:
        if asked != self._asked:
            return
        self.used = used
        text = self.tr("%1 of %2 used")
        self.setText(
            text.replace("%1", human_size(used.used_bytes)).replace("%2", human_size(used.quota))
        )
        percent = 100 * used.used_bytes / used.quota if used.quota else 100.0
        locale = QLocale()
        self.setToolTip(
            self.tr("%1 of %2 bytes (%3%), encrypted: every kept version and the trash")
            .replace("%1", locale.toString(used.used_bytes))
            .replace("%2", locale.toString(used.quota))
            .replace("%3", locale.toString(percent, "f", 1))
        )
