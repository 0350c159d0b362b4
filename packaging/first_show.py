"""Report the first window shown, for packaging/measure_start.py (PRIVSHARE_REPORT_FIRST_SHOW).

`install()` creates the QApplication before the desktop application does (it reuses
the existing instance) and filters its events: at the first Show event of a top-level
widget it prints `FIRST_SHOW <time.monotonic()>` on stdout (CLOCK_MONOTONIC is shared by
all processes on Linux, so the parent can subtract its own start time) and quits the
event loop, which closes the application normally.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["install"]

_installed: list[QObject] = []


class _FirstShow(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            not self._seen
            and event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self._seen = True
            print(f"FIRST_SHOW {time.monotonic():.6f} {type(watched).__name__}", flush=True)
            QTimer.singleShot(0, self._app.quit)
        return False


def install(argv: Sequence[str]) -> None:
    """Make the QApplication now and watch for the first top-level Show event."""
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    watcher = _FirstShow(app)
    app.installEventFilter(watcher)
    _installed.append(watcher)
