"""The file view's Qt item model over `Entry` rows, and the sorting/filtering proxy.

Folders carry no size or date of their own: `set_folder_stats` gives them the size of
everything below and the newest file's time (computed in a worker, folder_sizes.py).
Dates read as a person says them: "Today 14:05", "Yesterday 09:12", "3 Dec 14:05",
"3 Dec 2025"; the full date is the tooltip."""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon

from app.gui.backend.interface import Entry
from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.signals import emit
from app.gui.theme import row_icon

__all__ = ["ENTRY_ROLE", "FileModel", "FileSortProxy", "human_size", "icon_for", "when_text"]

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = (
    QT_TRANSLATE_NOOP("FileModel", "Name"),
    QT_TRANSLATE_NOOP("FileModel", "Size"),
    QT_TRANSLATE_NOOP("FileModel", "Modified"),
    QT_TRANSLATE_NOOP("FileModel", "Sharing"),
)
_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".heic"}
_TEXTS = {".txt", ".md", ".pdf", ".doc", ".docx", ".odt", ".rtf", ".csv", ".xlsx", ".pptx"}
_ARCHIVES = {".zip", ".tar", ".gz", ".tgz", ".xz", ".7z", ".bz2", ".zst"}

_MONTHS = (
    QT_TRANSLATE_NOOP("FileModel", "Jan"),
    QT_TRANSLATE_NOOP("FileModel", "Feb"),
    QT_TRANSLATE_NOOP("FileModel", "Mar"),
    QT_TRANSLATE_NOOP("FileModel", "Apr"),
    QT_TRANSLATE_NOOP("FileModel", "May"),
    QT_TRANSLATE_NOOP("FileModel", "Jun"),
    QT_TRANSLATE_NOOP("FileModel", "Jul"),
    QT_TRANSLATE_NOOP("FileModel", "Aug"),
    QT_TRANSLATE_NOOP("FileModel", "Sep"),
    QT_TRANSLATE_NOOP("FileModel", "Oct"),
    QT_TRANSLATE_NOOP("FileModel", "Nov"),
    QT_TRANSLATE_NOOP("FileModel", "Dec"),
)

Index = QModelIndex | QPersistentModelIndex


def human_size(size: int) -> str:
    """A size with one decimal in the language's own way ("240.6 KiB", "240,6 KiB")."""
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            number = str(int(value)) if unit == "B" else locale.toString(value, "f", 1)
            return f"{number} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover - the loop always returns


def when_text(seconds: float, now: float | None = None) -> str:
    """A time as a person reads it, relative to today (local time); "" for none."""
    if not seconds:
        return ""
    translate = QCoreApplication.translate
    moment = datetime.datetime.fromtimestamp(seconds)
    today = datetime.datetime.fromtimestamp(time.time() if now is None else now).date()
    clock = moment.strftime("%H:%M")
    if moment.date() == today:
        return translate("FileModel", "Today %1").replace("%1", clock)
    if moment.date() == today - datetime.timedelta(days=1):
        return translate("FileModel", "Yesterday %1").replace("%1", clock)
    month = translate("FileModel", _MONTHS[moment.month - 1])
    if moment.year == today.year:
        return f"{moment.day} {month} {clock}"
    return f"{moment.day} {month} {moment.year}"


def full_date(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds)) if seconds else ""


def icon_for(entry: Entry) -> QIcon:
    if entry.is_folder:
        return row_icon("folder")
    suffix = PurePosixPath(entry.name).suffix.lower()
    if suffix in _IMAGES or entry.mime.startswith("image/"):
        return row_icon("file-image")
    if suffix in _TEXTS or entry.mime.startswith("text/"):
        return row_icon("file-text")
    if suffix in _ARCHIVES:
        return row_icon("file-archive")
    return row_icon("file")


