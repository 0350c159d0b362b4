"""Issue 7's "Done when", all from the window, against a real server process: alice
creates her account in the wizard (reading the 24 words off the phrase page, typing back
the 3 asked), drops a folder tree and a file onto the view's viewport and sees them
listed; bob creates his account in a second wizard; alice shares the folder with him
through the share dialog (first contact, check words shown); bob accepts it from his
inbox and finds it under Shared with me. Then a fresh, empty profile recovers alice with
her phrase pasted into the wizard and a new password: its window lists her files, one
downloads with her bytes, and bob still reads the share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dnd import send_drop
from integration.server_harness import ServerProcess
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractButton

from app.gui.backend.interface import AccountInfo, View
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.share import ShareDialog
from app.gui.window.main_window import MainWindow
from app.gui.wizard.flow import Flow
from app.gui.wizard.wizard import Wizard
from app.gui.workers import Workers
from app.services.events import CancelToken

pytestmark = [pytest.mark.integration, pytest.mark.gui]
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new long password"
STEP_MS = 30_000
PROFILES = ("alice", "bob", "alice-again")


@pytest.fixture
def backends(tmp_path: Path, server: ServerProcess) -> Iterator[dict[str, ServicesBackend]]:
    made = {
        name: ServicesBackend(
            tmp_path / name,
            Settings(server=server.host, download_folder=str(tmp_path / f"{name}-downloads")),
        )
        for name in PROFILES
    }
    yield made
    for backend in made.values():
        backend.stop()


# ---- the wizard ----------------------------------------------------------------------


def _next(qtbot, wizard: Wizard, step: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.step_changed, timeout=STEP_MS):
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.state.step == step, wizard.error.message


def _choose(qtbot, button: QAbstractButton) -> None:  # type: ignore[no-untyped-def]
    """Click a radio button on its label's start, where a person clicks it."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked(), button.text()


def _open_wizard(qtbot, backend: ServicesBackend, workers: Workers, flow: Flow, host: str):  # type: ignore[no-untyped-def]
    wizard = Wizard(backend, workers)
    qtbot.addWidget(wizard)
    wizard.show()
    _choose(qtbot, wizard.page("start").buttons[flow])
    _next(qtbot, wizard, "server")
    server_page = wizard.page("server")
    if flow is Flow.CREATE:  # what "this computer" costs, said when it is chosen
        _choose(qtbot, server_page.local)
        assert server_page.local_note.isVisible()
    else:
        assert server_page.local.isHidden()
    _choose(qtbot, server_page.remote)
    assert not server_page.local_note.isVisible()
    qtbot.keyClicks(server_page.host, host)
    return wizard


def _finish(qtbot, wizard: Wizard) -> AccountInfo:  # type: ignore[no-untyped-def]
    assert wizard.next_button.text() == "Open Privshare"
    with qtbot.waitSignal(wizard.completed, timeout=STEP_MS) as done:
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    account: AccountInfo = done.args[0]
    return account


def _create(qtbot, backend, workers, host: str, name: str) -> tuple[AccountInfo, list[str]]:  # type: ignore[no-untyped-def]
    """The create flow through the widgets; returns the account and the words shown."""
    wizard = _open_wizard(qtbot, backend, workers, Flow.CREATE, host)
    _next(qtbot, wizard, "credentials")
    credentials = wizard.page("credentials")
    qtbot.keyClicks(credentials.username, name)
    qtbot.keyClicks(credentials.passwords.password, PASSWORD)
    qtbot.keyClicks(credentials.passwords.again, PASSWORD)
    _next(qtbot, wizard, "phrase")
    words = [label.text() for label in wizard.page("phrase").grid.word_labels]
    assert len(words) == 24 and len(set(words)) > 12, words
    _next(qtbot, wizard, "confirm")
    confirm = wizard.page("confirm").confirm
    assert len(confirm.fields) == 3
    for position, field in zip(confirm.positions, confirm.fields, strict=True):
        qtbot.keyClicks(field, words[position])
    _next(qtbot, wizard, "finish")
    account = _finish(qtbot, wizard)
    assert account.address == f"{name}#{host}"
    assert len(account.check_words) == 8  # the About box's own check words
    return account, words


