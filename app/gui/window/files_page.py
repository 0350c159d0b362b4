"""The files page of the main window: breadcrumb, filter and sorted list of one place
(`view_kind`, `folder`), listed through the workers. The breadcrumb and the view follow
a listing that succeeded; an unreachable server is reported as `offline`, other errors
in the page's own error line.
"""

from __future__ import annotations

import html
from pathlib import PurePosixPath

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, Entry, View
from app.gui.error_line import ErrorLine
from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.signals import emit
from app.gui.window.file_model import FileModel, FileSortProxy
from app.gui.window.file_view import FileView
from app.gui.workers import Workers
from app.services.errors import ServerUnreachableError

__all__ = ["SECTIONS", "SHARED_MOUNT", "FilesPage"]

SHARED_MOUNT = "/Shared"  # the folder accepted shares are listed in

SECTIONS = (
    ("my-files", QT_TRANSLATE_NOOP("Sections", "My files")),
    ("shared-with-me", QT_TRANSLATE_NOOP("Sections", "Shared with me")),
    ("shared-by-me", QT_TRANSLATE_NOOP("Sections", "Shared by me")),
    ("inbox", QT_TRANSLATE_NOOP("Sections", "Inbox")),
    ("transfers", QT_TRANSLATE_NOOP("Sections", "Transfers")),
    ("search", QT_TRANSLATE_NOOP("Sections", "Search")),
    ("trash", QT_TRANSLATE_NOOP("Sections", "Trash")),
)


class FilesPage(QWidget):
    """One place's files; `offline(error)` when the server is not reached, `counted(n)`
    after each listing."""

    offline = Signal(object)
    counted = Signal(int)

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.view_kind, self.folder = View.MY_FILES, "/"
        self.breadcrumb = QLabel(self)
        self.breadcrumb.setObjectName("Breadcrumb")
        self.breadcrumb.setAccessibleName(self.tr("Current folder"))
        self.breadcrumb.linkActivated.connect(self.open_folder)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by name"))
        self.filter.setAccessibleName(self.tr("Filter by name"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMaximumWidth(240)
        self.model = FileModel(self)
        self.proxy = FileSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = FileView(self)
        self.view.setModel(self.proxy)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.activated_entry.connect(self._activated)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((1, 90), (2, 140), (3, 240)):
            header.resizeSection(column, width)
        self.error = ErrorLine(self)
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.breadcrumb, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)

    @property
    def at_root(self) -> bool:
        """At the top of the place (the list of shares, for Shared with me)."""
        return self.folder in ("/", SHARED_MOUNT if self.view_kind is View.SHARED_WITH_ME else "/")

    def show_place(self, kind: View) -> None:
        """The root of `kind` (My files, Shared with me, Shared by me)."""
        if kind is not self.view_kind:
            self.model.set_entries([])  # no rows of the other view under this title
        self.view_kind, self.folder = kind, "/"
        self.refresh()

    def open_folder(self, path: str) -> None:
        self.folder = path or "/"
        self.refresh()

    def clear(self) -> None:
        self.model.set_entries([])

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
            emit(self.offline, error)
        else:
            self.error.show_error(error)

    def _listed(self, kind: View, folder: str, entries: list[Entry]) -> None:
        if (kind, folder) == (self.view_kind, self.folder):
            self.view.current_folder = folder
            self._breadcrumb()
            self.error.clear()
            self.model.set_entries(entries)
            emit(self.counted, len(entries))

    def _breadcrumb(self) -> None:
        root = dict(SECTIONS)[self.view_kind.value]
        parts = [f'<a href="/">{html.escape(QCoreApplication.translate("Sections", root))}</a>']
        path = PurePosixPath("/")
        for part in PurePosixPath(self.folder).parts[1:]:
            path = path / part
            if self.view_kind is View.SHARED_WITH_ME and str(path) == SHARED_MOUNT:
                continue  # where shares are mounted is not a place of its own
            parts.append(f'<a href="{html.escape(str(path))}">{html.escape(part)}</a>')
        self.breadcrumb.setText(" › ".join(parts))
