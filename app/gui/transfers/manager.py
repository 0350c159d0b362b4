"""Transfers: one row per file with progress, speed and time left; cancel, retry, remove.

Each row shows the services' own transfer events (app.services.events) as they come:
the latest event of its file, plus what only the window knows (the local side, the
cancel token of its job, the speed). `TransferManager` starts uploads and downloads in
workers with a `CancelToken` each and feeds their events (delivered on the GUI thread)
into `TransfersModel`. The unfinished rows are kept in the profile's transfer list
(app/services/transfers/TRANSFERS.md): after a restart they come back as interrupted,
to resume (an upload continues from its journal), retry or remove.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from app.gui.backend.interface import Backend
from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.signals import emit
from app.gui.theme import row_icon
from app.gui.window.file_model import human_size
from app.gui.workers import Workers, serial_workers
from app.services.errors import ServerUnreachableError
from app.services.events import (
    CancelToken,
    Direction,
    TransferEvent,
    TransferFailed,
    TransferFinished,
    TransferProgress,
    TransferStarted,
)
from app.services.transfers.store import Remembered

__all__ = [
    "TransferManager",
    "TransferRow",
    "TransferState",
    "TransfersModel",
    "eta_text",
]

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    QT_TRANSLATE_NOOP("Transfers", "File"),
    QT_TRANSLATE_NOOP("Transfers", "Progress"),
    QT_TRANSLATE_NOOP("Transfers", "Speed"),
    QT_TRANSLATE_NOOP("Transfers", "Time left"),
    QT_TRANSLATE_NOOP("Transfers", "Status"),
)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SPEED_AFTER_SECONDS = 0.5  # no speed (nor time left) is shown before this much time
SAVE_AFTER_MS = 300  # changes to the kept list within this time are written once


class TransferState(enum.Enum):
    """What a row says, from its latest event and what happened to its job."""

    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"  # unfinished when Privshare last closed
    PAUSED = "paused"  # stopped by the person, to resume


@dataclass
class TransferRow:
    """One file's transfer: `event` is the services' latest event for it; `local` is the
    local file (upload) or the folder it goes to (download)."""

    event: TransferEvent
    local: str
    token: CancelToken
    started: float
    updated: float
    speed: float = 0.0  # bytes per second, smoothed
    interrupted: bool = False  # came back from the kept list, not yet started again
    paused: bool = False  # the person paused it (its job was cancelled to stop it)
    saved: Path | None = None  # where a finished download is

    @property
    def key(self) -> tuple[Direction, str]:
        return self.event.direction, self.event.path

    @property
    def name(self) -> str:
        return PurePosixPath(self.event.path).name

    @property
    def done(self) -> int:
        event = self.event
        if isinstance(event, TransferFinished):
            return event.total
        return 0 if isinstance(event, TransferStarted) else event.done

    @property
    def state(self) -> TransferState:
        event = self.event
        if isinstance(event, TransferFinished):
            return TransferState.FINISHED
        if isinstance(event, TransferFailed):
            if self.interrupted:
                return TransferState.INTERRUPTED
            if self.paused:
                return TransferState.PAUSED
            return TransferState.CANCELLED if self.token.cancelled else TransferState.FAILED
        return TransferState.RUNNING

    @property
    def reason(self) -> str:
        event = self.event
        if isinstance(event, TransferFailed) and self.state not in (
            TransferState.CANCELLED,
            TransferState.PAUSED,
        ):
            return event.reason
        return ""

    @property
    def finished(self) -> bool:
        return self.state is not TransferState.RUNNING

    @property
    def fraction(self) -> float:
        total = self.event.total
        if total == 0:
            return 1.0 if self.state is TransferState.FINISHED else 0.0  # a failed row is not full
        return self.done / total

    @property
    def can_retry(self) -> bool:
        return self.state in (
            TransferState.FAILED,
            TransferState.CANCELLED,
            TransferState.INTERRUPTED,
            TransferState.PAUSED,
        )

    @property
    def remote_folder(self) -> str:
        return str(PurePosixPath(self.event.path).parent)

    @property
    def saved_file(self) -> Path | None:
        """Where a finished download is on this computer."""
        if self.event.direction != "download" or self.state is not TransferState.FINISHED:
            return None
        return self.saved or Path(self.local) / self.name

    def remembered(self) -> Remembered:
        event = self.event
        return Remembered(
            event.direction, event.path, self.local, self.done, event.total, self.reason
        )


def eta_text(remaining: int, speed: float) -> str:
    if speed <= 0:
        return ""
    seconds = int(remaining / speed)
    translate = QCoreApplication.translate
    if seconds >= 3600:
        text, first, second = (
            translate("Transfers", "%1 h %2 min"),
            seconds // 3600,
            seconds % 3600 // 60,
        )
    elif seconds >= 60:
        text, first, second = translate("Transfers", "%1 min %2 s"), seconds // 60, seconds % 60
    else:
        text, first, second = translate("Transfers", "%1 s"), seconds, 0
    return text.replace("%1", str(first)).replace("%2", str(second))


def _state_text(row: TransferRow) -> str:
    translate = QCoreApplication.translate
    state = row.state
    if state is TransferState.FAILED:
        return translate("Transfers", "Failed: %1").replace("%1", row.reason)
    if state is TransferState.INTERRUPTED:
        text = translate("Transfers", "Interrupted: %1").replace("%1", row.reason)
        if row.event.direction == "upload" and row.done:
            text += translate("Transfers", " (Resume goes on where it stopped)")
        return text
    if state is TransferState.PAUSED:
        if row.event.direction == "upload":
            return translate("Transfers", "Paused (Resume goes on where it stopped)")
        return translate("Transfers", "Paused (Resume downloads it again from the start)")
    labels = {
        TransferState.RUNNING: QT_TRANSLATE_NOOP("Transfers", "Uploading")
        if row.event.direction == "upload"
        else QT_TRANSLATE_NOOP("Transfers", "Downloading"),
        TransferState.FINISHED: QT_TRANSLATE_NOOP("Transfers", "Done"),
        TransferState.CANCELLED: QT_TRANSLATE_NOOP("Transfers", "Cancelled"),
    }
    return translate("Transfers", labels[state])


def _where(row: TransferRow) -> str:
    translate = QCoreApplication.translate
    if row.event.direction == "upload":
        return translate("Transfers", "Upload to %1").replace("%1", row.remote_folder)
    return translate("Transfers", "Download to %1").replace("%1", row.local)


class TransfersModel(QAbstractTableModel):
    # done, total bytes of unfinished transfers (object: Qt's int is 32 bits, sizes are not)
    overall_changed = Signal(object, object)
    kept_changed = Signal()  # the rows worth keeping across a restart changed

    def __init__(self, parent: Any = None, *, clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.rows: list[TransferRow] = []
        self._by_key: dict[tuple[Direction, str], int] = {}
        self._clock = clock

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("Transfers", COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.reason or _where(row)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return row_icon(row.event.direction)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            return f"{row.name}, {_where(row)}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return row.name
        if column == 1:
            if row.can_retry and row.event.total == 0:
                return "—"
            return f"{human_size(row.done)} / {human_size(row.event.total)}"
        if column == 2:
            return f"{human_size(int(row.speed))}/s" if not row.finished and row.speed else ""
        if column == 3:
            return "" if row.finished else eta_text(row.event.total - row.done, row.speed)
        return _state_text(row)

    def row_for(self, remote_path: str, direction: Direction = "upload") -> TransferRow | None:
        position = self._by_key.get((direction, remote_path))
        return self.rows[position] if position is not None else None

    def apply(self, event: TransferEvent, token: CancelToken, local: str = "") -> None:
        """Add or update the row of `event`'s file (a new start reuses a finished row)."""
        now = self._clock()
        key = (event.direction, event.path)
        position = self._by_key.get(key)
        if position is None or (self.rows[position].finished and _starts(event)):
            self._add(TransferRow(event, local, token, now, now))
        else:
            self._update(position, event, token, now)
        self._emit_overall()

    def restore(self, kept: Sequence[Remembered], token: CancelToken) -> None:
        """Rows of the kept list that are not in the model yet, as interrupted."""
        closed = QCoreApplication.translate("Transfers", "Privshare closed before it was done")
        now = self._clock()
        for item in kept:
            if (item.direction, item.remote) in self._by_key:
                continue
            event = TransferFailed(
                item.remote, item.direction, item.done, item.total, item.reason or closed
            )
            self._add(TransferRow(event, item.local, token, now, now, interrupted=True))
        self._emit_overall()

    def _add(self, row: TransferRow) -> None:
        position = self._by_key.get(row.key)
        if position is not None:  # a retry reuses the row
            self.rows[position] = row
            self._changed(position)
        else:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
            self._by_key[row.key] = len(self.rows)
            self.rows.append(row)
            self.endInsertRows()
        emit(self.kept_changed)

    def _update(self, position: int, event: TransferEvent, token: CancelToken, now: float) -> None:
        row = self.rows[position]
        done_before = row.done
        row.event, row.token, row.updated = event, token, now
        elapsed = now - row.started  # events come in bursts: the average is the honest one
        if elapsed >= SPEED_AFTER_SECONDS and row.done >= done_before:
            row.speed = row.done / elapsed
        self._changed(position)
        if row.finished:
            emit(self.kept_changed)

    def _changed(self, position: int) -> None:
        emit(self.dataChanged, self.index(position, 0), self.index(position, len(COLUMNS) - 1))

    def finish_job(self, token: CancelToken, error: str = "") -> None:
        """A job ended: its rows still open become cancelled (if asked) or failed."""
        reason = error or QCoreApplication.translate(
            "Transfers", "the operation ended before this file was done"
        )
        for position, row in enumerate(self.rows):
            if row.token is token and not row.finished:
                event = row.event
                row.event = TransferFailed(
                    event.path, event.direction, row.done, event.total, reason
                )
                self._changed(position)
        self._emit_overall()
        emit(self.kept_changed)

    def remove(self, rows: Sequence[TransferRow]) -> None:
        """Take `rows` off the list (running ones stay)."""
        gone = {id(row) for row in rows if row.finished}
        self._keep([row for row in self.rows if id(row) not in gone])

    def remove_finished(self) -> None:
        self._keep([row for row in self.rows if row.state is not TransferState.FINISHED])

    def _keep(self, rows: list[TransferRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._by_key = {row.key: position for position, row in enumerate(self.rows)}
        self.endResetModel()
        self._emit_overall()
        emit(self.kept_changed)

    def kept(self) -> list[Remembered]:
        """What a restart should show again: every row not finished nor cancelled."""
        dropped = (TransferState.FINISHED, TransferState.CANCELLED)
        return [row.remembered() for row in self.rows if row.state not in dropped]

    def _emit_overall(self) -> None:
        active = [row for row in self.rows if not row.finished]
        emit(
            self.overall_changed,
            sum(row.done for row in active),
            sum(row.event.total for row in active),
        )


def _starts(event: TransferEvent) -> bool:
    return isinstance(event, TransferStarted | TransferProgress)


def _local_for(remote: str, roots: Sequence[Path], folder: str) -> Path | None:
    """The local file an uploaded remote path came from."""
    relative = PurePosixPath(remote).relative_to(PurePosixPath(folder))
    for root in roots:
        if relative.parts and relative.parts[0] == root.name:
            return root.parent.joinpath(*relative.parts)
    return None


@dataclass(frozen=True)
class _Job:
    """What a job was asked to move: a job that fails before its first event (the server
    unreachable, say) still gets rows saying why, with Retry; and a restart before its
    first event still shows it."""

    direction: Direction
    items: list[tuple[str, str]]  # (remote path, local side)


class TransferManager(QObject):
    """Starts transfers in workers, keeps the model up to date and the list kept."""

    job_finished = Signal(object, object, object)  # token, error or None, result

    def __init__(self, backend: Backend, workers: Workers, model: TransfersModel):
        super().__init__(model)
        self.backend, self.workers, self.model = backend, workers, model
        self._jobs: dict[int, _Job] = {}
        # the kept list is read and written in order, never behind the transfers
        self.keeper = serial_workers()
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_AFTER_MS)
        self._save_timer.timeout.connect(self.save_kept)
        self._loaded = self._closed = False
        model.kept_changed.connect(self._save_timer.start)
        self.load_kept()

    # ---- the list kept across restarts ---------------------------------------------

    def load_kept(self) -> None:
        """Show the transfers the last run left unfinished (once the vault is open)."""

        def loaded(kept: list[Remembered]) -> None:
            self._loaded = True
            self.model.restore(kept, CancelToken())

        def not_loaded(error: BaseException) -> None:
            log.info("the transfer list was not read: %s", error)

        self.keeper.run(self.backend.remembered_transfers, done=loaded, failed=not_loaded)

    def save_kept(self) -> None:
        """Write the kept list now (changes are otherwise written shortly after)."""
        if not self._loaded or self._closed:
            return  # never overwrite a list not read yet, nor after the window closed
        kept = self.model.kept() + self._waiting()

        def not_saved(error: BaseException) -> None:
            log.info("the transfer list was not written: %s", error)

        self.keeper.run(self.backend.remember_transfers, kept, failed=not_saved)

    def close(self) -> None:
        """The window closes: the list is written as it is now, and kept so (the
        transfers still running end with the program, unfinished)."""
        self._save_timer.stop()
        self.save_kept()
        self._closed = True

    def _waiting(self) -> list[Remembered]:
        """Jobs that have not reported yet, as their first rows would be kept."""
        return [
            Remembered(job.direction, remote, local, 0, 0, "")
            for token_id, job in self._jobs.items()
            if not self._has_rows(token_id)
            for remote, local in job.items
        ]

    def _has_rows(self, token_id: int) -> bool:
        return any(id(row.token) == token_id for row in self.model.rows)

    # ---- starting, ending ----------------------------------------------------------

    def upload(self, paths: Sequence[Path], folder: str) -> CancelToken:
        token, roots = CancelToken(), list(paths)
        items = [(str(PurePosixPath(folder) / p.name), str(p)) for p in roots]
        self._jobs[id(token)] = _Job("upload", items)

        def progress(event: TransferEvent) -> None:
            local = _local_for(event.path, roots, folder)
            self.model.apply(event, token, str(local or ""))

        self._start(self.backend.upload, roots, folder, token, progress=progress)
        return token

    def download(self, remote_path: str, folder: Path) -> CancelToken:
        token = CancelToken()
        self._jobs[id(token)] = _Job("download", [(remote_path, str(folder))])

        def progress(event: TransferEvent) -> None:
            self.model.apply(event, token, str(folder))

        self._start(self.backend.download, remote_path, folder, token, progress=progress)
        return token

    def _start(
        self, fn: Callable[..., Any], *args: Any, progress: Callable[[TransferEvent], None]
    ) -> None:
        token: CancelToken = args[-1]

        def run(*call_args: Any, on_event: Callable[[TransferEvent], None]) -> Any:
            return fn(*call_args[:-1], on_event, call_args[-1])

        self.workers.run(
            run,
            *args,
            progress=progress,
            done=lambda result: self._ended(token, None, result),
            failed=lambda error: self._ended(token, error, None),
        )
        self._save_timer.start()

    def _ended(self, token: CancelToken, error: BaseException | None, result: Any) -> None:
        line = " ".join(str(error).split()) if error is not None else ""
        if isinstance(error, ServerUnreachableError):
            line = QCoreApplication.translate(
                "Transfers", "the server does not answer; it goes again when the server is back"
            )
        job = self._jobs.pop(id(token), None)
        if job is not None and error is not None and not self._has_rows(id(token)):
            for remote, local in job.items:
                self.model.apply(TransferFailed(remote, job.direction, 0, 0, line), token, local)
        if job is not None and job.direction == "download" and isinstance(result, Path):
            row = self.model.row_for(job.items[0][0], "download")
            if row is not None:
                row.saved = result
        self.model.finish_job(token, line)
        emit(self.job_finished, token, error, result)

    def cancel(self, row: TransferRow) -> None:
        if not row.finished:
            row.token.cancel()

    def pause(self, row: TransferRow) -> None:
        """Stop a running transfer to resume later: an upload keeps its journal, so
        Resume sends only the blocks the server does not have; a download starts over."""
        if row.finished:
            return
        for other in self.model.rows:  # the other files of its job stop with it
            if other.token is row.token and not other.finished:
                other.paused = True
        row.token.cancel()

    def retry_failed(self) -> None:
        """Retry every failed transfer (the server is back); interrupted ones wait for
        the person."""
        for row in list(self.model.rows):
            if row.state is TransferState.FAILED:
                self.retry(row)

    def retry(self, row: TransferRow) -> None:
        if not row.can_retry:
            return
        if row.event.direction == "upload":
            self.upload([Path(row.local)], row.remote_folder)
        else:
            self.download(row.event.path, Path(row.local))
