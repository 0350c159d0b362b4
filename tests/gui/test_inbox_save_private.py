"""Files received in the Inbox never pass through a plaintext temporary folder: in the
real window against a real server process, Open decrypts a private copy into the
window's open cache (0600, the message stays, wiped on quit); Save as… writes straight
into the chosen folder and, when a block fails its check (a malicious server), leaves
that folder as it was; Save to My files streams the checked plaintext up (no temporary
folder is made at all)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess
from PySide6.QtCore import Qt, QUrl

from app.client.sinks_api import SinksApi
from app.gui.backend.interface import View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.events import CancelToken

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
WAIT_MS = 30_000
CONTENT = os.urandom(1 << 20) + b"the end of the report"  # two chunks


@pytest.fixture
def people(tmp_path: Path, server: ServerProcess) -> Iterator[list[ServicesBackend]]:
    made = []
    for name in ("alice", "bob"):
        backend = ServicesBackend(tmp_path / name, Settings(server=server.host))
        backend.create_account(f"{name}#{server.host}", PASSWORD)
        made.append(backend)
    yield made
    for backend in made:
        backend.stop()


def _select_first(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    inbox = window.inbox
    inbox.refresh()
    qtbot.waitUntil(lambda: inbox.list.count() == 1, timeout=WAIT_MS)
    rect = inbox.list.visualItemRect(inbox.list.item(0))
    qtbot.mouseClick(inbox.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert inbox.open_button.isVisible() and inbox.open_button.isEnabled()


def test_open_save_as_and_save_into_my_files_without_a_plaintext_temporary_folder(  # type: ignore[no-untyped-def]
    qtbot,
    workers: Workers,
    people: list[ServicesBackend],
    tmp_path: Path,
    made_temporary: list[str],
    monkeypatch,
) -> None:
    alice, bob = people
    report = tmp_path / "report.txt"
    report.write_bytes(CONTENT)
    alice.send_files(bob.account_info().address, [report])
    window = MainWindow(bob, workers, bob.account_info(), bob.settings, watch_inbox=False)
    qtbot.addWidget(window)
    window.show()
    window.show_section("inbox")
    inbox = window.inbox
    opened: list[Path] = []
    inbox.open_url = lambda url: opened.append(Path(QUrl(url).toLocalFile()))
    try:
        # Open: a 0600 copy inside the window's open cache; the message stays
        _select_first(qtbot, window)
        qtbot.mouseClick(inbox.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
        [copy] = opened
        cache = window.file_actions.cache.folder()
        assert copy.is_relative_to(cache) and copy.name == "report.txt"
        assert copy.read_bytes() == CONTENT and stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert stat.S_IMODE(cache.stat().st_mode) == 0o700
        assert inbox.list.count() == 1 and inbox.error.message == ""

        # Save as… while the server changes a block: one line, the folder as it was
        out = tmp_path / "out"
        out.mkdir()
        (out / "other.txt").write_bytes(b"mine")
        inbox.choose_folder = lambda: out
        real_get, got = SinksApi.block_get, []

        def tampered(api: SinksApi, sink_id: str, seq: int, block_id: bytes) -> bytes:
            data = real_get(api, sink_id, seq, block_id)
            got.append(block_id)
            return data[:-1] + bytes([data[-1] ^ 1]) if len(got) == 2 else data

        monkeypatch.setattr(SinksApi, "block_get", tampered)
        qtbot.mouseClick(inbox.save_as_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: inbox.error.message != "", timeout=WAIT_MS)
        assert "tampering detected" in inbox.error.message
        assert sorted(p.name for p in out.iterdir()) == ["other.txt"]
        monkeypatch.setattr(SinksApi, "block_get", real_get)

        # Save as… again: straight into the folder, checked, the message is gone
        qtbot.mouseClick(inbox.save_as_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: inbox.list.count() == 0, timeout=WAIT_MS)
        assert (out / "report.txt").read_bytes() == CONTENT
        assert sorted(p.name for p in out.iterdir()) == ["other.txt", "report.txt"]

        # Save to My files: streamed up, no temporary folder made
        alice.send_files(bob.account_info().address, [report])
        _select_first(qtbot, window)
        inbox.folder.setFocus()
        inbox.folder.lineEdit().selectAll()
        qtbot.keyClicks(inbox.folder, "/Received")
        assert inbox.folder.currentText() == "/Received"
        qtbot.mouseClick(inbox.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: inbox.list.count() == 0 or inbox.error.message != "", timeout=WAIT_MS
        )
        assert inbox.error.message == ""
        saved = bob.list_folder(View.MY_FILES, "/Received")
        assert [(e.name, e.size) for e in saved] == [("report.txt", len(CONTENT))]
        back = bob.download(
            "/Received/report.txt", tmp_path / "back", lambda _e: None, CancelToken()
        )
        assert back.read_bytes() == CONTENT
        assert [p for p in made_temporary if p != "inbox-"] == ["privshare-open-"]
    finally:
        qtbot.waitUntil(lambda: workers.active == 0, timeout=WAIT_MS)  # results delivered
        window.quit()
        assert workers.wait(WAIT_MS)
    assert not cache.exists()  # the open cache is wiped on quit
