"""The offline banner: shown while the account's server does not answer (it is down, or a
connection setting cannot reach it). It says so in one line, keeps trying on its own
every few seconds, and offers Retry now, Settings… and, after a settings change, going
back to the previous settings. Nothing is locked meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.gui.backend.interface import Backend
from app.gui.error_line import describe
from app.gui.signals import emit
from app.gui.workers import Workers

__all__ = ["OfflineBanner"]

RETRY_MS = 5_000


class OfflineBanner(QFrame):
    """Hidden while online; `went_offline(error)` shows it and starts the retries."""

    reconnected = Signal()
    settings_requested = Signal()
    restore_requested = Signal()

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OfflineBanner")
        self.backend, self.workers = backend, workers
        self.server = ""  # the account's server, named in the text
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(self.tr("Connection state"))
        self.retry_button = QPushButton(self.tr("Retry now"), self)
        self.retry_button.setAccessibleName(self.tr("Retry now"))
        self.retry_button.clicked.connect(self.retry)
        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.settings_button.setAccessibleName(self.tr("Connection settings"))
        self.settings_button.clicked.connect(lambda: emit(self.settings_requested))
        self.restore_button = QPushButton(self.tr("Use the previous settings"), self)
        self.restore_button.setAccessibleName(self.tr("Use the previous settings"))
        self.restore_button.clicked.connect(lambda: emit(self.restore_requested))
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        for button in (self.retry_button, self.settings_button, self.restore_button):
            row.addWidget(button)
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.retry)
        self._trying = False
        self.hide()

    @property
    def offline(self) -> bool:
        return not self.isHidden()

    def went_offline(self, error: BaseException, *, can_restore: bool = False) -> None:
        line, detail = describe(error)
        server = self.server or self.tr("your server")
        self.text.setText(
            self.tr("Offline: %1 does not answer. Privshare keeps trying.").replace("%1", server)
        )
        self.text.setToolTip("\n".join(part for part in (line, detail) if part))
        self.restore_button.setVisible(can_restore)
        self.show()
        self.timer.start()

    def pause(self) -> None:
        """While locked: no retries."""
        self.timer.stop()

    def resume(self) -> None:
        if self.offline:
            self.timer.start()

    def retry(self) -> None:
        if self._trying:
            return
        self._trying = True
        self.workers.run(self.backend.reconnect, done=self._back, failed=self._still_offline)

    def _back(self, _result: object) -> None:
        self._trying = False
        if self.offline:
            self.timer.stop()
            self.hide()
            emit(self.reconnected)

    def _still_offline(self, error: BaseException) -> None:
        self._trying = False
        if self.offline:
            self.went_offline(error, can_restore=self.restore_button.isVisibleTo(self))