def _shared_text(entry: Entry) -> str:
    translate = QCoreApplication.translate
    if entry.shared in ("read", "write") and entry.shared_with:
        count = len(entry.shared_with)
        if entry.shared == "read":
            text = translate("FileModel", "Shared with {who} (read)")
        else:
            text = translate("FileModel", "Shared with {who} (read & write)")
        who = entry.shared_with[0] if count == 1 else None
        if who is None:
            who = translate("FileModel", "%n people", "", count)
        return text.format(who=who)
    if entry.shared == "read":
        return translate("FileModel", "Shared (read)")
    if entry.shared == "write":
        return translate("FileModel", "Shared (read & write)")
    if entry.shared.startswith("from "):
        return translate("FileModel", "From %1").replace("%1", entry.shared[5:])
    access, to, who = entry.shared.partition(" to ")  # a row of Shared by me
    if to:
        if access == "write":
            return translate("FileModel", "Can change: %1").replace("%1", who)
        return translate("FileModel", "Can view: %1").replace("%1", who)
    return ""


class FileModel(QAbstractTableModel):
    """One folder's entries; `set_entries` replaces them all. A name edited in place
    (F2) is asked for as `rename_requested(path, new name)`; the listing after the
    rename shows it."""

    rename_requested = Signal(str, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[Entry] = []
        self.editable = True
        self.thumbnails: dict[str, QIcon] = {}  # path -> picture (app/gui/previews)
        self.folder_stats: dict[str, tuple[int, float]] = {}  # path -> (size, newest)

    def set_entries(self, entries: Sequence[Entry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def set_folder_stats(self, stats: Mapping[str, tuple[int, float]]) -> None:
        """Sizes and newest times of folder rows (by path); other rows keep theirs."""
        self.folder_stats.update(stats)
        if self.entries:
            last = self.index(len(self.entries) - 1, 2)
            self.dataChanged.emit(self.index(0, 1), last)

    def _size_and_time(self, entry: Entry) -> tuple[int | None, float]:
        if not entry.is_folder:
            return entry.size, entry.modified
        size, newest = self.folder_stats.get(entry.path, (None, 0.0))
        return size, newest

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("FileModel", COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        extra = Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == 0 and self.editable:
            extra |= Qt.ItemFlag.ItemIsEditable
        if self.entries[index.row()].is_folder:
            extra |= Qt.ItemFlag.ItemIsDropEnabled
        return base | extra

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        entry, column = self.entries[index.row()], index.column()
        if role == ENTRY_ROLE:
            return entry
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(entry, column, *self._size_and_time(entry))
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self.thumbnails.get(entry.path) or icon_for(entry)
        if role == SORT_ROLE:
            size, modified = self._size_and_time(entry)
            return (entry.name.lower(), size or 0, modified, entry.shared)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and entry.shared_with:
            return "\n".join(entry.shared_with)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return full_date(self._size_and_time(entry)[1])
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            if entry.is_folder:
                return QCoreApplication.translate("FileModel", "%1, folder").replace(
                    "%1", entry.name
                )
            return QCoreApplication.translate("FileModel", "%1, file").replace("%1", entry.name)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.EditRole:
            return False
        entry, name = self.entries[index.row()], str(value).strip()
        if name and name != entry.name and "/" not in name:
            emit(self.rename_requested, entry.path, name)
        return False  # the row keeps its name until the listing after the rename

    @staticmethod
    def _display(entry: Entry, column: int, size: int | None, modified: float) -> str:
        if column == 0:
            return entry.name
        if column == 1:
            return "" if size is None else human_size(size)
        if column == 2:
            return when_text(modified)
        return _shared_text(entry)

    def set_thumbnail(self, path: str, picture: QIcon) -> None:
        self.thumbnails[path] = picture
        for row, entry in enumerate(self.entries):
            if entry.path == path:
                cell = self.index(row, 0)
                self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DecorationRole])


class FileSortProxy(QSortFilterProxyModel):
    """Folders first, then by the chosen column; the filter box matches names."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        a, b = left.data(ENTRY_ROLE), right.data(ENTRY_ROLE)
        if a.is_folder != b.is_folder:
            folder_first = a.is_folder
            return (
                folder_first
                if self.sortOrder() == Qt.SortOrder.AscendingOrder
                else not folder_first
            )
        return bool(left.data(SORT_ROLE) < right.data(SORT_ROLE))
