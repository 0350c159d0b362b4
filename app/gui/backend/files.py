"""File operations of `ServicesBackend`, over `app.services.sharing.router.FileRouter`.

Service events (app.services.events) become the window's `TransferEvent`s. The cancel
token goes down into the operation, which checks it before every block and stops with
`TransferCancelledError` (an interrupted upload resumes from its journal when retried).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.gui.backend.interface import Entry, TransferEvent, TransferState, Version
from app.services.account import AccountSession
from app.services.connection import Connector
from app.services.events import (
    CancelToken,
    ProgressCallback,
    TransferFailed,
    TransferFinished,
    TransferProgress,
    TransferStarted,
    ignore_progress,
)
from app.services.events import TransferEvent as ServiceEvent
from app.services.sharing.mounts import SharedMounts
from app.services.sharing.router import FileRouter

__all__ = [
    "Files",
    "call",
    "download",
    "list_folder",
    "move",
    "restore",
    "upload",
]

OnEvent = Callable[[TransferEvent], None]


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
    return FileRouter(session.channel, session.vault, mounts, progress=progress, cancel=cancel)


def list_folder(files: Files, path: str) -> list[Entry]:
    return [
        Entry(
            info.name,
            info.path,
            info.type == "folder",
            info.size or 0,
            (info.modified or 0) / 1000,
        )
        for info in _service(files).ls(path)
    ]


def _local_for(remote: str, roots: Sequence[Path], folder: str) -> Path | None:
    """The local file an uploaded remote path came from."""
    relative = PurePosixPath(remote).relative_to(PurePosixPath(folder))
    for root in roots:
        if relative.parts and relative.parts[0] == root.name:
            return root.parent.joinpath(*relative.parts)
    return None


def _converted(event: ServiceEvent, key: str, local: str, folder: str) -> TransferEvent:
    direction = event.direction
    name = PurePosixPath(event.path).name
    if isinstance(event, TransferStarted):
        return TransferEvent(
            key, name, direction, 0, event.total, TransferState.RUNNING, folder, local
        )
    if isinstance(event, TransferProgress):
        return TransferEvent(
            key, name, direction, event.done, event.total, TransferState.RUNNING, folder, local
        )
    if isinstance(event, TransferFinished):
        return TransferEvent(
            key, name, direction, event.total, event.total, TransferState.FINISHED, folder, local
        )
    assert isinstance(event, TransferFailed)
    return TransferEvent(
        key,
        name,
        direction,
        event.done,
        event.total,
        TransferState.FAILED,
        folder,
        local,
        event.reason,
    )


def upload(
    files: Files,
    local_paths: Sequence[Path],
    folder: str,
    on_event: OnEvent,
    cancel: CancelToken,
) -> None:
    roots = list(local_paths)

    def forward(event: ServiceEvent) -> None:
        local = _local_for(event.path, roots, folder)
        key = str(local) if local is not None else event.path
        remote_folder = str(PurePosixPath(event.path).parent)
        on_event(_converted(event, key, str(local or ""), remote_folder))

    _service(files, forward, cancel).put(roots, folder)


def download(
    files: Files, remote: str, local_folder: Path, on_event: OnEvent, cancel: CancelToken
) -> Path:
    target = _free_local_name(local_folder / PurePosixPath(remote).name)

    def forward(event: ServiceEvent) -> None:
        on_event(_converted(event, event.path, str(local_folder), ""))

    local_folder.mkdir(parents=True, exist_ok=True)
    return _service(files, forward, cancel).get(remote, target)


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


def move(files: Files, path: str, folder: str) -> None:
    _service(files).move(path, folder or "/")


def versions(files: Files, path: str) -> list[Version]:
    return [
        Version(info.version, info.size, info.modified / 1000, info.current)
        for info in _service(files).versions(path)
    ]


def restore(files: Files, path: str, version: int) -> int:
    """Make `version` the current content again (a new version); returns its number."""
    return _service(files).restore(path, version)
