"""Search of the own tree: the index kept current by this process, rebuilt when missing.

    search = SearchService(files.home, IndexStore(profile / INDEX_FILE, index_key(vault)))
    files = FileRouter(..., on_change=search.note)   # or note() the changes afterwards
    search.find(Query("report", kinds=frozenset({"pdf"})))  -> [Hit]
    search.rebuild()                                          -> how many items

`find` loads the index, or walks the whole tree (every listing and file metadata,
verified as `ls` verifies them) when there is none. `note` follows the changes this
process makes (FileService's `TreeChange`): added items are read from their folder's
listing, moved and removed ones are re-pathed or dropped, and an item that comes back
from the trash is read again from the tree. Changes made by other devices or processes
are seen after `rebuild` (`privshare find --rebuild`). Nothing about the search leaves
this device: the server sees the same listing reads as `ls`.
"""

from __future__ import annotations

from collections.abc import Callable

from app.services.errors import NotFoundError, ServiceError
from app.services.files.service import TRASH_FOLDER, EntryInfo, FileService, TreeChange
from app.services.files.tree import split_path
from app.services.search.index import Hit, Query, SearchIndex
from app.services.search.store import IndexStore, profile_index
from app.services.usage import folder_size
from app.vault import Vault

__all__ = ["SearchService", "index_follower"]


def _in_trash(path: str) -> bool:
    return split_path(path)[:1] == [TRASH_FOLDER]


class SearchService:
    """The search index of one own tree (`files`), stored in `store`."""

    def __init__(self, files: FileService, store: IndexStore) -> None:
        self.files = files
        self.store = store

    def find(self, query: Query, limit: int | None = None) -> list[Hit]:
        index = self.store.load()
        if index is None:
            index = self._rebuilt()
        return index.find(query, limit)

    def rebuild(self) -> int:
        return len(self._rebuilt())

    def _rebuilt(self) -> SearchIndex:
        entries: list[EntryInfo] = []
        folder_size(self.files, "/", visit=entries.append)  # ls / hides the trash
        index = SearchIndex.from_entries(entries)
        self.store.save(index)
        return index

    def note(self, change: TreeChange) -> None:
        """Follow one change of this process; nothing happens while there is no index."""
        if not self.store.exists():
            return
        index = self.store.load()
        if index is None:
            return
        if change.kind == "added":
            self._add(index, change.paths)
        elif change.kind == "removed":
            for path in change.paths:
                index.remove(path)
        elif change.kind == "moved" and change.destination is not None:
            self._move(index, change.paths[0], change.destination)
        self.store.save(index)

    def _move(self, index: SearchIndex, source: str, destination: str) -> None:
        if _in_trash(destination):
            index.remove(source)
        elif not index.move(source, destination):  # from the trash, or never indexed
            self._add_subtree(index, destination)

    def _add(self, index: SearchIndex, paths: tuple[str, ...]) -> None:
        folders = sorted({path.rpartition("/")[0] or "/" for path in paths if not _in_trash(path)})
        wanted = set(paths)
        for folder in folders:
            for entry in self._ls(folder):
                if entry.path in wanted or entry.path not in index:
                    index.add(entry)

    def _add_subtree(self, index: SearchIndex, path: str) -> None:
        self._add(index, (path,))
        try:
            folder_size(self.files, path, visit=index.add)
        except NotFoundError:
            index.remove(path)

    def _ls(self, folder: str) -> list[EntryInfo]:
        try:
            return self.files.ls(folder)
        except NotFoundError:
            return []


def index_follower(vault: Vault, files: Callable[[], FileService]) -> Callable[[TreeChange], None]:
    """An `on_change` for a FileRouter that keeps the profile's index current; `files`
    gives the router's own-tree service (it does not exist yet when this is made)."""
    store = profile_index(vault)

    def follow(change: TreeChange) -> None:
        try:
            SearchService(files(), store).note(change)
        except ServiceError:  # the change itself is done; a later find rebuilds the index
            store.delete()

    return follow
