"""Render each main screen with sample data to PNG files (QWidget.grab, works offscreen).

    QT_QPA_PLATFORM=offscreen python -m app.gui.screenshots OUTPUT_FOLDER [--dark]

The sample backend here only feeds the screens with fixed data; it never talks to a
server. The real thing against a server is `make screenshots` (issue 7 §5, later).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from app.gui.backend_types import (
    AccountInfo,
    CancelToken,
    Entry,
    Grant,
    InboxItem,
    PkiStatus,
    RecipientCheck,
    TransferEvent,
    TransferState,
    Version,
    View,
)
from app.gui.look import apply_style
from app.gui.main_window import MainWindow
from app.gui.settings_store import Settings
from app.gui.wizard import Wizard
from app.gui.workers import Workers

__all__ = ["SampleBackend", "main", "render_all"]

SAMPLE_PHRASE = (
    "legal winner thank year wave sausage worth useful legal winner thank year wave "
    "sausage worth useful legal winner thank year wave sausage worth title"
)
_NOW = 1_760_000_000.0
_FILES = [
    Entry("Contracts", "/Contracts", True, 0, _NOW - 86_400 * 3, "write"),
    Entry("Holiday photos", "/Holiday photos", True, 0, _NOW - 86_400 * 40),
    Entry("Tax 2025", "/Tax 2025", True, 0, _NOW - 86_400 * 9, "read"),
    Entry("budget.xlsx", "/budget.xlsx", False, 48_213, _NOW - 3_600 * 5),
    Entry("passport-scan.pdf", "/passport-scan.pdf", False, 1_830_221, _NOW - 86_400),
    Entry("notes.txt", "/notes.txt", False, 2_048, _NOW - 600),
    Entry("site-backup.tar.gz", "/site-backup.tar.gz", False, 734_003_200, _NOW - 86_400 * 2),
    Entry("beach.jpg", "/beach.jpg", False, 4_311_020, _NOW - 86_400 * 41),
]


class SampleBackend:
    """Fixed sample data for the screenshots (every call answers at once, except the
    sample upload, which stays in flight until `release` is set)."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def __getattr__(self, name: str) -> Callable[..., Any]:
        return lambda *args, **kwargs: None  # the calls that only change state

    def keyring_problem(self) -> str | None:
        return "no system keyring is available in this session"

    def create_account(self, address: str, password: str) -> str:
        return SAMPLE_PHRASE

    def start_local_server(self) -> str:
        return "127.0.0.1:8470"

    def list_folder(self, view: View, path: str) -> list[Entry]:
        if view is View.SHARED_WITH_ME:
            return [
                Entry("Team handbook", "/Team handbook", True, 0, _NOW, "from bob#acme.example")
            ]
        return list(_FILES)

    def versions(self, path: str) -> list[Version]:
        return [Version(2, 2048, _NOW), Version(1, 1990, _NOW - 86_400)]

    def check_recipient(self, address: str) -> RecipientCheck:
        status = PkiStatus.KEY_CHANGED if address.startswith("mallory") else PkiStatus.FIRST_CONTACT
        words = ("orbit", "velvet", "cactus", "hammer", "lunar", "pepper", "ritual", "stove")
        return RecipientCheck(address, status, words, "3F2A 91C0 77DE 0B45 A1E3")

    def grants(self, path: str) -> list[Grant]:
        return [Grant("carol#acme.example", "read"), Grant("dave#files.example.org", "write")]

    def inbox(self) -> list[InboxItem]:
        return [
            InboxItem("1", "bob#acme.example", True, "Q3 reports", "read", _NOW - 3_600),
            InboxItem("2", "erin#mail.example", False, "Wedding photos", "write", _NOW - 86_400),
        ]

    def upload(
        self,
        paths: Sequence[Path],
        folder: str,
        on_event: Callable[[TransferEvent], None],
        cancel: CancelToken,
    ) -> None:
        rows = [
            ("site-backup.tar.gz", 734_003_200, 0.42, TransferState.RUNNING, ""),
            ("beach.jpg", 4_311_020, 1.0, TransferState.FINISHED, ""),
            ("holiday.mov", 1_288_490_188, 0.13, TransferState.RUNNING, ""),
            (
                "draft.docx",
                88_000,
                0.6,
                TransferState.FAILED,
                "the server did not answer (timed out)",
            ),
        ]
        for name, total, part, state, error in rows:
            done = int(total * part)
            on_event(TransferEvent(f"/tmp/{name}", name, "up", 0, total, TransferState.RUNNING))
            time.sleep(0.05)  # a worker thread: lets the model measure a speed
            on_event(TransferEvent(f"/tmp/{name}", name, "up", done, total, state, "/", "", error))
        self.release.wait(30)


def _settle(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    app = QApplication.instance()
    while time.monotonic() < deadline and not condition():
        app.processEvents()  # type: ignore[union-attr]
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()  # type: ignore[union-attr]


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    widget.show()
    _settle(lambda: False, 0.2)
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path


def render_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    backend: Any = SampleBackend()
    workers = Workers()
    saved = [_save(Wizard(backend, workers), folder, "wizard-start")]
    wizard = Wizard(backend, workers)
    wizard.state.values.update(username="alice", host="127.0.0.1:8470")
    wizard.page("phrase").show_words(SAMPLE_PHRASE.split())
    wizard.state.position = 3
    wizard._render()
    saved.append(_save(wizard, folder, "wizard-phrase"))
    recover = Wizard(backend, workers)
    recover.state.flow, recover.state.position = recover.state.flow.RECOVER, 2
    recover._render()
    recover.page("recover-phrase").entry.fill(" ".join(SAMPLE_PHRASE.split()[:9]) + " wrongword")
    saved.append(_save(recover, folder, "wizard-recover"))
    account = AccountInfo("alice#127.0.0.1:8470", "127.0.0.1:8470", ("alpha", "bravo"))
    window = MainWindow(backend, workers, account, Settings())
    window.resize(1100, 660)
    _settle(lambda: window.model.rowCount() == len(_FILES))
    saved.append(_save(window, folder, "main-files"))
    dialog = window.open_share_dialog("/Contracts")
    dialog.recipient.setText("bob#acme.example")
    dialog.look_up()
    _settle(lambda: dialog.check is not None and dialog.people.count() == 2)
    saved.append(_save(dialog, folder, "share-first-contact"))
    dialog.recipient.setText("mallory#acme.example")
    dialog.check = None
    dialog.look_up()
    _settle(lambda: dialog.check is not None)
    saved.append(_save(dialog, folder, "share-key-changed"))
    dialog.close()
    window.show_section("inbox")
    _settle(lambda: window.inbox.list.count() == 2)
    window.inbox.list.setCurrentRow(0)
    saved.append(_save(window, folder, "inbox"))
    window.file_actions.upload([Path("/tmp/sample")], "/")
    window.show_section("transfers")
    _settle(
        lambda: len(window.transfers_model.rows) == 4 and window.transfers_model.rows[3].finished
    )
    saved.append(_save(window, folder, "transfers"))
    backend.release.set()
    window.lock()
    saved.append(_save(window, folder, "locked"))
    workers.wait()
    return saved


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dark", action="store_true", help="use the dark stylesheet")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_style(app, dark=args.dark)
    for path in render_all(args.folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
