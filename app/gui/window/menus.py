"""The main window's menus, toolbar buttons and status bar, and the dialogs they open:
share, versions, recovery phrase, change password, settings, about.

A mixin of `MainWindow` (main_window.py), which owns the widgets and state it reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolButton,
)

from app import __version__
from app.gui.backend.interface import AccountInfo, Backend, Version
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.account import ChangePasswordDialog, ShowPhraseDialog
from app.gui.dialogs.devices import AddDeviceDialog
from app.gui.dialogs.recovery_kit import RecoveryDrillDialog, SplitPhraseDialog
from app.gui.dialogs.settings import SettingsDialog
from app.gui.dialogs.share import ShareDialog
from app.gui.dialogs.versions import VersionsDialog
from app.gui.drive import DriveControl
from app.gui.error_line import ErrorLine
from app.gui.transfers.manager import TransfersModel
from app.gui.window.file_actions import FileActions
from app.gui.window.lock import IdleWatcher
from app.gui.window.notices import InboxNotices
from app.gui.window.offline import OfflineBanner
from app.gui.window.tray import NO_TRAY
from app.gui.workers import Workers
from app.services.errors import ServerUnreachableError

__all__ = ["WindowMenus"]

if TYPE_CHECKING:
    _WindowBase = QMainWindow
else:
    _WindowBase = object  # a plain mixin at run time; MainWindow brings QMainWindow


class WindowMenus(_WindowBase):
    """The menus, status bar and dialogs part of `MainWindow`."""

    backend: Backend
    workers: Workers
    account: AccountInfo
    settings: Settings
    keyring_problem: str | None
    idle: IdleWatcher
    notices: InboxNotices
    sidebar: QListWidget
    error: ErrorLine
    file_actions: FileActions
    toolbar: QHBoxLayout
    filter: QLineEdit
    transfers_model: TransfersModel
    drive: DriveControl
    offline: OfflineBanner
    previous_settings: Settings | None = None

    if TYPE_CHECKING:

        def refresh(self) -> None: ...

        def lock(self) -> None: ...

        def sign_out(self) -> None: ...

    def _status_bar(self) -> None:
        self.overall = QProgressBar(self)
        self.overall.setAccessibleName(self.tr("All transfers"))
        self.overall.setMaximumWidth(240)
        self.overall.hide()
        self.status_text = QLabel(self)
        self.notice = QLabel(self)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.notice_timer = QTimer(self)
        self.notice_timer.setSingleShot(True)
        self.notice_timer.timeout.connect(self.notice.clear)
        self.statusBar().addWidget(self.status_text)
        self.statusBar().addWidget(self.notice, 1)
        self.statusBar().addPermanentWidget(self.overall)
        self.transfers_model.overall_changed.connect(self._overall)

    def _menus(self) -> None:
        for key in ("new-folder", "upload"):
            button = QToolButton(self)
            button.setDefaultAction(self.file_actions.actions[key])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAccessibleName(self.file_actions.actions[key].text())
            self.toolbar.addWidget(button)
        self.toolbar.addWidget(self.filter)
        files = self.menuBar().addMenu(self.tr("&Files"))
        for action in self.file_actions.actions.values():
            files.addAction(action)
        files.addSeparator()
        files.addAction(self.tr("Open as drive"), self.drive.open)
        account = self.menuBar().addMenu(self.tr("&Account"))
        entries = (
            (self.tr("Show recovery phrase…"), self.show_phrase),
            (self.tr("Split my phrase…"), self.split_phrase),
            (self.tr("Check my phrase or shares…"), self.recovery_drill),
            (self.tr("Add a device…"), self.add_device),
            (self.tr("Change password…"), self.change_password),
            (self.tr("Settings…"), self.open_settings),
            (self.tr("Lock now"), self.lock),
            (self.tr("Sign out"), self.sign_out),
            (self.tr("About Privshare"), self.about),
        )
        for text, slot in entries:
            action = QAction(text, self)
            action.triggered.connect(slot)
            account.addAction(action)

    def open_share_dialog(self, path: str) -> ShareDialog:
        dialog = ShareDialog(self.backend, self.workers, path, self)
        dialog.finished.connect(lambda _code: self.refresh())
        dialog.open()
        return dialog

    def _show_versions(self, path: str, versions: list[Version]) -> VersionsDialog:
        dialog = VersionsDialog(self.backend, self.workers, path, versions, self)
        dialog.restored.connect(lambda _number: self.refresh())
        dialog.open()
        return dialog

    def _unread(self, count: int) -> None:
        item = self.sidebar.item(3)
        base = self.tr("Inbox")
        item.setText(f"{base} ({count})" if count else base)

    def show_notice(self, text: str, msecs: int = 15_000) -> None:
        """A passing message in the status bar, next to the item count."""
        self.notice.setText(text)
        self.notice_timer.start(msecs)

    def _overall(self, done: int, total: int) -> None:
        self.overall.setVisible(total > 0)
        self.overall.setRange(0, 1000)
        self.overall.setValue(int(1000 * done / total) if total else 0)

    def _keyring_checked(self, problem: str | None) -> None:
        self.keyring_problem = problem

    def show_phrase(self) -> ShowPhraseDialog:
        dialog = ShowPhraseDialog(self.backend, self.workers, self)
        dialog.open()
        return dialog

    def split_phrase(self) -> SplitPhraseDialog:
        dialog = SplitPhraseDialog(self.backend, self.workers, self)
        dialog.open()
        return dialog

    def recovery_drill(self) -> RecoveryDrillDialog:
        dialog = RecoveryDrillDialog(self.backend, self.workers, self)
        dialog.open()
        return dialog

    def add_device(self) -> AddDeviceDialog:
        dialog = AddDeviceDialog(self.backend, self.workers, self.account.address, self)
        dialog.open()
        return dialog

    def change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.backend, self.workers, self)
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self.keyring_problem, self)
        dialog.accepted.connect(
            lambda: self.apply_settings(dialog.settings(), dialog.proxy_secret())
        )
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings, proxy_password: str | None = None) -> None:
        if settings != self.settings:
            self.previous_settings = self.settings
        self.settings = settings
        self.idle.set_timeout(settings.lock_minutes * 60_000)
        self.workers.run(
            self.backend.apply_settings,
            settings,
            proxy_password or None,
            done=lambda _result: self._settings_applied(),
            failed=self._settings_failed,
        )

    def _settings_applied(self) -> None:
        if self.offline.offline:
            self.offline.retry()

    def _settings_failed(self, error: BaseException) -> None:
        if isinstance(error, ServerUnreachableError):
            self.went_offline(error, can_restore=self.previous_settings is not None)
        else:
            self.error.show_error(error)

    def restore_settings(self) -> None:
        """Back to the settings before the last change (the offline banner offers it)."""
        if self.previous_settings is not None:
            self.apply_settings(self.previous_settings)

    def went_offline(self, error: BaseException, *, can_restore: bool = False) -> None:
        self.offline.went_offline(error, can_restore=can_restore)

    def about(self) -> None:
        words = " ".join(self.account.check_words) or "—"
        QMessageBox.about(
            self,
            self.tr("About Privshare"),
            self.tr("Privshare %1\nAccount: %2\nServer: %3\nYour check words: %4\n%5")
            .replace("%1", __version__)
            .replace("%2", self.account.address)
            .replace("%3", self.account.server)
            .replace("%4", words)
            .replace("%5", "" if self.notices.notifier.available else NO_TRAY),
        )
