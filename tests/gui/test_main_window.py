"""The main window with a recording backend: drops, transfers, sharing, inbox, lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from a11y_helpers import unnamed_widgets
from dnd import send_drop
from fake_backend import PASSWORD, FakeBackend
from keys import press, type_text
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QSystemTrayIcon,
)

from app.gui.backend.interface import (
    AccountInfo,
    InboxItem,
    PkiStatus,
    RecipientCheck,
)
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.settings import SettingsDialog
from app.gui.signals import emit
from app.gui.transfers.manager import TransferState
from app.gui.window.file_view import INTERNAL_MIME
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.errors import ServerUnreachableError


@pytest.fixture
def window(qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    backend.add("/Documents", folder=True)
    backend.add("/Photos", folder=True)
    backend.add("/notes.txt", size=1200)
    settings = Settings(download_folder=str(tmp_path / "downloads"))
    (tmp_path / "downloads").mkdir()
    shown = MainWindow(
        backend, workers, AccountInfo("alice#127.0.0.1:4711", "127.0.0.1:4711"), settings
    )
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.files.model.rowCount() == 3, timeout=30_000)
    return shown


def _row_center(window: MainWindow, name: str) -> QPointF:
    for row in range(window.files.proxy.rowCount()):
        index = window.files.proxy.index(row, 0)
        if index.data() == name:
            return QPointF(window.files.view.visualRect(index).center())
    raise AssertionError(f"no row {name}")


def _files_mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def test_folders_sort_first_and_the_filter_matches_names(window: MainWindow) -> None:
    names = [
        window.files.proxy.index(row, 0).data() for row in range(window.files.proxy.rowCount())
    ]
    assert names == ["Documents", "Photos", "notes.txt"]
    window.files.filter.setText("PHO")
    assert [
        window.files.proxy.index(r, 0).data() for r in range(window.files.proxy.rowCount())
    ] == ["Photos"]


def test_dropping_files_on_the_viewport_uploads_them_here(
    qtbot, window: MainWindow, backend: FakeBackend, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    first.write_bytes(b"1" * 100_000)
    second.write_bytes(b"2" * 10)
    empty_area = QPointF(20, window.files.view.viewport().height() - 10)
    assert send_drop(window.files.view.viewport(), _files_mime([first, second]), empty_area)
    qtbot.waitUntil(lambda: len(window.transfers_model.rows) == 2, timeout=30_000)
    assert backend.called("upload") == [("upload", [str(first), str(second)], "/")]
    qtbot.waitUntil(
        lambda: all(r.state is TransferState.FINISHED for r in window.transfers_model.rows),
        timeout=30_000,
    )


def test_dropping_a_folder_tree_onto_a_folder_row_uploads_into_that_folder(
    qtbot, window: MainWindow, backend: FakeBackend, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tree = tmp_path / "project"
    (tree / "src" / "deep").mkdir(parents=True)
    for relative in ("README", "src/main.py", "src/deep/data.csv"):
        (tree / relative).write_text(relative)
    assert send_drop(
        window.files.view.viewport(), _files_mime([tree]), _row_center(window, "Documents")
    )
    qtbot.waitUntil(lambda: len(window.transfers_model.rows) == 3, timeout=30_000)
    assert backend.called("upload") == [("upload", [str(tree)], "/Documents")]
    assert {row.name for row in window.transfers_model.rows} == {
        "README",
        "main.py",
        "data.csv",
    }


def test_rows_dragged_onto_a_folder_move_there(
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setData(INTERNAL_MIME, b"/notes.txt")
    assert send_drop(window.files.view.viewport(), mime, _row_center(window, "Photos"))
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 2, timeout=30_000)
    assert backend.called("move") == [("move", ["/notes.txt"], "/Photos")]
    # a row dropped onto itself or onto empty space in its own folder is refused
    mime.setData(INTERNAL_MIME, b"/Photos")
    assert not send_drop(window.files.view.viewport(), mime, _row_center(window, "Photos"))


def test_transfers_show_progress_and_cancel(
    qtbot, window: MainWindow, backend: FakeBackend, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (1024 * 1024))
    backend.hold = True
    window.file_actions.upload([big], "/")
    qtbot.waitUntil(
        lambda: bool(window.transfers_model.rows) and window.transfers_model.rows[0].done > 0,
        timeout=30_000,
    )
    row = window.transfers_model.rows[0]
    assert row.state is TransferState.RUNNING and 0 < row.fraction < 1
    assert window.menus.overall.isVisible() and 0 < window.menus.overall.value() < 1000
    window.show_section("transfers")
    window.transfers_panel.table.selectRow(0)
    window.transfers_panel.cancel_button.click()
    qtbot.waitUntil(lambda: row.state is TransferState.CANCELLED, timeout=30_000)
    assert not window.menus.overall.isVisible()
    assert "Cancelled" in window.transfers_model.index(0, 4).data()
    backend.hold = False
    window.transfers_panel.retry_button.click()
    qtbot.waitUntil(
        lambda: window.transfers_model.rows[0].state is TransferState.FINISHED, timeout=30_000
    )
    assert len(backend.called("upload")) == 2


@pytest.fixture
def failed_upload(qtbot, window: MainWindow, backend: FakeBackend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An upload the unreachable server failed: the first row of the transfers."""
    local = tmp_path / "report.pdf"
    local.write_bytes(b"%" * 200_000)
    backend.fail_uploads = ServerUnreachableError("the server at 127.0.0.1:4711 did not answer")
    window.file_actions.upload([local], "/")
    qtbot.waitUntil(
        lambda: (
            bool(window.transfers_model.rows)
            and window.transfers_model.rows[0].state is TransferState.FAILED
        ),
        timeout=30_000,
    )


