"""Write actions inside shares, in bob's real window against a real server: alice shares
one folder read-only and one with write access. In the read-only one every write action
is disabled (menu, context menu, shortcut, F2 in place), a drop of a file or of a row is
refused with the reason in the error line, and nothing changes on the server; the
services refuse the same writes when called directly. In the write share the same
mouse and key input creates, uploads, renames, moves and deletes, and alice sees it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dnd import send_drop
from integration.server_harness import ServerProcess
from keys import press, type_text
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QFileDialog

from app.gui.backend.interface import View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.file_view import INTERNAL_MIME
from app.gui.window.main_window import MainWindow
from app.gui.window.write_guard import WRITE_ACTIONS
from app.gui.workers import Workers
from app.services.events import CancelToken
from app.services.files.errors import FilesUsageError

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
STEP_MS = 60_000
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def people(tmp_path: Path, server: ServerProcess) -> Iterator[dict[str, ServicesBackend]]:
    made = {name: ServicesBackend(tmp_path / name, Settings()) for name in ("alice", "bob")}
    try:
        for name, backend in made.items():
            backend.create_account(f"{name}#{server.host}", PASSWORD)
        yield made
    finally:
        for backend in made.values():
            backend.stop()


def _names(backend: ServicesBackend, view: View, path: str) -> list[str]:
    return sorted(entry.name for entry in backend.list_folder(view, path))


def _share_two_folders(alice: ServicesBackend, bob: ServicesBackend, local: Path) -> None:
    local.mkdir()
    (local / "a.txt").write_bytes(b"alice's words\n")
    for folder in ("/RO", "/RW"):
        alice.mkdir(folder)
        alice.mkdir(f"{folder}/sub")
        alice.upload([local / "a.txt"], folder, lambda _event: None, CancelToken())
    alice.share("/RO", bob.account_info().address, "read")
    alice.share("/RW", bob.account_info().address, "write")
    for item in bob.inbox():
        bob.accept(item.item_id, item.name)


def _row_point(window: MainWindow, name: str) -> QPointF:
    view, proxy = window.files.view, window.files.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == name)
    return QPointF(view.visualRect(proxy.index(row, 0)).center())


def _click(window: MainWindow, name: str, *, double: bool = False) -> None:
    point = _row_point(window, name).toPoint()
    viewport = window.files.view.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    if double:
        QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)


def _shown(window: MainWindow) -> list[str]:
    return sorted(entry.name for entry in window.files.model.entries)


def _open_share(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    _click(window, name, double=True)
    qtbot.waitUntil(lambda: window.files.view.current_folder == f"/Shared/{name}", timeout=STEP_MS)
    qtbot.waitUntil(lambda: name in window.write_guard.shares, timeout=STEP_MS)


def _drop_file(window: MainWindow, local: Path, at: QPointF) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(local))])
    return send_drop(window.files.view.viewport(), mime, at)


def _drag_row(window: MainWindow, path: str, onto: str) -> bool:
    mime = QMimeData()
    mime.setData(INTERNAL_MIME, path.encode("utf-8"))
    return send_drop(window.files.view.viewport(), mime, _row_point(window, onto))


def _empty_spot(window: MainWindow) -> QPointF:
    return QPointF(30, window.files.view.viewport().height() - 10)


def test_read_only_share_offers_no_write_and_a_write_share_does(  # type: ignore[no-untyped-def]
    qtbot, workers: Workers, people: dict[str, ServicesBackend], tmp_path: Path, monkeypatch
) -> None:
    alice, bob = people["alice"], people["bob"]
    _share_two_folders(alice, bob, tmp_path / "alice-local")
    new_file = tmp_path / "bob-local" / "new.txt"
    new_file.parent.mkdir()
    new_file.write_bytes(b"bob was here\n")
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        lambda *_a: (asked.append("files"), ([str(new_file)], ""))[1],
    )
    monkeypatch.setattr(
        QFileDialog,
        "getExistingDirectory",
        lambda *_a: (asked.append("folder"), str(new_file.parent))[1],
    )

    window = MainWindow(bob, workers, bob.account_info(), bob.settings, watch_inbox=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=STEP_MS)
    actions = window.file_actions
    actions.ask_text = lambda *_a: asked.append("name") or "Made"  # type: ignore[func-returns-value]
    actions.confirm = lambda _q: asked.append("confirm") or True  # type: ignore[func-returns-value]

    sidebar = window.sidebar
    QTest.mouseClick(
        sidebar.viewport(),
        Qt.MouseButton.LeftButton,
        pos=sidebar.visualItemRect(sidebar.item(1)).center(),
    )
    qtbot.waitUntil(lambda: _shown(window) == ["RO", "RW"], timeout=STEP_MS)
    qtbot.waitUntil(lambda: {"RO", "RW"} <= set(window.write_guard.shares), timeout=STEP_MS)
    assert not actions.actions["new-folder"].isEnabled()  # the list of shares itself
    assert not _drop_file(window, new_file, _empty_spot(window))
    assert "shares you accepted" in window.files.error.text.text()
    window.files.error.clear()
    assert not _drop_file(window, new_file, _row_point(window, "RO"))  # onto a share's row
    assert "read-only by alice#" in window.files.error.text.text()
    onto_row = new_file.with_name("onto-row.txt")
    onto_row.write_bytes(b"dropped on the share's row\n")
    assert _drop_file(window, onto_row, _row_point(window, "RW"))
    qtbot.waitUntil(lambda: "onto-row.txt" in _names(alice, View.MY_FILES, "/RW"), timeout=STEP_MS)

    # ---- read-only: nothing by menu, shortcut, F2 or drop ------------------------------
    _open_share(qtbot, window, "RO")
    qtbot.waitUntil(lambda: _shown(window) == ["a.txt", "sub"], timeout=STEP_MS)
    for key in (*WRITE_ACTIONS, "delete-permanently"):
        assert not actions.actions[key].isEnabled(), key
    assert "read-only by alice#" in actions.actions["new-folder"].toolTip()
    assert window.write_guard.note.isVisible()
    assert "alice#" in window.write_guard.note.text()
    menu_texts = {a.text(): a.isEnabled() for a in window.menus.files_menu.actions()}
    assert not menu_texts["New folder"] and not menu_texts["Upload files…"]
    menu = actions.build_menu()
    assert not any(a.isEnabled() for a in menu.actions() if a.text() in ("Rename", "Delete"))
    menu.deleteLater()
    assert actions.actions["download"].isEnabled() is False  # nothing selected yet

    _click(window, "a.txt")
    assert actions.actions["download"].isEnabled()  # reading is fine
    press(Qt.Key.Key_F2)
    assert window.files.view.state() != QAbstractItemView.State.EditingState
    for key, modifier in (
        (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Delete, SHIFT),
        (Qt.Key.Key_N, CTRL),
        (Qt.Key.Key_U, CTRL),
        (Qt.Key.Key_U, CTRL | SHIFT),
    ):
        press(key, modifier)
    assert asked == []
    window.files.error.clear()
    assert not _drop_file(window, new_file, _empty_spot(window))
    assert "read-only by alice#" in window.files.error.text.text()
    window.files.error.clear()
    assert not _drop_file(window, new_file, _row_point(window, "sub"))
    assert "read-only" in window.files.error.text.text()
    assert not _drag_row(window, "/Shared/RO/a.txt", onto="sub")
    assert workers.wait(STEP_MS)
    assert window.transfers_model.rowCount() == 1  # only the drop onto the RW row
    assert _names(alice, View.MY_FILES, "/RO") == ["a.txt", "sub"]
    assert _names(alice, View.MY_FILES, "/RO/sub") == []
    with pytest.raises(FilesUsageError, match="read-only"):
        bob.mkdir("/Shared/RO/x")  # the services refuse it without the window too
    with pytest.raises(FilesUsageError, match="read-only"):
        bob.upload([new_file], "/Shared/RO", lambda _event: None, CancelToken())
    with pytest.raises(FilesUsageError, match="read-only"):
        bob.rename("/Shared/RO/a.txt", "b.txt")
    with pytest.raises(FilesUsageError, match="read-only"):
        bob.delete(["/Shared/RO/a.txt"])
    assert _names(alice, View.MY_FILES, "/RO") == ["a.txt", "sub"]

    # ---- the write share: the same input works -----------------------------------------
    window.files.view.setFocus()
    press(Qt.Key.Key_Backspace)  # up to the list of shares
    qtbot.waitUntil(lambda: _shown(window) == ["RO", "RW"], timeout=STEP_MS)
    _open_share(qtbot, window, "RW")
    qtbot.waitUntil(lambda: _shown(window) == ["a.txt", "onto-row.txt", "sub"], timeout=STEP_MS)
    qtbot.waitUntil(lambda: actions.actions["new-folder"].isEnabled(), timeout=STEP_MS)
    assert not window.write_guard.note.isVisible()
    press(Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: "Made" in _shown(window), timeout=STEP_MS)
    assert _drop_file(window, new_file, _empty_spot(window))
    qtbot.waitUntil(lambda: "new.txt" in _shown(window), timeout=STEP_MS)
    _click(window, "a.txt")
    press(Qt.Key.Key_F2)
    assert window.files.view.state() == QAbstractItemView.State.EditingState
    press(Qt.Key.Key_A, CTRL)
    type_text("renamed.txt\n")
    qtbot.waitUntil(lambda: "renamed.txt" in _shown(window), timeout=STEP_MS)
    assert _drag_row(window, "/Shared/RW/renamed.txt", onto="sub")
    qtbot.waitUntil(lambda: "renamed.txt" not in _shown(window), timeout=STEP_MS)
    _click(window, "new.txt")
    press(Qt.Key.Key_Delete)  # in a share: for good, after the question
    qtbot.waitUntil(lambda: "new.txt" not in _shown(window), timeout=STEP_MS)
    assert asked == ["name", "confirm"]
    assert workers.wait(STEP_MS)
    assert _names(alice, View.MY_FILES, "/RW") == ["Made", "onto-row.txt", "sub"]
    assert _names(alice, View.MY_FILES, "/RW/sub") == ["renamed.txt"]
    window.close()
