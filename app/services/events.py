"""Typed progress events that file operations report (the CLI draws them, the GUI too).

Every transfer of one file emits, in order: one `TransferStarted`, any number of
`TransferProgress` (bytes done so far, never decreasing), then exactly one of
`TransferFinished` or `TransferFailed`. `path` is the remote path of the file
("/Documents/report.pdf"); `direction` says which way the bytes go. Operations that
move no content (mkdir, mv, rm, restore) emit nothing.

Callbacks may run on a worker thread of the operation, but never two at once for one
operation; a GUI hops them to its own thread and must not block in them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Direction",
    "ProgressCallback",
    "TransferEvent",
    "TransferFailed",
    "TransferFinished",
    "TransferProgress",
    "TransferStarted",
    "ignore_progress",
    "tracked",
]

Direction = Literal["upload", "download"]


@dataclass(frozen=True)
class TransferStarted:
    path: str
    direction: Direction
    total: int


@dataclass(frozen=True)
class TransferProgress:
    path: str
    direction: Direction
    done: int
    total: int


@dataclass(frozen=True)
class TransferFinished:
    path: str
    direction: Direction
    total: int


@dataclass(frozen=True)
class TransferFailed:
    path: str
    direction: Direction
    done: int
    total: int
    reason: str


TransferEvent = TransferStarted | TransferProgress | TransferFinished | TransferFailed
ProgressCallback = Callable[[TransferEvent], None]


def ignore_progress(event: TransferEvent) -> None:
    """The default callback: drop every event."""


class _Tracker:
    """Forwards events and remembers the bytes done, for a `TransferFailed` on error."""

    def __init__(self, progress: ProgressCallback) -> None:
        self._progress = progress
        self._lock = threading.Lock()
        self.done = 0
        self.ended = False

    def __call__(self, event: TransferEvent) -> None:
        with self._lock:
            if isinstance(event, TransferProgress):
                self.done = event.done
            elif isinstance(event, TransferFinished | TransferFailed):
                self.ended = True
            self._progress(event)


@contextmanager
def tracked(
    progress: ProgressCallback, path: str, direction: Direction, total: int
) -> Iterator[ProgressCallback]:
    """A callback for one file's transfer; if the block raises before the transfer
    ended, `TransferFailed` is reported (with the bytes done so far) and the error goes on."""
    tracker = _Tracker(progress)
    try:
        yield tracker
    except BaseException as error:
        if not tracker.ended:
            reason = " ".join(str(error).split()) or type(error).__name__
            tracker(TransferFailed(path, direction, tracker.done, total, reason))
        raise