@pytest.mark.usefixtures("failed_upload")
def test_a_failed_transfer_says_why(window: MainWindow) -> None:
    status = window.transfers_model.index(0, 4).data()
    assert status == "Failed: the server does not answer; it goes again when the server is back"


def _pixels_near(image: QImage, area: QRect, colour: QColor) -> int:
    return sum(
        1
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
        if max(
            abs(image.pixelColor(x, y).red() - colour.red()),
            abs(image.pixelColor(x, y).green() - colour.green()),
            abs(image.pixelColor(x, y).blue() - colour.blue()),
        )
        < 40
    )


@pytest.mark.usefixtures("failed_upload")
def test_a_selected_transfer_row_still_shows_its_direction(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_section("transfers")
    table = window.transfers_panel.table
    cell = table.visualRect(window.transfers_model.index(0, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    qtbot.waitUntil(lambda: table.selectionModel().isRowSelected(0), timeout=30_000)
    side = table.iconSize().height() if table.iconSize().isValid() else 16
    icon_area = QRect(cell.left(), cell.top(), side + 8, cell.height())
    image = table.viewport().grab().toImage()
    lines = table.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    assert _pixels_near(image, icon_area, lines) >= 8, "the up arrow vanished on the selection"


def test_double_click_opens_a_file_from_a_private_cache_wiped_on_lock(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    window.file_actions.open_url = opened.append
    point = window.files.view.visualRect(window.files.proxy.index(2, 0)).center()
    viewport = window.files.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)  # as a double click
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)  # arrives
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    copy = Path(opened[0].toLocalFile())
    assert copy.name == "notes.txt" and not list((tmp_path / "downloads").iterdir())
    assert copy.stat().st_mode & 0o777 == 0o600 and copy.parent.stat().st_mode & 0o777 == 0o700
    window.lock()
    assert not copy.exists() and not copy.parent.exists()  # no plaintext outlives the lock
    window.unlocked()
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 3, timeout=30_000)
    emit(window.files.view.doubleClicked, window.files.proxy.index(0, 0))
    qtbot.waitUntil(lambda: "Documents" in window.files.breadcrumb.text(), timeout=30_000)
    assert window.files.folder == "/Documents"


def test_share_dialog_refuses_a_changed_key(
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    backend.recipients["mallory#example.org"] = RecipientCheck(
        "mallory#example.org", PkiStatus.KEY_CHANGED, ("apple", "brick"), detail="changed"
    )
    backend.recipients["bob#example.org"] = RecipientCheck(
        "bob#example.org", PkiStatus.FIRST_CONTACT, ("cedar", "delta", "ember")
    )
    dialog = window.menus.open_share_dialog("/notes.txt")
    qtbot.keyClicks(dialog.recipient, "mallory#example.org")
    dialog.look_up()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=30_000)
    assert dialog.warning.isVisible() and "not the one seen before" in dialog.warning.text()
    assert not dialog.share_button.isEnabled()
    dialog.share()  # even called directly, nothing is shared
    assert not backend.called("share")
    dialog.recipient.clear()
    qtbot.keyClicks(dialog.recipient, "bob#example.org")
    assert not dialog.warning.isVisible() and not dialog.share_button.isEnabled()
    dialog.look_up()
    qtbot.waitUntil(dialog.compared.isVisible, timeout=30_000)
    assert dialog.words.text() == "cedar delta ember" and not dialog.share_button.isEnabled()
    qtbot.mouseClick(dialog.compared, Qt.MouseButton.LeftButton, pos=QPoint(6, 6))
    assert dialog.share_button.isEnabled()
    dialog.access.setCurrentIndex(dialog.access.findData("write"))
    dialog.share_button.click()
    qtbot.waitUntil(lambda: dialog.people.count() == 1, timeout=30_000)
    assert backend.called("share") == [("share", "/notes.txt", "bob#example.org", "write")]
    assert not dialog.remove_button.isEnabled()  # nobody chosen yet
    dialog.people.setCurrentRow(0)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.people.count() == 0, timeout=30_000)
    assert backend.called("unshare") == [("unshare", "/notes.txt", "bob#example.org")]


