"""Lock after N idle minutes: an application-wide idle timer and the lock screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.gui.backend.interface import Backend
from app.gui.error_line import ErrorLine
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.workers import Workers, serial_workers

__all__ = ["IdleWatcher", "LockScreen"]

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits `idle` after `timeout_ms` without keyboard, mouse or touch input."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_timeout(timeout_ms)

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.setInterval(timeout_ms)
        self.timer.start()

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT and self.timer.isActive():
            self.timer.start()
        return False


class LockScreen(QWidget):
    """Asks for the password; `unlocked` once the backend accepted it.

    Locking and unlocking run on the program's one-thread queue (`serial`), never in the
    window's pool: a lock must not wait behind transfers that hold every worker
    (the keys would stay in memory), and an unlock typed right after a lock must not
    overtake it (the late lock would close the vault under the unlocked window, or
    in the middle of the unlock's login, which then fails).
    """

    unlocked = Signal()
    settings_requested = Signal()
    recover_requested = Signal()

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("LockScreen")
        self.backend, self.workers = backend, workers
        self.serial = serial_workers()
        badge = QLabel(self)
        badge.setPixmap(icon("lock").pixmap(64, 64))
        title = QLabel(self.tr("Privshare is locked"), self)
        title.setObjectName("PageTitle")
        self.account = QLabel(self)
        self.account.setAccessibleName(self.tr("Account"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setMinimumWidth(280)
        self.password.returnPressed.connect(self.try_unlock)
        self.button = QPushButton(self.tr("Unlock"), self)
        self.button.setObjectName("PrimaryButton")
        self.button.setAccessibleName(self.tr("Unlock"))
        self.button.clicked.connect(self.try_unlock)
        self.error = ErrorLine(self)
        self.button.setMaximumWidth(320)
        self.error.setMinimumWidth(400)
        self.error.setMaximumWidth(480)
        self.settings_button = QPushButton(self.tr("Connection settings…"), self)
        self.settings_button.setFlat(True)
        self.settings_button.setAccessibleName(self.tr("Connection settings"))
        self.settings_button.clicked.connect(lambda: emit(self.settings_requested))
        self.forgot_button = QPushButton(self.tr("Forgot password? Use your 24 words"), self)
        self.forgot_button.setFlat(True)
        self.forgot_button.setAccessibleName(self.tr("Recover with your 24 words"))
        self.forgot_button.clicked.connect(lambda: emit(self.recover_requested))
        self.forgot_button.hide()  # shown where a recovery can be started
        self.other_button = QPushButton(self.tr("Use another account…"), self)
        self.other_button.setFlat(True)
        self.other_button.setAccessibleName(self.tr("Use another account"))
        self.other_button.clicked.connect(self.show_other_account)
        self.other_account = QLabel(self)  # one profile folder holds one account
        self.other_account.setAccessibleName(self.tr("How to use another account"))
        self.other_account.setWordWrap(True)
        self.other_account.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.other_account.setFixedWidth(440)  # a wrapped label sized by its text is cut off
        self.other_account.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.other_account.hide()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (badge, title, self.account, self.password, self.button, self.error):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.forgot_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.other_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.other_account, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_other_account(self) -> None:
        """How to open another account: Privshare opens one profile folder per run, so a
        new folder keeps this account's vault out of reach of the other one."""
        text = self.tr(
            "Each account lives in its own profile folder. To sign in to, create or "
            "recover another one (this one stays as it is), start Privshare on a new "
            "folder: {command}"
        )
        self.other_account.setText(text.format(command="privshare --profile NEW-FOLDER gui"))
        self.other_account.show()

    def lock_backend(self) -> None:
        """Forget the keys now, ahead of any unlock asked for after this."""
        self.serial.run(self.backend.lock, failed=self.error.show_error)

    def try_unlock(self) -> None:
        password = self.password.text()
        if not password:
            return
        self.button.setEnabled(False)
        self.serial.run(self.backend.unlock, password, done=self._unlocked, failed=self._failed)

    def _unlocked(self, _result: object) -> None:
        self.password.clear()
        self.error.clear()
        self.button.setEnabled(True)
        emit(self.unlocked)

    def _failed(self, error: BaseException) -> None:
        self.password.selectAll()
        self.button.setEnabled(True)
        self.error.show_error(error)
