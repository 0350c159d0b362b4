"""Files › "Activity…" on the real window against a real server process
(app/services/files/activity/ACTIVITY.md): alice opens a folder she shares with bob
(double-click) and presses the shortcut; bob's upload into it is listed with his
name and verified. After the server reorders or edits the stored log in its database,
Refresh (clicked) shows the entries as unverified, in words."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.activity_format1 import downgrade_log
from integration.server_harness import ServerProcess
from PySide6.QtCore import Qt

from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.activity_dialog import ActivityDialog
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.events import CancelToken
from app.services.files.activity.entries import LogFormatError, decode_log, encode_log
from app.services.sharing.router import FileRouter
from server_stub.server import DATABASE_FILE

pytestmark = [pytest.mark.integration, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
WAIT_MS = 30_000


@pytest.fixture
def backends(tmp_path: Path, server: ServerProcess) -> Iterator[dict[str, ServicesBackend]]:
    made = {
        name: ServicesBackend(tmp_path / name, Settings(server=server.host))
        for name in ("alice", "bob")
    }
    yield made
    for backend in made.values():
        backend.stop()


def _swap_two_entries(server: ServerProcess) -> None:
    """Swap the entries of every stored log of two, as a malicious server would."""
    with sqlite3.connect(server.data_dir / DATABASE_FILE, timeout=30) as db:
        rows = db.execute(
            "SELECT v.descriptor_id, v.seq, v.extra FROM obj_versions v JOIN obj_descriptors d "
            "ON d.id = v.descriptor_id AND d.seq = v.seq"
        ).fetchall()
        for descriptor_id, seq, extra in rows:
            try:
                sealed = decode_log(bytes(extra))
            except LogFormatError:
                continue
            if len(sealed) == 2:
                db.execute(
                    "UPDATE obj_versions SET extra = ? WHERE descriptor_id = ? AND seq = ?",
                    (encode_log(sealed[::-1]), descriptor_id, seq),
                )
    db.close()


def _edit_newest_entry(server: ServerProcess) -> None:
    """Flip a byte in the newest entry of every stored log, as a malicious server would."""
    with sqlite3.connect(server.data_dir / DATABASE_FILE, timeout=30) as db:
        rows = db.execute(
            "SELECT v.descriptor_id, v.seq, v.extra FROM obj_versions v JOIN obj_descriptors d "
            "ON d.id = v.descriptor_id AND d.seq = v.seq"
        ).fetchall()
        for descriptor_id, seq, extra in rows:
            try:
                sealed = decode_log(bytes(extra))
            except LogFormatError:
                continue
            newest = bytearray(sealed[-1])
            newest[30] ^= 1
            db.execute(
                "UPDATE obj_versions SET extra = ? WHERE descriptor_id = ? AND seq = ?",
                (encode_log([*sealed[:-1], bytes(newest)]), descriptor_id, seq),
            )
    db.close()


def _texts(dialog: ActivityDialog, column: int) -> list[str]:
    return [
        dialog.list.topLevelItem(r).text(column) for r in range(dialog.list.topLevelItemCount())
    ]


def test_activity_shows_the_second_writer_and_flags_an_edited_entry(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, server: ServerProcess, backends: dict[str, ServicesBackend]
) -> None:
    alice, bob = backends["alice"], backends["bob"]
    me, him = f"alice#{server.host}", f"bob#{server.host}"
    alice.create_account(me, PASSWORD)
    bob.create_account(him, PASSWORD)
    team = tmp_path / "Team"
    team.mkdir()
    (team / "plan.txt").write_text("plan\n")
    alice.upload([team], "/", lambda _event: None, CancelToken())
    alice.share("/Team", him, "write")
    (offer,) = bob.inbox()
    bob.accept(offer.item_id, "Team")
    notes = tmp_path / "notes.txt"
    notes.write_text("from bob\n")
    bob.upload([notes], "/Shared/Team", lambda _event: None, CancelToken())

    workers = Workers()
    window = MainWindow(alice, workers, alice.account_info(), alice.settings)
    qtbot.addWidget(window)
    window.show()
    files = window.files
    qtbot.waitUntil(lambda: files.model.rowCount() == 1, timeout=WAIT_MS)
    spot = files.view.visualRect(files.proxy.index(0, 0)).center()
    qtbot.mouseClick(files.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseDClick(files.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: files.view.current_folder == "/Team", timeout=WAIT_MS)

    qtbot.keyClick(
        window,
        Qt.Key.Key_Y,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: bool(window.findChildren(ActivityDialog)), timeout=WAIT_MS)
    (dialog,) = window.findChildren(ActivityDialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 2, timeout=WAIT_MS)
    assert _texts(dialog, 1) == [him, me]  # newest first
    assert _texts(dialog, 2) == ["uploaded “notes.txt”", "uploaded “plan.txt”"]
    assert _texts(dialog, 3) == ["Verified", "Verified"]
    assert dialog.summary.text() == "All 2 entries are signed by their writers and verified."

    _swap_two_entries(server)  # reordered: neither follows the entry stored before it
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Warning"), timeout=WAIT_MS)
    reordered = _texts(dialog, 3)
    assert [text for text in reordered if "log: an entry before it" in text] == [
        "Unverified: doesn't match the folder's log: an entry before it was dropped or moved"
    ] * 2
    _swap_two_entries(server)  # as it was
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("All 2"), timeout=WAIT_MS)

    _edit_newest_entry(server)
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Warning"), timeout=WAIT_MS)
    checks = _texts(dialog, 3)
    assert checks[0].startswith("Unverified: the folder changed (version 3)")
    assert checks[1].startswith("Unverified: does not open with this folder's key")
    assert checks[-1] == "Verified"
    assert dialog.summary.text().startswith("Warning: 2 of 3 entries are unverified")
    dialog.close()
    window.close()
    assert workers.wait(WAIT_MS)


def test_entries_of_the_previous_release_show_verified_with_a_note(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, server: ServerProcess, backends: dict[str, ServicesBackend]
) -> None:
    alice = backends["alice"]
    alice.create_account(f"alice#{server.host}", PASSWORD)
    team = tmp_path / "Team"
    team.mkdir()
    (team / "plan.txt").write_text("plan\n")
    alice.upload([team], "/", lambda _event: None, CancelToken())
    opened = alice.session.current()
    identity = opened.vault.identity_key.private_key
    assert identity is not None
    downgrade_log(FileRouter(opened.channel, opened.vault).home.tree, "/Team", identity)
    notes = tmp_path / "notes.txt"
    notes.write_text("new\n")
    alice.upload([notes], "/Team", lambda _event: None, CancelToken())

    workers = Workers()
    window = MainWindow(alice, workers, alice.account_info(), alice.settings)
    qtbot.addWidget(window)
    window.show()
    files = window.files
    qtbot.waitUntil(lambda: files.model.rowCount() == 1, timeout=WAIT_MS)
    spot = files.view.visualRect(files.proxy.index(0, 0)).center()
    qtbot.mouseClick(files.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseDClick(files.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: files.view.current_folder == "/Team", timeout=WAIT_MS)
    qtbot.keyClick(
        window,
        Qt.Key.Key_Y,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: bool(window.findChildren(ActivityDialog)), timeout=WAIT_MS)
    (dialog,) = window.findChildren(ActivityDialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 2, timeout=WAIT_MS)
    assert _texts(dialog, 2) == ["uploaded “notes.txt”", "uploaded “plan.txt”"]
    assert _texts(dialog, 3) == [
        "Verified",
        "Verified, recorded before the log was chained (weaker checks)",
    ]
    assert dialog.summary.text() == "All 2 entries are signed by their writers and verified."
    dialog.close()
    window.close()
    assert workers.wait(WAIT_MS)
