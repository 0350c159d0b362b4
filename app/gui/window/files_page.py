"""The main window's file view: the files page (breadcrumb, filter, sorted list), opening
folders, listing them through the workers, and refreshing after transfers.

A mixin of `MainWindow` (main_window.py), which owns the state it reads (`view_kind`,
`folder`, `pages`, ...) and the sidebar whose sections are `SECTIONS`.
"""

from __future__ import annotations

import html
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, Entry, View
from app.gui.backend.settings_store import Settings
from app.gui.error_line import ErrorLine
from app.gui.window.file_model import FileModel, FileSortProxy
from app.gui.window.file_view import FileView
from app.gui.workers import Workers
from app.services.errors import ServerUnreachableError

__all__ = ["SECTIONS", "FileViewWiring"]

SECTIONS = (
    ("my-files", "My files"),
    ("shared-with-me", "Shared with me"),
    ("shared-by-me", "Shared by me"),
    ("inbox", "Inbox"),
    ("transfers", "Transfers"),
)

if TYPE_CHECKING:
    _WindowBase = QMainWindow
else:
    _WindowBase = object  # a plain mixin at run time; MainWindow brings QMainWindow


class FileViewWiring(_WindowBase):
    """The file view part of `MainWindow`."""

    backend: Backend
    workers: Workers
    settings: Settings
    view_kind: View
    folder: str
    pages: QStackedWidget
    files_page: QWidget
    status_text: QLabel

    if TYPE_CHECKING:

        @property
        def locked(self) -> bool: ...

        def went_offline(self, error: BaseException, *, can_restore: bool = False) -> None: ...

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

    def open_folder(self, path: str) -> None:
        self.folder = path or "/"
        self.refresh()

    def _activated(self, entry: Entry) -> None:
        if entry.is_folder:
            self.open_folder(entry.path)

    def refresh(self) -> None:
        kind, folder = self.view_kind, self.folder
        self.workers.run(
            self.backend.list_folder,
            kind,
            folder,
            done=lambda entries: self._listed(kind, folder, entries),
            failed=lambda error: self._not_listed(kind, folder, error),
        )

    def _not_listed(self, kind: View, folder: str, error: BaseException) -> None:
        """The view stays on the folder it shows; the breadcrumb never runs ahead of it."""
        if (kind, folder) == (self.view_kind, self.folder):
            self.folder = self.view.current_folder or "/"
        if isinstance(error, ServerUnreachableError):
            self.went_offline(error)
        else:
            self.error.show_error(error)

    def _transfer_ended(self, _token: object, _error: object, _result: object) -> None:
        if self.pages.currentWidget() is self.files_page and not self.locked:
            self.refresh()  # uploaded files appear (and partial folders, after a failure)

    def _listed(self, kind: View, folder: str, entries: list[Entry]) -> None:
        if (kind, folder) == (self.view_kind, self.folder):
            self.view.current_folder = folder
            self._breadcrumb()
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
