"""Thumbnails for the window, over app.services.previews (no Qt here: the window passes
its renderer, which the worker thread calls)."""

from __future__ import annotations

from dataclasses import dataclass

from app.gui.backend.files import Files, _service
from app.gui.backend.interface import Entry
from app.services.previews.cache import FileFacts, Thumbnail, profile_previews
from app.services.previews.service import PreviewService, Render

__all__ = ["Renderer", "thumbnail"]


@dataclass(frozen=True)
class Renderer:
    """The window's image reader: `render(content, name, edge)` for names with `kinds`."""

    render: Render
    kinds: frozenset[str]


def thumbnail(files: Files, entry: Entry, edge: int, renderer: Renderer) -> Thumbnail:
    """`entry`'s thumbnail (from the profile's encrypted cache when it is there)."""
    cache = profile_previews(files.session.vault)
    previews = PreviewService(_service(files), cache, renderer.render, renderer.kinds)
    facts = FileFacts(entry.path, entry.version, entry.size, round(entry.modified * 1000))
    return previews.thumbnail(facts, edge)