def test_inbox_accept_shows_the_share_under_shared_with_me(
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    backend.inbox_items.append(InboxItem("m1", "bob#example.org", True, "Reports", "read", 1.7e9))
    window.show_section("inbox")
    qtbot.waitUntil(lambda: window.inbox.list.count() == 1, timeout=30_000)
    assert window.sidebar.item(3).text().endswith("(1)")
    window.inbox.list.setCurrentRow(0)
    assert window.inbox.name.text() == "Reports"
    window.inbox.name.setText("Bob's reports")
    window.inbox.accept_button.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.files, timeout=30_000)
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 1, timeout=30_000)
    entry = window.files.model.entries[0]
    assert entry.name == "Bob's reports" and entry.shared == "from bob#example.org"
    assert window.sidebar.currentRow() == 1
    qtbot.waitUntil(lambda: window.sidebar.item(3).text() == "Inbox", timeout=30_000)


def test_idle_locks_and_only_the_password_unlocks(
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    window.menus.apply_settings(Settings(lock_minutes=1))
    window.idle.set_timeout(150)  # the test does not wait a minute
    qtbot.waitUntil(lambda: window.locked, timeout=30_000)
    qtbot.waitUntil(lambda: backend.locked, timeout=30_000)
    assert window.files.model.rowCount() == 0  # nothing of the files stays on screen
    qtbot.keyClicks(window.lock_screen.password, "wrong password")
    window.lock_screen.button.click()
    qtbot.waitUntil(lambda: bool(window.lock_screen.error.message), timeout=30_000)
    assert window.locked
    window.lock_screen.password.clear()
    qtbot.keyClicks(window.lock_screen.password, PASSWORD)
    window.lock_screen.button.click()
    qtbot.waitUntil(lambda: not window.locked, timeout=30_000)
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 3, timeout=30_000)


def test_shortcuts_and_context_menu(qtbot, window: MainWindow, backend: FakeBackend) -> None:  # type: ignore[no-untyped-def]
    window.file_actions.ask_text = lambda _title, _label, _default: "Invoices"
    window.files.view.setFocus()
    qtbot.keyClick(window.files.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 4, timeout=30_000)
    assert backend.called("mkdir") == [("mkdir", "/Invoices")]
    window.files.view.selectRow = None
    index = window.files.proxy.index(3, 0)
    assert index.data() == "notes.txt"
    window.files.view.selectionModel().select(
        index,
        window.files.view.selectionModel().SelectionFlag.ClearAndSelect
        | window.files.view.selectionModel().SelectionFlag.Rows,
    )
    menu = window.file_actions.build_menu()
    texts = [action.text() for action in menu.actions() if action.text()]
    assert texts[:9] == [
        "Download",
        "Download to…",
        "Share…",
        "Copy link…",
        "Request files…",
        "Rename",
        "Move to…",
        "Delete",
        "Versions",
    ]
    qtbot.keyClick(window.files.view, Qt.Key.Key_Delete)  # to the trash, no question
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 3, timeout=30_000)
    assert backend.called("move_to_trash") == [("move_to_trash", ["/notes.txt"])]
    assert backend.called("delete") == []


