"""Screenshots of the real application against its embedded local server (`make screenshots`).

    xvfb-run -a python -m app.gui.screenshots docs/screenshots     (offscreen without a display)

Everything shown is real: alice signs up through the wizard (the phrase is a fresh
one), bob and carol are made through the same services on the same server, the files
are uploaded, shared, accepted and declined through them (screenshot_data.py). Only the
order of events is scripted. Each PNG is the window at 1x.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.gui.__main__ import display_problem
from app.gui.backend.interface import AccountInfo
from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.i18n import SHIPPED, TRANSLATIONS, install_translators, remove_translators
from app.gui.screenshot_data import (
    PASSWORD,
    People,
    make_people,
    other_devices,
    sample_picture,
    sample_tree,
)
from app.gui.theme import apply_style
from app.gui.transfers.manager import TransferRow, TransferState
from app.gui.window.main_window import MainWindow
from app.gui.wizard.flow import Flow
from app.gui.wizard.wizard import Wizard
from app.gui.workers import Workers

__all__ = ["main", "render_all"]

WINDOW_SIZE = (1100, 700)
WIZARD_SIZE = (760, 560)
CANCELLED, DONE = TransferState.CANCELLED, TransferState.FINISHED


def settle(condition: Callable[[], bool], seconds: float = 60.0) -> None:
    """Run the event loop until `condition()` (a script, not a test: it may poll)."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the screen did not get ready within {seconds:.0f} s")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(10):
        app.processEvents()


def save(widget: QWidget, folder: Path, name: str) -> Path:
    widget.show()
    widget.raise_()
    settle(lambda: widget.isVisible())
    path = folder / f"{name}.png"
    if not widget.grab().save(str(path), "PNG", 9):
        raise RuntimeError(f"could not write {path}")
    return path


def _next(wizard: Wizard, step: str) -> None:
    wizard.go_next()
    settle(lambda: wizard.state.step == step or bool(wizard.error.message))
    if wizard.state.step != step:
        raise RuntimeError(f"the wizard stopped before {step}: {wizard.error.message}")


def sign_up(wizard: Wizard, folder: Path) -> tuple[list[Path], AccountInfo]:
    """The wizard's create path on "This computer", saving the start and phrase pages."""
    wizard.resize(*WIZARD_SIZE)
    saved = [save(wizard, folder, "wizard")]
    wizard.page("start").buttons[Flow.CREATE].setChecked(True)
    _next(wizard, "server")
    saved.append(save(wizard, folder, "wizard-server"))
    wizard.page("server").local.setChecked(True)
    _next(wizard, "credentials")
    credentials = wizard.page("credentials")
    credentials.username.setText("alice")
    credentials.passwords.password.setText(PASSWORD)
    credentials.passwords.again.setText(PASSWORD)
    _next(wizard, "phrase")
    saved.append(save(wizard, folder, "wizard-phrase"))
    words = [label.text() for label in wizard.page("phrase").grid.word_labels]
    _next(wizard, "confirm")
    confirm = wizard.page("confirm").confirm
    for position, field in zip(confirm.positions, confirm.fields, strict=True):
        field.setText(words[position])
    _next(wizard, "finish")
    account = wizard.account
    assert account is not None
    wizard.close()
    return saved, account


def main_screens(
    window: MainWindow, alice: ServicesBackend, people: People, scratch: Path, folder: Path
) -> list[Path]:
    window.resize(*WINDOW_SIZE)
    window.show()
    window.file_actions.upload(sample_tree(scratch / "sample"), "/")
    settle(lambda: len(window.transfers_model.rows) >= 6 and window.transfers.workers.active == 0)
    people.share_from_alice(alice)
    window.files.refresh()
    settle(lambda: window.files.model.rowCount() >= 6 and _shared_shown(window))
    settle(lambda: window.sidebar.item(3).text().endswith("(1)"))  # bob's offer
    window.menus.notice.clear()  # Xvfb has no tray: its fallback line is not the subject
    saved = [save(window, folder, "main-files")]
    dialog = window.menus.open_share_dialog("/Contracts")
    dialog.recipient.setText(people.bob)
    dialog.look_up()
    settle(lambda: dialog.check is not None and dialog.people.count() >= 1)
    saved.append(save(dialog, folder, "share-dialog"))
    dialog.close()
    window.show_section("inbox")
    settle(lambda: window.inbox.list.count() >= 1 and window.inbox.contacts.list.count() >= 1)
    saved.append(save(window, folder, "inbox"))
    saved.append(transfers_screen(window, scratch, folder))
    return saved


