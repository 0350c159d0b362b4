"""Thumbnails of files: from the encrypted cache, or read, rendered and cached.

    previews = PreviewService(router, profile_previews(vault), render, kinds)
    previews.thumbnail(FileFacts(path, version, size, modified), edge=256) -> Thumbnail

The content is read into memory through the same verified download as `get` (never to
a file), and only files of at most `max_source` bytes whose name has a suffix in
`kinds` are read at all. `render(content, name, edge)` makes the picture: it is given by
the shell (the desktop app uses Qt's image readers), so this package stays free of any
image library. Nothing about a preview reaches the server: it sees the same block reads
as a download, and the thumbnail stays in this profile, encrypted (PREVIEW-CACHE.md).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Protocol

from app.services.errors import ServiceError
from app.services.events import ignore_progress
from app.services.files.download import write_content
from app.services.files.errors import FilesUsageError, translated
from app.services.files.service import FileService
from app.services.files.tree import File
from app.services.previews.cache import FileFacts, PreviewCache, Thumbnail

__all__ = ["MAX_SOURCE", "PreviewService", "Render", "TooLargeError", "Trees", "read_content"]

MAX_SOURCE = 32 * 1024 * 1024  # bytes of a file read for its preview, at most

Render = Callable[[bytes, str, int], Thumbnail]  # content, name, edge -> thumbnail


class Trees(Protocol):
    """Where a path's file is: the own tree or a share (sharing.router.FileRouter; a
    protocol, so previews, which accounts wipe, builds on files alone)."""

    def service_for(self, path: str, *, write: bool = False) -> tuple[FileService, str]: ...


class TooLargeError(FilesUsageError):
    """The file is larger than the reader asked for: `size` bytes."""

    def __init__(self, message: str, size: int) -> None:
        super().__init__(message)
        self.size = size


def read_content(files: Trees, path: str, max_source: int) -> tuple[FileFacts, bytes]:
    """The verified content of the file at `path` and the facts of the version read;
    `FilesUsageError` for a folder, `TooLargeError` for a file larger than `max_source`."""
    service, inner = files.service_for(path)
    try:
        item = service.tree.resolve(inner)
        if not isinstance(item, File):
            raise FilesUsageError(f"{path} is a folder")
        metadata = item.metadata
        if metadata.size > max_source:
            raise TooLargeError(f"{path} is too large to preview", metadata.size)
        sink = io.BytesIO()
        write_content(service.api, item, sink, ignore_progress)
    except ServiceError:
        raise
    except Exception as error:
        service_error = translated(error, path)
        if service_error is error:
            raise
        raise service_error from error
    facts = FileFacts(path, metadata.version, metadata.size, metadata.modified)
    return facts, sink.getvalue()


class PreviewService:
    """Thumbnails of the files `files` reaches, kept in `cache`."""

    def __init__(
        self,
        files: Trees,
        cache: PreviewCache,
        render: Render,
        kinds: frozenset[str],
        *,
        max_source: int = MAX_SOURCE,
    ) -> None:
        """`kinds`: the lower-case suffixes ("".png"") `render` reads."""
        self.files, self.cache, self.render = files, cache, render
        self.kinds, self.max_source = kinds, max_source

    def previewable(self, name: str) -> bool:
        return PurePosixPath(name).suffix.lower() in self.kinds

    def thumbnail(self, facts: FileFacts, edge: int) -> Thumbnail:
        """The thumbnail of that version of the file, at most `edge` pixels a side; a
        file that has none (unknown kind, too large, unreadable) gives one whose
        `reason` says so."""
        if not self.previewable(facts.path):
            return Thumbnail(b"", reason="no preview for this kind of file")
        if facts.size > self.max_source:
            return Thumbnail(b"", reason="too large to preview")
        cached = self.cache.load(facts, edge)
        if cached is not None:
            return cached
        read, content = read_content(self.files, facts.path, self.max_source)
        thumbnail = self.render(content, PurePosixPath(facts.path).name, edge)
        self.cache.save(read, edge, thumbnail)
        return thumbnail
