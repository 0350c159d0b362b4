"""Typed progress events that file operations report (the CLI draws them, the GUI too).

Every transfer of one file emits, in order: one `TransferStarted`, any number of
`TransferProgress` (bytes done so far, never decreasing), then exactly one of
`TransferFinished` or `TransferFailed`. `path` is the remote path of the file
("/Documents/report.pdf"); `direction` says which way the bytes go. Operations that
move no content (mkdir, mv, rm, restore) emit nothing.

Callbacks may run on a worker thread of the operation, but never two at once for one
operation (`serialised`: a FileService wraps its callback once, and every thread of its
operations goes through that one lock); a GUI hops them to its own thread and must not
block in them.

Cancelling travels the other way, explicitly: the caller hands the operation a
`CancelToken` and sets it from any thread; the operation checks it before every block
it sends or writes and stops with `TransferCancelledError` (the file's transfer then
reports `TransferFailed`, and an interrupted upload resumes from its journal).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from app.services.errors import TransferCancelledError

__all__ = [
    "CancelToken",
    "Direction",
    "ProgressCallback",
    "TransferEvent",
    "TransferFailed",
    "TransferFinished",
    "TransferProgress",
    "TransferStarted",
    "ignore_progress",
    "serialised",
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


def serialised(progress: ProgressCallback) -> ProgressCallback:
    """`progress` behind one lock: never two calls at once, whichever thread makes them."""
    lock = threading.Lock()

    def one_at_a_time(event: TransferEvent) -> None:
        with lock:
            progress(event)

    return one_at_a_time


class CancelToken:
    """Set by the caller (any thread), checked by the operation between blocks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise `TransferCancelledError` once the token is set."""
        if self._event.is_set():
            raise TransferCancelledError("the transfer was cancelled")


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
