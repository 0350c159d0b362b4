"""The main window: sidebar, file view with breadcrumb and filter, inbox (watched by a
long-poll, announced by a desktop notification), transfers, account menu, settings, and
the lock screen after idle minutes."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
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
from app.gui.previews.pane import install_previews
from app.gui.shield import StatusShield
from app.gui.theme import icon
from app.gui.transfers.manager import TransferManager, TransfersModel
from app.gui.transfers.panel import TransfersPanel
from app.gui.window.file_actions import FileActions
from app.gui.window.files_page import SECTIONS, SHARED_MOUNT, FilesPage
from app.gui.window.lock import IdleWatcher, LockScreen
from app.gui.window.menus import WindowMenus
from app.gui.window.notices import InboxNotices
from app.gui.window.offline import OfflineBanner
from app.gui.window.organise import Organise
from app.gui.window.write_guard import WriteGuard
from app.gui.workers import Workers
from app.services.errors import ServerUnreachableError

__all__ = ["SECTIONS", "MainWindow"]

_VIEWS = {"my-files": View.MY_FILES, "shared-with-me": View.SHARED_WITH_ME}
_VIEWS["shared-by-me"] = View.SHARED_BY_ME


class MainWindow(QMainWindow):
    """Builds the window from its parts (the files page, the menus and status bar, the
    inbox, the transfers, the lock screen) and owns navigation and locking."""

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
        self.backend, self.workers, self.account = backend, workers, account
        self.settings = settings
        self.keyring_problem: str | None = None
        self.setWindowTitle(f"Privshare — {account.address}")
        self.setWindowIcon(icon("privshare"))
        self._fit_screen(1000, 640)
        self.transfers_model = TransfersModel(self)
        self.transfers = TransferManager(backend, workers, self.transfers_model)
        self._build()
        self.file_actions = FileActions(
            self.files.view, backend, workers, self.transfers, self._download_folder
        )
        self.file_actions.changed.connect(self.files.refresh)
        self.inbox.open_cache = self.file_actions.cache  # wiped on lock and quit
        self.transfers.job_finished.connect(self._transfer_ended)
        self.file_actions.failed.connect(self.files.error.show_error)
        self.files.model.rename_requested.connect(self.file_actions.rename)
        self.write_guard = WriteGuard(self.files, self.file_actions, backend, workers)
        self.files.counted.connect(lambda _count: self.write_guard.place_shown())
        self.idle = IdleWatcher(settings.lock_minutes * 60_000, self)
        self.idle.idle.connect(self.lock)
        self.drive = DriveControl(self, lambda: backend.drive_files())
        self.drive.failed.connect(self.files.error.show_error)
        self.menus = WindowMenus(self)
        self.preview, self.preview_action = install_previews(self)
        self.organise = Organise(self)
        self.notices = InboxNotices(
            self, self.inbox, backend, watch_inbox, show_status=self.menus.show_notice
        )
        self.file_actions.share_requested.connect(self.menus.open_share_dialog)
        self.file_actions.versions_listed.connect(self.menus.show_versions)
        self.file_actions.saved.connect(self.menus.show_saved)
        self.file_actions.sent.connect(self.menus.show_notice)
        self.transfers.job_finished.connect(self.notices.notifications.transfer_ended)
        self.files.counted.connect(self.menus.show_count)
        self.offline.settings_requested.connect(self.menus.open_settings)
        self.offline.restore_requested.connect(self.menus.restore_settings)
        self.lock_screen.settings_requested.connect(self.menus.open_settings)
        self.inbox.unread_changed.connect(self.menus.show_unread)
        self.shield = StatusShield(self)
        self.statusBar().addPermanentWidget(self.shield)
        workers.any_failed.connect(self.shield.error_seen)
        self.inbox.unread_changed.connect(lambda _n: self.shield.inbox_shown(self.inbox.items))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.workers.run(backend.keyring_problem, done=self.menus.keyring_checked)
        self.notices.open_requested.connect(self._raise)
        self.notices.lock_requested.connect(self.lock)
        self.notices.quit_requested.connect(self.quit)
        self.quitting = False
        self._unread = 0
        self.inbox.unread_changed.connect(self._unread_changed)
        self.transfers_model.overall_changed.connect(lambda *_: self._tray_state())
        self.show_section("my-files")
        self.inbox.refresh()

    def _fit_screen(self, width: int, height: int) -> None:
        """The wanted size, but never larger than the screen's free area."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, area.width()), min(height, area.height())
        self.resize(width, height)

    def go_up(self) -> None:
        if self.pages.currentWidget() is self.files and not self.files.at_root:
            parent = str(PurePosixPath(self.files.folder).parent)
            self.files.open_folder("/" if parent == SHARED_MOUNT else parent)

    def focus_filter(self) -> None:
        """Ctrl+F: search all my files (the name filter above the list stays for the
        folder shown)."""
        self.show_section("search")
        self.organise.search_page.start()

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
            item = QListWidgetItem(
                icon(key), QCoreApplication.translate("Sections", text), self.sidebar
            )
            item.setData(Qt.ItemDataRole.UserRole, key)
        self.sidebar.currentRowChanged.connect(lambda row: self.show_section(SECTIONS[row][0]))
        side = QWidget(self)
        side.setObjectName("Sidebar")
        self.sidebar.ensurePolished()  # the style sheet's font, for the width below
        side.setFixedWidth(max(200, self.sidebar.sizeHintForColumn(0) + 16))  # any language
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 8, 0, 8)
        side_layout.addWidget(self.sidebar)
        self.pages = QStackedWidget(self)
        self.offline = OfflineBanner(self.backend, self.workers, self)
        self.offline.server = self.account.server
        self.offline.reconnected.connect(self._reconnected)
        self.files = FilesPage(self.backend, self.workers, self)
        self.files.offline.connect(self.offline.went_offline)
        self.inbox = InboxPanel(self.backend, self.workers, self)
        self.inbox.accepted.connect(self._accepted)
        self.transfers_panel = TransfersPanel(self.transfers_model, self.transfers, self)
        for page in (self.files, self.inbox, self.transfers_panel):
            self.pages.addWidget(page)
        content = QWidget(self)
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(side)
        main = QVBoxLayout()
        main.setContentsMargins(0, 0, 0, 0)
        main.addWidget(self.offline)
        main.addWidget(self.pages, 1)
        row.addLayout(main, 1)
        self.lock_screen = LockScreen(self.backend, self.workers, self)
        self.lock_screen.unlocked.connect(self.unlocked)
        self.outer = QStackedWidget(self)
        self.outer.addWidget(content)
        self.outer.addWidget(self.lock_screen)
        self.setCentralWidget(self.outer)

    # ---- navigation ------------------------------------------------------------------

    def show_section(self, key: str) -> None:
        row = [k for k, _ in SECTIONS].index(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)  # comes back here through the signal
            return
        if key in _VIEWS:
            self.pages.setCurrentWidget(self.files)
            self.files.show_place(_VIEWS[key])
        elif key in ("trash", "search"):
            self.menus.status_text.clear()
            if key == "trash":
                self.organise.show_trash()
            else:
                self.organise.show_search()
        elif key == "inbox":
            self.menus.status_text.clear()  # a file count belongs to the files page
            self.pages.setCurrentWidget(self.inbox)
            self.inbox.refresh()
        else:
            self.menus.status_text.clear()
            self.pages.setCurrentWidget(self.transfers_panel)

    def _accepted(self, where: str) -> None:
        if where.startswith("/Shared/"):
            self.show_section("shared-with-me")
        else:
            self.menus.show_notice(self.tr("Saved: %1").replace("%1", where))

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
        self.offline.pause()
        self.files.clear()
        self.organise.clear()  # nor trash rows, search hits or the last action
        self.file_actions.cache.wipe()  # no decrypted copy outlives the lock
        self.menuBar().setEnabled(False)
        self.menus.status_text.clear()
        self.statusBar().hide()  # nothing about the account shows while locked
        self.outer.setCurrentWidget(self.lock_screen)
        self.lock_screen.account.setText(self.account.address)
        self.lock_screen.password.setFocus()
        self.lock_screen.lock_backend()

    def unlocked(self) -> None:
        self.outer.setCurrentIndex(0)
        self.menuBar().setEnabled(True)
        self.statusBar().show()
        self.idle.resume()
        self.notices.resume()
        self.offline.resume()
        self.files.refresh()

    def _reconnected(self) -> None:
        self.menus.notice.clear()  # "not updated" lines of the offline time are stale
        self.files.refresh()
        self.inbox.refresh()
        self.transfers.retry_failed()  # what failed while offline goes again

    def _transfer_ended(self, _token: object, error: object, _result: object) -> None:
        if isinstance(error, ServerUnreachableError):
            self.offline.went_offline(error)
        if self.pages.currentWidget() is self.files and not self.locked:
            self.files.refresh()  # uploaded files appear (and partial folders, after a failure)

    def _download_folder(self) -> Path:
        chosen = self.settings.download_folder
        return Path(chosen) if chosen else Path.home() / "Downloads"

    def sign_out(self) -> None:
        def signed_out(_result: object) -> None:
            self.quit()

        self.workers.run(self.backend.sign_out, done=signed_out, failed=self.files.error.show_error)

    def _unread_changed(self, count: int) -> None:
        self._unread = count
        self._tray_state()

    def _tray_state(self) -> None:
        running = sum(not row.finished for row in self.transfers_model.rows)
        self.notices.notifier.show_state(running, self._unread)

    def quit(self) -> None:
        """Ctrl+Q and the tray's Quit: close for good (closing the window only hides it
        while there is a tray)."""
        self.quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.notices.notifier.available and not self.quitting:
            event.ignore()  # the tray keeps Privshare running: transfers, inbox, lock
            self.hide()
            self.notices.notifier.notify(
                self.tr("Privshare is still running"),
                self.tr("Open it from the tray icon; Quit there ends it."),
            )
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.idle.pause()
        self.notices.close()
        self.drive.stop()
        self.drive.wait_stopped()
        self.file_actions.cache.wipe()
        self.transfers.close()
        super().closeEvent(event)
