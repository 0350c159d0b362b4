"""The main window: sidebar, file view with breadcrumb and filter, inbox (watched by a
long-poll, announced by a desktop notification), transfers, account menu, settings, and
the lock screen after idle minutes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import AccountInfo, Backend, View
from app.gui.backend.settings_store import Settings
from app.gui.drive import DriveControl
from app.gui.inbox.page import InboxPanel
from app.gui.theme import icon
from app.gui.transfers.manager import TransferManager, TransfersModel
from app.gui.transfers.panel import TransfersPanel
from app.gui.window.file_actions import FileActions
from app.gui.window.files_page import SECTIONS, FileViewWiring
from app.gui.window.lock import IdleWatcher, LockScreen
from app.gui.window.menus import WindowMenus
from app.gui.window.notices import InboxNotices
from app.gui.workers import Workers

__all__ = ["SECTIONS", "MainWindow"]

_VIEWS = {"my-files": View.MY_FILES, "shared-with-me": View.SHARED_WITH_ME}
_VIEWS["shared-by-me"] = View.SHARED_BY_ME


class MainWindow(FileViewWiring, WindowMenus, QMainWindow):
    """The file view wiring is in main_window_files.py, the menus, status bar and dialogs
    in main_window_menus.py; this class builds the window and owns navigation and lock."""

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
        self.drive = DriveControl(self, lambda: backend.drive_files())
        self.drive.failed.connect(self.error.show_error)
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

    def _accepted(self, where: str) -> None:
        if where.startswith("/Shared/"):
            self.show_section("shared-with-me")
        else:
            self.show_notice(self.tr("Saved: %1").replace("%1", where))

    # ---- lock and sign out -----------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.outer.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if self.locked:
            return
        self.idle.pause()
        self.notices.pause()
        self.drive.stop()
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
        self.drive.stop()
        self.drive.wait_stopped()
        super().closeEvent(event)  # type: ignore[arg-type]
