"""The preview pane's states with the recording backend: a file without a picture says
so in words, Open opens it, a folder and a multiple selection show no picture, and the
pane's toolbar button and Space show and hide it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_backend import FakeBackend
from keys import press
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.gui.backend.interface import AccountInfo
from app.gui.backend.settings_store import Settings
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers


@pytest.fixture
def window(qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    backend.add("/broken.png", size=1200)
    backend.add("/Photos", folder=True)
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


def _click_row(window: MainWindow, name: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    view, proxy = window.files.view, window.files.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == name)
    cell = view.visualRect(proxy.index(row, 0)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, cell)


def test_no_picture_is_said_in_words_and_open_opens_the_file(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, backend: FakeBackend
) -> None:
    pane = window.preview
    _click_row(window, "broken.png")
    press(Qt.Key.Key_Space)
    assert pane.isVisible() and window.preview_action.isChecked()
    qtbot.waitUntil(lambda: pane.picture.text().startswith("No preview"), timeout=5000)
    assert "The image is damaged" in pane.picture.text()
    assert pane.name.text() == "broken.png" and "Size: 1.2 KiB" in pane.details.text()
    assert backend.called("thumbnail") == [("thumbnail", "/broken.png", 512)]
    QTest.mouseClick(pane.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(backend.called("download")), timeout=5000)
    assert backend.called("download")[0][1] == "/broken.png"


def test_a_folder_or_several_rows_show_no_picture(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pane = window.preview
    window.preview_action.trigger()  # the toolbar button's action
    assert pane.isVisible()
    _click_row(window, "Photos")
    assert pane.picture.text() == "Folder" and not pane.open_button.isEnabled()
    _click_row(window, "broken.png", Qt.KeyboardModifier.ControlModifier)
    assert pane.picture.text() == "Select a file to preview it" and pane.name.text() == ""
    window.preview_action.trigger()
    assert not pane.isVisible()
