"""The main window: sidebar, file view with breadcrumb and filter, inbox (watched by a
long-poll, announced by a desktop notification), transfers, account menu, settings, and
the lock screen after idle minutes."""

from __future__ import annotations

import html
from pathlib import Path, PurePosixPath

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.gui.account_dialogs import ChangePasswordDialog, ShowPhraseDialog
from app.gui.backend_types import AccountInfo, Backend, Entry, Version, View
from app.gui.error_line import ErrorLine
from app.gui.file_actions import FileActions
from app.gui.file_model import FileModel, FileSortProxy
from app.gui.file_view import FileView
from app.gui.inbox import InboxPanel
from app.gui.lock import IdleWatcher, LockScreen
from app.gui.look import icon
from app.gui.notices import InboxNotices
from app.gui.settings_dialog import SettingsDialog
from app.gui.settings_store import Settings
from app.gui.share_dialog import ShareDialog
from app.gui.transfers import TransferManager, TransfersModel
from app.gui.transfers_panel import TransfersPanel
from app.gui.tray import NO_TRAY
from app.gui.versions_dialog import VersionsDialog
from app.gui.workers import Workers

__all__ = ["SECTIONS", "MainWindow"]

SECTIONS = (
    ("my-files", "My files"),
    ("shared-with-me", "Shared with me"),
    ("shared-by-me", "Shared by me"),
    ("inbox", "Inbox"),
    ("transfers", "Transfers"),
)
_VIEWS = {"my-files": View.MY_FILES, "shared-with-me": View.SHARED_WITH_ME}
_VIEWS["shared-by-me"] = View.SHARED_BY_ME


