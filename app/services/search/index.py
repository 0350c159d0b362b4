"""The search index in memory: every item of the own tree, and the queries on it.

    index = SearchIndex.from_entries([EntryInfo, ...])
    index.add(EntryInfo)   index.remove("/Old")   index.move("/A", "/B/A")
    index.find(Query("report", kinds={"pdf"}, since=ms))  -> [Hit], by path

No I/O and no clock: the store (store.py) and the service (service.py) do those. Names
match case-insensitively, as a substring, or as a glob when the pattern has `*`, `?` or
`[` (the whole name must match then). Kinds come from the name's extension (KINDS);
folders are kind "folder". `since` keeps files modified at or after it (folders, which
carry no time, never pass a `since`).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.services.files.service import EntryInfo

__all__ = ["KINDS", "Hit", "Query", "SearchIndex", "kind_of"]

KINDS: dict[str, frozenset[str]] = {
    "image": frozenset(
        "jpg jpeg png gif webp bmp tif tiff heic heif svg avif raw cr2 nef dng".split()
    ),
    "pdf": frozenset({"pdf"}),
    "document": frozenset("doc docx odt rtf txt md tex pages epub".split()),
    "spreadsheet": frozenset("xls xlsx ods csv tsv numbers".split()),
    "presentation": frozenset("ppt pptx odp key".split()),
    "audio": frozenset("mp3 flac wav ogg opus m4a aac".split()),
    "video": frozenset("mp4 mkv mov avi webm m4v".split()),
    "archive": frozenset("zip tar gz tgz bz2 xz 7z rar zst".split()),
    "code": frozenset("py js ts c h cpp rs go java kt rb sh json yaml yml toml html css".split()),
}
_BY_EXTENSION = {ext: kind for kind, exts in KINDS.items() for ext in exts}
QUERY_KINDS = frozenset({*KINDS, "folder", "file"})


def kind_of(name: str, entry_type: str) -> str:
    """ "folder", a KINDS key by the extension, or "other"."""
    if entry_type == "folder":
        return "folder"
    dot = name.rfind(".")
    return _BY_EXTENSION.get(name[dot + 1 :].lower(), "other") if dot >= 0 else "other"


@dataclass(frozen=True)
class Query:
    """A name pattern (empty: every name) with optional kinds and a `since` (ms)."""

    pattern: str = ""
    kinds: frozenset[str] = field(default_factory=frozenset)
    since: int | None = None


@dataclass(frozen=True)
class Hit:
    path: str
    type: str
    kind: str
    size: int | None
    modified: int | None


class SearchIndex:
    """Path -> (type, size, modified). Queries scan columns (rows sorted by path, with
    lower-cased names), made once after the last change; changes work on a dict made
    once from the columns."""

    def __init__(self) -> None:
        self._dict: dict[str, tuple[str, int | None, int | None]] | None = {}
        self._columns: _Columns | None = None

    @classmethod
    def from_entries(cls, entries: Iterable[EntryInfo]) -> SearchIndex:
        index = cls()
        for entry in entries:
            index.add(entry)
        return index

    @classmethod
    def from_tree_columns(cls, stored: TreeColumns) -> SearchIndex:
        """An index from the stored form (INDEX.md): rows sorted by path, each naming its
        parent row (-1: the root folder). Raises ValueError when they do not fit."""
        names, parents, types, sizes, modified = stored
        count = len(names)
        if not len(parents) == len(types) == len(sizes) == len(modified) == count:
            raise ValueError("the index columns differ in length")
        if any(not -1 <= parent < row for row, parent in enumerate(parents)):
            raise ValueError("an index row names a later parent")
        index = cls()
        index._dict = None
        index._columns = _Columns(names, parents, types, sizes, modified)
        return index

    def tree_columns(self) -> TreeColumns:
        """The stored form (see `from_tree_columns`)."""
        c = self._scan_columns()
        return c.names, c.parents, c.types, c.sizes, c.modified

    def __len__(self) -> int:
        return len(self._items())

    def __contains__(self, path: str) -> bool:
        return path in self._items()

    def rows(self) -> list[tuple[str, str, int | None, int | None]]:
        """(path, type, size, modified) of every item, sorted by path."""
        return sorted((path, *item) for path, item in self._items().items())

    def _items(self) -> dict[str, tuple[str, int | None, int | None]]:
        if self._dict is None:
            c = self._columns
            assert c is not None
            self._dict = {
                c.path(row): (c.type(row), c.sizes[row], c.modified[row])
                for row in range(len(c.names))
            }
        return self._dict

    def add(self, entry: EntryInfo) -> None:
        """Add or replace an item, with any missing parent folders."""
        self._put(entry.path, entry.type, entry.size, entry.modified)
        self._add_parents(entry.path)

    def _add_parents(self, path: str) -> None:
        parent = path.rpartition("/")[0]
        while parent and parent not in self._items():
            self._put(parent, "folder", None, None)
            parent = parent.rpartition("/")[0]

    def _put(self, path: str, entry_type: str, size: int | None, modified: int | None) -> None:
        self._items()[path] = (entry_type, size, modified)
        self._columns = None

    def remove(self, path: str) -> None:
        """Forget an item and everything below it."""
        items = self._items()
        for gone in self._below(path):
            del items[gone]
        self._columns = None

    def move(self, source: str, destination: str) -> bool:
        """Re-path an item and everything below it; False if `source` was not indexed."""
        items = self._items()
        if source not in items:
            return False
        moved = {p: items[p] for p in self._below(source)}
        self.remove(source)
        for path, (entry_type, size, modified) in moved.items():
            self._put(destination + path[len(source) :], entry_type, size, modified)
        self._add_parents(destination)
        return True

    def _below(self, path: str) -> list[str]:
        prefix = path + "/"
        return [p for p in self._items() if p == path or p.startswith(prefix)]

    def _scan_columns(self) -> _Columns:
        if self._columns is None:
            self._columns = _Columns.of(self._items())
        return self._columns

    def find(self, query: Query, limit: int | None = None) -> list[Hit]:
        """The items matching `query`, sorted by path (at most `limit`)."""
        c = self._scan_columns()
        matches = _name_matcher(query.pattern)
        rows = [i for i, name in enumerate(c.lowered) if matches(name)]
        if query.since is not None:
            since, modified = query.since, c.modified
            rows = [i for i in rows if (m := modified[i]) is not None and m >= since]
        kinds = {i: kind_of(c.lowered[i], c.type(i)) for i in rows}
        if query.kinds:
            wanted = query.kinds
            rows = [i for i in rows if kinds[i] in wanted or c.type(i) in wanted]
        if limit is not None:
            rows = rows[:limit]
        return [Hit(c.path(i), c.type(i), kinds[i], c.sizes[i], c.modified[i]) for i in rows]


TreeColumns = tuple[list[str], list[int], str, list[int | None], list[int | None]]


class _Columns:
    """Rows sorted by path: names, parent rows (-1: the root), types (f/d), sizes, times.
    Whole paths are made only for the rows asked for."""

    def __init__(
        self,
        names: list[str],
        parents: list[int],
        types: str,
        sizes: list[int | None],
        modified: list[int | None],
    ) -> None:
        self.names, self.parents, self.types = names, parents, types
        self.sizes, self.modified = sizes, modified
        self.lowered = [name.lower() for name in names]
        self._paths: dict[int, str] = {}

    @classmethod
    def of(cls, items: dict[str, tuple[str, int | None, int | None]]) -> _Columns:
        paths = sorted(items)
        row_of = {path: row for row, path in enumerate(paths)}
        rows = [items[p] for p in paths]
        return cls(
            [p[p.rfind("/") + 1 :] for p in paths],
            [row_of.get(p[: p.rfind("/")], -1) for p in paths],
            "".join("d" if r[0] == "folder" else "f" for r in rows),
            [r[1] for r in rows],
            [r[2] for r in rows],
        )

    def type(self, row: int) -> str:
        return "folder" if self.types[row] == "d" else "file"

    def path(self, row: int) -> str:
        known = self._paths.get(row)
        if known is None:
            parent = self.parents[row]
            known = f"{self.path(parent) if parent >= 0 else ''}/{self.names[row]}"
            self._paths[row] = known
        return known


def _name_matcher(pattern: str) -> Callable[[str], object]:
    lowered = pattern.lower()
    if not lowered:
        return lambda name: True
    if any(c in lowered for c in "*?["):
        return re.compile(fnmatch.translate(lowered), re.DOTALL).match
    return lambda name: lowered in name
