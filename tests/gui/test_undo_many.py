"""Undo of a delete of five selected items in the real window against a real server
process, by real mouse and key events: Undo brings all five back; a delete the server
stops after two items says which went and offers to undo those; when the server goes
away after the second item of an undo is back, one line names what is back and what is
not, the Undo button stays, and pressing it when the server is back finishes the rest. A
move of five items dropped onto a folder that the server stops after two says which moved,
and Undo takes those two back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from dnd import send_drop
from integration.server_harness import ServerProcess, start_server
from keys import press
from PySide6.QtCore import QMimeData, QPointF, Qt

from app.gui.backend.interface import View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.file_view import INTERNAL_MIME
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.events import CancelToken
from app.services.sharing.router import FileRouter
from app.services.trash.service import TrashService

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
WAIT_MS = 30_000
NAMES = [f"n{number}.txt" for number in range(5)]


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[ServerProcess]]:
    running = [start_server(tmp_path / "server", "--open-registration")]
    yield running
    for server in running:
        server.stop()


@pytest.fixture
def backend(tmp_path: Path, servers: list[ServerProcess]) -> Iterator[ServicesBackend]:
    made = ServicesBackend(tmp_path / "alice", Settings(server=servers[0].host))
    made.create_account(f"alice#{servers[0].host}", PASSWORD)
    yield made
    made.stop()


@pytest.fixture
def window(qtbot, workers: Workers, backend: ServicesBackend) -> MainWindow:  # type: ignore[no-untyped-def]
    shown = MainWindow(
        backend, workers, backend.account_info(), backend.settings, watch_inbox=False
    )
    qtbot.addWidget(shown)
    shown.offline.timer.setInterval(300)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=WAIT_MS)
    return shown  # conftest delivers the workers' results before pytest-qt closes it


def _names(window: MainWindow) -> list[str]:
    model = window.files.model
    return sorted(model.index(row, 0).data() for row in range(model.rowCount()))


def _click(qtbot, window: MainWindow, name: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    proxy = window.files.proxy
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if index.data() == name:
            spot = window.files.view.visualRect(index).center()
            viewport = window.files.view.viewport()
            qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, modifier, spot)
            return
    raise AssertionError(f"no row {name} in {_names(window)}")


def _restart(servers: list[ServerProcess], tmp_path: Path) -> None:
    """The server comes back on its port, with its data."""
    port = servers[0].host.rsplit(":", 1)[1]
    servers.append(start_server(tmp_path / "server", "--port", port))


def _upload_five(backend: ServicesBackend, tmp_path: Path) -> None:
    """NAMES uploaded into the root of My files, each holding its own name."""
    for name in NAMES:
        (tmp_path / name).write_bytes(name.encode())
    backend.upload([tmp_path / n for n in NAMES], "/", lambda _event: None, CancelToken())


def _delete_all_five(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _click(qtbot, window, NAMES[0])
    _click(qtbot, window, NAMES[-1], Qt.KeyboardModifier.ShiftModifier)
    assert len(window.files.view.selectionModel().selectedRows()) == 5
    counted: list[tuple[int, int]] = []
    window.file_actions.trashing.connect(lambda done, total: counted.append((done, total)))
    press(Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: _names(window) == [], timeout=WAIT_MS)
    assert counted == [(n, 5) for n in range(1, 6)]  # "Moving 3 of 5 to Trash…" meanwhile
    assert window.organise.undo_notice.text.text() == "Moved “n0.txt”, “n1.txt”, “n2.txt”… to Trash"


def test_undo_of_five_deleted_items_all_back_and_after_an_interruption_the_rest(  # type: ignore[no-untyped-def]
    qtbot,
    window: MainWindow,
    backend: ServicesBackend,
    servers: list[ServerProcess],
    tmp_path: Path,
    monkeypatch,
) -> None:
    _upload_five(backend, tmp_path)
    window.files.refresh()
    qtbot.waitUntil(lambda: _names(window) == NAMES, timeout=WAIT_MS)
    notice, error = window.organise.undo_notice, window.files.error

    _delete_all_five(qtbot, window)
    shown: list[str] = []
    window.organise.history.progressed.connect(shown.append)
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _names(window) == NAMES, timeout=WAIT_MS)
    assert shown == [f"Putting back {n} of 5…" for n in range(1, 6)]
    assert notice.text.text() == "Restored “n0.txt”, “n1.txt”, “n2.txt”…"
    assert backend.trash() == []

    # a delete the server stops after two items: those two can be undone
    discard, gone = TrashService.discard, []

    def stop_after_two(trash: TrashService, path: str):  # type: ignore[no-untyped-def]
        if len(gone) == 2:
            servers[0].stop()
        item = discard(trash, path)
        gone.append(item)
        return item

    monkeypatch.setattr(TrashService, "discard", stop_after_two)
    _click(qtbot, window, NAMES[0])
    _click(qtbot, window, NAMES[-1], Qt.KeyboardModifier.ShiftModifier)
    press(Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: error.text.text() != "", timeout=WAIT_MS)
    line = error.text.text()
    assert line.startswith("moved /n0.txt, /n1.txt to the trash; not /n2.txt, /n3.txt, /n4.txt: ")
    assert "cannot connect" in line
    assert notice.text.text() == "Moved “n0.txt”, “n1.txt” to Trash" and notice.button.isVisible()
    monkeypatch.setattr(TrashService, "discard", discard)
    _restart(servers, tmp_path)
    qtbot.waitUntil(lambda: not window.offline.offline, timeout=WAIT_MS)
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: notice.text.text() == "Restored “n0.txt”, “n1.txt”", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _names(window) == NAMES, timeout=WAIT_MS)
    error.clear()

    # the server goes away once the second item is back
    _delete_all_five(qtbot, window)
    put_back, back = TrashService.put_back, []

    def then_stop(trash: TrashService, trash_path: str, target: str) -> str:
        moved = put_back(trash, trash_path, target)
        back.append(moved)
        if len(back) == 2:
            servers[-1].stop()
        return moved

    monkeypatch.setattr(TrashService, "put_back", then_stop)
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error.text.text() != "", timeout=WAIT_MS)
    line = error.text.text()
    assert line == (
        "Put back “n0.txt”, “n1.txt”; not “n2.txt”, “n3.txt”, “n4.txt”: "
        "the server cannot be reached. Undo again to put back the rest."
    )
    assert notice.text.text() == line and notice.button.isVisible()
    assert back == ["/n0.txt", "/n1.txt"]

    _restart(servers, tmp_path)
    qtbot.waitUntil(lambda: not window.offline.offline, timeout=WAIT_MS)
    deadline = time.monotonic() + WAIT_MS / 1000
    while not notice.text.text().startswith("Restored "):  # Undo again until it answers
        assert time.monotonic() < deadline, notice.text.text()
        assert notice.button.isVisible(), notice.text.text()  # the rest is still offered
        window.files.view.setFocus()
        press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not window.organise.history.running, timeout=WAIT_MS)
    # an earlier Undo the restarting server answered only in part put back the first ones
    assert notice.text.text() in (
        "Restored “n2.txt”, “n3.txt”, “n4.txt”",
        "Restored “n3.txt”, “n4.txt”",
        "Restored “n4.txt”",
    )
    assert sorted(e.name for e in backend.list_folder(View.MY_FILES, "/")) == NAMES
    assert backend.trash() == []
    qtbot.waitUntil(lambda: _names(window) == NAMES, timeout=WAIT_MS)


def test_a_move_the_server_stops_midway_says_what_moved_and_undoes_that(  # type: ignore[no-untyped-def]
    qtbot,
    window: MainWindow,
    backend: ServicesBackend,
    servers: list[ServerProcess],
    tmp_path: Path,
    monkeypatch,
) -> None:
    _upload_five(backend, tmp_path)
    backend.mkdir("/Box")
    window.files.refresh()
    qtbot.waitUntil(lambda: _names(window) == ["Box", *NAMES], timeout=WAIT_MS)
    move, moved = FileRouter.move, []

    def stop_after_two(router: FileRouter, source: str, destination: str) -> str:
        if len(moved) == 2:
            servers[0].stop()
        moved.append(move(router, source, destination))
        return moved[-1]

    monkeypatch.setattr(FileRouter, "move", stop_after_two)
    _click(qtbot, window, NAMES[0])
    _click(qtbot, window, NAMES[-1], Qt.KeyboardModifier.ShiftModifier)
    paths = [entry.path for entry in window.files.view.selected_entries()]
    assert paths == [f"/{name}" for name in NAMES]
    mime = QMimeData()
    mime.setData(INTERNAL_MIME, "\n".join(paths).encode())
    box = window.files.proxy.index(0, 0)
    assert box.data() == "Box"
    spot = QPointF(window.files.view.visualRect(box).center())
    assert send_drop(window.files.view.viewport(), mime, spot)

    error, notice = window.files.error, window.organise.undo_notice
    qtbot.waitUntil(lambda: error.text.text() != "", timeout=WAIT_MS)
    line = error.text.text()
    assert line.startswith("moved /n0.txt, /n1.txt to /Box; not /n2.txt, /n3.txt, /n4.txt: "), line
    assert moved == ["/Box/n0.txt", "/Box/n1.txt"]
    assert notice.text.text() == "Moved “n0.txt”, “n1.txt” to /Box" and notice.button.isVisible()

    monkeypatch.setattr(FileRouter, "move", move)
    _restart(servers, tmp_path)
    qtbot.waitUntil(lambda: not window.offline.offline, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _names(window) == ["Box", *NAMES[2:]], timeout=WAIT_MS)
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _names(window) == ["Box", *NAMES], timeout=WAIT_MS)
    assert backend.list_folder(View.MY_FILES, "/Box") == []
