"""The pages of the first-run wizard, one widget per step id of wizard_flow.STEPS.

Each page has `problem() -> str | None` (what must be fixed before going on) and
`values() -> dict` (what it contributes to the wizard's state).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.wizard.flow import QT_TRANSLATE_NOOP, Flow
from app.gui.wizard.phrase_widgets import ConfirmWords, PhraseEntry, PhraseGrid
from app.gui.wizard.shares_entry import SharesDialog
from app.services.account.passwords import estimate, password_problem

__all__ = [
    "ConfirmPage",
    "CredentialsPage",
    "FinishPage",
    "NewPasswordFields",
    "Page",
    "PhrasePage",
    "RecoverPhrasePage",
    "ServerPage",
    "SignInPage",
    "StartPage",
]

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$")
# the English lines of app.services.account.passwords, translated when shown
_PASSWORD_LINES = (
    QT_TRANSLATE_NOOP("Wizard", "too weak"),
    QT_TRANSLATE_NOOP("Wizard", "fair"),
    QT_TRANSLATE_NOOP("Wizard", "good"),
    QT_TRANSLATE_NOOP("Wizard", "strong"),
    QT_TRANSLATE_NOOP("Wizard", "Use at least 10 characters."),
    QT_TRANSLATE_NOOP(
        "Wizard", "This password is too easy to guess: make it longer or less predictable."
    ),
    QT_TRANSLATE_NOOP("Wizard", "The two passwords differ."),
)


def username_problem(name: str) -> str | None:
    if not _USERNAME.match(name):
        return QCoreApplication.translate(
            "Wizard", "A user name is 1-64 lower-case letters, digits, dots, dashes or underscores."
        )
    return None


class Page(QWidget):
    def problem(self) -> str | None:
        return None

    def values(self) -> dict[str, object]:
        return {}


class StartPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[Flow, QRadioButton] = {}
        for flow, text in (
            (Flow.CREATE, QCoreApplication.translate("Wizard", "Create a new account")),
            (
                Flow.SIGN_IN,
                QCoreApplication.translate("Wizard", "Sign in to my account on this computer"),
            ),
            (
                Flow.RECOVER,
                QCoreApplication.translate("Wizard", "Recover my account with my 24 words"),
            ),
            (
                Flow.LINK,
                QCoreApplication.translate(
                    "Wizard", "Link to an existing device (it shows a code)"
                ),
            ),
        ):
            button = QRadioButton(text, self)
            button.setAccessibleName(text)
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[flow] = button
        self.buttons[Flow.CREATE].setChecked(True)
        layout.addStretch(1)

    def flow(self) -> Flow:
        return next(flow for flow, button in self.buttons.items() if button.isChecked())


class ServerPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.remote = QRadioButton(
            QCoreApplication.translate("Wizard", "A Privshare server at this address:"), self
        )
        self.local = QRadioButton(
            QCoreApplication.translate("Wizard", "This computer, to try Privshare out"), self
        )
        self.local_note = QLabel(
            QCoreApplication.translate(
                "Wizard",
                "Files on this computer only: people on other computers cannot reach them, "
                "and if this computer is lost, so are they (your 24 words restore the "
                "account, not files that were never anywhere else).",
            ),
            self,
        )
        self.local_note.setObjectName("PageSubtitle")
        self.local_note.setWordWrap(True)
        self.local_note.setAccessibleName(
            QCoreApplication.translate("Wizard", "What this computer means")
        )
        self.local.toggled.connect(self.local_note.setVisible)
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("files.example.org")
        for widget, name in (
            (self.local, QCoreApplication.translate("Wizard", "Keep files on this computer")),
            (self.remote, QCoreApplication.translate("Wizard", "Use a Privshare server")),
            (self.host, QCoreApplication.translate("Wizard", "Server address")),
        ):
            widget.setAccessibleName(name)
        self.local_note.hide()
        self.host.setEnabled(False)
        self.remote.toggled.connect(self._remote_chosen)
        shown: tuple[QWidget, ...] = (self.remote, self.host, self.local, self.local_note)
        for shown_widget in shown:
            layout.addWidget(shown_widget)
        layout.addStretch(1)

    def _remote_chosen(self, chosen: bool) -> None:
        self.host.setEnabled(chosen)
        if chosen:
            self.host.setFocus()

    def offer_local(self, offered: bool) -> None:
        """ "This computer" is a choice for a new account only (a recovered or signed-in
        account lives on a server that already exists)."""
        self.local.setVisible(offered)
        if not offered and self.local.isChecked():
            self.remote.setChecked(True)
        self.local_note.setVisible(offered and self.local.isChecked())

    @property
    def is_local(self) -> bool:
        return self.local.isChecked() and self.local.isVisible()

    def problem(self) -> str | None:
        if not self.remote.isChecked() and not self.is_local:
            return QCoreApplication.translate("Wizard", "Choose where your files are kept.")
        if not self.is_local and not _HOST.match(self.host.text().strip()):
            return QCoreApplication.translate(
                "Wizard", "Type the server's address, such as files.example.org."
            )
        return None


class NewPasswordFields(QWidget):
    """Password twice with a strength meter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.password = QLineEdit(self)
        self.again = QLineEdit(self)
        for field, name in (
            (self.password, QCoreApplication.translate("Wizard", "Password")),
            (self.again, QCoreApplication.translate("Wizard", "Again")),
        ):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(name)
        self.meter = QProgressBar(self)
        self.meter.setRange(0, 3)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName(QCoreApplication.translate("Wizard", "Password strength"))
        self.verdict = QLabel(self)
        self.verdict.setAccessibleName(
            QCoreApplication.translate("Wizard", "Password strength verdict")
        )
        form.addRow(QCoreApplication.translate("Wizard", "Password"), self.password)
        form.addRow(QCoreApplication.translate("Wizard", "Password again"), self.again)
        form.addRow(QCoreApplication.translate("Wizard", "Strength"), self.meter)
        form.addRow("", self.verdict)
        self.password.textChanged.connect(self._rate)
        self._rate("")

    def _rate(self, text: str) -> None:
        strength = estimate(text)
        self.meter.setValue(strength.level)
        hint = QCoreApplication.translate("Wizard", "at least 10 characters")
        self.verdict.setText(
            f"{QCoreApplication.translate('Wizard', strength.label)} ({hint})" if text else hint
        )

    def problem(self) -> str | None:
        found = password_problem(self.password.text(), self.again.text())
        return QCoreApplication.translate("Wizard", found) if found else None


