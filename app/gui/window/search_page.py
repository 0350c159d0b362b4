"""Search across the whole own tree (services/search/INDEX.md): results as the person
types (debounced, in a worker: the GUI thread never waits for the index), with name,
folder, size and date, and filters for the kind and the date. The index is read from the
profile only, so the server learns nothing of a search. Double-click (or Enter) on a
result asks the window to open its folder with the item selected (`open_requested`).
"""

from __future__ import annotations

import datetime
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, Entry
from app.gui.backend.search import MAX_RESULTS, Found, SearchRequest
from app.gui.error_line import ErrorLine
from app.gui.signals import emit
from app.gui.window.file_model import full_date, human_size, icon_for, when_text
from app.gui.workers import Workers

__all__ = ["DEBOUNCE_MS", "SearchPage"]

DEBOUNCE_MS = 250
FOUND_ROLE = Qt.ItemDataRole.UserRole + 1
_DAY = 86_400.0


class SearchPage(QWidget):
    """`open_requested(folder, name)` when a result is opened."""

    open_requested = Signal(str, str)
    searched = Signal(int)  # results shown (for tests and the status bar)

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self._asked = 0  # the newest search sent; older answers are dropped
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(self.tr("Search all my files"))
        self.field.setAccessibleName(self.tr("Search all my files"))
        self.field.setClearButtonEnabled(True)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Kind"))
        for text, kinds in (
            (self.tr("Any kind"), frozenset[str]()),
            (self.tr("Folders"), frozenset({"folder"})),
            (self.tr("Documents"), frozenset({"document", "pdf", "spreadsheet", "presentation"})),
            (self.tr("Images"), frozenset({"image"})),
            (self.tr("Audio and video"), frozenset({"audio", "video"})),
            (self.tr("Archives"), frozenset({"archive"})),
            (self.tr("Code"), frozenset({"code"})),
        ):
            self.kind.addItem(text, kinds)
        self.date = QComboBox(self)
        self.date.setAccessibleName(self.tr("Modified"))
        for text, days in (
            (self.tr("Any time"), None),
            (self.tr("Today"), 0),  # since midnight
            (self.tr("Last 7 days"), 7),
            (self.tr("Last 30 days"), 30),
            (self.tr("Last year"), 365),
        ):
            self.date.addItem(text, days)
        self.rebuild_button = QPushButton(self.tr("Update index"), self)
        self.rebuild_button.setAccessibleName(self.tr("Update the search index"))
        self.rebuild_button.setToolTip(
            self.tr("Read every folder again, to find what other devices changed")
        )
        self.rebuild_button.clicked.connect(self.rebuild)
        self.results = QTreeWidget(self)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setRootIsDecorated(False)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setHeaderLabels(
            [self.tr("Name"), self.tr("Folder"), self.tr("Size"), self.tr("Modified")]
        )
        self.results.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.results.header().setStretchLastSection(False)
        self.results.itemActivated.connect(self._activated)
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Search status"))
        self.error = ErrorLine(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)
        self.field.textChanged.connect(lambda _text: self.timer.start())
        self.kind.currentIndexChanged.connect(lambda _index: self.timer.start())
        self.date.currentIndexChanged.connect(lambda _index: self.timer.start())
        self.field.returnPressed.connect(self._first_result)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.kind)
        row.addWidget(self.date)
        row.addWidget(self.rebuild_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)

    def start(self) -> None:
        """Ctrl+F: the field, focused, its text selected."""
        self.field.setFocus()
        self.field.selectAll()

    def request(self) -> SearchRequest:
        days = self.date.currentData()
        since: float | None = None
        if days == 0:  # since midnight, local time
            since = datetime.datetime.combine(datetime.date.today(), datetime.time()).timestamp()
        elif days is not None:
            since = time.time() - days * _DAY
        return SearchRequest(self.field.text(), self.kind.currentData(), since)

    def search_now(self) -> None:
        request = self.request()
        if not request.pattern.strip() and not request.kinds and request.since is None:
            self._asked += 1  # an answer still on its way is no longer wanted
            self.results.clear()
            self.status.clear()
            return
        self._asked += 1
        asked = self._asked
        self.status.setText(self.tr("Searching…"))
        self.workers.run(
            self.backend.search,
            request,
            done=lambda found: self._found(asked, found),
            failed=lambda error: self._failed(asked, error),
        )

    def _found(self, asked: int, found: list[Found]) -> None:
        if asked != self._asked:
            return
        self.error.clear()
        self.results.clear()
        for hit in found:
            row = QTreeWidgetItem(
                [
                    hit.name,
                    hit.folder,
                    "" if hit.is_folder else human_size(hit.size),
                    when_text(hit.modified),
                ]
            )
            row.setIcon(0, icon_for(Entry(hit.name, hit.path, hit.is_folder)))
            row.setToolTip(3, full_date(hit.modified))
            row.setData(0, FOUND_ROLE, hit)
            self.results.addTopLevelItem(row)
        if not found:
            self.status.setText(self.tr("Nothing found."))
        elif len(found) >= MAX_RESULTS:
            self.status.setText(self.tr("The first %n results.", "", MAX_RESULTS))
        else:
            count = len(found)
            text = self.tr("1 result") if count == 1 else self.tr("%n results", "", count)
            self.status.setText(text)
        emit(self.searched, len(found))

    def _failed(self, asked: int, error: BaseException) -> None:
        if asked == self._asked:
            self.status.clear()
            self.error.show_error(error)

    def _activated(self, row: QTreeWidgetItem) -> None:
        hit: Found = row.data(0, FOUND_ROLE)
        emit(self.open_requested, hit.folder, hit.name)

    def _first_result(self) -> None:
        first = self.results.topLevelItem(0)
        if first is not None:
            self.results.setFocus()
            self.results.setCurrentItem(first)

    def rebuild(self) -> None:
        self.rebuild_button.setEnabled(False)
        self.status.setText(self.tr("Reading every folder…"))
        self.workers.run(self.backend.rebuild_search, done=self._rebuilt, failed=self._not_rebuilt)

    def _rebuilt(self, count: int) -> None:
        self.rebuild_button.setEnabled(True)
        self.status.setText(self.tr("%n items indexed.", "", count))
        self.search_now()

    def _not_rebuilt(self, error: BaseException) -> None:
        self.rebuild_button.setEnabled(True)
        self.status.clear()
        self.error.show_error(error)
