"""Notifications (app/gui/notifications.py): the words for shares, received files and
long transfers; nothing when muted in Settings; only a count while the window is locked."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_backend import FakeBackend
from PySide6.QtCore import Qt

from app.gui.backend.interface import AccountInfo, InboxItem
from app.gui.backend.settings_store import Settings
from app.gui.notifications import Notifications
from app.gui.transfers.manager import TransferRow, TransferState
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.events import (
    CancelToken,
    TransferEvent,
    TransferFailed,
    TransferFinished,
    TransferProgress,
)

FILES = InboxItem("5", "bob#example.org", True, "tax.pdf", "copy", 1.7e9, size=2048, drop="scans")
SHARE = InboxItem("6", "carol#example.org", True, "Q3", "read", 1.7e9)


class Recorder:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def notify(self, title: str, text: str) -> None:
        self.shown.append((title, text))


def _notifications(
    *, enabled: bool = True, locked: bool = False, rows: list[TransferRow] | None = None
) -> tuple[Notifications, Recorder]:
    recorder = Recorder()
    made = Notifications(
        recorder, enabled=lambda: enabled, locked=lambda: locked, rows=lambda: rows or []
    )
    return made, recorder


def _row(token: CancelToken, name: str, seconds: float, state: TransferState) -> TransferRow:
    path = f"/{name}"
    event: TransferEvent = {
        TransferState.FINISHED: TransferFinished(path, "upload", 10),
        TransferState.RUNNING: TransferProgress(path, "upload", 5, 10),
    }.get(state, TransferFailed(path, "upload", 5, 10, "disk full"))
    if state is TransferState.CANCELLED:
        token.cancel()
    return TransferRow(event, name, token, 100.0, 100.0 + seconds)


def test_shares_and_received_files_are_announced_with_sender_and_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    notifications, recorder = _notifications()
    notifications.new_items([FILES, SHARE])
    assert recorder.shown == [
        (
            "Files from bob#example.org",
            "“tax.pdf” (2.0 KiB) is waiting in your Inbox. (drop inbox “scans”)",
        ),
        ("New share from carol#example.org", "“Q3” is waiting in your Inbox."),
    ]


def test_locked_says_only_how_many_and_muted_says_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    locked, recorder = _notifications(locked=True)
    locked.new_items([FILES])
    locked.new_items([FILES, SHARE])
    assert recorder.shown == [("Privshare", "1 new item"), ("Privshare", "2 new items")]
    token = CancelToken()
    rows = [_row(token, "secret-plans.pdf", 30, TransferState.FINISHED)]
    locked_transfers, recorder = _notifications(locked=True, rows=rows)
    locked_transfers.transfer_ended(token, None, None)
    assert recorder.shown == [("Privshare", "1 new item")]
    muted, recorder = _notifications(enabled=False, rows=rows)
    muted.new_items([FILES])
    muted.transfer_ended(token, None, None)
    assert recorder.shown == []


@pytest.mark.parametrize(
    ("seconds", "state", "error", "expected"),
    [
        (12, TransferState.FINISHED, None, ("Upload finished", "“a.bin” is done.")),
        (3, TransferState.FINISHED, None, None),  # short: the person saw it happen
        (11, TransferState.FAILED, RuntimeError("x"), ("Transfer failed", "“a.bin”: disk full")),
        (40, TransferState.CANCELLED, None, None),  # the person cancelled it
    ],
)
def test_only_long_transfers_are_announced(  # type: ignore[no-untyped-def]
    qtbot, seconds: float, state: TransferState, error: object, expected: object
) -> None:
    token = CancelToken()
    other = _row(CancelToken(), "other.bin", 100, TransferState.FINISHED)
    notifications, recorder = _notifications(rows=[_row(token, "a.bin", seconds, state), other])
    notifications.transfer_ended(token, error, None)
    assert recorder.shown == ([expected] if expected else [])


def test_the_settings_switch_and_the_lock_screen_reach_the_window(  # type: ignore[no-untyped-def]
    qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path
) -> None:
    window = MainWindow(
        backend,
        workers,
        AccountInfo("alice#127.0.0.1:4711", "127.0.0.1:4711"),
        Settings(download_folder=str(tmp_path)),
        watch_inbox=False,
    )
    qtbot.addWidget(window)
    window.show()
    shown = window.notices.notifier.shown
    window.notices.announce([FILES])
    assert shown[-1][0] == "Files from bob#example.org"
    window.lock()
    window.notices.announce([FILES])
    assert shown[-1] == ("Privshare", "1 new item")
    assert "tax.pdf" not in window.menus.notice.text() and "bob" not in window.menus.notice.text()
    window.unlocked()

    dialog = window.menus.open_settings()
    assert dialog.notifications.isChecked()
    qtbot.mouseClick(dialog.notifications, Qt.MouseButton.LeftButton)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(backend.called("apply_settings")), timeout=5000)
    assert window.settings.notifications is False
    count = len(shown)
    window.notices.announce([FILES, SHARE])
    assert len(shown) == count
