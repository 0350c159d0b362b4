"""What Privshare announces on the desktop, and in which words: new shares, received
files, and long transfers (more than `LONG_TRANSFER_SECONDS`) that finished or failed.

The notifier (window/tray.py) shows them: QSystemTrayIcon.showMessage where the desktop
has a tray, the window's status line otherwise. The Settings switch
(`Settings.notifications`) mutes them all. While the window is locked a notification
never names a file, a folder or a person: it says only how many new items there are
(the lock screen may be seen by anyone passing by).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject

from app.gui.backend.interface import InboxItem
from app.gui.transfers.manager import TransferRow, TransferState
from app.gui.window.file_model import human_size

__all__ = ["LONG_TRANSFER_SECONDS", "Notifications"]

LONG_TRANSFER_SECONDS = 10.0
FILES = "copy"  # InboxItem.access of delivered files


class Shows(Protocol):
    def notify(self, title: str, text: str) -> None: ...


class Notifications(QObject):
    """Turns events into notification texts for `notifier`; `enabled()` is the Settings
    switch, `locked()` whether the lock screen is up, `rows()` the transfer rows."""

    def __init__(
        self,
        notifier: Shows,
        *,
        enabled: Callable[[], bool],
        locked: Callable[[], bool],
        rows: Callable[[], Sequence[TransferRow]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.notifier, self.enabled, self.locked, self.rows = notifier, enabled, locked, rows

    def _show(self, title: str, text: str, count: int = 1) -> None:
        if not self.enabled():
            return
        if self.locked():
            self.notifier.notify("Privshare", self._count(count))
            return
        self.notifier.notify(title, text)

    def _count(self, count: int) -> str:
        if count == 1:
            return self.tr("1 new item")
        return self.tr("%n new items", "", count)

    def new_items(self, items: Sequence[InboxItem]) -> None:
        """Shares and files that arrived in the Inbox."""
        if self.locked():
            if items:
                self._show("", "", len(items))
            return
        for item in items:
            if item.access == FILES:
                title = self.tr("Files from %1").replace("%1", item.sender)
                text = self.tr("“%1” (%2) is waiting in your Inbox.")
                text = text.replace("%1", item.name).replace("%2", human_size(item.size))
            else:
                title = self.tr("New share from %1").replace("%1", item.sender)
                text = self.tr("“%1” is waiting in your Inbox.").replace("%1", item.name)
            if item.drop:
                text += " " + self.tr("(drop inbox “%1”)").replace("%1", item.drop)
            self._show(title, text)

    def transfer_ended(self, token: object, error: object, _result: object) -> None:
        """A transfer job ended; announced when it ran longer than LONG_TRANSFER_SECONDS
        (a short one the person saw happen)."""
        mine = [row for row in self.rows() if row.token is token]
        if not mine:
            return
        took = max(row.updated for row in mine) - min(row.started for row in mine)
        if took <= LONG_TRANSFER_SECONDS:
            return
        failed = [row for row in mine if row.state is TransferState.FAILED]
        cancelled = all(row.state is TransferState.CANCELLED for row in mine)
        if cancelled:
            return
        names = ", ".join(row.name for row in mine[:3]) + ("…" if len(mine) > 3 else "")
        if failed or error is not None:
            reason = failed[0].reason if failed else " ".join(str(error).split())
            title = self.tr("Transfer failed")
            text = self.tr("“%1”: %2").replace("%1", names).replace("%2", reason)
        else:
            upload = mine[0].event.direction == "upload"
            title = self.tr("Upload finished") if upload else self.tr("Download finished")
            text = self.tr("“%1” is done.").replace("%1", names)
        self._show(title, text)
