"""The shield means one thing everywhere, with words beside the colour: green "Verified",
amber "Needs your attention", red "Tampering detected".

Against a real server: the status bar's shield is green after a normal listing and
turns red when the server alters what it answers (the channel's encryption ends at the
server, so rewriting its answers under the services is what a malicious server does);
the share dialog shows amber for a first contact, green for the same key again, red for
a changed key. The inbox states (a sender not verified, a rejected message) come from
the recording backend: the real one only lists senders whose signature verified."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fake_backend import FakeBackend
from integration.server_harness import ServerProcess
from keys import press
from PySide6.QtCore import Qt

from app.client.channel import Channel
from app.gui.backend.interface import AccountInfo, InboxItem
from app.gui.backend.services import CONTACTS_FILE, ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.shield import Trust, pki_trust
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers

PASSWORD = "correct horse battery staple"
STEP_MS = 60_000


def _assert_shows(shield: Any, trust: Trust, words: str) -> None:
    """The state in colour (the icon), in words, and for a screen reader."""
    assert shield.state is trust
    assert shield.words.text() == words
    assert shield.toolTip().startswith(words)
    assert shield.accessibleDescription().startswith(words)
    assert not shield.picture.pixmap().isNull()


@pytest.mark.integration
@pytest.mark.slow
def test_green_then_red_when_the_server_alters_a_listing_and_the_share_dialog_states(  # type: ignore[no-untyped-def]
    qtbot, workers: Workers, server: ServerProcess, tmp_path: Path, monkeypatch
) -> None:
    people = {name: ServicesBackend(tmp_path / name, Settings()) for name in ("alice", "bob")}
    try:
        for name, backend in people.items():
            backend.create_account(f"{name}#{server.host}", PASSWORD)
        alice = people["alice"]
        alice.mkdir("/Plans")
        window = MainWindow(alice, workers, alice.account_info(), alice.settings, watch_inbox=False)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: bool(window.files.model.entries), timeout=STEP_MS)
        _assert_shows(window.shield, Trust.VERIFIED, "Verified")

        bob = people["bob"].account_info().address
        for expected, words in (
            (Trust.ATTENTION, "Needs your attention"),  # first contact: compare the words
            (Trust.VERIFIED, "Verified"),  # the same key as last time
        ):
            dialog = window.menus.open_share_dialog("/Plans")
            qtbot.keyClicks(dialog.recipient, bob)
            dialog.look_up()
            qtbot.waitUntil(lambda d=dialog: d.check is not None, timeout=STEP_MS)
            assert dialog.check is not None and pki_trust(dialog.check.status) is expected
            assert dialog.shield.toolTip() == words
            assert dialog.status.accessibleDescription() == words
            assert not dialog.shield.pixmap().isNull()
            dialog.close()
        contacts = tmp_path / "alice" / CONTACTS_FILE
        contacts.write_text(json.dumps({bob: "00" * 32}), "utf-8")  # a key seen before
        dialog = window.menus.open_share_dialog("/Plans")
        qtbot.keyClicks(dialog.recipient, bob)
        dialog.look_up()
        qtbot.waitUntil(lambda: dialog.check is not None, timeout=STEP_MS)
        assert dialog.shield.toolTip() == "Tampering detected"
        assert dialog.status.text() == "KEY CHANGED"
        dialog.close()

        real = Channel.call

        def altering(self: Channel, method: str, **params: Any) -> Any:
            answer = real(self, method, **params)
            if method == "descriptorGet":
                for record in answer["descriptors"]:
                    extra = bytearray(record["extra"])
                    extra[-1] ^= 1
                    record["extra"] = bytes(extra)
            return answer

        monkeypatch.setattr(Channel, "call", altering)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=STEP_MS)
        window.files.view.setFocus()
        press(Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: window.shield.state is Trust.TAMPERED, timeout=STEP_MS)
        _assert_shows(window.shield, Trust.TAMPERED, "Tampering detected")
        assert "tampering detected" in window.shield.toolTip().lower().split("\n", 1)[1]
        monkeypatch.setattr(Channel, "call", real)
        press(Qt.Key.Key_F5)  # the server behaves again; what was seen stays shown
        assert workers.wait(STEP_MS)
        assert window.shield.state is Trust.TAMPERED
        window.close()
    finally:
        for backend in people.values():
            backend.stop()


def test_the_inbox_states_in_the_list_and_in_the_status_bar(  # type: ignore[no-untyped-def]
    qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path
) -> None:
    window = MainWindow(
        backend,
        workers,
        AccountInfo("alice#127.0.0.1:4711", "127.0.0.1:4711"),
        Settings(download_folder=str(tmp_path)),
        watch_inbox=False,
    )
    qtbot.addWidget(window)
    window.show()
    _assert_shows(window.shield, Trust.VERIFIED, "Verified")
    backend.inbox_items.append(InboxItem("1", "bob#example.org", True, "Q3", "read", 1.7e9))
    backend.inbox_items.append(InboxItem("2", "carol#example.org", False, "Q4", "read", 1.8e9))
    window.inbox.refresh()
    qtbot.waitUntil(lambda: window.inbox.list.count() == 2, timeout=5000)
    _assert_shows(window.shield, Trust.ATTENTION, "Needs your attention")
    assert "carol#example.org is not verified yet." in window.shield.toolTip()
    described = [
        window.inbox.list.item(row).data(Qt.ItemDataRole.AccessibleDescriptionRole)
        for row in range(2)
    ]
    assert described == ["Verified", "Needs your attention"]

    backend.inbox_items.append(
        InboxItem("3", "mallory#example.org", False, "", "", 1.9e9, problem="bad signature")
    )
    window.inbox.refresh()
    qtbot.waitUntil(lambda: window.inbox.list.count() == 3, timeout=5000)
    _assert_shows(window.shield, Trust.TAMPERED, "Tampering detected")
    assert "mallory#example.org failed its check" in window.shield.toolTip()
    assert window.inbox.list.item(2).toolTip() == "Tampering detected"
    backend.inbox_items[:] = backend.inbox_items[:1]  # deleted: only a verified one left
    window.inbox.refresh()
    qtbot.waitUntil(lambda: window.inbox.list.count() == 1, timeout=5000)
    _assert_shows(window.shield, Trust.VERIFIED, "Verified")
    window.close()
