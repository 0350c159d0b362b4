"""Files › "Activity…": who changed what in the folder the window shows, each entry
checked (app/services/files/activity/ACTIVITY.md). An entry that fails a check says
"Unverified" and why, in words and with a warning icon, never by colour alone; the
summary line above the list says how many there are.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, View
from app.gui.error_line import ErrorLine
from app.gui.workers import Workers
from app.services.files.activity.reader import CheckedEntry, FolderActivity

__all__ = ["ActivityDialog"]


class ActivityDialog(QDialog):
    def __init__(
        self,
        backend: Backend,
        workers: Workers,
        view: View,
        path: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.backend, self.workers, self.view_kind, self.path = backend, workers, view, path
        self.setWindowTitle(self.tr("Activity in %1").replace("%1", path))
        self.setMinimumSize(760, 420)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Summary"))
        self.list = QTreeWidget(self)
        self.list.setAccessibleName(self.tr("Changes in this folder"))
        self.list.setHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Check")]
        )
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAllColumnsShowFocus(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setAccessibleName(self.tr("Read the log again"))
        self.refresh_button.clicked.connect(self.refresh)
        self.error = ErrorLine(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self.error.clear()
        self.summary.setText(self.tr("Reading and checking the log…"))
        self.workers.run(
            self.backend.folder_activity,
            self.view_kind,
            self.path,
            done=self._show,
            failed=self._failed,
        )

    def _show(self, activity: FolderActivity) -> None:
        self.refresh_button.setEnabled(True)
        self.list.clear()
        for entry in reversed(activity.entries):  # the newest first
            self.list.addTopLevelItem(self._item(entry))
        for column in range(3):
            self.list.resizeColumnToContents(column)
        self.summary.setText(self._summary(activity))

    def _summary(self, activity: FolderActivity) -> str:
        total, bad = len(activity.entries), activity.unverified
        if total == 0:
            return self.tr("No changes logged in this folder yet.")
        if bad == 0:
            return self.tr("All %n entries are signed by their writers and verified.", "", total)
        return (
            self.tr(
                "Warning: %n of %1 entries are unverified. Someone without this folder's "
                "keys, such as the server, changed the log, or a change was made that "
                "nobody signed.",
                "",
                bad,
            )
        ).replace("%1", str(total))

    def _item(self, entry: CheckedEntry) -> QTreeWidgetItem:
        when = (
            "?"
            if entry.at is None
            else time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.at / 1000))
        )
        if not entry.verified:
            check = self.tr("Unverified: %1").replace("%1", entry.problem)
        elif entry.older_format:
            check = self.tr("Verified, recorded before the log was chained (weaker checks)")
        else:
            check = self.tr("Verified")
        item = QTreeWidgetItem([when, entry.author or "?", self._what(entry), check])
        if not entry.verified:
            warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            item.setIcon(3, warning)
        return item

    def _what(self, entry: CheckedEntry) -> str:
        texts = {
            "upload": self.tr("uploaded “%1”"),
            "new-version": self.tr("saved a new version of “%1”"),
            "new-folder": self.tr("made the folder “%1”"),
            "rename": self.tr("renamed “%1” to “%2”"),
            "move-in": self.tr("moved “%1” here from %2"),
            "move-out": self.tr("moved “%1” to %2"),
            "remove": self.tr("deleted “%1”"),
            "trash": self.tr("moved “%1” to the trash"),
            "restore": self.tr("restored “%1” from the trash"),
            "share": self.tr("shared “%1” with %2"),
            "unshare": self.tr("stopped sharing “%1” with %2"),
            "replace": self.tr("replaced “%1” (new keys)"),
        }
        text = texts.get(entry.action, self.tr("changed the folder"))
        text = text.replace("%1", entry.name).replace("%2", entry.target)
        if entry.action == "new-version" and entry.version:
            text += " " + self.tr("(version %1)").replace("%1", str(entry.version))
        return text

    def _failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.summary.clear()
        self.error.show_error(error)