def inbox_screens(
    window: MainWindow, alice: ServicesBackend, people: People, scratch: Path, folder: Path
) -> list[Path]:
    """Files received (one through a drop inbox) beside people and drop inboxes; the
    dialog that makes a drop inbox."""
    people.send_files_to_alice(alice, scratch)
    window.show_section("inbox")
    window.inbox.contacts.refresh()
    window.inbox.drops.refresh()
    window.inbox.refresh()
    settle(lambda: window.inbox.list.count() >= 3 and window.inbox.drops.list.count() >= 1)
    settle(lambda: window.inbox.contacts.list.count() >= 2)
    window.inbox.list.setCurrentRow(window.inbox.list.count() - 1)
    window.inbox.drops.list.setCurrentRow(0)
    window.menus.notice.clear()
    saved = [save(window, folder, "inbox-files")]
    dialog = window.inbox.drops.open_create()
    dialog.label.setText("scans from the accountant")
    dialog.days.setValue(14)
    dialog.limit.setValue(16)
    dialog.resize(560, 320)
    saved.append(save(dialog, folder, "drop-inbox-dialog"))
    dialog.reject()
    return saved


def _shared_shown(window: MainWindow) -> bool:
    return any(entry.shared for entry in window.files.model.entries)


def _listed(window: MainWindow) -> bool:
    return window.files.model.rowCount() >= 6 and _shared_shown(window)


def _folder_sizes_shown(window: MainWindow) -> bool:
    model = window.files.model
    return all(entry.path in model.folder_stats for entry in model.entries if entry.is_folder)


def transfers_screen(window: MainWindow, scratch: Path, folder: Path) -> Path:
    """Finished sample uploads, one big upload in flight and one cancelled."""
    big, other = scratch / "holiday-video.mov", scratch / "disk-image.iso"
    for path, size in ((big, 1536 << 20), (other, 700 << 20)):
        with path.open("wb") as handle:
            handle.truncate(size)  # sparse: quick to make, read and encrypted like any file
    running = window.file_actions.upload([big], "/")
    cancelled = window.file_actions.upload([other], "/")
    model = window.transfers_model

    def row(path: Path) -> TransferRow | None:
        return model.row_for(f"/{path.name}")

    settle(lambda: (found := row(other)) is not None and found.done > 0)
    cancelled.cancel()
    window.show_section("transfers")
    settle(lambda: (found := row(other)) is not None and found.state is CANCELLED)
    settle(lambda: (found := row(big)) is not None and 0.15 < found.fraction < 0.9)
    path = save(window, folder, "transfers")
    running.cancel()
    return path


def preview_screen(window: MainWindow, scratch: Path, folder: Path) -> Path:
    """A photo selected in its folder, with the preview pane open."""
    picture = sample_picture(scratch / "sunset.png")
    window.show_section("my-files")
    window.files.open_folder("/Holiday photos")
    files = window.files
    settle(lambda: files.view.current_folder == "/Holiday photos")
    window.file_actions.upload([picture], "/Holiday photos")
    settle(lambda: "sunset.png" in [entry.name for entry in files.model.entries])
    settle(lambda: window.workers.active == 0)  # no refresh to come clears the selection
    row = next(
        r for r in range(files.proxy.rowCount()) if files.proxy.index(r, 0).data() == "sunset.png"
    )
    files.view.setCurrentIndex(files.proxy.index(row, 0))
    window.preview_action.setChecked(True)
    settle(
        lambda: not window.preview.pixmap.isNull() and "Versions" in window.preview.details.text()
    )
    settle(lambda: "/Holiday photos/sunset.png" in files.model.thumbnails)
    path = save(window, folder, "preview-pane")
    window.preview_action.setChecked(False)
    return path


def organise_screens(window: MainWindow, folder: Path) -> list[Path]:
    """Search across the tree, then the trash after a delete (with its Undo notice)."""
    settle(lambda: window.workers.active == 0 and window.transfers.workers.active == 0)
    window.show_section("search")
    page = window.organise.search_page
    page.field.setText("pdf")
    page.search_now()
    settle(lambda: page.results.topLevelItemCount() >= 3)
    saved = [save(window, folder, "search")]
    window.show_section("my-files")
    files = window.files
    settle(lambda: any(entry.name == "site-backup.tar.gz" for entry in files.model.entries))
    settle(lambda: window.workers.active == 0)  # no listing replaces the rows meanwhile
    for row in range(files.proxy.rowCount()):
        if files.proxy.index(row, 0).data() == "site-backup.tar.gz":
            files.view.setCurrentIndex(files.proxy.index(row, 0))
    window.file_actions.actions["delete"].trigger()
    settle(lambda: window.organise.undo_notice.isVisible() or files.error.isVisible())
    if not window.organise.undo_notice.isVisible():
        raise RuntimeError(f"the delete failed: {files.error.text.text()}")
    window.show_section("trash")
    trash = window.organise.trash_page
    settle(lambda: trash.list.topLevelItemCount() >= 1)
    saved.append(save(window, folder, "trash"))
    return saved


