"""Copy link and Request files in the real window against a real server process: the
context-menu action opens the dialog, a password link is made, its URL lands on the
clipboard and opens (over HTTP, as the page does) to the same bytes; Shared by me lists
it; Revoke in the dialog ends it. A folder's file request receives a drop (made as the
page makes it) and "Save received files…" writes it to a local folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.links.page_helpers import RefusedError, open_link
from integration.server_harness import ServerProcess
from PySide6.QtGui import QGuiApplication

from app.gui.backend.interface import View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.file_request import RequestDialog
from app.gui.dialogs.link import LinkDialog
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.files.service import FileService

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
STEP_MS = 30_000


@pytest.fixture
def backend(tmp_path: Path, server: ServerProcess) -> Iterator[ServicesBackend]:
    made = ServicesBackend(tmp_path / "alice", Settings(server=server.host))
    yield made
    made.stop()


def test_copy_link_makes_a_working_link_listed_in_shared_by_me(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, server: ServerProcess, backend: ServicesBackend
) -> None:
    backend.create_account(f"alice#{server.host}", PASSWORD)
    opened = backend.session.current()
    data = os.urandom(300_000)
    (tmp_path / "report.pdf").write_bytes(data)
    FileService(opened.channel, opened.vault).put([tmp_path / "report.pdf"], "/")
    workers = Workers()
    window = MainWindow(backend, workers, backend.account_info(), backend.settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 1, timeout=STEP_MS)
    selection = window.files.view.selectionModel()
    selection.select(
        window.files.proxy.index(0, 0),
        selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
    )
    window.file_actions.actions["link"].trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(LinkDialog)), timeout=STEP_MS)
    dialog = window.findChildren(LinkDialog)[0]
    dialog.use_password.setChecked(True)
    qtbot.keyClicks(dialog.password, "two words")
    dialog.max_downloads.setValue(3)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: "/l/" in dialog.url.text(), timeout=STEP_MS)
    url = dialog.url.text()
    assert QGuiApplication.clipboard().text() == url
    with pytest.raises(RefusedError):
        open_link(url)  # the URL alone is not enough
    assert open_link(url, "two words").content(0) == data
    rows = backend.list_folder(View.SHARED_BY_ME, "/")
    assert any(
        r.path == "/report.pdf" and "anyone with the link" in r.shared and "1/3" in r.shared
        for r in rows
    ), rows
    qtbot.waitUntil(lambda: dialog.existing.count() == 1, timeout=STEP_MS)
    dialog.existing.setCurrentRow(0)
    dialog.revoke_button.click()
    qtbot.waitUntil(lambda: dialog.existing.count() == 0, timeout=STEP_MS)
    with pytest.raises(RefusedError) as refused:
        open_link(url, "two words")
    assert refused.value.code == "revoked"
    workers.wait()


def test_request_files_for_a_folder_and_save_what_arrived(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, server: ServerProcess, backend: ServicesBackend
) -> None:
    backend.create_account(f"alice#{server.host}", PASSWORD)
    opened = backend.session.current()
    FileService(opened.channel, opened.vault).mkdir("/Tax")
    workers = Workers()
    window = MainWindow(backend, workers, backend.account_info(), backend.settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.files.model.rowCount() == 1, timeout=STEP_MS)
    selection = window.files.view.selectionModel()
    selection.select(
        window.files.proxy.index(0, 0),
        selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
    )
    assert window.file_actions.build_menu() and window.file_actions.actions["request"].isEnabled()
    window.file_actions.actions["request"].trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(RequestDialog)), timeout=STEP_MS)
    dialog = window.findChildren(RequestDialog)[0]
    dialog.title.setText("Receipts 2026")
    dialog.create_button.click()
    qtbot.waitUntil(lambda: "/l/" in dialog.url.text(), timeout=STEP_MS)
    opened = open_link(dialog.url.text())
    assert opened.manifest.name == "Receipts 2026"
    data = os.urandom(70_000)
    opened.drop("receipt.pdf", data)  # as the page does it
    dialog.refresh()
    qtbot.waitUntil(
        lambda: (
            dialog.existing.count() == 1 and "1 file(s) received" in dialog.existing.item(0).text()
        ),
        timeout=STEP_MS,
    )
    target = tmp_path / "saved"
    target.mkdir()
    dialog.choose_folder = lambda: target
    dialog.existing.setCurrentRow(0)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "Saved 1 file(s)" in dialog.notice.text(), timeout=STEP_MS)
    assert (target / "receipt.pdf").read_bytes() == data
    workers.wait()
