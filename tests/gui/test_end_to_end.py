"""The real window against a real server process (tests/integration/server_harness.py):
alice signs up through the wizard's widgets, drops a file onto the view's viewport, sees
it listed and shares it through the share dialog with bob, who was made with the CLI
(a subprocess); bob's own window hears of it through the inbox long-poll, accepts it
from its Inbox, finds it under Shared with me, and reads alice's bytes back."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dnd import send_drop
from integration.server_harness import ROOT, ServerProcess
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl

from app.gui.backend.interface import AccountInfo, View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.window.main_window import MainWindow
from app.gui.wizard.flow import Flow
from app.gui.wizard.wizard import Wizard
from app.gui.workers import Workers
from app.services.events import CancelToken

pytestmark = [pytest.mark.integration, pytest.mark.gui]
PASSWORD = "correct horse battery staple"
STEP_MS = 30_000


@pytest.fixture
def backends(tmp_path: Path, server: ServerProcess) -> Iterator[dict[str, ServicesBackend]]:
    made = {
        name: ServicesBackend(tmp_path / name, Settings(server=server.host))
        for name in ("alice", "bob")
    }
    yield made
    for backend in made.values():
        backend.stop()


def _next(qtbot, wizard: Wizard, step: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.step_changed, timeout=STEP_MS):
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.state.step == step, wizard.error.message


def _sign_up_alice(qtbot, backend: ServicesBackend, workers: Workers, host: str) -> AccountInfo:  # type: ignore[no-untyped-def]
    wizard = Wizard(backend, workers)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.page("start").buttons[Flow.CREATE].setChecked(True)
    _next(qtbot, wizard, "server")
    server_page = wizard.page("server")
    server_page.remote.setChecked(True)
    qtbot.keyClicks(server_page.host, host)
    _next(qtbot, wizard, "credentials")
    credentials = wizard.page("credentials")
    qtbot.keyClicks(credentials.username, "alice")
    qtbot.keyClicks(credentials.passwords.password, PASSWORD)
    qtbot.keyClicks(credentials.passwords.again, PASSWORD)
    _next(qtbot, wizard, "phrase")
    words = [label.text() for label in wizard.page("phrase").grid.word_labels]
    assert len(words) == 24
    _next(qtbot, wizard, "confirm")
    confirm = wizard.page("confirm").confirm
    for position, field in zip(confirm.positions, confirm.fields, strict=True):
        qtbot.keyClicks(field, words[position])
    _next(qtbot, wizard, "finish")
    with qtbot.waitSignal(wizard.completed, timeout=STEP_MS) as done:
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    account: AccountInfo = done.args[0]
    assert account.address == f"alice#{host}"
    return account


def _create_bob_with_the_cli(profile: Path, address: str) -> None:
    env = dict(os.environ, PRIVSHARE_PASSWORD=PASSWORD)
    made = subprocess.run(
        [sys.executable, "-m", "app", "--profile", str(profile), "account", "create", address],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr


def _window(qtbot, backend: ServicesBackend, workers: Workers, account: AccountInfo) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(backend, workers, account, backend.settings)
    qtbot.addWidget(window)
    window.show()
    return window


def _names(window: MainWindow) -> dict[str, str]:
    """name -> the Shared column's text, of the rows shown."""
    model = window.files.model
    return {model.index(r, 0).data(): model.index(r, 3).data() for r in range(model.rowCount())}


def test_sign_up_drop_share_and_the_other_window_sees_it(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, server: ServerProcess, backends: dict[str, ServicesBackend]
) -> None:
    workers = Workers()
    host = server.host
    account = _sign_up_alice(qtbot, backends["alice"], workers, host)
    alice = _window(qtbot, backends["alice"], workers, account)

    report = tmp_path / "report.txt"
    report.write_bytes(b"quarterly numbers\n" * 5000)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(report))])
    spot = QPointF(30, alice.files.view.viewport().height() - 10)
    assert send_drop(alice.files.view.viewport(), mime, spot)
    qtbot.waitUntil(lambda: "report.txt" in _names(alice), timeout=STEP_MS)

    _create_bob_with_the_cli(tmp_path / "bob", f"bob#{host}")
    bob_account = backends["bob"].resume(PASSWORD)
    bob = _window(qtbot, backends["bob"], workers, bob_account)
    qtbot.waitUntil(lambda: bob.notices.watcher.cursor is not None, timeout=STEP_MS)
    assert bob.inbox.list.count() == 0

    dialog = alice.menus.open_share_dialog("/report.txt")
    qtbot.keyClicks(dialog.recipient, "bob")  # a bare name: someone on my own server
    dialog.look_up()
    qtbot.waitUntil(dialog.compared.isVisible, timeout=STEP_MS)
    assert dialog.recipient.text() == f"bob#{host}"
    assert (
        dialog.status.text().startswith("First contact") and len(dialog.words.text().split()) == 8
    )
    assert not dialog.share_button.isEnabled()  # until the words were compared
    dialog.compared.click()
    dialog.share_button.click()
    qtbot.waitUntil(lambda: dialog.people.count() == 1, timeout=STEP_MS)
    assert dialog.people.item(0).text().startswith(f"bob#{host}")
    dialog.close()
    shared = f"Shared with bob#{host} (read)"
    qtbot.waitUntil(lambda: _names(alice).get("report.txt") == shared, timeout=STEP_MS)

    # bob's window learns of it through the long-poll, not because anyone refreshed it
    qtbot.waitUntil(lambda: bob.inbox.list.count() == 1, timeout=STEP_MS)
    assert bob.notices.notifier.shown[0][0] == f"New share from alice#{host}"
    bob.show_section("inbox")
    bob.inbox.list.setCurrentRow(0)
    assert bob.inbox.name.text() == "report.txt"
    bob.inbox.accept_button.click()
    qtbot.waitUntil(lambda: bob.files.view_kind is View.SHARED_WITH_ME, timeout=STEP_MS)
    qtbot.waitUntil(lambda: "report.txt" in _names(bob), timeout=STEP_MS)
    assert _names(bob)["report.txt"] == f"From alice#{host}"

    fetched = backends["bob"].download(
        "/Shared/report.txt", tmp_path / "bob-downloads", lambda _event: None, CancelToken()
    )
    assert fetched.read_bytes() == report.read_bytes()
    for window in (alice, bob):
        window.close()
    assert workers.wait(30_000)
    assert server.stop() == 0  # waiting long-polls answer at shutdown: the watchers end
    assert all(window.notices.watcher.join(10.0) for window in (alice, bob))
