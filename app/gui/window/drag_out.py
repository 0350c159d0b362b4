"""Dragging rows out of the window to the desktop or a file manager, without waiting.

The drag starts at once. Its mime data promises file URLs into a fresh folder of the
private open cache (0700, files 0600, wiped on lock and quit), and each row is
downloaded there as an ordinary transfer in a worker, with its progress in Transfers
and the status bar. The URLs themselves are produced only when a drop target asks for
them: on X11 (XDND) the target converts the selection after the drop, so Qt calls
`retrieveData` then, and `PromisedFiles` waits for the downloads in a local event loop
(the window keeps painting and the transfers keep reporting) before it answers. A
download publishes its file by renaming it into place only once all of it verified,
so a target never sees a partial file. The row paths for drops inside the window are
plain data and need no download.

Measured with two Qt programs on Xvfb and a real XDND drag: the target asks after the
drop and gets the file; a Qt target gives up after 5 s (its selection timeout), so a
file still downloading by then is not copied. It still arrives in the cache, and a
second drag of the same version uses it at once instead of fetching it again.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QMimeData, QObject, QTimer, QUrl, Signal

from app.gui.backend.interface import Entry
from app.gui.signals import emit
from app.gui.transfers.manager import TransferManager
from app.services.events import CancelToken

__all__ = ["DRAG_OUT_TIMEOUT_MS", "URI_LIST", "DragOut", "PromisedFiles"]

DRAG_OUT_TIMEOUT_MS = 120_000
URI_LIST = "text/uri-list"


class PromisedFiles(QMimeData):
    """Mime data whose file URLs come from `deliver()` the first time they are read."""

    def __init__(self, deliver: Callable[[], list[QUrl]]) -> None:
        super().__init__()
        self._deliver = deliver
        self._urls: list[QUrl] | None = None

    def formats(self) -> list[str]:
        return [*super().formats(), URI_LIST]

    def hasFormat(self, mime_type: str) -> bool:  # noqa: N802
        return mime_type == URI_LIST or super().hasFormat(mime_type)

    def retrieveData(self, mime_type: str, preferred: object) -> object:  # noqa: N802
        if mime_type != URI_LIST:
            return super().retrieveData(mime_type, preferred)  # type: ignore[arg-type]
        if self._urls is None:
            self._urls = self._deliver()
        return list(self._urls)  # Qt makes the uri-list bytes of it when asked for bytes


class DragOut(QObject):
    """Downloads for drags into `cache_folder()`; `failed(error)` for one that failed."""

    failed = Signal(object)

    def __init__(
        self,
        transfers: TransferManager,
        cache_folder: Callable[[], Path],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.transfers, self.cache_folder = transfers, cache_folder
        self._numbers = itertools.count(1)
        self._pending: dict[int, tuple[CancelToken, Path]] = {}  # running: its drag folder
        self._finished: dict[int, Path | None] = {}  # token id -> the file, None: failed
        self._discarded: dict[int, Path] = {}  # cancelled by a wipe: remove what comes
        self._entries: dict[int, Entry] = {}  # token id -> the row it fetches
        self._kept: dict[Entry, Path] = {}  # fetched for an earlier drag: used again
        transfers.job_finished.connect(self._ended)

    @property
    def busy(self) -> bool:
        """A drag's download is still running (or, cancelled, has yet to end)."""
        return bool(self._pending or self._discarded)

    def mime_for(self, entries: list[Entry]) -> PromisedFiles:
        """Start the downloads now; the URLs are delivered when a drop target asks. A
        row fetched for an earlier drag (the same version) is not fetched again."""
        folder = self.cache_folder() / f"drag-{next(self._numbers)}"
        folder.mkdir(mode=0o700)
        slots: list[Path | int] = []
        for entry in entries:
            kept = self._kept.get(entry)
            if kept is not None and kept.exists():
                slots.append(kept)
                continue
            token = self.transfers.download(entry.path, folder)
            self._pending[id(token)] = (token, folder)
            self._entries[id(token)] = entry
            slots.append(id(token))
        return PromisedFiles(lambda: self._wait(slots))

    def _ended(self, token: CancelToken, error: object, result: object) -> None:
        discarded = self._discarded.pop(id(token), None)
        if discarded is not None:  # the cache was wiped meanwhile: nothing may stay
            shutil.rmtree(discarded, ignore_errors=True)
            with contextlib.suppress(OSError):
                discarded.parent.rmdir()
            return
        entry = self._entries.pop(id(token), None)
        if self._pending.pop(id(token), None) is None:
            return
        if error is None and isinstance(result, Path):
            result.chmod(0o600 if result.is_file() else 0o700)
            self._finished[id(token)] = result
            if entry is not None:
                self._kept[entry] = result
        else:
            self._finished[id(token)] = None
            if isinstance(error, BaseException):
                emit(self.failed, error)

    def _wait(self, slots: list[Path | int]) -> list[QUrl]:
        """The drop target asked: wait (events keep flowing) until every download of
        the drag ended or the time is up; the URLs of the files there are."""
        tokens = [slot for slot in slots if isinstance(slot, int)]
        if any(token in self._pending for token in tokens):
            loop = QEventLoop()
            timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(loop.quit)

            def check(*_args: object) -> None:
                if not any(token in self._pending for token in tokens):
                    loop.quit()

            self.transfers.job_finished.connect(check)
            timer.start(DRAG_OUT_TIMEOUT_MS)
            loop.exec()
            self.transfers.job_finished.disconnect(check)
        found = [slot if isinstance(slot, Path) else self._finished.get(slot) for slot in slots]
        return [QUrl.fromLocalFile(str(path)) for path in found if path is not None]

    def discard(self) -> None:
        """The cache is wiped (lock, quit): stop the downloads still running for drags,
        and remove whatever they still write."""
        for key, (token, folder) in self._pending.items():
            token.cancel()
            self._discarded[key] = folder
        self._pending.clear()
        self._finished.clear()
        self._entries.clear()
        self._kept.clear()
