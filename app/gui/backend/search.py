"""Search of the own tree for `ServicesBackend`, over app.services.search (INDEX.md).

The index lives encrypted in the profile and follows the window's own changes (every
FileRouter the backend makes carries `follower`); a search reads only that file, so the
server learns nothing about it. The opened index is kept in memory while its file is
unchanged (each save is a new file: a new inode), so typing does not decrypt it again
for every search; `forget_opened` drops it (on lock). `rebuild` reads the tree again
(changes made on other devices), as `privshare find --rebuild` does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.services.account import AccountSession
from app.services.files.service import FileService, TreeChange
from app.services.search.index import Hit, Query, SearchIndex
from app.services.search.service import SearchService, index_follower
from app.services.search.store import IndexStore, index_key, profile_index

__all__ = [
    "MAX_RESULTS",
    "Found",
    "SearchRequest",
    "find",
    "follower",
    "forget_opened",
    "rebuild",
]

MAX_RESULTS = 500
_index_lock = threading.Lock()  # one reader or writer of the index file at a time
_opened: dict[Path, tuple[tuple[int, int, int], SearchIndex]] = {}


class _OpenedStore(IndexStore):
    """An IndexStore whose `load` reuses the index opened before while the file is the
    same (inode, time and size)."""

    def load(self) -> SearchIndex | None:
        try:
            found = self.path.stat()
        except OSError:
            return None
        stamp = (found.st_ino, found.st_mtime_ns, found.st_size)
        kept = _opened.get(self.path)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        index = super().load()
        if index is not None:
            _opened[self.path] = (stamp, index)
        return index


def forget_opened() -> None:
    """Drop the opened indexes; never waits for a search or a change in flight (the lock
    must not wait on the network)."""
    _opened.clear()


def _store(session: AccountSession) -> IndexStore:
    return _OpenedStore(profile_index(session.vault).path, index_key(session.vault))


@dataclass(frozen=True)
class SearchRequest:
    """A name pattern (substring, or glob with * ? [), kinds (KINDS keys, "folder",
    "file"; empty: any) and a `since` in seconds (None: any time)."""

    pattern: str
    kinds: frozenset[str] = frozenset()
    since: float | None = None


@dataclass(frozen=True)
class Found:
    path: str
    is_folder: bool
    kind: str
    size: int
    modified: float  # seconds; 0 for folders

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def folder(self) -> str:
        return str(PurePosixPath(self.path).parent)


def _found(hit: Hit) -> Found:
    return Found(
        hit.path, hit.type == "folder", hit.kind, hit.size or 0, (hit.modified or 0) / 1000
    )


def follower(
    session: AccountSession, home: Callable[[], FileService]
) -> Callable[[TreeChange], None]:
    """`on_change` for the backend's routers: the index follows each change."""
    follow = index_follower(session.vault, home)

    def locked(change: TreeChange) -> None:
        with _index_lock:
            follow(change)

    return locked


def find(home: FileService, session: AccountSession, request: SearchRequest) -> list[Found]:
    """At most MAX_RESULTS hits, by path (the tree is read once when there is no index)."""
    since = None if request.since is None else int(request.since * 1000)
    query = Query(request.pattern.strip(), request.kinds, since)
    with _index_lock:
        hits = SearchService(home, _store(session)).find(query, MAX_RESULTS)
    return [_found(hit) for hit in hits]


def rebuild(home: FileService, session: AccountSession) -> int:
    with _index_lock:
        return SearchService(home, _store(session)).rebuild()