def lower_case_as_typed(field: QLineEdit) -> None:
    """User names are lower case: "Alice" becomes "alice" as it is typed."""

    def lowered(text: str) -> None:
        if text != text.lower():
            position = field.cursorPosition()
            field.setText(text.lower())
            field.setCursorPosition(position)

    field.textEdited.connect(lowered)


def _username_row(page: QWidget, layout: QVBoxLayout) -> QLineEdit:
    """A "User name" field on its own form row at the top of `layout`."""
    form = QFormLayout()
    field = QLineEdit(page)
    field.setAccessibleName(QCoreApplication.translate("Wizard", "User name"))
    lower_case_as_typed(field)
    form.addRow(QCoreApplication.translate("Wizard", "User name"), field)
    layout.addLayout(form)
    return field


class CredentialsPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.username = _username_row(self, layout)
        self.passwords = NewPasswordFields(self)
        layout.addWidget(self.passwords)
        layout.addStretch(1)

    def problem(self) -> str | None:
        return username_problem(self.username.text().strip()) or self.passwords.problem()

    def values(self) -> dict[str, object]:
        return {
            "username": self.username.text().strip(),
            "password": self.passwords.password.text(),
        }


class PhrasePage(Page):
    save_requested = Signal()
    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.grid: PhraseGrid | None = None
        self.print_button = QPushButton(
            QCoreApplication.translate("Wizard", "Print a recovery sheet…"), self
        )
        self.print_button.setAccessibleName(
            QCoreApplication.translate("Wizard", "Print a recovery sheet")
        )
        self.print_button.clicked.connect(self.print_requested)
        self.save_button = QPushButton(
            QCoreApplication.translate("Wizard", "Save a printable recovery sheet…"), self
        )
        self.save_button.setAccessibleName(
            QCoreApplication.translate("Wizard", "Save a printable recovery sheet")
        )
        self.save_button.clicked.connect(self.save_requested)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.print_button)
        self.layout_.addWidget(self.save_button)

    def show_words(self, words: list[str]) -> None:
        if self.grid is not None:
            self.grid.deleteLater()
        self.grid = PhraseGrid(words, self)
        self.layout_.insertWidget(0, self.grid)