class MainWindow(QMainWindow):
    def __init__(
        self,
        backend: Backend,
        workers: Workers,
        account: AccountInfo,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        watch_inbox: bool = True,
    ):
        super().__init__(parent)
        self.backend, self.workers, self.account, self.settings = (
            backend,
            workers,
            account,
            settings,
        )
        self.keyring_problem: str | None = None
        self.view_kind, self.folder = View.MY_FILES, "/"
        self.setWindowTitle(f"Privshare — {account.address}")
        self.setWindowIcon(icon("privshare"))
        self.resize(1000, 640)
        self.transfers_model = TransfersModel(self)
        self.transfers = TransferManager(backend, workers, self.transfers_model)
        self._build()
        self.file_actions = FileActions(
            self.view, backend, workers, self.transfers, self._download_folder
        )
        self.file_actions.changed.connect(self.refresh)
        self.transfers.job_finished.connect(self._transfer_ended)
        self.file_actions.failed.connect(self.error.show_error)
        self.file_actions.share_requested.connect(self.open_share_dialog)
        self.file_actions.versions_listed.connect(self._show_versions)
        self.view.activated_entry.connect(self._activated)
        self._menus()
        self.idle = IdleWatcher(settings.lock_minutes * 60_000, self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.workers.run(backend.keyring_problem, done=self._keyring_checked)
        self.notices = InboxNotices(self, backend, watch_inbox)
        self.notices.open_requested.connect(self._raise)
        self.notices.lock_requested.connect(self.lock)
        self.notices.quit_requested.connect(self.close)
        self.show_section("my-files")
        self.inbox.refresh()

    def _raise(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    # ---- layout ----------------------------------------------------------------------

    def _build(self) -> None:
        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("SidebarList")
        self.sidebar.setAccessibleName(self.tr("Sections"))
        self.sidebar.setIconSize(self.sidebar.iconSize() * 1.2)
        for key, text in SECTIONS:
            item = QListWidgetItem(icon(key), self.tr(text), self.sidebar)
            item.setData(Qt.ItemDataRole.UserRole, key)
        self.sidebar.currentRowChanged.connect(lambda row: self.show_section(SECTIONS[row][0]))
        side = QWidget(self)
        side.setObjectName("Sidebar")
        side.setFixedWidth(200)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 8, 0, 8)
        side_layout.addWidget(self.sidebar)
        self.pages = QStackedWidget(self)
        self.files_page = self._files_page()
        self.inbox = InboxPanel(self.backend, self.workers, self)
        self.inbox.unread_changed.connect(self._unread)
        self.inbox.accepted.connect(self._accepted)
        self.transfers_panel = TransfersPanel(self.transfers_model, self.transfers, self)
        for page in (self.files_page, self.inbox, self.transfers_panel):
            self.pages.addWidget(page)
        content = QWidget(self)
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(side)
        row.addWidget(self.pages, 1)
        self.lock_screen = LockScreen(self.backend, self.workers, self)
        self.lock_screen.unlocked.connect(self.unlocked)
        self.outer = QStackedWidget(self)
        self.outer.addWidget(content)
        self.outer.addWidget(self.lock_screen)
        self.setCentralWidget(self.outer)
        self._status_bar()

    def _files_page(self) -> QWidget:
        page = QWidget(self)
        self.breadcrumb = QLabel(page)
        self.breadcrumb.setObjectName("Breadcrumb")
        self.breadcrumb.setAccessibleName(self.tr("Current folder"))
        self.breadcrumb.linkActivated.connect(self.open_folder)
        self.filter = QLineEdit(page)
        self.filter.setPlaceholderText(self.tr("Filter by name"))
        self.filter.setAccessibleName(self.tr("Filter by name"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMaximumWidth(240)
        self.model = FileModel(self)
        self.proxy = FileSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = FileView(page)
        self.view.setModel(self.proxy)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((1, 90), (2, 140), (3, 240)):
            header.resizeSection(column, width)
        self.error = ErrorLine(page)
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.breadcrumb, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        return page

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
        account = self.menuBar().addMenu(self.tr("&Account"))
        entries = (
            (self.tr("Show recovery phrase…"), self.show_phrase),
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

    # ---- navigation ------------------------------------------------------------------

    def show_section(self, key: str) -> None:
        row = [k for k, _ in SECTIONS].index(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)  # comes back here through the signal
            return
        if key in _VIEWS:
            if _VIEWS[key] is not self.view_kind:
                self.model.set_entries([])  # no rows of the other view under this title
            self.view_kind, self.folder = _VIEWS[key], "/"
            self.pages.setCurrentWidget(self.files_page)
            self.refresh()
        elif key == "inbox":
            self.pages.setCurrentWidget(self.inbox)
            self.inbox.refresh()
        else:
            self.pages.setCurrentWidget(self.transfers_panel)

    def open_folder(self, path: str) -> None:
        self.folder = path or "/"
        self.refresh()

    def _activated(self, entry: Entry) -> None:
        if entry.is_folder:
            self.open_folder(entry.path)

    def refresh(self) -> None:
        self.view.current_folder = self.folder
        self._breadcrumb()
        kind, folder = self.view_kind, self.folder
        self.workers.run(
            self.backend.list_folder,
            kind,
            folder,
            done=lambda entries: self._listed(kind, folder, entries),
            failed=self.error.show_error,
        )

    def _transfer_ended(self, _token: object, _error: object, _result: object) -> None:
        if self.pages.currentWidget() is self.files_page and not self.locked:
            self.refresh()  # uploaded files appear (and partial folders, after a failure)

    def _accepted(self, where: str) -> None:
        if where.startswith("/Shared/"):
            self.show_section("shared-with-me")
        else:
            self.show_notice(self.tr("Saved: %1").replace("%1", where))

    def _listed(self, kind: View, folder: str, entries: list[Entry]) -> None:
        if (kind, folder) == (self.view_kind, self.folder):
            self.error.clear()
            self.model.set_entries(entries)
            count = len(entries)
            text = self.tr("1 item") if count == 1 else self.tr("%1 items")
            self.status_text.setText(text.replace("%1", str(count)))

    def _breadcrumb(self) -> None:
        root = dict(SECTIONS)[self.view_kind.value]
        parts = [f'<a href="/">{html.escape(self.tr(root))}</a>']
        path = PurePosixPath("/")
        for part in PurePosixPath(self.folder).parts[1:]:
            path = path / part
            parts.append(f'<a href="{html.escape(str(path))}">{html.escape(part)}</a>')
        self.breadcrumb.setText(" › ".join(parts))

    def _download_folder(self) -> Path:
        chosen = self.settings.download_folder
        return Path(chosen) if chosen else Path.home() / "Downloads"

    # ---- dialogs and status ----------------------------------------------------------

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
        self.settings = settings
        self.idle.set_timeout(settings.lock_minutes * 60_000)
        self.workers.run(
            self.backend.apply_settings,
            settings,
            proxy_password or None,
            failed=self.error.show_error,
        )

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

    # ---- lock and sign out -----------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.outer.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if self.locked:
            return
        self.idle.pause()
        self.notices.pause()
        self.model.set_entries([])
        self.menuBar().setEnabled(False)
        self.status_text.clear()
        self.outer.setCurrentWidget(self.lock_screen)
        self.lock_screen.account.setText(self.account.address)
        self.lock_screen.password.setFocus()
        self.workers.run(self.backend.lock, failed=self.lock_screen.error.show_error)

    def unlocked(self) -> None:
        self.outer.setCurrentIndex(0)
        self.menuBar().setEnabled(True)
        self.idle.resume()
        self.notices.resume()
        self.refresh()

    def sign_out(self) -> None:
        def signed_out(_result: object) -> None:
            self.close()

        self.workers.run(self.backend.sign_out, done=signed_out, failed=self.error.show_error)

    def closeEvent(self, event: object) -> None:  # noqa: N802
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.idle.pause()
        self.notices.close()
        super().closeEvent(event)  # type: ignore[arg-type]
