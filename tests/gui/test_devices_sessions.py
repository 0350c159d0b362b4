"""Account › "Devices & sessions…" on the real window against a real server process
(server_stub/SESSIONS.md): a linked device and a second sign-in are listed beside the
window's own device and session, which cannot be signed out here; each sign-out asks
first (Escape and Enter keep everything: Cancel is the default) and then ends the other
side's access at once, clicked with the mouse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTreeWidget

from app.client.channel import Channel
from app.client.errors import SessionExpiredError
from app.client.transport import HttpTransport
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.devices_sessions import DevicesSessionsDialog
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.devices.sessions import PASSWORD_LOGIN

pytestmark = [pytest.mark.integration, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
WAIT_MS = 30_000


@pytest.fixture
def alice(tmp_path: Path, server: ServerProcess) -> Iterator[ServicesBackend]:
    backend = ServicesBackend(tmp_path / "alice", Settings(server=server.host))
    yield backend
    backend.stop()


def _click_row(qtbot, table: QTreeWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    (item,) = [
        table.topLevelItem(row)
        for row in range(table.topLevelItemCount())
        if text in table.topLevelItem(row).text(0) or text == table.topLevelItem(row).text(1)
    ]
    spot = table.visualItemRect(item).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert table.selectedItems() == [item]


def _rows(table: QTreeWidget) -> list[str]:
    return [table.topLevelItem(row).text(0) for row in range(table.topLevelItemCount())]


def _confirm_box(qtbot, dialog: DevicesSessionsDialog, button) -> QMessageBox:  # type: ignore[no-untyped-def]
    dialog.confirm = None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible())
    assert dialog.confirm is not None
    return dialog.confirm


def _press(qtbot, box: QMessageBox, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(box, key)
    qtbot.waitUntil(lambda: not box.isVisible())


def test_list_protect_and_sign_out_devices_and_sessions(  # type: ignore[no-untyped-def]
    qtbot, alice: ServicesBackend, server: ServerProcess
) -> None:
    address = f"alice#{server.host}"
    alice.create_account(address, PASSWORD)
    account = alice.account_info()
    own = alice.session.current()
    laptop_key = own.vault.device_key(11)
    assert laptop_key.private_key is not None
    own.channel.call("deviceAdd", name="laptop", login_key=laptop_key.public_key.to_bytes())
    workers = Workers()
    window = MainWindow(alice, workers, account, alice.settings)
    qtbot.addWidget(window)
    window.show()
    with HttpTransport() as transport:
        laptop = Channel(transport, server.endpoint, own.channel.server_key)
        laptop.login_key(laptop_key.private_key, "alice")
        before = {s.id for s in alice.devices_and_sessions().sessions}
        browser = Channel(transport, server.endpoint, own.channel.server_key)
        browser.login_srp("alice", PASSWORD)
        (browser_id,) = [
            s.id
            for s in alice.devices_and_sessions().sessions
            if s.id not in before and s.opened_by == PASSWORD_LOGIN
        ]

        (action,) = [a for a in window.actions() if a.text() == "Devices & sessions…"]
        action.trigger()
        qtbot.waitUntil(lambda: bool(window.findChildren(DevicesSessionsDialog)), timeout=WAIT_MS)
        (dialog,) = window.findChildren(DevicesSessionsDialog)
        qtbot.waitUntil(lambda: browser_id in _rows(dialog.sessions), timeout=WAIT_MS)
        devices = _rows(dialog.devices)
        assert devices[0] == "First device (holds the recovery phrase) (this device)"
        assert devices[1:] == ["laptop"]
        assert [row for row in _rows(dialog.sessions) if row.endswith("(this session)")] != []
        assert "laptop" in [
            dialog.sessions.topLevelItem(r).text(1) for r in range(len(_rows(dialog.sessions)))
        ]

        # the window's own device and session are protected
        _click_row(qtbot, dialog.devices, "(this device)")
        assert not dialog.sign_out_button.isEnabled()
        assert "you are using" in dialog.hint.text()
        _click_row(qtbot, dialog.sessions, "(this session)")
        assert not dialog.end_button.isEnabled()
        assert "This window uses this session" in dialog.hint.text()

        # a session: Enter answers the default (Cancel), then the button ends it
        _click_row(qtbot, dialog.sessions, browser_id)
        box = _confirm_box(qtbot, dialog, dialog.end_button)
        assert browser_id in box.text()
        _press(qtbot, box, Qt.Key.Key_Return)
        assert browser.call("whoami") == {"username": "alice"}
        box = _confirm_box(qtbot, dialog, dialog.end_button)
        (end,) = [b for b in box.buttons() if b.text() == "End session"]
        qtbot.mouseClick(end, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: browser_id not in _rows(dialog.sessions), timeout=WAIT_MS)
        assert dialog.status.text() == f"Ended session {browser_id}."
        with pytest.raises(SessionExpiredError):
            browser.call("whoami")

        # a device: Escape keeps it, "Sign out" ends its key and its sessions
        assert laptop.call("whoami") == {"username": "alice"}
        _click_row(qtbot, dialog.devices, "laptop")
        box = _confirm_box(qtbot, dialog, dialog.sign_out_button)
        _press(qtbot, box, Qt.Key.Key_Escape)
        assert laptop.call("whoami") == {"username": "alice"}
        box = _confirm_box(qtbot, dialog, dialog.sign_out_button)
        (sign_out,) = [b for b in box.buttons() if b.text() == "Sign out"]
        qtbot.mouseClick(sign_out, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: _rows(dialog.devices)[1:] == [], timeout=WAIT_MS)
        assert dialog.status.text() == "Signed out “laptop”."
        with pytest.raises(SessionExpiredError):
            laptop.call("whoami")
        opened_by = [
            dialog.sessions.topLevelItem(r).text(1) for r in range(len(_rows(dialog.sessions)))
        ]
        assert "laptop" not in opened_by
        dialog.close()
    window.close()
    assert workers.wait(WAIT_MS)
