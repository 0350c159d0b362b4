"""Trash, undo, search and storage used in the real window against a real server
process, driven by real key and mouse events: Delete moves to the trash and Undo brings
it back; the Trash place restores (and asks when the old place is taken) and empties;
Ctrl+Z undoes a rename and refuses when the world changed; typing in Search shows hits
from the local index, kept current by the window's changes, and opens a hit's folder
(the server is stopped meanwhile: no request is needed); the
status bar's storage line says what `privshare usage` says, and folders show sizes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.server_harness import ROOT, ServerProcess
from keys import press, type_text
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTreeWidget

from app.gui.backend.interface import View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.file_model import human_size
from app.gui.window.files_page import SECTIONS
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.events import CancelToken

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
WAIT_MS = 30_000


@pytest.fixture
def backend(tmp_path: Path, server: ServerProcess) -> Iterator[ServicesBackend]:
    made = ServicesBackend(tmp_path / "alice", Settings(server=server.host))
    made.create_account(f"alice#{server.host}", PASSWORD)
    yield made
    made.stop()


@pytest.fixture
def window(qtbot, backend: ServicesBackend, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    workers = Workers()
    shown = MainWindow(
        backend, workers, backend.account_info(), backend.settings, watch_inbox=False
    )
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    yield shown
    shown.quit()
    assert workers.wait(WAIT_MS)


def _put(
    backend: ServicesBackend, tmp_path: Path, remote_folder: str, name: str, data: bytes
) -> None:
    local = tmp_path / "uploads" / name
    local.parent.mkdir(exist_ok=True)
    local.write_bytes(data)
    backend.upload([local], remote_folder, lambda _event: None, CancelToken())
    local.unlink()


def _names(window: MainWindow) -> list[str]:
    model = window.files.model
    return sorted(model.index(row, 0).data() for row in range(model.rowCount()))


def _click_file(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    proxy = window.files.proxy
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if index.data() == name:
            spot = window.files.view.visualRect(index).center()
            qtbot.mouseClick(window.files.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
            return
    raise AssertionError(f"no row {name} in {_names(window)}")


def _click_row(qtbot, tree: QTreeWidget, text: str, double: bool = False) -> None:  # type: ignore[no-untyped-def]
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        if item.text(0) == text:
            spot = tree.visualItemRect(item).center()
            qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)
            if double:
                qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)
            return
    raise AssertionError(f"no row {text}")


def _rows(tree: QTreeWidget) -> list[list[str]]:
    return [
        [tree.topLevelItem(row).text(column) for column in range(tree.columnCount())]
        for row in range(tree.topLevelItemCount())
    ]


def _sidebar(qtbot, window: MainWindow, key: str) -> None:  # type: ignore[no-untyped-def]
    row = [k for k, _text in SECTIONS].index(key)
    spot = window.sidebar.visualItemRect(window.sidebar.item(row)).center()
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=spot)


def _answer(qtbot, window: MainWindow, button_text: str) -> str:  # type: ignore[no-untyped-def]
    """Click `button_text` in the open question; returns the question."""
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=WAIT_MS
    )
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    text = box.text()
    button = next(b for b in box.buttons() if b.text().replace("&", "") == button_text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=WAIT_MS)
    window.activateWindow()  # as the window manager does when the question closes
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return text


def test_delete_to_trash_undo_restore_and_empty(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: ServicesBackend, tmp_path: Path
) -> None:
    _put(backend, tmp_path, "/", "a.txt", b"first a")
    _put(backend, tmp_path, "/", "b.txt", b"b")
    window.files.refresh()
    qtbot.waitUntil(lambda: _names(window) == ["a.txt", "b.txt"], timeout=WAIT_MS)

    # Delete moves to the trash without a question; the notice's Undo brings it back
    _click_file(qtbot, window, "a.txt")
    press(Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: _names(window) == ["b.txt"], timeout=WAIT_MS)
    notice = window.organise.undo_notice
    assert notice.isVisible() and notice.text.text() == "Moved “a.txt” to Trash"
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _names(window) == ["a.txt", "b.txt"], timeout=WAIT_MS)
    assert notice.text.text() == "Restored “a.txt”" and not notice.button.isVisible()
    assert backend.trash() == []

    # the Trash place lists it with where it was and when; Restore puts it back
    _click_file(qtbot, window, "a.txt")
    press(Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: _names(window) == ["b.txt"], timeout=WAIT_MS)
    _sidebar(qtbot, window, "trash")
    page = window.organise.trash_page
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1, timeout=WAIT_MS)
    name, folder, deleted, size = _rows(page.list)[0]
    assert (name, folder, size) == ("a.txt", "/", "7 B") and deleted.startswith("Today ")
    assert "after 30 days" in page.keep_note.text() and not page.restore_button.isEnabled()
    _click_row(qtbot, page.list, "a.txt")
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 0, timeout=WAIT_MS)
    assert [e.name for e in backend.list_folder(View.MY_FILES, "/")] == ["a.txt", "b.txt"]

    # the old place is taken: the person chooses to keep both
    _sidebar(qtbot, window, "my-files")
    qtbot.waitUntil(lambda: _names(window) == ["a.txt", "b.txt"], timeout=WAIT_MS)
    _click_file(qtbot, window, "a.txt")
    press(Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: _names(window) == ["b.txt"], timeout=WAIT_MS)
    _put(backend, tmp_path, "/", "a.txt", b"a newer a")
    _sidebar(qtbot, window, "trash")
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1, timeout=WAIT_MS)
    _click_row(qtbot, page.list, "a.txt")
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    question = _answer(qtbot, window, "Keep both")
    assert "“a.txt” is in / again" in question
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 0, timeout=WAIT_MS)
    names = [e.name for e in backend.list_folder(View.MY_FILES, "/")]
    assert names == ["a (restored).txt", "a.txt", "b.txt"]
    back = backend.download("/a (restored).txt", tmp_path / "back", lambda _e: None, CancelToken())
    assert back.read_bytes() == b"first a"

    # Empty trash asks first (No is the default) and then deletes for good
    _sidebar(qtbot, window, "my-files")
    qtbot.waitUntil(lambda: "a (restored).txt" in _names(window), timeout=WAIT_MS)
    _click_file(qtbot, window, "b.txt")
    press(Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "b.txt" not in _names(window), timeout=WAIT_MS)
    _sidebar(qtbot, window, "trash")
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1, timeout=WAIT_MS)
    qtbot.mouseClick(page.empty_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.question is not None and page.question.isVisible())
    assert page.question.defaultButton() is page.question.button(QMessageBox.StandardButton.No)
    assert "for good" in _answer(qtbot, window, "Yes")
    qtbot.waitUntil(lambda: page.empty_note.isVisible(), timeout=WAIT_MS)
    assert backend.trash() == []


def test_ctrl_z_undoes_a_rename_and_refuses_when_the_world_changed(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: ServicesBackend, tmp_path: Path
) -> None:
    _put(backend, tmp_path, "/", "draft.txt", b"draft")
    window.files.refresh()
    qtbot.waitUntil(lambda: _names(window) == ["draft.txt"], timeout=WAIT_MS)
    _click_file(qtbot, window, "draft.txt")
    press(Qt.Key.Key_F2)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("final.txt\n")
    qtbot.waitUntil(lambda: _names(window) == ["final.txt"], timeout=WAIT_MS)
    assert window.organise.undo_notice.text.text() == "Renamed “draft.txt” to “final.txt”"
    window.files.view.setFocus()
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _names(window) == ["draft.txt"], timeout=WAIT_MS)

    _click_file(qtbot, window, "draft.txt")
    press(Qt.Key.Key_F2)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("final.txt\n")
    qtbot.waitUntil(lambda: _names(window) == ["final.txt"], timeout=WAIT_MS)
    _put(backend, tmp_path, "/", "draft.txt", b"someone else's draft")  # the world changed
    window.files.view.setFocus()
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    error = window.files.error
    qtbot.waitUntil(lambda: error.text.text() != "", timeout=WAIT_MS)
    assert error.text.text() == "cannot undo: /draft.txt exists again"
    assert window.organise.undo_notice.text.text() == error.text.text()
    names = [e.name for e in backend.list_folder(View.MY_FILES, "/")]
    assert names == ["draft.txt", "final.txt"]  # nothing was changed


def test_search_as_you_type_from_the_local_index_and_open_the_folder(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: ServicesBackend, server: ServerProcess, tmp_path: Path
) -> None:
    backend.mkdir("/Reports")
    _put(backend, tmp_path, "/Reports", "q3-report.pdf", b"%PDF q3" * 100)
    _put(backend, tmp_path, "/", "notes.txt", b"notes")
    page = window.organise.search_page
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.field
    type_text("report")
    qtbot.waitUntil(lambda: page.results.topLevelItemCount() == 2, timeout=WAIT_MS)
    rows = _rows(page.results)
    assert rows[0][:3] == ["Reports", "/", ""]
    assert rows[1][:3] == ["q3-report.pdf", "/Reports", "700 B"] and rows[1][3].startswith("Today")
    page.kind.setCurrentIndex(page.kind.findText("Documents"))
    qtbot.waitUntil(lambda: page.results.topLevelItemCount() == 1, timeout=WAIT_MS)

    # the window's own changes reach the index without a rebuild
    _put(backend, tmp_path, "/", "report-2027.txt", b"plan")
    for _ in "report":
        press(Qt.Key.Key_Backspace)
    type_text("report")
    qtbot.waitUntil(lambda: page.results.topLevelItemCount() == 2, timeout=WAIT_MS)
    assert {row[0] for row in _rows(page.results)} == {"q3-report.pdf", "report-2027.txt"}

    backend.move_to_trash(["/report-2027.txt"], lambda _row: None)  # as Delete calls it
    page.search_now()
    qtbot.waitUntil(lambda: page.results.topLevelItemCount() == 1, timeout=WAIT_MS)

    # double-click on a hit: its folder opens with it selected
    _click_row(qtbot, page.results, "q3-report.pdf", double=True)
    qtbot.waitUntil(lambda: window.files.view.current_folder == "/Reports", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(window.files.view.selected_entries()), timeout=WAIT_MS)
    assert [e.name for e in window.files.view.selected_entries()] == ["q3-report.pdf"]
    assert window.pages.currentWidget() is window.files

    # searching needs no server: it is stopped, and results still come
    assert server.stop() == 0
    press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.field and page.field.selectedText() == "report"
    page.kind.setCurrentIndex(0)
    type_text("notes")
    qtbot.waitUntil(lambda: _first(page.results) == "notes.txt", timeout=WAIT_MS)
    assert page.results.topLevelItemCount() == 1 and not page.error.isVisible()


def _first(tree: QTreeWidget) -> str:
    item = tree.topLevelItem(0)
    return item.text(0) if item is not None else ""


def _cli_usage(profile: Path) -> dict[str, int]:
    env = dict(os.environ, PRIVSHARE_PASSWORD=PASSWORD)
    done = subprocess.run(
        [sys.executable, "-m", "app", "--profile", str(profile), "usage", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, int] = json.loads(done.stdout)
    return result


@pytest.fixture
def english_numbers() -> Iterator[None]:
    """Numbers as an English system writes them (the test machine's locale may be C)."""
    before = QLocale()
    QLocale.setDefault(QLocale("en"))
    yield
    QLocale.setDefault(before)


@pytest.mark.usefixtures("english_numbers")
def test_storage_used_matches_privshare_usage_and_folders_show_sizes(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: ServicesBackend, tmp_path: Path
) -> None:
    backend.mkdir("/Photos")
    backend.mkdir("/Photos/2026")
    _put(backend, tmp_path, "/Photos", "beach.jpg", os.urandom(30_000))
    _put(backend, tmp_path, "/Photos/2026", "hill.jpg", os.urandom(12_000))
    window.files.refresh()
    qtbot.waitUntil(lambda: _names(window) == ["Photos"], timeout=WAIT_MS)
    model = window.files.model
    qtbot.waitUntil(lambda: model.index(0, 1).data() == human_size(42_000), timeout=WAIT_MS)
    assert model.index(0, 2).data().startswith("Today ")  # the newest file below it

    cli = _cli_usage(backend.folder)
    window.organise.usage.refresh()
    label = window.organise.usage
    expected = f"{human_size(cli['used_bytes'])} of {human_size(cli['quota_bytes'])} used"
    qtbot.waitUntil(lambda: label.text() == expected, timeout=WAIT_MS)
    assert cli["used_bytes"] > 42_000  # ciphertext of both files, and the listings
    assert f"{cli['used_bytes']:,} of {cli['quota_bytes']:,} bytes" in label.toolTip()
