"""The organising parts with the recording backend: the search asks once per pause in
typing (debounced), drops stale answers and reuses the opened index; the trash's
keep-days setting lives in Settings; Delete in someone's share asks before deleting for
good; folder rows get their sizes; dates read as a person says them."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
from fake_backend import FakeBackend
from keys import press, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.gui.backend import search
from app.gui.backend.interface import AccountInfo
from app.gui.backend.settings_store import Settings
from app.gui.window.file_model import human_size, when_text
from app.gui.window.main_window import MainWindow
from app.gui.window.search_page import DEBOUNCE_MS
from app.gui.workers import Workers
from app.services.files.service import EntryInfo
from app.services.search.index import SearchIndex


@pytest.fixture
def window(qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    backend.add("/Reports", folder=True)
    backend.add("/Reports/q3-report.pdf", size=5000)
    backend.add("/Reports/q4-report.pdf", size=7000)
    backend.add("/notes.txt", size=1200)
    shown = MainWindow(
        backend,
        workers,
        AccountInfo("alice#127.0.0.1:4711", "127.0.0.1:4711"),
        Settings(download_folder=str(tmp_path)),
        watch_inbox=False,
    )
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(lambda: shown.files.model.rowCount() == 2, timeout=5000)
    return shown


def test_typing_searches_once_per_pause(qtbot, window: MainWindow, backend: FakeBackend) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(window.isActiveWindow)
    press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.organise.search_page
    assert QApplication.focusWidget() is page.field
    page.timer.setInterval(60_000)  # a person who types faster than any machine pauses
    type_text("report")
    assert backend.called("search") == []  # no search per key
    page.timer.timeout.emit()
    qtbot.waitUntil(lambda: page.results.topLevelItemCount() == 3, timeout=5000)
    assert [call[1].pattern for call in backend.called("search")] == ["report"]
    assert page.status.text() == "3 results"
    assert DEBOUNCE_MS <= 300  # results still feel immediate


def test_a_late_answer_to_an_older_search_is_dropped(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.organise.search_page
    page.field.setText("q3")
    page.search_now()
    older = page._asked
    page.field.setText("q4")
    page.search_now()
    qtbot.waitUntil(lambda: page.results.topLevelItemCount() == 1, timeout=5000)
    assert page.results.topLevelItem(0).text(0) == "q4-report.pdf"
    page._found(older, [])  # the first search answers last
    assert page.results.topLevelItem(0).text(0) == "q4-report.pdf"


def test_keep_days_is_a_setting(qtbot, window: MainWindow, backend: FakeBackend) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.organise.trash_days == 30, timeout=5000)
    dialog = window.menus.open_settings()
    assert dialog.trash_days.value() == 30 and dialog.trash_days.accessibleName()
    dialog.trash_days.setFocus()
    for key in (Qt.Key.Key_PageDown,) * 2 + (Qt.Key.Key_Down,) * 3:
        qtbot.keyClick(dialog.trash_days, key)  # 30 -> 20 -> 10 -> 9 -> 8 -> 7
    assert dialog.trash_days.text() == "7 days"
    dialog.accept()
    qtbot.waitUntil(lambda: bool(backend.called("set_trash_keep_days")), timeout=5000)
    assert backend.called("set_trash_keep_days") == [("set_trash_keep_days", 7)]
    assert window.organise.trash_days == 7


def test_delete_in_a_share_asks_before_deleting_for_good(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:
    backend.add("/Shared/Project", folder=True, shared="from bob#example.org")
    backend.add("/Shared/Project/plan.txt", size=10)
    window.show_section("shared-with-me")
    window.files.open_folder("/Shared/Project")
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: "Project" in window.write_guard.shares, timeout=5000)  # writable
    questions: list[str] = []
    window.file_actions.confirm = lambda question: questions.append(question) or False
    window.files.view.setCurrentIndex(window.files.proxy.index(0, 0))
    window.file_actions.actions["delete"].trigger()
    assert questions and "permanently" in questions[0]
    assert backend.called("move_to_trash") == [] and backend.called("delete") == []


def test_folder_rows_get_the_size_of_what_is_below(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    model = window.files.model
    row = next(r for r in range(model.rowCount()) if model.entries[r].name == "Reports")
    qtbot.waitUntil(lambda: model.index(row, 1).data() == human_size(12_000), timeout=5000)


def test_dates_read_as_a_person_says_them() -> None:
    now = datetime.datetime(2026, 12, 7, 15, 30).timestamp()
    at = lambda *parts: datetime.datetime(*parts).timestamp()  # noqa: E731
    assert when_text(at(2026, 12, 7, 9, 5), now) == "Today 09:05"
    assert when_text(at(2026, 12, 6, 23, 59), now) == "Yesterday 23:59"
    assert when_text(at(2026, 3, 1, 8, 0), now) == "1 Mar 08:00"
    assert when_text(at(2025, 12, 24, 8, 0), now) == "24 Dec 2025"
    assert when_text(0, now) == ""
    assert when_text(time.time()).startswith("Today ")


def test_the_date_filter_asks_from_midnight_or_days_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.organise.search_page
    assert page.request().since is None
    page.date.setCurrentIndex(page.date.findText("Today"))
    midnight = datetime.datetime.combine(datetime.date.today(), datetime.time()).timestamp()
    assert page.request().since == midnight
    page.date.setCurrentIndex(page.date.findText("Last 7 days"))
    since = page.request().since
    assert since is not None and abs(time.time() - 7 * 86_400 - since) < 60
    page.kind.setCurrentIndex(page.kind.findText("Images"))
    assert page.request().kinds == frozenset({"image"})


def test_the_opened_index_is_reused_until_its_file_changes(tmp_path: Path) -> None:
    store = search._OpenedStore(tmp_path / "index.bin", bytes(range(32)))
    store.save(SearchIndex.from_entries([EntryInfo("a.txt", "/a.txt", "file", 1, 1)]))
    first = store.load()
    assert first is not None and store.load() is first  # not decrypted again
    store.save(SearchIndex.from_entries([EntryInfo("b.txt", "/b.txt", "file", 1, 1)]))
    second = store.load()
    assert second is not None and second is not first and "/b.txt" in second
    search.forget_opened()
    assert store.load() is not second


def test_a_rename_onto_a_folder_name_offers_no_undo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    history = window.organise.history
    window.file_actions.rename("/notes.txt", "todo.txt")
    qtbot.waitUntil(lambda: history.last is not None, timeout=5000)
    assert history.describe(history.last) == "Renamed “notes.txt” to “todo.txt”"
    qtbot.waitUntil(lambda: "todo.txt" in [e.name for e in window.files.model.entries])
    history.forget()
    window.file_actions.rename("/todo.txt", "Reports")  # the service moves it into Reports
    qtbot.waitUntil(lambda: "todo.txt" not in [e.name for e in window.files.model.entries])
    assert history.last is None  # undoing would rename the folder instead
