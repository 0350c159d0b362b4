"""Previews against a real server process: an image uploaded with the keyboard shortcut
gets a thumbnail in the list; selecting it and pressing Space shows it in the preview
pane with its details. Making them sends the server nothing but reads, and nothing on
the server or in the profile's cache holds a plaintext picture. After a restart the
pictures come from the encrypted cache: not one block is downloaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from integration.server_harness import ServerProcess
from keys import press
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from app.client.channel import Channel
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.previews.cache import CACHE_FOLDER

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
STEP_MS = 60_000  # a busy machine: key derivation and logins take their time
READS = {"descriptorGet", "descriptorHistory", "blockGet", "blockGetMany"}
BLOCK_READS = {"blockGet", "blockGetMany"}


@pytest.fixture
def rpc_methods(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The method of every call the client makes, in order."""
    made: list[str] = []
    real = Channel.call

    def recording(self: Channel, method: str, **params: Any) -> Any:
        made.append(method)
        return real(self, method, **params)

    monkeypatch.setattr(Channel, "call", recording)
    return made


def _window(qtbot, backend: ServicesBackend, workers: Workers) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(
        backend, workers, backend.account_info(), backend.settings, watch_inbox=False
    )
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=STEP_MS)
    return window


def _select_and_preview(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    view, proxy = window.files.view, window.files.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == name)
    cell = view.visualRect(proxy.index(row, 0)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert [entry.name for entry in view.selected_entries()] == [name]
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(window.preview.isVisible, timeout=STEP_MS)
    qtbot.waitUntil(lambda: not window.preview.pixmap.isNull(), timeout=STEP_MS)


def _plaintext_pictures(folder: Path) -> list[Path]:
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and (b"\x89PNG" in path.read_bytes() or b"IHDR" in path.read_bytes())
    ]


def test_thumbnails_and_the_preview_pane_from_the_real_server_then_from_the_cache(  # type: ignore[no-untyped-def]
    qtbot, workers: Workers, server: ServerProcess, tmp_path: Path, monkeypatch, rpc_methods
) -> None:
    photo = tmp_path / "photo.png"
    picture = QImage(900, 600, QImage.Format.Format_RGB32)
    picture.fill(0x2E7D32)
    assert picture.save(str(photo))
    profile = tmp_path / "alice"
    backend = ServicesBackend(profile, Settings())
    try:
        backend.create_account(f"alice#{server.host}", PASSWORD)
        window = _window(qtbot, backend, workers)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a: ([str(photo)], ""))
        window.files.view.setFocus()
        press(Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
        model = window.files.model
        qtbot.waitUntil(lambda: [e.name for e in model.entries] == ["photo.png"], timeout=STEP_MS)
        assert workers.wait(STEP_MS)  # the upload is over: what follows is the previews'
        rpc_methods.clear()
        qtbot.waitUntil(lambda: "/photo.png" in model.thumbnails, timeout=STEP_MS)
        row_icon = model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
        assert row_icon.cacheKey() == model.thumbnails["/photo.png"].cacheKey()

        assert not window.preview.isVisible()
        _select_and_preview(qtbot, window, "photo.png")
        pane = window.preview
        assert pane.name.text() == "photo.png"
        assert pane.picture.accessibleDescription() == "Preview of photo.png"
        assert (pane.pixmap.width(), pane.pixmap.height()) == (512, 341)  # 900x600 fitted
        qtbot.waitUntil(lambda: "Versions: 1" in pane.details.text(), timeout=STEP_MS)
        assert "Size: " in pane.details.text() and "Modified: " in pane.details.text()
        assert pane.open_button.isEnabled()
        assert workers.wait(STEP_MS)
        assert BLOCK_READS & set(rpc_methods)  # made here, from the verified download
        assert set(rpc_methods) <= READS, rpc_methods  # nothing was written to the server
        assert _plaintext_pictures(server.data_dir) == []
        cached = list((profile / CACHE_FOLDER).iterdir())
        assert len(cached) == 2  # the list's and the pane's size
        assert _plaintext_pictures(profile / CACHE_FOLDER) == []

        press(Qt.Key.Key_Space)  # Space again hides the pane
        qtbot.waitUntil(lambda: not pane.isVisible(), timeout=STEP_MS)
        window.close()
        backend.stop()

        backend = ServicesBackend(profile, Settings())  # the app starts again
        backend.resume(PASSWORD)
        rpc_methods.clear()
        window = _window(qtbot, backend, workers)
        model = window.files.model
        qtbot.waitUntil(lambda: "/photo.png" in model.thumbnails, timeout=STEP_MS)
        _select_and_preview(qtbot, window, "photo.png")
        assert workers.wait(STEP_MS)
        assert not BLOCK_READS & set(rpc_methods), rpc_methods  # both came from the cache
        assert sorted((profile / CACHE_FOLDER).iterdir()) == sorted(cached)
    finally:
        assert workers.wait(STEP_MS)
        backend.stop()
