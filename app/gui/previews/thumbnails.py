"""Thumbnails as the file list's icons: after each listing, the pictures of the image
rows are asked for one at a time (a worker each; the encrypted cache answers those seen
before without a download) and set on the model as they arrive. Only files of at most
`LIST_MAX_SOURCE` bytes are read for the list (a folder of large photos is not
downloaded whole to draw its icons); the preview pane reads larger ones."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QIcon, QPixmap

from app.gui.backend.interface import Backend, Entry
from app.gui.backend.previews import Renderer
from app.gui.window.files_page import FilesPage
from app.gui.workers import Workers
from app.services.errors import ServerUnreachableError
from app.services.previews.cache import Thumbnail

__all__ = ["LIST_EDGE", "LIST_MAX_SOURCE", "ThumbnailLoader"]

LIST_EDGE = 96  # pixels a side of a list thumbnail (shown smaller, sharp at 3x)
LIST_MAX_SOURCE = 8 * 1024 * 1024
ROW_ICON = 28

log = logging.getLogger(__name__)


class ThumbnailLoader(QObject):
    """Keeps `page.model.thumbnails` to the pictures of the rows listed."""

    def __init__(
        self, page: FilesPage, backend: Backend, workers: Workers, renderer: Renderer
    ) -> None:
        super().__init__(page)
        self.page, self.backend, self.workers, self.renderer = page, backend, workers, renderer
        self._queue: list[Entry] = []
        self._busy = False
        self._versions: dict[str, int] = {}  # path -> version of the picture shown
        page.view.setIconSize(QSize(ROW_ICON, ROW_ICON))
        page.model.modelReset.connect(self._listed)

    def _wanted(self, entry: Entry) -> bool:
        suffix = entry.name.rpartition(".")[2].lower()
        return (
            not entry.is_folder
            and entry.version > 0
            and f".{suffix}" in self.renderer.kinds
            and entry.size <= LIST_MAX_SOURCE
        )

    def _listed(self) -> None:
        model = self.page.model
        current = {entry.path: entry.version for entry in model.entries}
        for path in list(model.thumbnails):
            if current.get(path) != self._versions.get(path):
                del model.thumbnails[path]  # gone, or a new version: its picture is stale
                self._versions.pop(path, None)
        self._queue = [
            entry
            for entry in model.entries
            if self._wanted(entry) and entry.path not in model.thumbnails
        ]
        self._next()

    def _next(self) -> None:
        if self._busy or not self._queue:
            return
        entry = self._queue.pop(0)
        self._busy = True
        self.workers.run(
            self.backend.thumbnail,
            entry,
            LIST_EDGE,
            self.renderer,
            done=lambda shown: self._arrived(entry, shown),
            failed=self._failed,
        )

    def _arrived(self, entry: Entry, shown: Thumbnail) -> None:
        self._busy = False
        model = self.page.model
        if entry in model.entries and shown.shown:
            pixmap = QPixmap()
            if pixmap.loadFromData(shown.png, "PNG"):
                self._versions[entry.path] = entry.version
                model.set_thumbnail(entry.path, QIcon(pixmap))
        self._next()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, ServerUnreachableError):
            self._queue.clear()  # the files page reports it; the next listing tries again
            return
        log.info("no thumbnail: %s", error)
        self._next()
