"""Write actions only where they will work. After each listing the guard asks the
services (`Backend.place_access`, in a worker) whether the place shown takes changes:
My files always, a share only when it was shared with write access, the lists of
Shared with me and Shared by me never. Where it does not, Upload, Upload folder, New
folder, Rename (F2 in place too), Move and Delete are disabled with the reason as their
tooltip, a note under the toolbar gives it (and who shared the place), and a drop is
refused with it in the page's error line. The services refuse such a write anyway (and the server,
which needs the folder's private key); this only keeps the person from trying.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout

from app.gui.backend.access import PlaceAccess
from app.gui.backend.interface import Backend, View
from app.gui.window.file_actions import FileActions
from app.gui.window.files_page import SHARED_MOUNT, FilesPage
from app.gui.workers import Workers

__all__ = ["WRITE_ACTIONS", "WriteGuard"]

WRITE_ACTIONS = ("upload", "upload-folder", "new-folder", "rename", "move", "delete")


def _share_name(path: str) -> str | None:
    """The share `path` (a whole /Shared/... path) is in; "" for /Shared itself."""
    parts = [part for part in path.split("/") if part]
    if parts[:1] != [SHARED_MOUNT.strip("/")]:
        return None
    return parts[1] if len(parts) > 1 else ""


class WriteGuard(QObject):
    def __init__(
        self, files: FilesPage, actions: FileActions, backend: Backend, workers: Workers
    ) -> None:
        super().__init__(files)
        self.files, self.actions, self.backend, self.workers = files, actions, backend, workers
        self.shares: dict[str, PlaceAccess] = {}  # share name -> its access, as last told
        self.note = QLabel(files)
        self.note.setObjectName("ReadOnlyNote")
        self.note.setAccessibleName(self.tr("Access"))
        self.note.hide()
        self.note.setWordWrap(True)
        page_layout = files.layout()
        assert isinstance(page_layout, QVBoxLayout)
        page_layout.insertWidget(1, self.note)  # under the toolbar: it never widens it
        files.view.drop_refusal = self.refusal
        files.view.drop_refused.connect(files.error.show_error)

    def _whole(self, folder: str) -> str:
        """The services' path of a folder shown (Shared with me lists /Shared)."""
        if self.files.view_kind is View.SHARED_WITH_ME and _share_name(folder) is None:
            return SHARED_MOUNT + folder.rstrip("/")
        return folder

    def place_shown(self) -> None:
        """A listing arrived: apply what is known, then ask again (a share's access may
        have changed since)."""
        folder = self._whole(self.files.view.current_folder)
        self._apply()
        if self.files.view_kind is not View.SHARED_WITH_ME:
            return
        paths = [folder]
        if _share_name(folder) == "":
            paths += [entry.path for entry in self.files.model.entries]
        self.workers.run(
            self.backend.place_access,
            paths,
            done=self._told,
            failed=self.files.error.show_error,
        )

    def _told(self, found: Sequence[PlaceAccess]) -> None:
        for access in found:
            if access.share:
                self.shares[access.share] = access
        self._apply()

    def refusal(self, folder: str) -> str:
        """Why nothing can be added to or changed in `folder` of the place shown; ""
        when it can."""
        kind = self.files.view_kind
        if kind is View.SHARED_BY_ME:
            return self.tr("Shared by me lists what you share: add files in My files.")
        if kind is View.MY_FILES:
            return ""
        share = _share_name(self._whole(folder))
        if not share:
            return self.tr(
                "Shared with me lists the shares you accepted: open one to add files to it."
            )
        access = self.shares.get(share)
        if access is None:
            return self.tr("Still checking whether you may change “{share}”.").format(share=share)
        if access.writable:
            return ""
        return self.tr(
            "“{share}” is shared with you read-only by {sender}: ask them for write access "
            "to add or change files."
        ).format(share=share, sender=access.sender)

    def _apply(self) -> None:
        reason = self.refusal(self.files.view.current_folder)
        self.actions.set_writable(not reason)
        self.files.model.editable = not reason
        for key in WRITE_ACTIONS:
            action = self.actions.actions[key]
            action.setToolTip(reason or action.text())
        access = self.shares.get(_share_name(self._whole(self.files.view.current_folder)) or "")
        read_only = access is not None and not access.writable
        if read_only:
            self.note.setText(reason)
        self.note.setVisible(read_only and self.files.view_kind is View.SHARED_WITH_ME)
