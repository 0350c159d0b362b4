"""Account › "Devices & sessions…": the account's devices and its open sessions at the
server (server_stub/SESSIONS.md), with "Sign out device…" (its key stops working and its
sessions end: `privshare device remove`) and "End session…" (`privshare sessions --end`).

Each sign-out asks first, in a box whose default button is Cancel. The device and the
session this window uses are marked in words ("this device", "this session"), not only
by their bold type, and cannot be signed out here: the window's own Account › "Sign out"
does that. The first device (the one holding the recovery phrase) is not at the server
as a device; recovering the account replaces its key.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend
from app.gui.backend.sessions import DeviceRow, DevicesAndSessions
from app.gui.error_line import ErrorLine
from app.gui.workers import Workers
from app.services.devices.sessions import FIRST_DEVICE, PASSWORD_LOGIN, SessionInfo

__all__ = ["DevicesSessionsDialog"]

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the device name or the session id
PROTECTED_ROLE = Qt.ItemDataRole.UserRole + 2  # why it cannot be signed out here ("" : it can)


def _when(seconds: float | None) -> str:
    return "—" if seconds is None else time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds))


class DevicesSessionsDialog(QDialog):
    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.setWindowTitle(self.tr("Devices & sessions"))
        self.setMinimumSize(720, 460)
        self.confirm: QMessageBox | None = None
        self.devices = self._table(
            self.tr("Devices"),
            [self.tr("Device"), self.tr("Added"), self.tr("Last seen")],
        )
        self.sessions = self._table(
            self.tr("Open sessions"),
            [
                self.tr("Session"),
                self.tr("Opened by"),
                self.tr("Started"),
                self.tr("Last used"),
                self.tr("Network"),
            ],
        )
        self.sign_out_button = QPushButton(self.tr("Sign out device…"), self)
        self.sign_out_button.setAccessibleName(self.tr("Sign out the selected device"))
        self.sign_out_button.clicked.connect(self.ask_sign_out_device)
        self.end_button = QPushButton(self.tr("End session…"), self)
        self.end_button.setAccessibleName(self.tr("End the selected session"))
        self.end_button.clicked.connect(self.ask_end_session)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setAccessibleName(self.tr("Refresh the lists"))
        self.refresh_button.clicked.connect(self.refresh)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("About the selection"))
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Status"))
        self.error = ErrorLine(self)
        self.devices.itemSelectionChanged.connect(self._device_selected)
        self.sessions.itemSelectionChanged.connect(self._session_selected)
        self._layout()
        self._device_selected()
        self._session_selected()
        self.refresh()

    def _table(self, name: str, headers: list[str]) -> QTreeWidget:
        table = QTreeWidget(self)
        table.setAccessibleName(name)
        table.setHeaderLabels(headers)
        table.setRootIsDecorated(False)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAllColumnsShowFocus(True)
        return table

    def _layout(self) -> None:
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Devices of this account"), self))
        layout.addWidget(self.devices)
        layout.addWidget(self.sign_out_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(QLabel(self.tr("Open sessions at the server"), self))
        layout.addWidget(self.sessions)
        row = QHBoxLayout()
        row.addWidget(self.end_button)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(close)

    # --- loading ---

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self.error.clear()
        self.status.setText(self.tr("Asking the server…"))
        self.workers.run(self.backend.devices_and_sessions, done=self._show, failed=self._failed)

    def _show(self, found: DevicesAndSessions) -> None:
        self.refresh_button.setEnabled(True)
        self.devices.clear()
        for device in found.devices:
            self.devices.addTopLevelItem(self._device_item(device))
        self.sessions.clear()
        for session in found.sessions:
            self.sessions.addTopLevelItem(self._session_item(session))
        for table in (self.devices, self.sessions):
            for column in range(table.columnCount()):
                table.resizeColumnToContents(column)
        count = len(found.sessions)
        text = self.tr("1 open session") if count == 1 else self.tr("%n open sessions", "", count)
        self.status.setText(text)

    def _device_item(self, device: DeviceRow) -> QTreeWidgetItem:
        name = self.tr("First device (holds the recovery phrase)")
        if device.name != FIRST_DEVICE:
            name = device.name
        if device.this_device:
            name += " " + self.tr("(this device)")
        added = (
            self.tr("when the account was made") if device.added is None else _when(device.added)
        )
        item = QTreeWidgetItem([name, added, _when(device.last_seen)])
        item.setData(0, KEY_ROLE, device.name)
        if device.this_device:
            why = self.tr("This is the device you are using: Account › Sign out signs it out.")
        elif not device.removable:
            why = self.tr(
                "The first device holds the recovery phrase; recovering the account "
                "replaces its key."
            )
        else:
            why = ""
        item.setData(0, PROTECTED_ROLE, why)
        self._mark_current(item, device.this_device)
        return item

    def _session_item(self, session: SessionInfo) -> QTreeWidgetItem:
        opened_by = session.opened_by
        if opened_by == FIRST_DEVICE:
            opened_by = self.tr("First device")
        elif opened_by == PASSWORD_LOGIN:
            opened_by = self.tr("Password sign-in")
        label = session.id + (" " + self.tr("(this session)") if session.this_session else "")
        item = QTreeWidgetItem(
            [label, opened_by, _when(session.started), _when(session.last_used), session.address]
        )
        item.setData(0, KEY_ROLE, session.id)
        why = self.tr("This window uses this session: Account › Sign out ends it.")
        item.setData(0, PROTECTED_ROLE, why if session.this_session else "")
        self._mark_current(item, session.this_session)
        return item

    def _mark_current(self, item: QTreeWidgetItem, current: bool) -> None:
        if current:
            font = QFont(item.font(0))
            font.setBold(True)
            for column in range(item.columnCount()):
                item.setFont(column, font)

    def _failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.status.clear()
        self.error.show_error(error)

    # --- selection ---

    def _selected(self, table: QTreeWidget) -> tuple[str, str] | None:
        """(key, why it is protected) of the selected row, or None."""
        items = table.selectedItems()
        if not items:
            return None
        return str(items[0].data(0, KEY_ROLE)), str(items[0].data(0, PROTECTED_ROLE) or "")

    def _device_selected(self) -> None:
        chosen = self._selected(self.devices)
        self.sign_out_button.setEnabled(chosen is not None and not chosen[1])
        if chosen is not None:
            self.hint.setText(chosen[1])

    def _session_selected(self) -> None:
        chosen = self._selected(self.sessions)
        self.end_button.setEnabled(chosen is not None and not chosen[1])
        if chosen is not None:
            self.hint.setText(chosen[1])

    # --- signing out ---

    def ask_sign_out_device(self) -> QMessageBox | None:
        chosen = self._selected(self.devices)
        if chosen is None or chosen[1]:
            return None
        name = chosen[0]
        text = self.tr(
            "Sign out “%1”? Its key stops working at once and its open sessions end. "
            "It still holds the account's keys: if it was lost or stolen, also recover "
            "the account with the recovery phrase."
        ).replace("%1", name)
        return self._confirm(
            self.tr("Sign out a device"),
            text,
            self.tr("Sign out"),
            lambda: self._run(self.backend.sign_out_device, name, self.tr("Signed out “%1”.")),
        )

    def ask_end_session(self) -> QMessageBox | None:
        chosen = self._selected(self.sessions)
        if chosen is None or chosen[1]:
            return None
        session_id = chosen[0]
        text = self.tr(
            "End session %1? Its next request is refused; the device that opened it must "
            "sign in again."
        ).replace("%1", session_id)
        return self._confirm(
            self.tr("End a session"),
            text,
            self.tr("End session"),
            lambda: self._run(self.backend.end_session, session_id, self.tr("Ended session %1.")),
        )

    def _confirm(self, title: str, text: str, action: str, then: Callable[[], None]) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            text,
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setAccessibleName(title)
        yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        yes.setAccessibleName(action)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _code: then() if box.clickedButton() is yes else None)
        self.confirm = box
        box.open()
        return box

    def _run(self, call: Callable[[str], None], key: str, done_text: str) -> None:
        self.sign_out_button.setEnabled(False)
        self.end_button.setEnabled(False)
        self.error.clear()
        self.status.setText(self.tr("Signing out…"))

        def finished(_result: object) -> None:
            self.status.setText(done_text.replace("%1", key))
            self.workers.run(
                self.backend.devices_and_sessions, done=self._reshow, failed=self._failed
            )

        self.workers.run(call, key, done=finished, failed=self._failed)

    def _reshow(self, found: DevicesAndSessions) -> None:
        """The lists again after a sign-out, keeping its "Signed out …" line."""
        said = self.status.text()
        self._show(found)
        self.status.setText(said)