def _select(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    point = _row_center(window, name).toPoint()
    qtbot.mouseClick(window.files.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_shift_delete_says_it_is_permanent_and_enter_keeps_the_file(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:
    assert not window.file_actions.actions["delete-permanently"].isEnabled()  # no selection
    _select(qtbot, window, "notes.txt")
    assert window.file_actions.actions["delete-permanently"].isEnabled()
    seen: list[str] = []

    def answer_with_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        press(Qt.Key.Key_Return)

    QTimer.singleShot(200, answer_with_enter)
    window.files.view.setFocus()
    qtbot.keyClick(window.files.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    assert "permanently" in seen[0] and "cannot be undone" in seen[0]
    assert backend.called("delete") == [] and backend.called("move_to_trash") == []


def test_upload_folder_takes_a_folder_from_a_picker(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: FakeBackend, tmp_path: Path, monkeypatch
) -> None:
    tree = tmp_path / "Project"
    (tree / "src").mkdir(parents=True)
    (tree / "src" / "main.py").write_text("print()")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(tree))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window,
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: bool(backend.called("upload")), timeout=30_000)
    assert backend.called("upload") == [("upload", [str(tree)], "/")]


def test_keyboard_goes_up_refreshes_finds_and_locks(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.files.open_folder("/Documents")
    qtbot.waitUntil(lambda: "Documents" in window.files.breadcrumb.text(), timeout=30_000)
    window.files.view.setFocus()
    press(Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: window.files.folder == "/" and window.files.model.rowCount() == 3)
    window.files.open_folder("/Photos")
    qtbot.waitUntil(lambda: "Photos" in window.files.breadcrumb.text(), timeout=30_000)
    press(Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.files.folder == "/" and window.files.model.rowCount() == 3)
    listed = len(backend.called("list_folder"))
    press(Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: len(backend.called("list_folder")) > listed)
    press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # search all my files
    assert QApplication.focusWidget() is window.organise.search_page.field
    press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked


def test_no_new_files_at_the_root_of_shared_with_me_and_downloads_say_where(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: FakeBackend, tmp_path: Path
) -> None:
    assert window.file_actions.actions["new-folder"].isEnabled()
    window.show_section("shared-with-me")
    qtbot.waitUntil(lambda: not window.file_actions.actions["new-folder"].isEnabled())
    assert not window.file_actions.actions["upload"].isEnabled()
    window.show_section("my-files")
    qtbot.waitUntil(lambda: window.file_actions.actions["upload-folder"].isEnabled())
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 3, timeout=30_000)
    _select(qtbot, window, "notes.txt")
    window.file_actions.actions["download"].trigger()
    qtbot.waitUntil(lambda: "Show in folder" in window.menus.notice.text(), timeout=30_000)
    assert (tmp_path / "downloads" / "notes.txt").exists()
    assert (tmp_path / "downloads").as_uri() in window.menus.notice.text()


def test_share_dialog_completes_a_bare_name_speaks_plainly_and_closes(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:
    dialog = window.menus.open_share_dialog("/notes.txt")
    qtbot.keyClicks(dialog.recipient, "nobody")
    qtbot.keyClick(dialog.recipient, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.message != "", timeout=30_000)
    assert dialog.recipient.text() == "nobody#127.0.0.1:4711"
    assert dialog.error.message.startswith("Nobody called nobody#127.0.0.1:4711 was found")
    assert "keystore" not in dialog.error.message and dialog.status.text() == ""
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_inside_a_share_the_breadcrumb_hides_the_mount_and_up_returns_to_the_list(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:
    backend.add("/Shared/Project", folder=True, shared="from bob#example.org")
    window.show_section("shared-with-me")
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 1, timeout=30_000)
    window.files.open_folder("/Shared/Project")
    qtbot.waitUntil(lambda: "Project" in window.files.breadcrumb.text(), timeout=30_000)
    assert ">Shared<" not in window.files.breadcrumb.text()  # "Shared with me › Project"
    assert window.file_actions.actions["new-folder"].isEnabled()  # inside a share
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.files.view.setFocus()
    press(Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.files.folder == "/", timeout=30_000)
    qtbot.waitUntil(lambda: not window.file_actions.actions["new-folder"].isEnabled())


def test_f2_renames_in_place(qtbot, window: MainWindow, backend: FakeBackend) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _select(qtbot, window, "notes.txt")
    press(Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "notes.txt"
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("minutes.txt\n")
    qtbot.waitUntil(lambda: bool(backend.called("rename")), timeout=30_000)
    assert backend.called("rename") == [("rename", "/notes.txt", "minutes.txt")]
    qtbot.waitUntil(lambda: "minutes.txt" in [e.name for e in window.files.model.entries])


def test_move_to_picks_the_folder_in_a_tree(
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:  # type: ignore[no-untyped-def]
    backend.add("/Documents/2026", folder=True)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _select(qtbot, window, "notes.txt")
    window.file_actions.actions["move"].trigger()
    picker = window.file_actions.picker
    assert picker is not None
    qtbot.waitUntil(lambda: picker.tree.topLevelItem(0).childCount() == 2, timeout=30_000)
    top = picker.tree.topLevelItem(0)
    documents = next(
        top.child(i) for i in range(top.childCount()) if top.child(i).text(0) == "Documents"
    )
    picker.tree.expandItem(documents)
    qtbot.waitUntil(lambda: documents.childCount() == 1, timeout=30_000)
    target = documents.child(0)
    picker.tree.scrollToItem(target)
    spot = picker.tree.visualItemRect(target).center()
    qtbot.mouseClick(picker.tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert picker.chosen() == "/Documents/2026"
    ok = picker.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(backend.called("move")), timeout=30_000)
    assert backend.called("move") == [("move", ["/notes.txt"], "/Documents/2026")]


def test_with_a_tray_closing_the_window_keeps_privshare_running(  # type: ignore[no-untyped-def]
    qtbot, backend: FakeBackend, workers: Workers, monkeypatch
) -> None:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    shown = MainWindow(backend, workers, AccountInfo("alice#h", "h"), Settings())
    qtbot.addWidget(shown)
    shown.show()
    notifier = shown.notices.notifier
    assert notifier.available and notifier.tray is not None
    shown.close()
    assert not shown.isVisible() and not shown.quitting  # hidden, still running
    assert notifier.shown[-1][0] == "Privshare is still running"
    backend.inbox_items.append(InboxItem("1", "bob#h", True, "Plans", "read", 0.0))
    shown.inbox.refresh()
    qtbot.waitUntil(lambda: "1 new in the Inbox" in notifier.tray.toolTip(), timeout=30_000)
    emit(notifier.quit_requested)
    assert shown.quitting


def test_every_interactive_widget_has_an_accessible_name(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:
    _select(qtbot, window, "notes.txt")
    window.file_actions.actions["move"].trigger()
    dialogs = [
        window.menus.open_share_dialog("/notes.txt"),
        window.menus.open_settings(),
        window.file_actions.picker,
    ]
    problems = unnamed_widgets(window)
    for dialog in dialogs:
        problems += unnamed_widgets(dialog)
    assert problems == [], problems


def test_dragging_out_fetches_as_a_transfer_into_the_private_cache(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:
    [entry] = [e for e in window.files.model.entries if e.name == "notes.txt"]
    mime = window.files.view.drag_mime([entry])  # what the view makes when the drag starts
    [url] = mime.urls()  # what a drop target asks for, after the drop
    copy = Path(url.toLocalFile())
    assert copy.read_bytes() == b"x" * 1200 and copy.stat().st_mode & 0o777 == 0o600
    assert [row.name for row in window.transfers_model.rows] == ["notes.txt"]
    window.lock()
    assert not copy.exists()  # the cache goes with the lock


def test_about_is_in_a_help_menu(window: MainWindow) -> None:
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["&Files", "&Edit", "&Account", "&Help"]
    assert [a.text() for a in menus["&Help"].actions()] == ["About Privshare"]
    assert "About Privshare" not in [a.text() for a in menus["&Account"].actions()]


def test_preferences_live_in_the_edit_menu(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    [preferences] = menus["&Edit"].actions()
    assert preferences.text() == "Preferences…"
    assert preferences.menuRole() == QAction.MenuRole.PreferencesRole
    assert not [a for a in menus["&Account"].actions() if "Settings" in a.text()]
    press(Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(SettingsDialog) is not None, timeout=30_000)
    window.findChild(SettingsDialog).reject()