class ConfirmPage(Page):
    submitted = Signal()  # Enter after the last word: the wizard goes on

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.confirm: ConfirmWords | None = None
        self.layout_.addStretch(1)

    def ask(self, words: list[str], positions: tuple[int, ...]) -> None:
        if self.confirm is not None:
            self.confirm.deleteLater()
        self.confirm = ConfirmWords(words, positions, self)
        self.layout_.insertWidget(0, self.confirm)
        self.confirm.submitted.connect(self.submitted)

    def problem(self) -> str | None:
        return self.confirm.problem() if self.confirm is not None else None


class SignInPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.username = QLineEdit(self)
        lower_case_as_typed(self.username)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(
            QCoreApplication.translate("Wizard", "Remember me on this computer"), self
        )
        for widget, name in (
            (self.username, QCoreApplication.translate("Wizard", "User name")),
            (self.password, QCoreApplication.translate("Wizard", "Password")),
            (self.remember, QCoreApplication.translate("Wizard", "Remember me on this computer")),
        ):
            widget.setAccessibleName(name)
        form.addRow(QCoreApplication.translate("Wizard", "User name"), self.username)
        form.addRow(QCoreApplication.translate("Wizard", "Password"), self.password)
        form.addRow("", self.remember)

    def keyring_unavailable(self, reason: str) -> None:
        self.remember.setChecked(False)
        self.remember.setEnabled(False)
        self.remember.setToolTip(reason)

    def problem(self) -> str | None:
        if not self.password.text():
            return QCoreApplication.translate("Wizard", "Type your password.")
        return username_problem(self.username.text().strip())

    def values(self) -> dict[str, object]:
        return {
            "username": self.username.text().strip(),
            "password": self.password.text(),
            "remember": self.remember.isChecked(),
        }


class RecoverPhrasePage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.username = _username_row(self, layout)
        self.entry = PhraseEntry(self)
        layout.addWidget(self.entry)
        self.use_shares = QPushButton(
            QCoreApplication.translate("Wizard", "I have shares of my phrase instead…"), self
        )
        self.use_shares.clicked.connect(self.enter_shares)
        layout.addWidget(self.use_shares)
        layout.addStretch(1)

    def enter_shares(self) -> SharesDialog:
        dialog = SharesDialog(self)
        dialog.accepted.connect(lambda: self.entry.fill(dialog.phrase))
        dialog.open()
        return dialog

    def problem(self) -> str | None:
        if not self.entry.phrase:
            return self.entry.feedback.text() or QCoreApplication.translate(
                "Wizard", "Fill in 12, 15, 18, 21 or 24 words."
            )
        return username_problem(self.username.text().strip())

    def values(self) -> dict[str, object]:
        return {"username": self.username.text().strip(), "phrase": self.entry.phrase}


class RecoverPasswordPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.passwords = NewPasswordFields(self)
        layout.addWidget(self.passwords)
        layout.addStretch(1)

    def problem(self) -> str | None:
        return self.passwords.problem()

    def values(self) -> dict[str, object]:
        return {"password": self.passwords.password.text()}


class FinishPage(Page):
    """Who you are now: the address to give people (with Copy) and the check words they
    will see for you."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(QCoreApplication.translate("Wizard", "Summary"))
        self.address = QLineEdit(self)
        self.address.setReadOnly(True)
        self.address.setAccessibleName(QCoreApplication.translate("Wizard", "Your address"))
        self.copy_button = QPushButton(QCoreApplication.translate("Wizard", "Copy"), self)
        self.copy_button.setAccessibleName(
            QCoreApplication.translate("Wizard", "Copy your address")
        )
        self.copy_button.clicked.connect(self.copy_address)
        self.words = QLabel(self)
        self.words.setObjectName("CheckWords")
        self.words.setWordWrap(True)
        self.words.setAccessibleName(QCoreApplication.translate("Wizard", "Your check words"))
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.copy_button)
        layout.addWidget(self.summary)
        layout.addWidget(
            QLabel(
                QCoreApplication.translate("Wizard", "Give people this address to share with you:"),
                self,
            )
        )
        layout.addLayout(row)
        self.words_title = QLabel(
            QCoreApplication.translate(
                "Wizard", "They will see these check words for you: read them out when they ask."
            ),
            self,
        )
        self.words_title.setWordWrap(True)
        layout.addWidget(self.words_title)
        layout.addWidget(self.words)
        layout.addStretch(1)

    def show_account(self, address: str, check_words: Sequence[str]) -> None:
        self.address.setText(address)
        self.words.setText(" ".join(check_words))
        self.words_title.setVisible(bool(check_words))

    def copy_address(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.address.text())
