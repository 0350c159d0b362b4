"""Run blocking backend calls off the GUI thread and report back through Qt signals.

`Workers.run(fn, *args, done=..., failed=..., progress=...)` queues `fn` on a
QThreadPool. When `progress` is given, `fn` receives a keyword `on_event` callable it
may call from the worker thread; every call becomes a queued signal delivered on the
GUI thread. `done(result)` and `failed(error)` are called on the GUI thread too.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.gui.signals import emit

__all__ = ["Job", "Workers", "serial_workers"]

log = logging.getLogger(__name__)


class _JobSignals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progress = Signal(object)
    finished = Signal()


class Job(QRunnable):
    """One call of `fn` in the pool; its signals live on the GUI thread."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], with_progress: bool):
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _JobSignals()
        self._fn, self._args, self._with_progress = fn, args, with_progress

    def run(self) -> None:
        try:
            if self._with_progress:
                result = self._fn(*self._args, on_event=partial(emit, self.signals.progress))
            else:
                result = self._fn(*self._args)
        except Exception as error:  # reported to the window, which shows it in place
            emit(self.signals.failed, error)
        else:
            emit(self.signals.succeeded, result)
        finally:
            emit(self.signals.finished)


class Workers(QObject):
    """Owns the pool and keeps each job alive until it has reported."""

    busy_changed = Signal(int)
    any_failed = Signal(object)  # every job's error, also those a caller handles

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._jobs: set[Job] = set()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        progress: Callable[[Any], None] | None = None,
    ) -> Job:
        job = Job(fn, args, with_progress=progress is not None)
        if done is not None:
            job.signals.succeeded.connect(done)
        job.signals.failed.connect(failed if failed is not None else _log_failure)
        job.signals.failed.connect(partial(emit, self.any_failed))
        if progress is not None:
            job.signals.progress.connect(progress)
        job.signals.finished.connect(lambda: self._forget(job))
        self._jobs.add(job)
        emit(self.busy_changed, len(self._jobs))
        self.pool.start(job)
        return job

    def _forget(self, job: Job) -> None:
        self._jobs.discard(job)
        emit(self.busy_changed, len(self._jobs))

    @property
    def active(self) -> int:
        return len(self._jobs)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every queued job has run (for shutdown and tests)."""
        return bool(self.pool.waitForDone(msecs))


@functools.cache
def serial_workers() -> Workers:
    """The process's one-thread queue: its jobs run one after another in the order asked,
    never behind the pool's transfers (lock and unlock, the kept transfer list). It lives
    as long as the program, so a job may report after the widget that asked is gone."""
    return Workers(max_threads=1)


def _log_failure(error: BaseException) -> None:
    log.warning("background task failed: %s", error)
