"""File operations of `ServicesBackend`, over `app.services.sharing.router.FileRouter`.

The services' transfer events (app.services.events) go to the window as they are. The
cancel token goes down into the operation, which checks it before every block and stops with
`TransferCancelledError` (an interrupted upload resumes from its journal when retried).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.gui.backend.interface import Entry, Version
from app.gui.backend.search import follower
from app.services.account import AccountSession
from app.services.connection import Connector
from app.services.errors import ServiceError
from app.services.events import CancelToken, ProgressCallback, ignore_progress
from app.services.sharing.mounts import SharedMounts
from app.services.sharing.router import FileRouter

__all__ = [
    "Files",
    "PartlyMovedError",
    "call",
    "download",
    "list_folder",
    "move",
    "restore",
    "upload",
]


@dataclass(frozen=True)
class Files:
    """An open session's files; /Shared reaches other servers through `connector`
    (the settings' proxy and route, its `home` the session's link)."""

    session: AccountSession
    connector: Connector


def _service(
    files: Files, progress: ProgressCallback = ignore_progress, cancel: CancelToken | None = None
) -> FileRouter:
    session = files.session
    mounts = SharedMounts(session.channel, session.vault, connector=files.connector)
    follow = follower(session, lambda: router.home)  # the search index follows
    router = FileRouter(
        session.channel, session.vault, mounts, progress=progress, cancel=cancel, on_change=follow
    )
    return router


def list_folder(files: Files, path: str) -> list[Entry]:
    return [
        Entry(
            info.name,
            info.path,
            info.type == "folder",
            info.size or 0,
            (info.modified or 0) / 1000,
            version=info.version or 0,
        )
        for info in _service(files).ls(path)
    ]


def upload(
    files: Files,
    local_paths: Sequence[Path],
    folder: str,
    on_event: ProgressCallback,
    cancel: CancelToken,
) -> None:
    _service(files, on_event, cancel).put(list(local_paths), folder)


def download(
    files: Files, remote: str, local_folder: Path, on_event: ProgressCallback, cancel: CancelToken
) -> Path:
    target = _free_local_name(local_folder / PurePosixPath(remote).name)
    local_folder.mkdir(parents=True, exist_ok=True)
    return _service(files, on_event, cancel).get(remote, target)


def _free_local_name(target: Path) -> Path:
    number, candidate = 2, target
    while candidate.exists():
        candidate = target.with_name(f"{target.stem} ({number}){target.suffix}")
        number += 1
    return candidate


def call(files: Files, operation: str, path: str) -> None:
    """mkdir or remove."""
    getattr(_service(files), operation)(path)


def rename(files: Files, path: str, new_name: str) -> None:
    _service(files).move(path, str(PurePosixPath(path).parent / new_name))


class PartlyMovedError(ServiceError):
    """A move of several items stopped midway: the `moved` (old, new path) pairs are in
    the folder (the window offers to undo them), `left` are not; `cause` says why."""

    def __init__(
        self, moved: Sequence[tuple[str, str]], left: Sequence[str], folder: str, cause: Exception
    ) -> None:
        self.moved, self.left, self.cause = list(moved), list(left), cause
        done = ", ".join(old for old, _new in self.moved)
        super().__init__(f"moved {done} to {folder}; not {', '.join(self.left)}: {cause}")


def move(files: Files, paths: Sequence[str], folder: str) -> list[tuple[str, str]]:
    """Move items into `folder` one by one; returns the (old, new path) pairs. Stopped
    midway, PartlyMovedError names what moved (so it can be undone)."""
    moved: list[tuple[str, str]] = []
    for position, path in enumerate(paths):
        try:
            moved.append((path, _service(files).move(path, folder or "/")))
        except ServiceError as error:
            if not moved:
                raise
            raise PartlyMovedError(moved, paths[position:], folder or "/", error) from error
    return moved


def versions(files: Files, path: str) -> list[Version]:
    return [
        Version(info.version, info.size, info.modified / 1000, info.current)
        for info in _service(files).versions(path)
    ]


def restore(files: Files, path: str, version: int) -> int:
    """Make `version` the current content again (a new version); returns its number."""
    return _service(files).restore(path, version)
