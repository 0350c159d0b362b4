"""Sizes and newest dates of the folder rows of the file list: added up in a worker
from the verified metadata below each folder (app.services.usage), cached by path until
the window changes something."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.gui.backend.interface import Backend, View
from app.gui.backend.usage import FolderStats
from app.gui.window.files_page import FilesPage
from app.gui.workers import Workers

__all__ = ["FolderSizes"]


class FolderSizes(QObject):
    def __init__(self, page: FilesPage, backend: Backend, workers: Workers) -> None:
        super().__init__(page)
        self.page, self.backend, self.workers = page, backend, workers
        self.cache: dict[str, tuple[int, float]] = {}
        self._pending: set[str] = set()
        self._generation = 0
        page.counted.connect(lambda _count: self.listed())

    def listed(self) -> None:
        if self.page.view_kind is View.SHARED_BY_ME:
            return  # rows of shares and links, not folders of a tree
        folders = [entry.path for entry in self.page.model.entries if entry.is_folder]
        known = {path: self.cache[path] for path in folders if path in self.cache}
        if known:
            self.page.model.set_folder_stats(known)
        wanted = [path for path in folders if path not in known and path not in self._pending]
        if not wanted:
            return
        self._pending.update(wanted)
        generation = self._generation
        self.workers.run(
            self.backend.folder_stats,
            wanted,
            done=lambda stats: self._counted(generation, wanted, stats),
            failed=lambda _error: self._pending.difference_update(wanted),
        )

    def _counted(self, generation: int, wanted: list[str], stats: list[FolderStats]) -> None:
        self._pending.difference_update(wanted)
        if generation != self._generation:
            return  # something changed meanwhile: the next listing counts again
        found = {item.path: (item.size, item.modified) for item in stats}
        self.cache.update(found)
        self.page.model.set_folder_stats(found)

    def forget(self) -> None:
        """The tree changed: count again at the next listing."""
        self._generation += 1
        self.cache.clear()
        self._pending.clear()
        self.page.model.folder_stats.clear()
