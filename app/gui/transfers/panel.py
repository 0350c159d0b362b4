"""The Transfers page: the transfers table (direction icon, a progress bar while a row
runs, its reason when it failed), Cancel, Pause, Retry (Resume for the transfers a
restart interrupted or the person paused), Remove and Show in folder for the selected
rows, each enabled only when it applies."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.theme import icon
from app.gui.transfers.manager import (
    ROW_ROLE,
    TransferManager,
    TransferRow,
    TransfersModel,
    TransferState,
)

__all__ = ["TransfersPanel"]


class _ProgressDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, TransferRow) or row.can_retry:
            super().paint(painter, option, index)  # a failed row shows no bar at all
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = int(row.fraction * 1000)
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole))
        bar.textVisible = True
        style = QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class TransfersPanel(QWidget):
    def __init__(
        self, model: TransfersModel, manager: TransferManager, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.model, self.manager = model, manager
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setAccessibleName(self.tr("Transfers"))
        self.table.setItemDelegateForColumn(1, _ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 220)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 180)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # a reason fits
        self.table.setWordWrap(True)
        self.cancel_button = QPushButton(icon("cancel"), self.tr("Cancel"), self)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.retry_button = QPushButton(icon("retry"), self.tr("Retry"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.show_button = QPushButton(self.tr("Show in folder"), self)
        self.clear_button = QPushButton(self.tr("Clear finished"), self)
        for button, name in (
            (self.cancel_button, self.tr("Cancel the selected transfers")),
            (self.pause_button, self.tr("Pause the selected transfers")),
            (self.retry_button, self.tr("Retry the selected transfers")),
            (self.remove_button, self.tr("Remove the selected transfers from the list")),
            (self.show_button, self.tr("Show the downloaded file in its folder")),
            (self.clear_button, self.tr("Clear finished transfers")),
        ):
            button.setAccessibleName(name)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.pause_button.clicked.connect(self.pause_selected)
        self.retry_button.clicked.connect(self.retry_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.show_button.clicked.connect(self.show_selected)
        self.clear_button.clicked.connect(self.clear_finished)
        self.open_url = QDesktopServices.openUrl
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (
            self.cancel_button,
            self.pause_button,
            self.retry_button,
            self.remove_button,
            self.show_button,
            self.clear_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        model.dataChanged.connect(lambda *_: self.update_buttons())
        model.modelReset.connect(self.update_buttons)
        self.update_buttons()

    def _selected_rows(self) -> list[TransferRow]:
        rows = self.table.selectionModel().selectedRows(0)
        return [
            self.model.rows[index.row()] for index in rows if index.row() < len(self.model.rows)
        ]

    def update_buttons(self) -> None:
        rows = self._selected_rows()
        self.cancel_button.setEnabled(any(not row.finished for row in rows))
        self.pause_button.setEnabled(any(not row.finished for row in rows))
        again = [row for row in rows if row.can_retry]
        self.retry_button.setEnabled(bool(again))
        stopped = (TransferState.INTERRUPTED, TransferState.PAUSED)
        resume = bool(again) and all(row.state in stopped for row in again)
        self.retry_button.setText(self.tr("Resume") if resume else self.tr("Retry"))
        self.remove_button.setEnabled(any(row.finished for row in rows))
        self.show_button.setEnabled(len(rows) == 1 and rows[0].saved_file is not None)

    def show_selected(self) -> None:
        rows = self._selected_rows()
        saved = rows[0].saved_file if len(rows) == 1 else None
        if saved is not None:
            self.open_url(QUrl.fromLocalFile(str(saved.parent)))

    def cancel_selected(self) -> None:
        for row in self._selected_rows():
            self.manager.cancel(row)

    def pause_selected(self) -> None:
        for row in self._selected_rows():
            self.manager.pause(row)

    def retry_selected(self) -> None:
        for row in self._selected_rows():
            self.manager.retry(row)

    def remove_selected(self) -> None:
        self.model.remove(self._selected_rows())

    def clear_finished(self) -> None:
        self.model.remove_finished()
