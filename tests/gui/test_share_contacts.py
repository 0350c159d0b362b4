"""The share dialog offers the people I already know (shared with, or received from)
as I type: part of a name brings up the completer, Down and Enter pick the address and
its key is looked up."""

from __future__ import annotations

from fake_backend import FakeBackend
from keys import press, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.gui.backend.interface import PkiStatus, RecipientCheck
from app.gui.dialogs.share import ShareDialog
from app.gui.workers import Workers


def test_a_known_contact_is_offered_while_typing(  # type: ignore[no-untyped-def]
    qtbot, backend: FakeBackend, workers: Workers
) -> None:
    backend.recipients["bob#example.org"] = RecipientCheck(
        "bob#example.org", PkiStatus.VERIFIED, ("check",) * 8
    )
    owner = QWidget()
    qtbot.addWidget(owner)
    dialog = ShareDialog(backend, workers, "/notes.txt", owner, own_host="127.0.0.1:4711")
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    qtbot.waitUntil(lambda: dialog.recipient.completer() is not None, timeout=5000)
    dialog.recipient.setFocus()
    type_text("OB")  # any part of the address, in any case
    popup = dialog.recipient.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    assert QApplication.activePopupWidget() is popup
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
    assert dialog.recipient.text() == "bob#example.org"
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=5000)
    assert dialog.status.text() == "Verified"
    dialog.close()