def trouble_screens(
    window: MainWindow, alice: ServicesBackend, scratch: Path, folder: Path
) -> list[Path]:
    """The server gone (offline banner, a failed upload), then the lock screen."""
    server = alice.local_server
    assert server is not None
    window.offline.timer.setInterval(3_600_000)  # no retry while the pictures are taken
    server.stop()
    window.show_section("my-files")
    settle(lambda: window.offline.offline)
    saved = [save(window, folder, "offline")]
    note = scratch / "meeting-notes.txt"
    note.write_text("agenda\n")
    window.file_actions.upload([note], "/")
    model = window.transfers_model
    settle(lambda: (row := model.row_for("/meeting-notes.txt")) is not None and row.can_retry)
    window.show_section("transfers")
    window.transfers_panel.table.selectRow(model.rows.index(model.row_for("/meeting-notes.txt")))  # type: ignore[arg-type]
    saved.append(save(window, folder, "transfer-failed"))
    server.start()
    window.offline.retry()
    settle(lambda: not window.offline.offline)
    settle(lambda: (row := model.row_for("/meeting-notes.txt")) is not None and row.state is DONE)
    window.lock()
    settle(lambda: window.locked)
    saved.append(save(window, folder, "lock-screen"))
    window.lock_screen.password.setText(PASSWORD)
    window.lock_screen.try_unlock()
    settle(lambda: not window.locked)
    return saved


def devices_screen(window: MainWindow, alice: ServicesBackend, scratch: Path, folder: Path) -> Path:
    """Account › "Devices & sessions…" with a linked laptop and a second sign-in."""
    others = other_devices(alice, scratch)
    try:
        dialog = window.menus.devices_and_sessions()
        dialog.resize(860, 540)
        settle(lambda: dialog.sessions.topLevelItemCount() >= 3)
        rows = [dialog.sessions.topLevelItem(row) for row in range(3)]
        other = next(item for item in rows if item and "(" not in item.text(0))
        dialog.sessions.setCurrentItem(other)  # the hint line stays empty: it may be ended
        path = save(dialog, folder, "devices-sessions")
        dialog.close()
        return path
    finally:
        for backend in others:
            backend.stop()


def activity_screen(window: MainWindow, folder: Path) -> Path:
    """Files › Activity… of My files' top folder: uploads, folders and shares, verified."""
    window.show_section("my-files")
    settle(lambda: window.files.view.current_folder == "/")
    dialog = window.menus.show_activity()
    dialog.resize(860, 480)
    settle(lambda: dialog.list.topLevelItemCount() >= 5)
    path = save(dialog, folder, "activity")
    dialog.close()
    return path


def read_only_screen(window: MainWindow, folder: Path) -> Path:
    """Inside a share carol gave read-only: no write actions, and a note says whose."""
    window.show_section("shared-with-me")
    settle(lambda: [e.name for e in window.files.model.entries] == ["Q3 reports"])
    window.files.open_folder("/Shared/Q3 reports")
    settle(lambda: window.write_guard.note.isVisible() and bool(window.files.model.entries))
    return save(window, folder, "shared-read-only")


def language_screens(
    alice: ServicesBackend, workers: Workers, account: AccountInfo, scratch: Path, folder: Path
) -> list[Path]:
    """The main window in each shipped language, its .qm compiled from the .ts here."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    saved = []
    for language in SHIPPED:
        source = TRANSLATIONS / f"privshare_{language}.ts"
        compiled = scratch / "qm" / f"privshare_{language}.qm"
        compiled.parent.mkdir(exist_ok=True)
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(compiled)], check=True)
        translators = install_translators(app, language, compiled.parent)
        try:
            window = MainWindow(alice, workers, account, alice.settings, watch_inbox=False)
            window.resize(*WINDOW_SIZE)
            window.show()
            settle(partial(_listed, window))
            settle(partial(_folder_sizes_shown, window))
            window.menus.notice.clear()
            saved.append(save(window, folder, f"main-files-{language}"))
            window.close()
            workers.wait(60_000)
        finally:
            remove_translators(app, translators)
    return saved


def render_all(folder: Path, scratch: Path) -> list[Path]:
    """Every screen, light, then the main window dark, then in German and Polish; returns
    the PNG paths."""
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app, dark=False)
    workers = Workers()
    alice = ServicesBackend(scratch / "alice", Settings(download_folder=str(scratch / "downloads")))
    people: People | None = None
    try:
        saved, account = sign_up(Wizard(alice, workers), folder)
        people = make_people(alice, scratch)
        window = MainWindow(alice, workers, account, alice.settings)
        saved += main_screens(window, alice, people, scratch, folder)
        saved += inbox_screens(window, alice, people, scratch, folder)
        saved.append(preview_screen(window, scratch, folder))
        saved.append(devices_screen(window, alice, scratch, folder))
        saved.append(activity_screen(window, folder))
        saved += organise_screens(window, folder)
        saved.append(read_only_screen(window, folder))
        saved += trouble_screens(window, alice, scratch, folder)
        apply_style(app, dark=True)
        window.show_section("shared-with-me")
        settle(lambda: [e.name for e in window.files.model.entries] == ["Q3 reports"])
        saved.append(save(window, folder, "shared-with-me-dark"))
        apply_style(app, dark=False)
        window.close()
        workers.wait(60_000)
        saved += language_screens(alice, workers, account, scratch, folder)
        return saved
    finally:
        if people is not None:
            people.stop()
        alice.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if display_problem():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    with tempfile.TemporaryDirectory(prefix="privshare-screenshots-") as scratch:
        for path in render_all(args.folder, Path(scratch)):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
