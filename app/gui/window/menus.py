"""The main window's menus, toolbar buttons and status bar, and the dialogs they open:
share, versions, recovery phrase, change password, settings, about.

`WindowMenus` is given the window (main_window.py) and builds them onto it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QToolButton,
)

from app import __version__
from app.gui.backend.interface import Version
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.account import ChangePasswordDialog, ShowPhraseDialog
from app.gui.dialogs.devices import AddDeviceDialog
from app.gui.dialogs.devices_sessions import DevicesSessionsDialog
from app.gui.dialogs.recovery_kit import RecoveryDrillDialog, SplitPhraseDialog
from app.gui.dialogs.settings import SettingsDialog
from app.gui.dialogs.share import ShareDialog
from app.gui.dialogs.versions import VersionsDialog
from app.gui.window.activity_dialog import ActivityDialog
from app.gui.window.tray import NO_TRAY
from app.services.errors import ServerUnreachableError

__all__ = ["WindowMenus"]

if TYPE_CHECKING:
    from app.gui.window.main_window import MainWindow


class WindowMenus(QObject):
    """The menus, status bar and dialogs of `window`."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.previous_settings: Settings | None = None
        self._status_bar()
        self._menus()

    def _status_bar(self) -> None:
        window = self.window
        self.overall = QProgressBar(window)
        self.overall.setAccessibleName(self.tr("All transfers"))
        self.overall.setMaximumWidth(240)
        self.overall.hide()
        self.status_text = QLabel(window)
        self.notice = QLabel(window)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.notice.setOpenExternalLinks(True)
        self.notice_timer = QTimer(self)
        self.notice_timer.setSingleShot(True)
        self.notice_timer.timeout.connect(self.notice.clear)
        window.statusBar().addWidget(self.status_text)
        window.statusBar().addWidget(self.notice, 1)
        window.statusBar().addPermanentWidget(self.overall)
        window.transfers_model.overall_changed.connect(self._overall)

    def _menus(self) -> None:
        window = self.window
        for key in ("new-folder", "upload", "upload-folder"):
            button = QToolButton(window)
            button.setDefaultAction(window.file_actions.actions[key])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAccessibleName(window.file_actions.actions[key].text())
            window.files.toolbar.addWidget(button)
        window.files.toolbar.addWidget(window.files.filter)
        files = window.menuBar().addMenu(self.tr("&Files"))
        self.files_menu: QMenu = files
        for action in window.file_actions.actions.values():
            files.addAction(action)
        files.addSeparator()
        go: tuple[tuple[str, tuple[str, ...], Callable[[], object]], ...] = (
            (self.tr("Go up"), ("Alt+Up", "Backspace"), window.go_up),
            (self.tr("Refresh"), ("F5",), window.files.refresh),
            (self.tr("Find…"), ("Ctrl+F",), window.focus_filter),
            (self.tr("Open as drive"), (), window.drive.open),
            (self.tr("Activity…"), ("Ctrl+Shift+Y",), self.show_activity),
        )
        for text, shortcuts, slot in go:
            files.addAction(self._action(text, shortcuts, slot))
        account = window.menuBar().addMenu(self.tr("&Account"))
        entries: tuple[tuple[str, tuple[str, ...], Callable[[], object]], ...] = (
            (self.tr("Show recovery phrase…"), (), self.show_phrase),
            (self.tr("Split my phrase…"), (), self.split_phrase),
            (self.tr("Check my phrase or shares…"), (), self.recovery_drill),
            (self.tr("Add a device…"), (), self.add_device),
            (self.tr("Devices & sessions…"), (), self.devices_and_sessions),
            (self.tr("Change password…"), (), self.change_password),
            (self.tr("Lock now"), ("Ctrl+L",), window.lock),
            (self.tr("Sign out"), (), window.sign_out),
            (self.tr("Quit"), ("Ctrl+Q",), window.quit),
        )
        for text, shortcuts, slot in entries:
            account.addAction(self._action(text, shortcuts, slot))
        edit = QMenu(self.tr("&Edit"), window)
        window.menuBar().insertMenu(account.menuAction(), edit)
        preferences = self._action(self.tr("Preferences…"), ("Ctrl+,",), self.open_settings)
        platform = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        preferences.setShortcuts(
            platform or preferences.shortcuts()
        )  # empty on most Linux desktops
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit.addAction(preferences)
        help_menu = window.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("About Privshare"), (), self.about))

    def _action(self, text: str, shortcuts: tuple[str, ...], slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(shortcut) for shortcut in shortcuts])
        action.triggered.connect(slot)
        self.window.addAction(action)  # the shortcut works while the menu bar is closed
        return action

    def open_share_dialog(self, path: str) -> ShareDialog:
        window = self.window
        dialog = ShareDialog(
            window.backend, window.workers, path, window, own_host=window.account.server
        )
        dialog.finished.connect(lambda _code: self.window.files.refresh())
        dialog.open()
        return dialog

    def show_versions(self, path: str, versions: list[Version]) -> VersionsDialog:
        dialog = VersionsDialog(
            self.window.backend, self.window.workers, path, versions, self.window
        )
        dialog.restored.connect(lambda _number: self.window.files.refresh())
        dialog.open()
        return dialog

    def show_unread(self, count: int) -> None:
        item = self.window.sidebar.item(3)
        base = self.tr("Inbox")
        item.setText(f"{base} ({count})" if count else base)

    def show_count(self, count: int) -> None:
        if self.window.pages.currentWidget() is not self.window.files:
            return  # a listing that ends after leaving the files page says nothing
        text = self.tr("1 item") if count == 1 else self.tr("%n items", "", count)
        self.status_text.setText(text)

    def show_saved(self, path: Path) -> None:
        """Where a download went, with a link that opens its folder."""
        folder = QUrl.fromLocalFile(str(path.parent)).toString()
        text = self.tr("Saved “%1” in %2").replace("%1", path.name).replace("%2", str(path.parent))
        link = self.tr("Show in folder")
        self.show_notice(f'{html.escape(text)} — <a href="{html.escape(folder)}">{link}</a>')

    def show_notice(self, text: str, msecs: int = 15_000) -> None:
        """A passing message in the status bar, next to the item count."""
        self.notice.setText(text)
        self.notice_timer.start(msecs)

    def _overall(self, done: int, total: int) -> None:
        self.overall.setVisible(total > 0)
        self.overall.setRange(0, 1000)
        self.overall.setValue(int(1000 * done / total) if total else 0)

    def keyring_checked(self, problem: str | None) -> None:
        self.window.keyring_problem = problem

    def show_phrase(self) -> ShowPhraseDialog:
        dialog = ShowPhraseDialog(self.window.backend, self.window.workers, self.window)
        dialog.open()
        return dialog

    def split_phrase(self) -> SplitPhraseDialog:
        dialog = SplitPhraseDialog(self.window.backend, self.window.workers, self.window)
        dialog.open()
        return dialog

    def recovery_drill(self) -> RecoveryDrillDialog:
        dialog = RecoveryDrillDialog(self.window.backend, self.window.workers, self.window)
        dialog.open()
        return dialog

    def add_device(self) -> AddDeviceDialog:
        window = self.window
        dialog = AddDeviceDialog(window.backend, window.workers, window.account.address, window)
        dialog.open()
        return dialog

    def change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.window.backend, self.window.workers, self.window)
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        trash_days = self.window.organise.trash_days
        dialog = SettingsDialog(
            self.window.settings, self.window.keyring_problem, self.window, trash_days=trash_days
        )
        dialog.accepted.connect(
            lambda: self.apply_settings(dialog.settings(), dialog.proxy_secret())
        )
        dialog.accepted.connect(lambda: self.window.organise.keep_trash(dialog.trash_days.value()))
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings, proxy_password: str | None = None) -> None:
        window = self.window
        if settings != window.settings:
            self.previous_settings = window.settings
        window.settings = settings
        window.idle.set_timeout(settings.lock_minutes * 60_000)
        window.workers.run(
            window.backend.apply_settings,
            settings,
            proxy_password or None,
            done=lambda _result: self._settings_applied(),
            failed=self._settings_failed,
        )

    def _settings_applied(self) -> None:
        if self.window.offline.offline:
            self.window.offline.retry()

    def _settings_failed(self, error: BaseException) -> None:
        if isinstance(error, ServerUnreachableError):
            self.window.offline.went_offline(error, can_restore=self.previous_settings is not None)
        else:
            self.window.files.error.show_error(error)

    def restore_settings(self) -> None:
        """Back to the settings before the last change (the offline banner offers it)."""
        if self.previous_settings is not None:
            self.apply_settings(self.previous_settings)

    def about(self) -> None:
        words = " ".join(self.window.account.check_words) or "—"
        QMessageBox.about(
            self.window,
            self.tr("About Privshare"),
            self.tr("Privshare %1\nAccount: %2\nServer: %3\nYour check words: %4\n%5")
            .replace("%1", __version__)
            .replace("%2", self.window.account.address)
            .replace("%3", self.window.account.server)
            .replace("%4", words)
            .replace("%5", "" if self.window.notices.notifier.available else NO_TRAY),
        )

    def devices_and_sessions(self) -> DevicesSessionsDialog:
        dialog = DevicesSessionsDialog(self.window.backend, self.window.workers, self.window)
        dialog.open()
        return dialog

    def show_activity(self) -> ActivityDialog:
        """The activity log of the folder the window shows."""
        files = self.window.files
        dialog = ActivityDialog(
            self.window.backend, self.window.workers, files.view_kind, files.folder, self.window
        )
        dialog.open()
        return dialog
