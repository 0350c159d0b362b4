"""Receiving files in the real window against a real server process: alice (services)
sends bob a file; it appears in bob's Inbox with sender, size and date and a
notification; a click saves it into My files. Bob creates a drop inbox with the dialog,
carol sends into it without bob's name; it arrives tagged with the label and "Save as…"
writes it locally. Dropping a local file on a person sends it; "Send file…", chosen from
a file's context menu by a right click and the keyboard, sends a file of My files; a
revoked drop inbox refuses."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from dnd import send_drop
from integration.server_harness import ServerProcess
from keys import press, type_text
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QListWidget, QMenu, QWidget

from app.client.transport import HttpTransport
from app.gui.backend.interface import AccountInfo, View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services import account as accounts
from app.services.account import AccountSession
from app.services.connection import Connector
from app.services.errors import NotFoundError
from app.services.sharing.inbox import InboxService
from app.services.sharing.service import SharingService
from app.vault import KDF_FLOOR, Profile

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
STEP_MS = 30_000
PASSWORD = "correct horse battery staple"


@dataclass
class Account:
    address: str
    session: AccountSession
    connector: Connector


def create_account(
    name: str, server: ServerProcess, transport: HttpTransport, profile: Path
) -> Account:
    """A new account `name<random>#host` (vault at the KDF floor: fast)."""
    connector = Connector(transport=transport, allow_http=True)
    address = f"{name}{secrets.token_hex(4)}#{server.host}"
    made = accounts.create(
        address, PASSWORD, Profile(profile), connector, now=time.time(), vault_kdf=KDF_FLOOR
    )
    return Account(address, made.session, connector)


@pytest.fixture
def transport() -> Iterator[HttpTransport]:
    with HttpTransport() as made:
        yield made


def _click_row(qtbot, view: QListWidget, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = view.visualItemRect(view.item(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.currentRow() == row


def _row_with(view: QListWidget, text: str) -> int:
    return next(r for r in range(view.count()) if text in view.item(r).text())


def _right_click(widget: QWidget, spot: QPoint) -> None:
    """A right click through the window, as the platform delivers it: Qt turns it into
    the context menu request (a click sent to the widget itself would not)."""
    top = widget.window()
    where = widget.mapTo(top, spot)
    QTest.mouseClick(
        top.windowHandle(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, where
    )


def _once_shown(
    parent: QWidget, shown: Callable[[], QWidget | None], act: Callable[[QWidget], None]
) -> QTimer:
    """`act` on the popup or dialog `shown()` names once it is up and the keys go into it:
    it runs its own event loop, so the test cannot reach it in sequence."""
    poller = QTimer(parent)
    poller.setInterval(20)

    def poll() -> None:
        widget = shown()
        keys_to = QApplication.activePopupWidget() or QApplication.focusWidget()
        if (
            widget is not None
            and keys_to is not None
            and (widget is keys_to or widget.isAncestorOf(keys_to))
        ):
            poller.stop()
            act(widget)

    poller.timeout.connect(poll)
    poller.start()
    return poller


def _choose(text: str, chosen: list[str]) -> Callable[[QWidget], None]:
    """Down through the menu to `text`, then Enter (Escape if it is not there)."""

    def act(popup: QWidget) -> None:
        if isinstance(popup, QMenu):
            for _ in range(len(popup.actions()) + 1):
                active = popup.activeAction()
                if active is not None and active.text() == text:
                    chosen.append(text)
                    press(Qt.Key.Key_Return)
                    return
                press(Qt.Key.Key_Down)
        press(Qt.Key.Key_Escape)

    return act


def _answer(text: str, asked: list[str]) -> Callable[[QWidget], None]:
    """Type `text` and Enter into the question; anything else is closed unanswered."""

    def act(dialog: QWidget) -> None:
        if isinstance(dialog, QInputDialog):
            asked.append(dialog.labelText())
            type_text(text + "\n")
        if dialog.isVisible():
            dialog.close()

    return act


def _sharing(account: Account) -> SharingService:
    return SharingService(account.session, account.connector)


def test_files_sent_to_me_are_saved_and_drop_inboxes_take_files(  # type: ignore[no-untyped-def]
    qtbot,
    tmp_path: Path,
    server: ServerProcess,
    transport: HttpTransport,
    made_temporary: list[str],
) -> None:
    alice = create_account("alice", server, transport, tmp_path / "alice")
    carol = create_account("carol", server, transport, tmp_path / "carol")
    made_bob = create_account("bob", server, transport, tmp_path / "bob")
    made_bob.session.close()
    backend = ServicesBackend(tmp_path / "bob", Settings(server=server.host))
    workers = Workers()
    account = backend.resume(PASSWORD)
    window = MainWindow(backend, workers, account, backend.settings)
    qtbot.addWidget(window)
    window.show()
    try:
        _receive_save_and_send(qtbot, window, backend, alice, carol, tmp_path, made_temporary)
    finally:
        window.quit()
        assert workers.wait(STEP_MS)
        server.stop()
        assert window.notices.watcher.join(10.0)
        backend.stop()
        for person in (alice, carol):
            person.session.close()


def _receive_save_and_send(  # type: ignore[no-untyped-def]
    qtbot,
    window: MainWindow,
    backend: ServicesBackend,
    alice: Account,
    carol: Account,
    tmp_path: Path,
    made_temporary: list[str],
) -> None:
    inbox = window.inbox
    qtbot.waitUntil(lambda: window.notices.watcher.cursor is not None, timeout=STEP_MS)
    qtbot.waitUntil(lambda: inbox._seen is not None, timeout=STEP_MS)  # the first listing
    hello = tmp_path / "hello.txt"
    hello.write_bytes(b"hello bob\n" * 300)
    _sharing(alice).send(window.account.address, [hello], "for you")

    # the long-poll brings it in; the notification names the sender and the file
    qtbot.waitUntil(lambda: inbox.list.count() == 1, timeout=STEP_MS)
    qtbot.waitUntil(lambda: bool(window.notices.notifier.shown), timeout=STEP_MS)
    title, text = window.notices.notifier.shown[-1]
    assert alice.address in title and "hello.txt" in text
    window.show_section("inbox")
    shown = inbox.list.item(0).text()
    assert f"hello.txt — from {alice.address}" in shown and "2.9 KiB" in shown
    _click_row(qtbot, inbox.list, 0)
    assert inbox.save_button.isVisible() and not inbox.accept_button.isVisible()
    inbox.folder.setFocus()
    inbox.folder.lineEdit().selectAll()
    qtbot.keyClicks(inbox.folder, "/Received")
    qtbot.mouseClick(inbox.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbox.list.count() == 0, timeout=STEP_MS)
    assert inbox.error.message == ""
    saved = backend.list_folder(View.MY_FILES, "/Received")
    assert [(e.name, e.size) for e in saved] == [("hello.txt", 3000)]

    # a drop inbox, made with the dialog; carol sends to it without bob's name
    qtbot.mouseClick(inbox.drops.create_button, Qt.MouseButton.LeftButton)
    dialog = inbox.drops.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.label, "scans")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbox.drops.list.count() == 1, timeout=STEP_MS)
    address = inbox.drops.rows[0].address
    assert address.startswith("drop:") and window.account.address.split("#")[0] not in address
    assert QApplication.clipboard().text() == address
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG not really")
    _sharing(carol).send(address, [scan])
    qtbot.waitUntil(lambda: inbox.list.count() == 1, timeout=STEP_MS)
    assert "via drop inbox “scans”" in inbox.list.item(0).text()
    assert carol.address in inbox.list.item(0).text()
    _click_row(qtbot, inbox.list, 0)
    out = tmp_path / "out"
    inbox.choose_folder = lambda: out
    qtbot.mouseClick(inbox.save_as_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (out / "scan.png").exists(), timeout=STEP_MS)
    assert (out / "scan.png").read_bytes() == scan.read_bytes()

    # people: alice and carol sent me things; dropping a file on alice sends it to her
    inbox.contacts.refresh()
    people = inbox.contacts.list
    qtbot.waitUntil(lambda: people.count() == 2, timeout=STEP_MS)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scan))])
    spot = QPointF(people.visualItemRect(people.item(_row_with(people, alice.address))).center())
    assert send_drop(people.viewport(), mime, spot)
    qtbot.waitUntil(lambda: "Sent 1 file(s)" in inbox.contacts.status.text(), timeout=STEP_MS)
    assert not inbox.contacts.busy.isVisible()

    # "Send file…" from a file's context menu: a right click, Down to it, Enter, the address
    window.show_section("my-files")
    window.files.open_folder("/Received")
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 1, timeout=STEP_MS)
    view = window.files.view
    first = view.visualRect(window.files.proxy.index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert [e.name for e in view.selected_entries()] == ["hello.txt"]
    made_temporary.clear()
    chosen: list[str] = []
    asked: list[str] = []
    pollers = [
        _once_shown(window, QApplication.activePopupWidget, _choose("Send file…", chosen)),
        _once_shown(window, QApplication.activeModalWidget, _answer(alice.address, asked)),
    ]
    _right_click(view.viewport(), first)  # the menu and the question run in their own loops
    qtbot.waitUntil(
        lambda: "Sent “/Received/hello.txt”" in window.menus.notice.text(), timeout=STEP_MS
    )
    for poller in pollers:
        poller.stop()
    assert chosen == ["Send file…"]
    assert asked == ["Send “/Received/hello.txt” to (name#host):"]
    assert made_temporary == []  # the plaintext went from memory into the delivery, never to disk
    names = sorted(item.name for item in InboxService(alice.session, alice.connector).read().items)
    assert names == ["hello.txt", "scan.png"]

    # revoking the drop inbox: carol's next delivery is refused
    window.show_section("inbox")
    inbox.drops.confirm = lambda _question: True
    _click_row(qtbot, inbox.drops.list, 0)
    qtbot.mouseClick(inbox.drops.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbox.drops.list.count() == 0, timeout=STEP_MS)
    with pytest.raises(NotFoundError):
        _sharing(carol).send(address, [scan])
    assert isinstance(window.account, AccountInfo)
