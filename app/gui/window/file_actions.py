"""What the file view's actions do: menus, shortcuts, and the backend calls behind them.

Questions to the person (a name, a yes/no) go through `ask_text` and `confirm`, which
tests may replace; everything else is real Qt behaviour. A file opened by a double-click
or dragged out is decrypted into a private cache (a 0700 folder, files 0600) that is
wiped on lock and on quit; a download goes to the download folder and says where, with
"Show in folder". Actions that need a selection, or a place that takes new files, are
disabled when there is none.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path, PurePosixPath

from PySide6.QtCore import QObject, QPoint, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from app.gui.backend.files import PartlyMovedError
from app.gui.backend.interface import Backend, Entry, Version, View
from app.gui.dialogs.file_request import RequestDialog
from app.gui.dialogs.folder_picker import FolderPicker
from app.gui.dialogs.link import LinkDialog
from app.gui.signals import emit
from app.gui.theme import icon
from app.gui.transfers.manager import TransferManager
from app.gui.window.drag_out import DragOut
from app.gui.window.file_view import FileView
from app.gui.workers import Workers
from app.services.events import CancelToken

__all__ = ["FileActions", "join"]


def join(folder: str, name: str) -> str:
    return str(PurePosixPath(folder) / name)


class PrivateCache:
    """Decrypted copies for opening and dragging out: one 0700 folder per session,
    files 0600, all removed by `wipe()` (on lock and quit)."""

    def __init__(self) -> None:
        self._folder: Path | None = None
        self.before_wipe: Callable[[], None] = lambda: None

    def folder(self) -> Path:
        if self._folder is None or not self._folder.is_dir():
            self._folder = Path(tempfile.mkdtemp(prefix="privshare-open-"))  # mode 0700
        return self._folder

    def keep(self, path: Path) -> Path:
        path.chmod(0o600)
        return path

    def wipe(self) -> None:
        self.before_wipe()
        folder, self._folder = self._folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


class FileActions(QObject):
    changed = Signal()  # the folder's content changed: list it again
    failed = Signal(object)  # an error to show
    saved = Signal(object)  # a download's path: say where it went
    share_requested = Signal(str)
    versions_listed = Signal(str, list)
    sent = Signal(str)  # "Sent … to …": a file of mine delivered into someone's inbox
    trashed = Signal(list)  # the Trashed rows Delete made (undo.py)
    trashing = Signal(int, int)  # (in the trash so far, selected) while Delete runs
    moved = Signal(list, bool)  # (original, new path) pairs, and whether it was a rename

    def __init__(
        self,
        view: FileView,
        backend: Backend,
        workers: Workers,
        transfers: TransferManager,
        download_folder: Callable[[], Path],
    ):
        super().__init__(view)
        self.view, self.backend, self.workers, self.transfers = view, backend, workers, transfers
        self.download_folder = download_folder
        self.ask_text: Callable[[str, str, str], str | None] = self._ask_text
        self.confirm: Callable[[str], bool] = self._confirm
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.cache = PrivateCache()
        self._open_after: dict[int, str] = {}
        self._downloads: set[int] = set()
        self.writable = True
        self.picker: FolderPicker | None = None
        self.actions = self._make_actions()
        view.customContextMenuRequested.connect(self.context_menu)
        view.files_dropped.connect(self.upload)
        view.rows_moved.connect(self.move)
        view.activated_entry.connect(self.activate)
        self.drag_out = DragOut(transfers, self.cache.folder, self)
        self.drag_out.failed.connect(partial(emit, self.failed))
        self.cache.before_wipe = self.drag_out.discard
        view.drag_out = self.drag_out.mime_for
        transfers.job_finished.connect(self._transfer_ended)
        view.selection_changed.connect(self.update_enabled)
        self.update_enabled()

    def _make_actions(self) -> dict[str, QAction]:
        specs = (
            ("upload", "upload", self.tr("Upload files…"), "Ctrl+U", self.choose_upload),
            (
                "upload-folder",
                "upload",
                self.tr("Upload folder…"),
                "Ctrl+Shift+U",
                self.choose_upload_folder,
            ),
            ("new-folder", "new-folder", self.tr("New folder"), "Ctrl+N", self.new_folder),
            ("download", "download", self.tr("Download"), "", self.download_selected),
            ("download-to", "download", self.tr("Download to…"), "Ctrl+Shift+D", self.download_to),
            ("share", "share", self.tr("Share…"), "Ctrl+Shift+S", self.share_selected),
            ("link", "share", self.tr("Copy link…"), "", self.link_selected),
            ("request", "inbox", self.tr("Request files…"), "", self.request_selected),
            ("send", "inbox", self.tr("Send file…"), "", self.send_selected),
            ("rename", "rename", self.tr("Rename"), "F2", self.rename_selected),
            ("move", "move", self.tr("Move to…"), "", self.move_selected),
            (
                "delete",
                "delete",
                self.tr("Delete"),
                QKeySequence.StandardKey.Delete,
                self.delete_selected,
            ),
            (
                "delete-permanently",
                "delete",
                self.tr("Delete permanently…"),
                "Shift+Del",
                self.delete_permanently_selected,
            ),
            ("versions", "versions", self.tr("Versions"), "", self.versions_selected),
        )
        actions: dict[str, QAction] = {}
        for key, icon_name, text, shortcut, slot in specs:
            action = QAction(icon(icon_name) if icon_name else icon("file"), text, self.view)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            self.view.addAction(action)
            actions[key] = action
        return actions

    # ---- questions (replaced in tests) -------------------------------------------------

    def _ask_text(self, title: str, label: str, default: str) -> str | None:
        text, ok = QInputDialog.getText(self.view, title, label, text=default)
        return text.strip() if ok and text.strip() else None

    def _confirm(self, question: str) -> bool:
        """Yes or No, with No as the default (Enter does not delete)."""
        answer = QMessageBox.question(
            self.view,
            self.tr("Privshare"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def update_enabled(self) -> None:
        """Selection actions need a selection (one row for some); new files need a place
        that takes them."""
        selected = self.view.selected_entries()
        one = len(selected) == 1
        for key in ("download", "share", "rename", "move", "delete", "versions"):
            self.actions[key].setEnabled(
                bool(selected) and (one or key in ("download", "move", "delete"))
            )
        self.actions["delete-permanently"].setEnabled(self.actions["delete"].isEnabled())
        self.actions["download-to"].setEnabled(bool(selected))
        for key in ("link", "request", "send"):
            self.actions[key].setEnabled(one)
        if one and selected[0].is_folder:
            self.actions["versions"].setEnabled(False)
            self.actions["send"].setEnabled(False)  # files only: a delivery holds files
        else:
            self.actions["request"].setEnabled(False)  # files are requested into a folder
        for key in ("upload", "upload-folder", "new-folder"):
            self.actions[key].setEnabled(self.writable)
        if not self.writable:
            for key in ("rename", "move", "delete", "delete-permanently"):
                self.actions[key].setEnabled(False)

    def set_writable(self, writable: bool) -> None:
        self.writable = writable
        self.update_enabled()

    # ---- running backend calls ---------------------------------------------------------

    def _run(
        self,
        fn: Callable[..., object],
        *args: object,
        moves: object = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """`moves`: (original, new path) pairs and the rename flag, for undo."""

        def done(_result: object) -> None:
            if isinstance(moves, tuple):
                emit(self.moved, *moves)
            emit(self.changed)

        self.workers.run(fn, *args, done=done, failed=failed or partial(emit, self.failed))

    def context_menu(self, position: QPoint) -> None:
        menu = self.build_menu()
        menu.exec(self.view.viewport().mapToGlobal(position))

    def build_menu(self) -> QMenu:
        menu = QMenu(self.view)
        self.update_enabled()
        for key in ("download", "share", "link", "request", "rename", "move", "delete", "versions"):
            menu.addAction(self.actions[key])
        menu.insertAction(self.actions["share"], self.actions["download-to"])
        menu.addAction(self.actions["send"])
        menu.addAction(self.actions["delete-permanently"])
        menu.addSeparator()
        for key in ("new-folder", "upload", "upload-folder"):
            menu.addAction(self.actions[key])
        return menu

    # ---- the actions -----------------------------------------------------------------

    def upload(self, paths: list[Path], folder: str) -> CancelToken:
        return self.transfers.upload(paths, folder)

    def choose_upload(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.view, self.tr("Upload files"))
        if files:
            self.upload([Path(name) for name in files], self.view.current_folder)

    def choose_upload_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.view, self.tr("Upload folder"))
        if folder:
            self.upload([Path(folder)], self.view.current_folder)

    def new_folder(self) -> None:
        name = self.ask_text(self.tr("New folder"), self.tr("Name"), self.tr("New folder"))
        if name and "/" not in name:
            self._run(self.backend.mkdir, join(self.view.current_folder, name))

    def rename_selected(self) -> None:
        """F2: edit the name in place (Enter renames, Escape keeps it)."""
        selected = self.view.selectionModel().selectedRows(0) if self.view.selectionModel() else []
        if len(selected) == 1:
            self.view.setCurrentIndex(selected[0])
            self.view.edit(selected[0])

    def rename(self, path: str, name: str) -> None:
        """A name taken by a folder moves the item into it: no undo is offered then."""
        model = self.view.model()
        shown = [self.view.entry_at(model.index(row, 0)) for row in range(model.rowCount())]
        taken = any(entry is not None and entry.name == name for entry in shown)
        moves = None if taken else ([(path, join(str(PurePosixPath(path).parent), name))], True)
        self._run(self.backend.rename, path, name, moves=moves)

    def move(self, paths: list[str], folder: str) -> None:
        moves = [(path, join(folder or "/", PurePosixPath(path).name)) for path in paths]
        self._run(self.backend.move, paths, folder, moves=(moves, False), failed=self._partly_moved)

    def _partly_moved(self, error: BaseException) -> None:
        if isinstance(error, PartlyMovedError):  # what moved can be undone
            emit(self.moved, error.moved, False)
            emit(self.changed)
        emit(self.failed, error)

    def move_selected(self) -> None:
        """Move to a folder picked in a tree of this place's folders."""
        selected = self.view.selected_entries()
        if not selected:
            return
        shared = self.view.current_folder.startswith("/Shared/")
        root = "/".join(self.view.current_folder.split("/")[:3]) if shared else "/"
        picker = FolderPicker(
            self.backend,
            self.workers,
            View.SHARED_WITH_ME if shared else View.MY_FILES,
            root,
            root.rsplit("/", 1)[-1] if shared else self.tr("My files"),
            self.view,
        )
        paths = [entry.path for entry in selected]
        picker.accepted.connect(lambda: self._move_to(paths, picker.chosen()))
        picker.open()
        self.picker = picker

    def _move_to(self, paths: list[str], folder: str) -> None:
        if folder and folder not in paths:
            self.move(paths, folder)

    def delete_selected(self) -> None:
        """Delete: my own items go to the trash, no question asked (Undo brings them
        back); items in a share, which has no trash of mine, are deleted for good after
        a confirmation."""
        selected = self.view.selected_entries()
        if any(entry.path.startswith("/Shared/") for entry in selected):
            self.delete_permanently_selected()
        elif selected:
            done_so_far = iter(range(1, len(selected) + 1))
            self.workers.run(
                self.backend.move_to_trash,
                [entry.path for entry in selected],
                done=self._trashed,
                failed=partial(emit, self.failed),
                progress=lambda _row: emit(self.trashing, next(done_so_far), len(selected)),
            )

    def _trashed(self, rows: list[object]) -> None:
        emit(self.trashed, rows)
        emit(self.changed)

    def delete_permanently_selected(self) -> None:
        """Shift+Delete: for good, after a question whose default is No."""
        selected = self.view.selected_entries()
        if not selected:
            return
        names = ", ".join(entry.name for entry in selected[:5])
        more = "…" if len(selected) > 5 else ""
        question = self.tr(
            "Delete %1 permanently?\n\nThis cannot be undone: deleted items and their "
            "versions are gone for you and for everyone they are shared with."
        )
        if self.confirm(question.replace("%1", names + more)):
            self._run(self.backend.delete, [entry.path for entry in selected])

    def share_selected(self) -> None:
        selected = self.view.selected_entries()
        if len(selected) == 1:
            emit(self.share_requested, selected[0].path)

    def link_selected(self) -> None:
        selected = self.view.selected_entries()
        if len(selected) == 1:
            LinkDialog(self.backend, self.workers, selected[0].path, self.view).open()

    def request_selected(self) -> None:
        selected = self.view.selected_entries()
        if len(selected) == 1 and selected[0].is_folder:
            RequestDialog(self.backend, self.workers, selected[0].path, self.view).open()

    def versions_selected(self) -> None:
        selected = self.view.selected_entries()
        if len(selected) == 1 and not selected[0].is_folder:
            path = selected[0].path
            self.workers.run(
                self.backend.versions,
                path,
                done=lambda found: self._versions(path, found),
                failed=partial(emit, self.failed),
            )

    def _versions(self, path: str, found: list[Version]) -> None:
        emit(self.versions_listed, path, found)

    def download_selected(self) -> None:
        for entry in self.view.selected_entries():
            token = self.transfers.download(entry.path, self.download_folder())
            self._downloads.add(id(token))

    def download_to(self) -> None:
        """Download the selection into a folder the person picks (a Save-as for rows)."""
        selected = self.view.selected_entries()
        title = self.tr("Download to")
        folder = QFileDialog.getExistingDirectory(self.view, title, str(self.download_folder()))
        for entry in selected if folder else []:
            token = self.transfers.download(entry.path, Path(folder))
            self._downloads.add(id(token))

    def activate(self, entry: Entry) -> None:
        """Double-click: open a folder, or open a file from the private cache."""
        if entry.is_folder:
            return  # the main window navigates
        token = self.transfers.download(entry.path, self.cache.folder())
        self._open_after[id(token)] = entry.path

    def _transfer_ended(self, token: CancelToken, error: object, result: object) -> None:
        opening = self._open_after.pop(id(token), None)
        saving = id(token) in self._downloads
        self._downloads.discard(id(token))
        if error is not None or not isinstance(result, Path):
            return
        if opening:
            self.open_url(QUrl.fromLocalFile(str(self.cache.keep(result))))
        elif saving:
            emit(self.saved, result)

    def send_selected(self) -> None:
        """Deliver the selected file into someone's inbox (encrypted for them)."""
        selected = self.view.selected_entries()
        if len(selected) != 1 or selected[0].is_folder:
            return
        path = selected[0].path
        address = self.ask_text(
            self.tr("Send file"), self.tr("Send “%1” to (name#host):").replace("%1", path), ""
        )
        if address:
            line = self.tr("Sent “%1” to %2").replace("%1", path).replace("%2", address)
            self.workers.run(
                self.backend.send_remote,
                address,
                path,
                done=lambda _: emit(self.sent, line),
                failed=partial(emit, self.failed),
            )
