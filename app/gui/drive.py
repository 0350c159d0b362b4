""" "Open as drive": the open account's files as a WebDAV drive for the file manager.

The first use starts `app.drive.DriveServer` (loopback, a fresh password) over the
backend's `drive_files()`; then, where `gio` exists, `gio mount` mounts it (the password
goes on gio's standard input, never on a command line) and the file manager opens it;
where gio is missing or the mount fails (no GVfs, as on a server), a dialog shows the
URL to connect to. `stop()` (on lock and on quit) unmounts, stops the server and wipes
its spool, on a background thread so the window never waits on a busy client.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QProcess, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.errors import ServiceError

if TYPE_CHECKING:
    from app.drive.server import DriveServer
    from app.services.drive.ops import DriveFiles

__all__ = ["DriveControl"]

MOUNT_TIMEOUT_MS = 30_000


class DriveControl(QObject):
    """Starts, mounts (or shows) and stops the drive of one window's account."""

    url_shown = Signal(str)  # the URL a person connects to by hand (mount not possible)
    mounted = Signal(str)  # the dav:// location gio mounted
    failed = Signal(object)  # the error that kept the drive from starting

    def __init__(
        self,
        parent: QWidget,
        drive_files: Callable[[], DriveFiles],
        open_location: Callable[[QUrl], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._drive_files = drive_files
        self._open_location = open_location or QDesktopServices.openUrl  # the file manager
        self._server: DriveServer | None = None
        self._stopping: threading.Thread | None = None
        self.dialog: QMessageBox | None = None

    @property
    def server(self) -> DriveServer | None:
        return self._server

    def open(self) -> None:
        """Start the drive if needed, then mount it (or show its URL)."""
        if self._server is None:
            from app.drive.server import DriveServer  # WsgiDAV loads on first use only

            try:
                server = DriveServer(self._drive_files())
                server.start()
            except (ServiceError, OSError) as error:
                self.failed.emit(error)
                return
            self._server = server
        if shutil.which("gio") is None:
            self._show_url()
            return
        process = QProcess(self)
        process.finished.connect(lambda code, _status: self._mount_finished(process, code))
        process.start("gio", ["mount", self._server.dav_location])
        process.write((self._server.password + "\n").encode())
        process.closeWriteChannel()
        QTimer.singleShot(MOUNT_TIMEOUT_MS, process, process.kill)  # then the URL is shown

    def _mount_finished(self, process: QProcess, code: int) -> None:
        process.deleteLater()
        if self._server is None:
            return  # stopped meanwhile
        if code != 0:
            self._show_url()
            return
        location = self._server.dav_location
        self._open_location(QUrl(location))
        self.mounted.emit(location)

    def _show_url(self) -> None:
        assert self._server is not None
        url = self._server.url
        dialog = QMessageBox(self._parent)
        dialog.setWindowTitle(self.tr("Privshare Drive"))
        dialog.setText(
            self.tr(
                "Your files are served as a WebDAV drive on this computer until you lock "
                "or quit Privshare. Connect your file manager to:"
            )
        )
        dialog.setInformativeText(url)
        dialog.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dialog.setIcon(QMessageBox.Icon.Information)
        dialog.open()
        self.dialog = dialog
        self.url_shown.emit(url)

    def stop(self) -> None:
        """Unmount, stop serving and wipe the spool (on a background thread)."""
        server, self._server = self._server, None
        if server is None:
            return
        if shutil.which("gio") is not None:
            QProcess.startDetached("gio", ["mount", "-u", server.dav_location])
        self._stopping = threading.Thread(target=server.stop, name="drive-stop", daemon=True)
        self._stopping.start()

    def wait_stopped(self, timeout: float = 10.0) -> None:
        """On quit: let the stop (and the spool wipe) finish."""
        if self._stopping is not None:
            self._stopping.join(timeout)
