"""What the main window does about its inbox between the person's own actions: the
long-poll watcher refreshes the Inbox panel, and each new item becomes a desktop
notification (tray), or a status-bar line where the desktop has no tray; the words, the
mute switch and the lock-screen rule are app/gui/notifications.py's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from app.gui.backend.interface import Backend, InboxItem
from app.gui.inbox.page import InboxPanel
from app.gui.inbox.watch import InboxWatcher
from app.gui.notifications import Notifications
from app.gui.signals import emit
from app.gui.window.tray import NO_TRAY, Notifier
from app.services.errors import ServerUnreachableError

__all__ = ["InboxNotices"]

STATUS_MS = 15_000


class InboxNotices(QObject):
    open_requested = Signal()
    lock_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        window: QMainWindow,
        inbox: InboxPanel,
        backend: Backend,
        watch: bool,
        show_status: Callable[[str, int], None],
    ) -> None:
        super().__init__(window)
        self.watch, self._show_status = watch, show_status
        self.notifier = Notifier(window)
        self.notifications = Notifications(
            self.notifier,
            enabled=lambda: bool(getattr(getattr(window, "settings", None), "notifications", True)),
            locked=lambda: bool(getattr(window, "locked", False)),
            rows=lambda: getattr(getattr(window, "transfers_model", None), "rows", []),
            parent=self,
        )
        for mine, theirs in (
            (self.open_requested, self.notifier.open_requested),
            (self.lock_requested, self.notifier.lock_requested),
            (self.quit_requested, self.notifier.quit_requested),
        ):
            theirs.connect(lambda s=mine: emit(s))
        self.notifier.fallback.connect(self._status)
        inbox.arrived.connect(self.announce)
        inbox.notice.connect(self._status)
        inbox.drops.created.connect(lambda _address: self.restart())
        self.watcher = InboxWatcher(backend, self)
        self.watcher.arrived.connect(inbox.refresh)
        self.watcher.problem.connect(self._problem)
        if not self.notifier.available:
            self._status(NO_TRAY)
        self.resume()

    def _status(self, text: str) -> None:
        self._show_status(text, STATUS_MS)

    def announce(self, items: list[InboxItem]) -> None:
        self.notifications.new_items(items)

    def _problem(self, error: BaseException) -> None:
        line = " ".join(str(error).split())
        if isinstance(error, ServerUnreachableError):
            line = self.tr("the server does not answer")
        self._status(self.tr("Inbox not updated: %1").replace("%1", line))

    def pause(self) -> None:
        self.watcher.stop()

    def restart(self) -> None:
        """Watch the inboxes as they are now (a drop inbox was made)."""
        self.pause()
        self.resume()

    def resume(self) -> None:
        if self.watch:
            self.watcher.start()

    def close(self) -> None:
        self.watcher.stop()
        self.notifier.hide()
