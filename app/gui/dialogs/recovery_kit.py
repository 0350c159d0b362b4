"""The recovery kit in the Account menu: "Split my phrase…" (SLIP-39 share sheets, saved or
printed) and "Check my phrase or shares…" (the recovery drill, which changes nothing).

Both ask for the password, get the phrase from the backend off the GUI thread, and do
the rest with app.services.account.shares (SHARES.md); no share is kept after the dialog
closes, and nothing is sent anywhere.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend
from app.gui.error_line import ErrorLine
from app.gui.workers import Workers
from app.services.account.shares import (
    MAX_SHARES,
    combine_shares,
    is_same_phrase,
    split_phrase,
)

__all__ = ["RecoveryDrillDialog", "SplitPhraseDialog", "share_sheets"]

# The desktop bundle leaves Qt's print support out (packaging/privshare.spec): there the
# sheets are saved, and printed from any text editor.
CAN_PRINT = importlib.util.find_spec("PySide6.QtPrintSupport") is not None


def share_sheets(shares: list[str], threshold: int) -> str:
    """The text of the sheets: one per share, each saying how many restore the phrase."""
    total = str(len(shares))
    heading = QCoreApplication.translate("RecoveryKit", "Privshare recovery share %1 of %2")
    needed = QCoreApplication.translate(
        "RecoveryKit",
        "Any %1 of the %2 shares restore the account "
        "(privshare recover ADDRESS --from-shares FILE, or any SLIP-39 tool).",
    ).replace("%1", str(threshold))
    sheets = [
        f"{heading.replace('%1', str(number)).replace('%2', total)}\n"
        f"{needed.replace('%2', total)}\n\n"
        f"{number}. {share}\n"
        for number, share in enumerate(shares, start=1)
    ]
    return "\n\f".join(sheets)


def _password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(QCoreApplication.translate("RecoveryKit", "Password"))
    return field


class SplitPhraseDialog(QDialog):
    """Password, N and K -> N share sheets to save or print, one per place."""

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.setWindowTitle(self.tr("Split my phrase"))
        self.password = _password_field(self)
        self.shares = QSpinBox(self)
        self.shares.setRange(2, MAX_SHARES)
        self.shares.setValue(5)
        self.shares.setAccessibleName(self.tr("Shares"))
        self.threshold = QSpinBox(self)
        self.threshold.setRange(2, 5)
        self.threshold.setValue(3)
        self.threshold.setAccessibleName(self.tr("Needed to restore"))
        self.shares.valueChanged.connect(self.threshold.setMaximum)
        self.sheets = QPlainTextEdit(self)
        self.sheets.setReadOnly(True)
        self.sheets.setAccessibleName(self.tr("Share sheets"))
        self.sheets.setTabChangesFocus(True)
        self.sheets.hide()
        self.error = ErrorLine(self)
        self.split_button = QPushButton(self.tr("Split"), self)
        self.split_button.clicked.connect(self.split)
        self.save_button = QPushButton(self.tr("Save sheets…"), self)
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.clicked.connect(self.print_sheets)
        for button in (self.save_button, self.print_button):
            button.setEnabled(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        close.addButton(self.split_button, QDialogButtonBox.ButtonRole.ActionRole)
        close.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        close.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setVisible(CAN_PRINT)
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Shares to make"), self.shares)
        form.addRow(self.tr("Shares needed to restore"), self.threshold)
        intro = QLabel(
            self.tr(
                "Your 24 words become several shares: any few of them restore the "
                "account, fewer tell nothing. Keep each share in a different place."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.sheets)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.text = ""

    def split(self) -> None:
        total, needed = self.shares.value(), self.threshold.value()

        def work(password: str) -> str:
            phrase = self.backend.recovery_phrase(password)
            return share_sheets(split_phrase(phrase, shares=total, threshold=needed), needed)

        self.workers.run(work, self.password.text(), done=self._show, failed=self.error.show_error)

    def _show(self, text: str) -> None:
        self.error.clear()
        self.password.clear()
        self.text = text
        self.sheets.setPlainText(text.replace("\f", ""))
        self.sheets.show()
        for button in (self.save_button, self.print_button):
            button.setEnabled(True)

    def save(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save share sheets"), "shares.txt")
        return self.save_to(Path(name)) if name else None

    def save_to(self, path: Path) -> Path:
        """Written 0600 and whole (a temporary file renamed into place)."""
        temp = path.with_name(f".{path.name}.part")
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(self.text)
        os.replace(temp, path)
        return path

    def print_sheets(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # optional: see CAN_PRINT

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            document = QTextDocument()
            document.setPlainText(self.text)
            document.print_(printer)


class RecoveryDrillDialog(QDialog):
    """Type the 24 words, or paste shares one per line: do they restore this account?"""

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.setWindowTitle(self.tr("Check my phrase or shares"))
        self.password = _password_field(self)
        self.candidate = QPlainTextEdit(self)
        self.candidate.setAccessibleName(self.tr("Phrase or shares"))
        self.candidate.setTabChangesFocus(True)
        self.candidate.setPlaceholderText(self.tr("Your 24 words, or your shares (one per line)"))
        self.outcome = QLabel(self)
        self.outcome.setAccessibleName(self.tr("Result"))
        self.error = ErrorLine(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.check_button = QPushButton(self.tr("Check"), self)
        self.check_button.clicked.connect(self.check)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("This only checks: nothing is changed or sent anywhere."), self)
        )
        layout.addLayout(form)
        layout.addWidget(self.candidate)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def check(self) -> None:
        lines = [line for line in self.candidate.toPlainText().splitlines() if line.strip()]

        def work(password: str) -> bool:
            phrase = self.backend.recovery_phrase(password)
            candidate = combine_shares(lines) if len(lines) > 1 else " ".join(lines)
            return is_same_phrase(phrase, candidate)

        self.outcome.clear()
        self.workers.run(work, self.password.text(), done=self._show, failed=self.error.show_error)

    def _show(self, same: bool) -> None:
        self.error.clear()
        self.outcome.setText(
            self.tr("They restore this account. Nothing was changed.")
            if same
            else self.tr("This is a valid phrase, but of another account.")
        )
