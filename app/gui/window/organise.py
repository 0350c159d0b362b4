"""The window's organising features, wired onto it: the Trash and Search places, undo
of the last delete/move/rename (Ctrl+Z and the status bar's Undo), storage used in the
status bar and folder sizes in the file list. MainWindow makes one `Organise` after its
menus; everything else here talks to the window's own parts."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QObject
from PySide6.QtGui import QAction, QKeySequence

from app.gui.backend.trash import PartlyTrashedError, Trashed
from app.gui.theme import icon
from app.gui.window.file_model import ENTRY_ROLE
from app.gui.window.folder_sizes import FolderSizes
from app.gui.window.search_page import SearchPage
from app.gui.window.trash_page import TrashPage
from app.gui.window.undo import Moves, Trashing, UndoHistory, UndoNotice
from app.gui.window.usage_label import UsageLabel
from app.services.trash.service import DEFAULT_KEEP_DAYS

__all__ = ["Organise"]

if TYPE_CHECKING:
    from app.gui.window.main_window import MainWindow


class Organise(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        backend, workers = window.backend, window.workers
        self.trash_page = TrashPage(backend, workers, window)
        self.search_page = SearchPage(backend, workers, window)
        window.pages.addWidget(self.trash_page)
        window.pages.addWidget(self.search_page)
        self.history = UndoHistory(backend, workers, self)
        self.undo_notice = UndoNotice(self.history, window)
        window.statusBar().addWidget(self.undo_notice)
        self.usage = UsageLabel(backend, workers, window)
        window.statusBar().addPermanentWidget(self.usage)
        self.folder_sizes = FolderSizes(window.files, backend, workers)
        self.undo_action = QAction(icon("undo"), self.tr("Undo"), window)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self.history.undo)
        window.addAction(self.undo_action)
        window.menus.files_menu.insertAction(window.menus.files_menu.actions()[0], self.undo_action)
        self._selecting: tuple[str, str] | None = None
        self.trash_days = DEFAULT_KEEP_DAYS  # shown in Settings; read from the profile
        self._connect()
        self.usage.refresh()
        workers.run(backend.trash_keep_days, done=self._kept)

    def _connect(self) -> None:
        window, actions = self.window, self.window.file_actions
        actions.trashed.connect(self._trashed)
        actions.trashing.connect(self._trashing)
        actions.failed.connect(self._partly_trashed)
        actions.moved.connect(self._moved)
        actions.changed.connect(self.tree_changed)
        window.transfers.job_finished.connect(lambda *_: self.tree_changed())
        self.history.changed.connect(self.tree_changed)
        self.history.changed.connect(window.files.refresh)
        self.history.failed.connect(window.files.error.show_error)
        self.history.partly.connect(window.files.error.show_error)
        self.trash_page.changed.connect(self.tree_changed)
        self.trash_page.restored.connect(self._restored)
        self.trash_page.keep_days_read.connect(self._kept)
        self.search_page.open_requested.connect(self.reveal)
        window.files.counted.connect(lambda _count: self._select_wanted())
        window.files.counted.connect(lambda _count: self._status_of_page())
        self.trash_page.counted.connect(lambda _count: self._status_of_page())

    def _status_of_page(self) -> None:
        """The status bar's count belongs to the page shown (the files page counts after
        every change, also while Trash or Search is shown)."""
        current = self.window.pages.currentWidget()
        if current is self.trash_page:
            count = self.trash_page.list.topLevelItemCount()
            text = self.tr("%n items in the trash", "", count)
            if count == 1:
                text = self.tr("1 item in the trash")
            self.window.menus.status_text.setText(text)
        elif current is self.search_page:
            self.window.menus.status_text.clear()

    def clear(self) -> None:
        """On lock: no names of the account stay in the window's widgets."""
        self.trash_page.list.clear()
        self.search_page.field.clear()
        self.search_page.results.clear()
        self.history.forget()
        self.undo_notice.hide()
        self.folder_sizes.forget()

    def tree_changed(self) -> None:
        """Something in the tree changed: sizes and storage used are counted again."""
        self.folder_sizes.forget()
        self.usage.refresh()

    def _kept(self, days: int) -> None:
        self.trash_days = days

    def keep_trash(self, days: int) -> None:
        """Settings' "Keep deleted items": saved, and what is older is purged."""
        if days == self.trash_days:
            return
        self.trash_days = days
        self.window.workers.run(
            self.window.backend.set_trash_keep_days,
            days,
            done=lambda _result: self.trash_page.refresh(),
            failed=self.window.files.error.show_error,
        )

    def _trashed(self, rows: list[Trashed]) -> None:
        self.history.record(Trashing(tuple(rows)))

    def _trashing(self, done: int, total: int) -> None:
        if total > 1:
            text = self.tr("Moving {done} of {total} to Trash…").format(done=done, total=total)
            self.undo_notice.show_result(text)

    def _partly_trashed(self, error: BaseException) -> None:
        """A delete that stopped midway: what went to the trash can still be undone."""
        if isinstance(error, PartlyTrashedError):
            self.history.record(Trashing(tuple(error.rows)))
            self.tree_changed()

    def _moved(self, pairs: list[tuple[str, str]], renamed: bool) -> None:
        self.history.record(Moves(tuple(pairs), renamed))

    def _restored(self, path: str) -> None:
        self.history.forget()  # what the last delete trashed may be back already
        self.window.menus.show_notice(self.tr("Restored to %1").replace("%1", path))

    def show_trash(self) -> None:
        self.window.pages.setCurrentWidget(self.trash_page)
        self._status_of_page()
        self.trash_page.refresh()

    def show_search(self) -> None:
        self.window.pages.setCurrentWidget(self.search_page)
        self._status_of_page()
        self.search_page.start()

    def reveal(self, folder: str, name: str) -> None:
        """Open `folder` in My files with `name` selected."""
        self._selecting = (folder, name)
        self.window.show_section("my-files")
        self.window.files.open_folder(folder)

    def _select_wanted(self) -> None:
        if self._selecting is None or self.window.files.folder != self._selecting[0]:
            return
        folder, name = self._selecting
        files = self.window.files
        if files.view.current_folder != folder:
            return
        self._selecting = None
        for row in range(files.proxy.rowCount()):
            index = files.proxy.index(row, 0)
            if PurePosixPath(index.data(ENTRY_ROLE).path).name == name:
                files.view.setCurrentIndex(index)
                files.view.selectionModel().select(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                files.view.scrollTo(index)
                files.view.setFocus()
                return
