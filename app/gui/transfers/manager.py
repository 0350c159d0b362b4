"""Transfers: one row per file with progress, speed and time left; cancel and retry.

`TransferManager` starts uploads/downloads in workers with a `CancelToken` each and
feeds their `TransferEvent`s (delivered on the GUI thread) into `TransfersModel`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.gui.backend.interface import Backend, TransferEvent, TransferState
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.window.file_model import human_size
from app.gui.workers import Workers
from app.services.errors import ServerUnreachableError
from app.services.events import CancelToken

__all__ = ["TransferManager", "TransferRow", "TransfersModel", "eta_text"]

Index = QModelIndex | QPersistentModelIndex
TERMINAL = {TransferState.FINISHED, TransferState.FAILED, TransferState.CANCELLED}
COLUMNS = ("File", "Progress", "Speed", "Time left", "Status")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SPEED_AFTER_SECONDS = 0.5  # no speed (nor time left) is shown before this much time


@dataclass
class TransferRow:
    event: TransferEvent
    token: CancelToken
    started: float
    updated: float
    speed: float = 0.0  # bytes per second, smoothed

    @property
    def finished(self) -> bool:
        return self.event.state in TERMINAL

    @property
    def fraction(self) -> float:
        total, state = self.event.total, self.event.state
        if total == 0:
            return 1.0 if state is TransferState.FINISHED else 0.0  # a failed row is not full
        return self.event.done / total

    @property
    def can_retry(self) -> bool:
        return self.event.state in (TransferState.FAILED, TransferState.CANCELLED)

    @property
    def saved_file(self) -> Path | None:
        """Where a finished download is on this computer."""
        event = self.event
        if event.direction != "download" or event.state is not TransferState.FINISHED:
            return None
        return Path(event.local_path) / event.name


def eta_text(remaining: int, speed: float) -> str:
    if speed <= 0:
        return ""
    seconds = int(remaining / speed)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"


def _state_text(row: TransferRow) -> str:
    translate = QCoreApplication.translate
    state = row.event.state
    if state is TransferState.FAILED:
        return translate("Transfers", "Failed: %1").replace("%1", row.event.error)
    labels = {
        TransferState.QUEUED: "Waiting",
        TransferState.RUNNING: "Uploading" if row.event.direction == "upload" else "Downloading",
        TransferState.FINISHED: "Done",
        TransferState.CANCELLED: "Cancelled",
    }
    return translate("Transfers", labels[state])


def _where(event: TransferEvent) -> str:
    translate = QCoreApplication.translate
    if event.direction == "upload":
        text = translate("Transfers", "Upload to %1").replace("%1", event.remote_folder or "/")
    else:
        text = translate("Transfers", "Download to %1").replace("%1", event.local_path)
    return text


class TransfersModel(QAbstractTableModel):
    # done, total bytes of unfinished transfers (object: Qt's int is 32 bits, sizes are not)
    overall_changed = Signal(object, object)

    def __init__(self, parent: Any = None, *, clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.rows: list[TransferRow] = []
        self._by_key: dict[str, int] = {}
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
        event, column = row.event, index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.event.error or _where(event)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icon(event.direction)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            return f"{event.name}, {_where(event)}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return event.name
        if column == 1:
            if row.can_retry and event.total == 0:
                return "—"
            return f"{human_size(event.done)} / {human_size(event.total)}"
        if column == 2:
            return f"{human_size(int(row.speed))}/s" if not row.finished and row.speed else ""
        if column == 3:
            return "" if row.finished else eta_text(event.total - event.done, row.speed)
        return _state_text(row)

    def row_for(self, key: str) -> TransferRow | None:
        position = self._by_key.get(key)
        return self.rows[position] if position is not None else None

    def apply(self, event: TransferEvent, token: CancelToken) -> None:
        """Add or update the row of `event.key`."""
        if event.state is TransferState.FAILED and token.cancelled:
            event = replace(event, state=TransferState.CANCELLED, error="")  # it failed *because*
        now = self._clock()
        position = self._by_key.get(event.key)
        if position is None or (self.rows[position].finished and not _is_terminal(event)):
            self._add(TransferRow(event, token, now, now))
        else:
            self._update(position, event, token, now)
        self._emit_overall()

    def _add(self, row: TransferRow) -> None:
        position = self._by_key.get(row.event.key)
        if position is not None:  # a retry reuses the row
            self.rows[position] = row
            emit(self.dataChanged, self.index(position, 0), self.index(position, len(COLUMNS) - 1))
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self._by_key[row.event.key] = len(self.rows)
        self.rows.append(row)
        self.endInsertRows()

    def _update(self, position: int, event: TransferEvent, token: CancelToken, now: float) -> None:
        row = self.rows[position]
        elapsed = now - row.started  # events come in bursts: the average is the honest one
        if elapsed >= SPEED_AFTER_SECONDS and event.done >= row.event.done:
            row.speed = event.done / elapsed
        row.updated = now
        row.event, row.token = event, token
        emit(self.dataChanged, self.index(position, 0), self.index(position, len(COLUMNS) - 1))

    def finish_job(self, token: CancelToken, error: str = "") -> None:
        """A job ended: its rows still open become cancelled (if asked) or failed."""
        for position, row in enumerate(self.rows):
            if row.token is token and not row.finished:
                state = TransferState.CANCELLED if token.cancelled else TransferState.FAILED
                reason = error or QCoreApplication.translate(
                    "Transfers", "the operation ended before this file was done"
                )
                if state is TransferState.CANCELLED:
                    reason = ""
                row.event = replace(row.event, state=state, error=reason)
                emit(self.dataChanged, self.index(position, 0), self.index(position, 4))
        self._emit_overall()

    def remove_finished(self) -> None:
        self.beginResetModel()
        self.rows = [row for row in self.rows if not row.finished]
        self._by_key = {row.event.key: position for position, row in enumerate(self.rows)}
        self.endResetModel()

    def _emit_overall(self) -> None:
        active = [row for row in self.rows if not row.finished]
        emit(
            self.overall_changed,
            sum(row.event.done for row in active),
            sum(row.event.total for row in active),
        )


def _is_terminal(event: TransferEvent) -> bool:
    return event.state in TERMINAL


class TransferManager(QObject):
    """Starts transfers in workers and keeps the model up to date."""

    job_finished = Signal(object, object, object)  # token, error or None, result

    def __init__(self, backend: Backend, workers: Workers, model: TransfersModel):
        super().__init__(model)
        self.backend, self.workers, self.model = backend, workers, model
        # what each job was asked to move: a job that fails before its first event
        # (the server unreachable, say) still gets a row saying why, with Retry
        self._placeholders: dict[int, list[TransferEvent]] = {}

    def upload(self, paths: Sequence[Path], folder: str) -> CancelToken:
        token = CancelToken()
        self._placeholders[id(token)] = [
            TransferEvent(str(p), p.name, "upload", 0, 0, TransferState.QUEUED, folder, str(p))
            for p in paths
        ]
        self._start(self.backend.upload, list(paths), folder, token)
        return token

    def download(self, remote_path: str, folder: Path) -> CancelToken:
        token = CancelToken()
        name = remote_path.rsplit("/", 1)[-1]
        self._placeholders[id(token)] = [
            TransferEvent(
                remote_path, name, "download", 0, 0, TransferState.QUEUED, "", str(folder)
            )
        ]
        self._start(self.backend.download, remote_path, folder, token)
        return token

    def _start(self, fn: Callable[..., Any], *args: Any) -> None:
        token: CancelToken = args[-1]

        def run(*call_args: Any, on_event: Callable[[TransferEvent], None]) -> Any:
            return fn(*call_args[:-1], on_event, call_args[-1])

        self.workers.run(
            run,
            *args,
            progress=lambda event: self.model.apply(event, token),
            done=lambda result: self._ended(token, None, result),
            failed=lambda error: self._ended(token, error, None),
        )

    def _ended(self, token: CancelToken, error: BaseException | None, result: Any) -> None:
        line = " ".join(str(error).split()) if error is not None else ""
        if isinstance(error, ServerUnreachableError):
            line = QCoreApplication.translate(
                "Transfers", "the server does not answer; it goes again when the server is back"
            )
        placeholders = self._placeholders.pop(id(token), [])
        if error is not None and not any(row.token is token for row in self.model.rows):
            for event in placeholders:
                self.model.apply(replace(event, state=TransferState.FAILED, error=line), token)
        self.model.finish_job(token, line)
        emit(self.job_finished, token, error, result)

    def cancel(self, key: str) -> None:
        row = self.model.row_for(key)
        if row is not None and not row.finished:
            row.token.cancel()

    def retry_failed(self) -> None:
        """Retry every failed transfer (the server is back)."""
        for row in list(self.model.rows):
            if row.event.state is TransferState.FAILED:
                self.retry(row.event.key)

    def retry(self, key: str) -> None:
        row = self.model.row_for(key)
        if row is None or not row.can_retry:
            return
        event = row.event
        if event.direction == "upload":
            self.upload([Path(event.local_path)], event.remote_folder)
        else:
            self.download(event.key, Path(event.local_path))