def _paste(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+V into `field` with `text` on the clipboard, as a person pastes it."""
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(text)
    field.setFocus()
    qtbot.keySequence(field, QKeySequence.StandardKey.Paste)
    clipboard.clear()


def _recover(qtbot, backend, workers, host: str, name: str, words: list[str]) -> AccountInfo:  # type: ignore[no-untyped-def]
    """The recover flow: the phrase pasted with the stray spacing of a paper copy."""
    wizard = _open_wizard(qtbot, backend, workers, Flow.RECOVER, host)
    _next(qtbot, wizard, "recover-phrase")
    page = wizard.page("recover-phrase")
    qtbot.keyClicks(page.username, name)
    messy = "  " + "\n".join("  ".join(words[i : i + 6]) for i in range(0, 24, 6)) + "\n"
    _paste(qtbot, page.entry.fields[0], messy)
    assert page.entry.words() == words and page.entry.feedback.text() == ""
    _next(qtbot, wizard, "recover-password")
    passwords = wizard.page("recover-password").passwords
    qtbot.keyClicks(passwords.password, NEW_PASSWORD)
    qtbot.keyClicks(passwords.again, NEW_PASSWORD)
    _next(qtbot, wizard, "finish")
    assert "readable again" in wizard.page("finish").summary.text()
    return _finish(qtbot, wizard)


# ---- the main window -----------------------------------------------------------------


def _window(qtbot, backend: ServicesBackend, workers: Workers, account: AccountInfo) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(backend, workers, account, backend.settings)
    qtbot.addWidget(window)
    window.show()
    return window


def _names(window: MainWindow) -> dict[str, str]:
    """name -> the Shared column's text, of the rows shown."""
    model = window.files.model
    return {model.index(r, 0).data(): model.index(r, 3).data() for r in range(model.rowCount())}


def _listed(qtbot, window: MainWindow, *names: str) -> None:  # type: ignore[no-untyped-def]
    try:
        qtbot.waitUntil(lambda: set(names) <= set(_names(window)), timeout=STEP_MS)
    except qtbot.TimeoutError:
        transfers = window.transfers_model
        states = [transfers.index(r, 4).data() for r in range(transfers.rowCount())]
        shown = (
            window.files.folder,
            _names(window),
            window.files.error.message,
            states,
            window.locked,
        )
        raise AssertionError(
            f"{names} not listed; folder, rows, error, transfers: {shown}"
        ) from None


def _drop_tree(qtbot, window: MainWindow, tmp_path: Path) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """A folder tree and a loose file dropped at once; returns remote path -> bytes."""
    project = tmp_path / "drop" / "project"
    (project / "drafts").mkdir(parents=True)
    contents = {
        "/project/plan.txt": b"step one, step two\n" * 3000,
        "/project/drafts/idea.md": b"# an idea\n" + bytes(range(256)) * 40,
        "/notes.txt": b"remember the milk\n",
    }
    for remote, data in contents.items():
        local = tmp_path / "drop" / remote.lstrip("/")
        local.write_bytes(data)
    mime = QMimeData()
    mime.setUrls(
        [QUrl.fromLocalFile(str(project)), QUrl.fromLocalFile(str(tmp_path / "drop" / "notes.txt"))]
    )
    spot = QPointF(30, window.files.view.viewport().height() - 10)
    assert send_drop(window.files.view.viewport(), mime, spot)
    _listed(qtbot, window, "project", "notes.txt")
    return contents


def _select(window: MainWindow, name: str) -> None:
    proxy = window.files.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == name)
    window.files.view.setCurrentIndex(proxy.index(row, 0))
    assert [entry.name for entry in window.files.view.selected_entries()] == [name]


def _share_folder(qtbot, alice: MainWindow, bob_address: str) -> None:  # type: ignore[no-untyped-def]
    _select(alice, "project")
    alice.file_actions.actions["share"].trigger()
    dialog = _shown_share_dialog(qtbot, alice)
    qtbot.keyClicks(dialog.recipient, bob_address)
    dialog.look_up()
    qtbot.waitUntil(dialog.compared.isVisible, timeout=STEP_MS)
    qtbot.mouseClick(dialog.compared, Qt.MouseButton.LeftButton, pos=QPoint(6, 6))
    qtbot.waitUntil(dialog.share_button.isEnabled, timeout=STEP_MS)
    assert dialog.status.text().startswith("First contact")
    assert len(dialog.words.text().split()) == 8
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.people.count() == 1, timeout=STEP_MS)
    assert dialog.people.item(0).text().startswith(bob_address)
    dialog.close()
    qtbot.waitUntil(lambda: _names(alice).get("project", "").startswith("Shared"), timeout=STEP_MS)


