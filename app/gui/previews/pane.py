"""The preview pane beside the file list: the selected file's picture (from the
encrypted preview cache, or rendered in a worker), name, size, modified time, number of
versions and an Open button. Space in the list or the Preview button shows and hides it.
"""

from __future__ import annotations

import time
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, Entry, Version
from app.gui.backend.previews import Renderer
from app.gui.previews.render import image_kinds, render_thumbnail
from app.gui.previews.thumbnails import ThumbnailLoader
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.window.file_model import human_size
from app.gui.window.files_page import FilesPage
from app.gui.workers import Workers
from app.services.previews.cache import Thumbnail

if TYPE_CHECKING:
    from app.gui.window.main_window import MainWindow

__all__ = ["PANE_EDGE", "PreviewPane", "attach_preview_pane", "install_previews"]

PANE_EDGE = 512  # pixels a side of the pane's picture


class PreviewPane(QWidget):
    """Shows one entry; `open_requested(entry)` when Open is pressed."""

    open_requested = Signal(object)

    def __init__(
        self, backend: Backend, workers: Workers, renderer: Renderer, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.backend, self.workers, self.renderer = backend, workers, renderer
        self.entry: Entry | None = None
        self.setObjectName("PreviewPane")
        self.setAccessibleName(self.tr("Preview"))
        self.setMinimumWidth(220)
        self.picture = QLabel(self)
        self.picture.setAccessibleName(self.tr("Preview picture"))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(200, 200)
        self.picture.setWordWrap(True)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.name = QLabel(self)
        self.name.setAccessibleName(self.tr("File name"))
        self.name.setWordWrap(True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.details = QLabel(self)
        self.details.setAccessibleName(self.tr("File details"))
        self.details.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setAccessibleName(self.tr("Open the file"))
        self.open_button.clicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        layout.addWidget(self.open_button)
        self.pixmap = QPixmap()
        self.show_entry(None)

    def show_entry(self, entry: Entry | None) -> None:
        """Show `entry` (None: nothing selected); the picture and the version count
        arrive from workers, and only the answers for the entry still shown are used."""
        self.entry = entry
        self.pixmap = QPixmap()
        self.picture.setPixmap(self.pixmap)
        self.picture.setAccessibleDescription("")
        self.open_button.setEnabled(entry is not None and not entry.is_folder)
        if entry is None:
            self.picture.setText(self.tr("Select a file to preview it"))
            self.name.clear()
            self.details.clear()
            return
        self.name.setText(entry.name)
        self.details.setText(self._details(entry, None))
        if entry.is_folder:
            self.picture.setText(self.tr("Folder"))
            return
        self.picture.setText(self.tr("Loading preview…"))
        self.workers.run(
            self.backend.thumbnail,
            entry,
            PANE_EDGE,
            self.renderer,
            done=lambda shown: self._pictured(entry, shown),
            failed=lambda error: self._not_pictured(entry, error),
        )
        if entry.version:  # a file of My files or of a share (not a row of a list of shares)
            self.workers.run(
                self.backend.versions,
                entry.path,
                done=lambda found: self._counted(entry, found),
                failed=lambda _error: None,  # the details stay without the count
            )

    def _details(self, entry: Entry, versions: int | None) -> str:
        lines = []
        if not entry.is_folder:
            lines.append(self.tr("Size: %1").replace("%1", human_size(entry.size)))
        if entry.modified:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.modified))
            lines.append(self.tr("Modified: %1").replace("%1", when))
        if versions is not None:
            lines.append(self.tr("Versions: %1").replace("%1", str(versions)))
        return "\n".join(lines)

    def _pictured(self, entry: Entry, shown: Thumbnail) -> None:
        if entry != self.entry:
            return
        if shown.shown and self.pixmap.loadFromData(shown.png, "PNG"):
            self._fit()
            self.picture.setAccessibleDescription(
                self.tr("Preview of %1").replace("%1", entry.name)
            )
        else:
            self.picture.setText(self.tr("No preview") + "\n" + self.tr(shown.reason))

    def _not_pictured(self, entry: Entry, error: BaseException) -> None:
        if entry == self.entry:
            self.picture.setText(self.tr("No preview") + "\n" + str(error))

    def _counted(self, entry: Entry, found: list[Version]) -> None:
        if entry == self.entry:
            self.details.setText(self._details(entry, len(found)))

    def _fit(self) -> None:
        if self.pixmap.isNull():
            return
        size = self.picture.size()
        ratio = self.devicePixelRatioF()
        scaled = self.pixmap.scaled(
            size * ratio,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        if scaled.width() > self.pixmap.width():
            scaled = self.pixmap  # never blown up past the thumbnail's own size
        scaled.setDevicePixelRatio(ratio)
        self.picture.setPixmap(scaled)

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def _open(self) -> None:
        if self.entry is not None and not self.entry.is_folder:
            emit(self.open_requested, self.entry)


def attach_preview_pane(
    page: FilesPage, backend: Backend, workers: Workers, renderer: Renderer
) -> tuple[PreviewPane, QAction]:
    """Put a (hidden) pane beside `page`'s list, following its selection; the returned
    action (Space in the list, the page's Preview button) shows and hides it."""
    pane = PreviewPane(backend, workers, renderer, page)
    layout = page.layout()
    assert isinstance(layout, QVBoxLayout)
    splitter = QSplitter(Qt.Orientation.Horizontal, page)
    layout.insertWidget(layout.indexOf(page.view), splitter, 1)
    splitter.addWidget(page.view)
    splitter.addWidget(pane)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 1)
    splitter.setChildrenCollapsible(False)
    pane.hide()
    toggle = QAction(icon("file-image"), QCoreApplication.translate("FilesPage", "Preview"), page)
    toggle.setCheckable(True)
    toggle.setToolTip(QCoreApplication.translate("FilesPage", "Show or hide the preview (Space)"))

    def selected() -> None:
        entries = page.view.selected_entries()
        if pane.isVisible():
            pane.show_entry(entries[0] if len(entries) == 1 else None)

    def shown(visible: bool) -> None:
        pane.setVisible(visible)
        selected()

    toggle.toggled.connect(shown)
    page.view.selection_changed.connect(selected)
    page.model.modelReset.connect(selected)
    space = QShortcut(QKeySequence(Qt.Key.Key_Space), page.view)
    space.setContext(Qt.ShortcutContext.WidgetShortcut)
    space.activated.connect(toggle.toggle)
    button = QToolButton(page)
    button.setDefaultAction(toggle)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAccessibleName(QCoreApplication.translate("FilesPage", "Preview"))
    page.toolbar.addWidget(button)
    items = (page.toolbar.itemAt(index) for index in range(page.toolbar.count()))
    bar = [item.widget() for item in items if item is not None]
    controls = [w for w in bar if w is not None and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    chain = [*controls, page.view, pane.open_button]  # in the order they are read
    for before, after in pairwise(chain):
        QWidget.setTabOrder(before, after)
    return pane, toggle


def install_previews(window: MainWindow) -> tuple[PreviewPane, QAction]:
    """The preview pane and the list thumbnails of `window`'s files page."""
    renderer = Renderer(render_thumbnail, image_kinds())
    files = window.files
    pane, toggle = attach_preview_pane(files, window.backend, window.workers, renderer)
    pane.open_requested.connect(window.file_actions.activate)
    ThumbnailLoader(files, window.backend, window.workers, renderer)
    return pane, toggle
