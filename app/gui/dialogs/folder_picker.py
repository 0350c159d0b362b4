"""Pick a folder to move items into: a tree of one place's folders, each listed (in a
worker) the first time it is opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, Entry, View
from app.gui.error_line import ErrorLine
from app.gui.theme import icon
from app.gui.workers import Workers

__all__ = ["FolderPicker"]

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class FolderPicker(QDialog):
    """The folders under `root` (shown as `root_name`); `chosen()` once accepted."""

    def __init__(
        self,
        backend: Backend,
        workers: Workers,
        view: View,
        root: str,
        root_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Move to"))
        self.setMinimumSize(420, 360)
        self.backend, self.workers, self.view = backend, workers, view
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Folders"))
        self.tree.itemExpanded.connect(self._list)
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Move here"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        top = self._item(self.tree.invisibleRootItem(), root_name, root)
        self.tree.setCurrentItem(top)
        top.setExpanded(True)

    def _item(self, parent: QTreeWidgetItem, name: str, path: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [name])
        item.setIcon(0, icon("folder"))
        item.setData(0, PATH_ROLE, path)
        item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        return item

    def _list(self, item: QTreeWidgetItem) -> None:
        if item.data(0, Qt.ItemDataRole.UserRole):  # listed already
            return
        item.setData(0, Qt.ItemDataRole.UserRole, True)
        path = str(item.data(0, PATH_ROLE))
        self.workers.run(
            self.backend.list_folder,
            self.view,
            path,
            done=lambda entries: self._listed(item, entries),
            failed=self.error.show_error,
        )

    def _listed(self, item: QTreeWidgetItem, entries: list[Entry]) -> None:
        folders = sorted((e for e in entries if e.is_folder), key=lambda e: e.name.lower())
        for entry in folders:
            self._item(item, entry.name, entry.path)
        if not folders:
            item.setChildIndicatorPolicy(
                QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless
            )

    def chosen(self) -> str:
        item = self.tree.currentItem()
        return str(item.data(0, PATH_ROLE)) if item is not None else ""