def _shown_share_dialog(qtbot, window: MainWindow) -> ShareDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ShareDialog)))
    return next(d for d in window.findChildren(ShareDialog) if d.isVisible())


def _accept_from_inbox(qtbot, bob: MainWindow, alice_address: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: bob.inbox.list.count() == 1, timeout=STEP_MS)
    bob.show_section("inbox")
    bob.inbox.list.setCurrentRow(0)
    assert bob.inbox.name.text() == "project"
    assert alice_address in bob.inbox.list.item(0).text()
    qtbot.mouseClick(bob.inbox.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bob.files.view_kind is View.SHARED_WITH_ME, timeout=STEP_MS)
    qtbot.waitUntil(lambda: _names(bob).get("project") == f"From {alice_address}", timeout=STEP_MS)


def _download_from_window(qtbot, window: MainWindow, name: str) -> Path:  # type: ignore[no-untyped-def]
    _select(window, name)
    with qtbot.waitSignal(window.transfers.job_finished, timeout=STEP_MS) as ended:
        window.file_actions.actions["download"].trigger()
    _token, error, result = ended.args
    assert error is None, error
    assert isinstance(result, Path)
    return result


def test_a_newcomer_creates_drops_shares_and_recovers_from_the_phrase(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, server: ServerProcess, backends: dict[str, ServicesBackend]
) -> None:
    workers, host = Workers(), server.host
    alice_account, words = _create(qtbot, backends["alice"], workers, host, "alice")
    alice = _window(qtbot, backends["alice"], workers, alice_account)
    contents = _drop_tree(qtbot, alice, tmp_path)
    alice.files.open_folder("/project/drafts")
    _listed(qtbot, alice, "idea.md")
    alice.files.open_folder("/")
    _listed(qtbot, alice, "project", "notes.txt")

    bob_account, _ = _create(qtbot, backends["bob"], workers, host, "bob")
    bob = _window(qtbot, backends["bob"], workers, bob_account)
    qtbot.waitUntil(lambda: bob.notices.watcher.cursor is not None, timeout=STEP_MS)
    _share_folder(qtbot, alice, bob_account.address)
    _accept_from_inbox(qtbot, bob, alice_account.address)
    alice.close()

    again = _recover(qtbot, backends["alice-again"], workers, host, "alice", words)
    assert again.address == alice_account.address
    assert again.check_words == alice_account.check_words  # the same identity key
    restored = _window(qtbot, backends["alice-again"], workers, again)
    _listed(qtbot, restored, "project", "notes.txt")
    assert restored.windowTitle().endswith(alice_account.address)
    fetched = _download_from_window(qtbot, restored, "notes.txt")
    assert fetched.parent == tmp_path / "alice-again-downloads"
    assert fetched.read_bytes() == contents["/notes.txt"]
    plan = backends["alice-again"].download(
        "/project/plan.txt", tmp_path / "plan", lambda _event: None, CancelToken()
    )
    assert plan.read_bytes() == contents["/project/plan.txt"]

    bob.show_section("my-files")
    bob.show_section("shared-with-me")
    qtbot.waitUntil(
        lambda: _names(bob).get("project") == f"From {alice_account.address}", timeout=STEP_MS
    )
    idea = backends["bob"].download(
        "/Shared/project/drafts/idea.md", tmp_path / "bob-got", lambda _event: None, CancelToken()
    )
    assert idea.read_bytes() == contents["/project/drafts/idea.md"]
    for window in (bob, restored):
        window.close()
    assert workers.wait(30_000)
    assert server.stop() == 0  # waiting long-polls answer at shutdown: the watchers end
    assert all(w.notices.watcher.join(10.0) for w in (alice, bob, restored))
