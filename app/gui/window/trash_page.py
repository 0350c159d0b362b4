"""The Trash place: what Delete moved there (TRASH.md), with where each item was and
when it was deleted; Restore puts the selected items back (when the old place is taken,
the person chooses: keep both, or leave it in the trash), Empty trash deletes them for
good after a confirmation. How long items are kept is a setting (Settings).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, Entry
from app.gui.backend.trash import PlaceTakenError, Trashed
from app.gui.error_line import ErrorLine
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.window.file_model import full_date, human_size, icon_for, when_text
from app.gui.workers import Workers

__all__ = ["TrashPage"]

TRASHED_ROLE = Qt.ItemDataRole.UserRole + 1
Restored = tuple[Trashed, str | Exception]  # where it went, or why not


class TrashPage(QWidget):
    """`restored(path)` after each item put back; `changed()` whenever the trash changed
    (the files and the storage used are listed again)."""

    restored = Signal(str)
    changed = Signal()
    keep_days_read = Signal(int)
    counted = Signal(int)  # items listed

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.question: QMessageBox | None = None
        self._questions: list[Trashed] = []
        self._keep_both: list[Trashed] = []
        title = QLabel(self.tr("Trash"), self)
        title.setObjectName("Breadcrumb")
        self.list = QTreeWidget(self)
        self.list.setAccessibleName(self.tr("Items in the trash"))
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setHeaderLabels(
            [self.tr("Name"), self.tr("Original folder"), self.tr("Deleted"), self.tr("Size")]
        )
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.header().setStretchLastSection(False)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemActivated.connect(lambda *_: self.restore_selected())
        self.empty_note = QLabel(self.tr("The trash is empty."), self)
        self.restore_button = QPushButton(icon("undo"), self.tr("Restore"), self)
        self.restore_button.setAccessibleName(self.tr("Restore the selected items"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button = QPushButton(icon("delete"), self.tr("Empty trash…"), self)
        self.empty_button.setAccessibleName(self.tr("Empty trash"))
        self.empty_button.clicked.connect(self.ask_empty)
        self.keep_note = QLabel(self)
        self.keep_note.setAccessibleName(self.tr("How long deleted items are kept"))
        self.error = ErrorLine(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.empty_button)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_note)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.error)
        self._selection_changed()

    # ---- listing ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.workers.run(self._read, done=self._listed, failed=self.error.show_error)

    def _read(self) -> tuple[int, list[Trashed]]:
        return self.backend.trash_keep_days(), self.backend.trash()

    def _listed(self, result: tuple[int, list[Trashed]]) -> None:
        days, items = result
        note = self.tr("Items are deleted for good after %n days (Settings).", "", days)
        self.keep_note.setText(note)
        emit(self.keep_days_read, days)
        self.error.clear()
        self.list.clear()
        for trashed in items:
            row = QTreeWidgetItem(
                [
                    trashed.name,
                    trashed.folder,
                    when_text(trashed.deleted),
                    "" if trashed.is_folder else human_size(trashed.size),
                ]
            )
            row.setIcon(0, icon_for(Entry(trashed.name, trashed.original_path, trashed.is_folder)))
            row.setToolTip(2, full_date(trashed.deleted))
            row.setData(0, TRASHED_ROLE, trashed)
            self.list.addTopLevelItem(row)
        self.empty_note.setVisible(not items)
        emit(self.counted, len(items))
        self.empty_button.setEnabled(bool(items))
        self._selection_changed()

    def selected(self) -> list[Trashed]:
        return [row.data(0, TRASHED_ROLE) for row in self.list.selectedItems()]

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.list.selectedItems()))

    # ---- restore ---------------------------------------------------------------------

    def restore_selected(self) -> None:
        self._restore(self.selected(), keep_both=False)

    def _restore(self, items: list[Trashed], keep_both: bool) -> None:
        if items:
            self.workers.run(self._restore_each, items, keep_both, done=self._restore_ended)

    def _restore_each(self, items: list[Trashed], keep_both: bool) -> list[Restored]:
        """In the worker, one after the other (each changes the trash's listing)."""
        results: list[Restored] = []
        for trashed in items:
            try:
                path = self.backend.restore_trashed(trashed.trash_name, keep_both)
                results.append((trashed, path))
            except Exception as error:  # reported item by item on the GUI thread
                results.append((trashed, error))
        return results

    def _restore_ended(self, results: list[Restored]) -> None:
        restored = [result for _trashed, result in results if isinstance(result, str)]
        taken = [trashed for trashed, result in results if isinstance(result, PlaceTakenError)]
        errors = [
            result
            for _trashed, result in results
            if isinstance(result, Exception) and not isinstance(result, PlaceTakenError)
        ]
        for path in restored:
            emit(self.restored, path)
        if restored:
            emit(self.changed)
        if errors:
            self.error.show_error(errors[0])
        else:
            self.error.clear()
        self.refresh()
        self._questions, self._keep_both = taken, []
        self._ask_next()

    def _ask_next(self) -> None:
        """One question per item whose old place is taken; then the kept ones go back."""
        if not self._questions:
            self._restore(self._keep_both, keep_both=True)
            self._keep_both = []
            return
        trashed = self._questions.pop(0)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Restore"),
            self.tr(
                "Something named “%1” is in %2 again.\n\nRestore the deleted one beside it "
                "under a new name, or leave it in the trash?"
            )
            .replace("%1", trashed.name)
            .replace("%2", trashed.folder),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        keep_both = box.addButton(self.tr("Keep both"), QMessageBox.ButtonRole.AcceptRole)
        leave = box.addButton(self.tr("Leave in trash"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(leave)
        box.setEscapeButton(leave)

        def answered() -> None:
            if box.clickedButton() is keep_both:
                self._keep_both.append(trashed)
            self._ask_next()

        box.finished.connect(answered)
        self.question = box
        box.open()

    # ---- empty --------------------------------------------------------------

    def ask_empty(self) -> None:
        count = self.list.topLevelItemCount()
        if not count:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Empty trash"),
            self.tr(
                "Delete the %n items in the trash for good?\n\nThis cannot be undone: they "
                "and their versions are gone.",
                "",
                count,
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _result: self._empty() if box.clickedButton() is yes else None)
        self.question = box
        box.open()

    def _empty(self) -> None:
        self.workers.run(
            self.backend.empty_trash,
            done=lambda _count: self._emptied(),
            failed=self.error.show_error,
        )

    def _emptied(self) -> None:
        emit(self.changed)
        self.refresh()
