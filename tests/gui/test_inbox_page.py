"""The Inbox page's widgets with the recording backend: a rejected message is marked and
can only be deleted; delivered files offer Save to My files / Save as… / Delete; a
send that fails says so in one line and stops the busy bar."""

from __future__ import annotations

from pathlib import Path

from fake_backend import FakeBackend
from PySide6.QtCore import Qt

from app.gui.backend.interface import InboxItem
from app.gui.inbox.page import InboxPanel
from app.gui.workers import Workers
from app.services.errors import NotFoundError

FILES = InboxItem("5", "bob#example.org", True, "tax.pdf", "copy", 1.7e9, size=2048)
REJECTED = InboxItem(
    "6", "mallory#evil.example", False, "", "", 1.7e9, problem="forged sender: the signing key…"
)


def _panel(qtbot, backend: FakeBackend, workers: Workers) -> InboxPanel:  # type: ignore[no-untyped-def]
    panel = InboxPanel(backend, workers)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    return panel


def _click(qtbot, panel: InboxPanel, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = panel.list.visualItemRect(panel.list.item(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_rejected_is_marked_and_only_deleted_files_are_saved(  # type: ignore[no-untyped-def]
    qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path
) -> None:
    backend.inbox_items = [FILES, REJECTED]
    panel = _panel(qtbot, backend, workers)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=5000)
    rejected = panel.list.item(1).text()
    assert rejected.startswith("Rejected — claims to be from mallory#evil.example (not verified)")
    _click(qtbot, panel, 1)
    assert panel.delete_button.isEnabled() and panel.delete_button.isVisible()
    assert not panel.save_button.isEnabled() and not panel.save_as_button.isEnabled()
    assert "only delete" in panel.detail.text()
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=5000)
    assert backend.called("decline") == [("decline", "6")]

    _click(qtbot, panel, 0)
    assert "tax.pdf — from bob#example.org" in panel.list.item(0).text()
    assert panel.save_button.isEnabled() and not panel.accept_button.isVisible()
    panel.choose_folder = lambda: tmp_path
    with qtbot.waitSignal(panel.accepted, timeout=5000) as where:
        qtbot.mouseClick(panel.save_as_button, Qt.MouseButton.LeftButton)
    assert where.args == [str(tmp_path / "received.bin")]
    assert backend.called("save_received_as") == [("save_received_as", "5", tmp_path)]


def test_a_failed_send_says_why_and_stops_the_busy_bar(  # type: ignore[no-untyped-def]
    qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path, monkeypatch
) -> None:
    panel = _panel(qtbot, backend, workers)
    contacts = panel.contacts
    qtbot.waitUntil(lambda: contacts.list.count() == 1, timeout=5000)

    def refuse(address: str, paths: object) -> None:
        raise NotFoundError(f"the inbox of {address}: not found on the server")

    monkeypatch.setattr(backend, "send_files", refuse)
    note = tmp_path / "note.txt"
    note.write_text("hi")
    contacts.choose_files = lambda: [note]
    rect = contacts.list.visualItemRect(contacts.list.item(0))
    qtbot.mouseClick(contacts.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert contacts.address.text() == "bob#example.org"
    qtbot.mouseClick(contacts.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(contacts.error.message), timeout=5000)
    assert "not found on the server" in contacts.error.message
    assert not contacts.busy.isVisible() and contacts.status.text() == ""
