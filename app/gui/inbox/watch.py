"""Watch the inbox with the services' long-poll (InboxService.wait) in a thread of its own.

Not in the Workers pool: a long-poll holds its thread for up to `POLL_SECONDS`, and the
pool is kept for the work the person asked for. `arrived` is emitted (and delivered on
the GUI thread) when the inbox has something new; `problem` when a poll failed (the
watcher then waits a little longer each time, up to a minute, and tries again).
`stop()` returns at once; the thread ends after its current poll.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from app.gui.backend.interface import Backend
from app.gui.signals import emit

__all__ = ["InboxWatcher"]

POLL_SECONDS = 20.0
FIRST_RETRY_SECONDS = 2.0
LONGEST_RETRY_SECONDS = 60.0


class InboxWatcher(QObject):
    arrived = Signal()
    problem = Signal(object)  # the exception of a failed poll

    def __init__(self, backend: Backend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.cursor: dict[str, int] | None = None  # where the inbox was at the last poll

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def start(self) -> None:
        if self.running:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, args=(self._stop,), name="privshare-inbox", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float) -> bool:
        """Wait for the thread to end (tests and shutdown); True when it has."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def _loop(self, stop: threading.Event) -> None:
        cursor: dict[str, int] | None = None
        retry = FIRST_RETRY_SECONDS
        while not stop.is_set():
            try:
                # the first call only learns where the inbox is now (no wait)
                new = self.backend.wait_inbox(0 if cursor is None else POLL_SECONDS, cursor)
            except Exception as error:  # shown by the window; polling goes on
                self._signal(stop, self.problem, error)
                stop.wait(retry)
                retry = min(retry * 2, LONGEST_RETRY_SECONDS)
                continue
            retry = FIRST_RETRY_SECONDS
            if cursor is not None and new != cursor:
                self._signal(stop, self.arrived)
            cursor = self.cursor = new

    def _signal(self, stop: threading.Event, signal: object, *args: object) -> None:
        if stop.is_set():
            return
        try:
            emit(signal, *args)  # type: ignore[arg-type]
        except RuntimeError:  # the window went away meanwhile
            stop.set()
