"""Every window, place, wizard page and dialog of the app, checked as a keyboard and
screen-reader user meets it: each control has a name a screen reader reads (its own, a
button's text or its label's), Tab reaches every control shown and comes back to where
it started (no trap), and a dialog opens with the focus in its first field."""

from __future__ import annotations

from pathlib import Path

import pytest
from a11y_helpers import (
    backward_steps,
    describe,
    first_control,
    tab_cycle,
    tab_stops,
    unnamed_widgets,
    unreached,
)
from fake_backend import PASSWORD, FakeBackend
from keys import press, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.gui.backend.interface import AccountInfo, Version
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.file_request import RequestDialog
from app.gui.dialogs.link import LinkDialog
from app.gui.window.files_page import SECTIONS
from app.gui.window.main_window import MainWindow
from app.gui.wizard.flow import Flow
from app.gui.wizard.shares_entry import SharesDialog
from app.gui.wizard.wizard import Wizard
from app.gui.workers import Workers


@pytest.fixture
def window(qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    backend.add("/Documents", folder=True)
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
    qtbot.waitUntil(shown.isActiveWindow, timeout=5000)
    qtbot.waitUntil(lambda: shown.files.model.rowCount() == 2, timeout=5000)
    return shown


def _problems(root: QWidget) -> list[str]:
    """Unnamed controls, and controls Tab does not reach from the first one."""
    problems = unnamed_widgets(root)
    stops = tab_stops(root)
    assert stops, f"{type(root).__name__} shows no control"
    visited = tab_cycle(stops[0])
    problems += [f"not reached by Tab: {line}" for line in unreached(root, visited)]
    return problems + [f"Tab goes backwards: {line}" for line in backward_steps(visited)]


@pytest.mark.parametrize("section", [key for key, _ in SECTIONS])
def test_every_place_of_the_main_window(qtbot, window: MainWindow, section: str) -> None:  # type: ignore[no-untyped-def]
    window.show_section(section)
    qtbot.wait(50)
    assert _problems(window) == []


def test_the_preview_pane(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.files.view.setFocus()
    window.files.view.setCurrentIndex(window.files.proxy.index(1, 0))
    window.preview_action.setChecked(True)
    assert window.preview.open_button in tab_stops(window)
    assert _problems(window) == []


def test_the_lock_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.lock()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.lock_screen.password)
    assert _problems(window) == []
    assert all(window.lock_screen.isAncestorOf(w) for w in tab_stops(window)), [
        describe(w) for w in tab_stops(window) if not window.lock_screen.isAncestorOf(w)
    ]


DIALOGS = {
    "share": lambda w: w.menus.open_share_dialog("/notes.txt"),
    "settings": lambda w: w.menus.open_settings(),
    "show-phrase": lambda w: w.menus.show_phrase(),
    "split-phrase": lambda w: w.menus.split_phrase(),
    "recovery-drill": lambda w: w.menus.recovery_drill(),
    "add-device": lambda w: w.menus.add_device(),
    "change-password": lambda w: w.menus.change_password(),
    "versions": lambda w: w.menus.show_versions(
        "/notes.txt", [Version(2, 1200, 1.7e9, True), Version(1, 1100, 1.6e9)]
    ),
    "link": lambda w: _opened(LinkDialog(w.backend, w.workers, "/notes.txt", w)),
    "file-request": lambda w: _opened(RequestDialog(w.backend, w.workers, "/Documents", w)),
    "recover-from-shares": lambda w: _opened(SharesDialog(w)),
}


def _opened(dialog: QDialog) -> QDialog:
    dialog.open()
    return dialog


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_dialog(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    dialog = DIALOGS[name](window)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.wait(50)
    focused = QApplication.focusWidget()
    first = first_control(dialog)
    print(name, "FOCUS", focused and describe(focused), "FIRST", describe(first))
    assert focused is first, f"{name} opens with the focus on {focused and describe(focused)}"
    assert _problems(dialog) == []


@pytest.fixture
def wizard(qtbot, backend: FakeBackend, workers: Workers) -> Wizard:  # type: ignore[no-untyped-def]
    shown = Wizard(backend, workers)
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=5000)
    return shown


def _page_problems(qtbot, wizard: Wizard, step: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The wizard on `step`: its checks, and the focus on the page's first control."""
    try:
        qtbot.waitUntil(lambda: wizard.state.step == step, timeout=5000)
    except Exception:
        where = QApplication.focusWidget()
        raise AssertionError(
            f"still on {wizard.state.step} ({wizard.error.message!r}), focus on "
            f"{describe(where) if where else None}"
        ) from None
    qtbot.wait(20)
    first = first_control(wizard.stack.currentWidget())
    focused = QApplication.focusWidget()
    problems = [f"{step}: {line}" for line in _problems(wizard)]
    first.setFocus()  # _problems moved it
    if focused is not first:
        shown = describe(focused) if focused else "nothing"
        problems.append(f"{step}: opens with the focus on {shown}, not {describe(first)}")
    return problems


def _tab_to(widget: QWidget) -> None:
    for _ in range(40):
        if QApplication.focusWidget() is widget:
            return
        press(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab does not reach {describe(widget)}")


def _next_by_keyboard(wizard: Wizard) -> None:
    """Tab to Next and press Space, as a keyboard user does."""
    _tab_to(wizard.next_button)
    press(Qt.Key.Key_Space)


def test_every_wizard_page_of_the_create_path_by_keyboard(qtbot, wizard: Wizard) -> None:  # type: ignore[no-untyped-def]
    problems = _page_problems(qtbot, wizard, "start")
    _next_by_keyboard(wizard)
    problems += _page_problems(qtbot, wizard, "server")
    _tab_to(wizard.page("server").remote)
    press(Qt.Key.Key_Down)  # the arrows move through a group of choices
    press(Qt.Key.Key_Space)
    assert wizard.page("server").local.isChecked()
    _next_by_keyboard(wizard)
    problems += _page_problems(qtbot, wizard, "credentials")
    type_text("alice\t" + PASSWORD + "\t" + PASSWORD + "\n")
    problems += _page_problems(qtbot, wizard, "phrase")
    words = [label.text() for label in wizard.page("phrase").grid.word_labels]
    _next_by_keyboard(wizard)
    problems += _page_problems(qtbot, wizard, "confirm")
    confirm = wizard.page("confirm").confirm
    type_text("\t".join(words[position] for position in confirm.positions))
    if QApplication.activePopupWidget() is not None:
        press(Qt.Key.Key_Return)  # the completer's list takes the first Return
    press(Qt.Key.Key_Return)
    problems += _page_problems(qtbot, wizard, "finish")
    assert problems == []


@pytest.mark.parametrize(
    ("flow", "step"),
    [(Flow.SIGN_IN, "sign-in"), (Flow.RECOVER, "recover-phrase"), (Flow.LINK, "link")],
)
def test_the_other_paths_first_pages_by_keyboard(
    qtbot, wizard: Wizard, flow: Flow, step: str
) -> None:  # type: ignore[no-untyped-def]
    start = wizard.page("start")
    while not start.buttons[flow].isChecked():
        press(Qt.Key.Key_Down)  # the arrows move through a group of choices
    _next_by_keyboard(wizard)
    problems = _page_problems(qtbot, wizard, "server")
    press(Qt.Key.Key_Space)  # "A Privshare server at this address"
    assert QApplication.focusWidget() is wizard.page("server").host
    type_text("127.0.0.1:4711\n")
    problems += _page_problems(qtbot, wizard, step)
    assert problems == []


def test_an_error_is_announced_to_screen_readers(qtbot, wizard: Wizard, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    said: list[tuple[str, QAccessible.AnnouncementPoliteness]] = []

    def record(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            said.append((event.message(), event.politeness()))

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    _next_by_keyboard(wizard)
    _page_problems(qtbot, wizard, "server")
    _next_by_keyboard(wizard)  # no server chosen
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said == [
        ("Choose where your files are kept.", QAccessible.AnnouncementPoliteness.Assertive)
    ]
    assert wizard.error.message == "Choose where your files are kept."
