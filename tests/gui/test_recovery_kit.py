"""The recovery kit dialogs (app/gui/dialogs/recovery_kit.py), driven with real key and
mouse events, reached from the main window's Account menu: split the phrase into share
sheets, and the recovery drill with the phrase or with K of the shares."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import shamir_mnemonic
from fake_backend import PASSWORD, PHRASE, FakeBackend
from PySide6.QtCore import Qt

from app.crypto import bip39
from app.gui.backend.interface import AccountInfo
from app.gui.backend.settings_store import Settings
from app.gui.dialogs.recovery_kit import RecoveryDrillDialog, SplitPhraseDialog
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers
from app.services.account.shares import split_phrase


@pytest.fixture
def window(qtbot, backend: FakeBackend, workers: Workers, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = Settings(download_folder=str(tmp_path))
    shown = MainWindow(
        backend, workers, AccountInfo("alice#127.0.0.1:4711", "127.0.0.1:4711"), settings
    )
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _menu_action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu else []:
            if action.text() == text:
                return action
    raise AssertionError(f"no menu entry {text!r}")


def test_split_my_phrase_makes_sheets_any_k_restore(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _menu_action(window, "Split my phrase…").trigger()
    dialog = next(d for d in window.findChildren(SplitPhraseDialog))
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.shares.setValue(4)
    dialog.threshold.setValue(2)
    qtbot.mouseClick(dialog.split_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.sheets.isVisible, timeout=10_000)
    lines = [line for line in dialog.text.splitlines() if line[:3].strip(". ").isdigit()]
    shares = [line.split(". ", 1)[1] for line in lines]
    assert len(shares) == 4 and dialog.text.count("Any 2 of the 4 shares") == 4
    entropy = shamir_mnemonic.combine_mnemonics([shares[3], shares[1]])
    assert bip39.entropy_to_mnemonic(entropy) == PHRASE  # the reference tool agrees
    assert dialog.password.text() == ""
    saved = dialog.save_to(tmp_path / "sheets.txt")
    assert saved.read_text() == dialog.text
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_split_with_a_wrong_password_shows_one_line(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = window.menus.split_phrase()
    qtbot.keyClicks(dialog.password, "not it")
    qtbot.mouseClick(dialog.split_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text.text() != "", timeout=10_000)
    assert "wrong password" in dialog.error.text.text()
    assert not dialog.sheets.isVisible() and dialog.text == ""
    assert not dialog.save_button.isEnabled()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (PHRASE, "They restore this account"),
        ("\n".join(split_phrase(PHRASE, shares=3, threshold=2)[1:]), "They restore this account"),
        (" ".join(["zoo"] * 23 + ["vote"]), "of another account"),
    ],
    ids=["phrase", "two-of-three-shares", "another-account"],
)
def test_the_recovery_drill(qtbot, window: MainWindow, typed: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    _menu_action(window, "Check my phrase or shares…").trigger()
    dialog = next(d for d in window.findChildren(RecoveryDrillDialog))
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.candidate.setPlainText(typed)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text() != "", timeout=10_000)
    assert expected in dialog.outcome.text()


def test_the_drill_with_too_few_shares_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = window.menus.recovery_drill()
    qtbot.keyClicks(dialog.password, PASSWORD)
    shares = split_phrase(PHRASE, shares=5, threshold=3)
    dialog.candidate.setPlainText(f"{shares[0]}\n{shares[4]}")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text.text() != "", timeout=10_000)
    assert "too few shares: 2 given, 3 needed" in dialog.error.text.text()
    assert dialog.outcome.text() == ""
