"""Account menu dialogs: show the recovery phrase (password first), change password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend
from app.gui.error_line import ErrorLine
from app.gui.wizard.pages import NewPasswordFields
from app.gui.wizard.phrase_widgets import PhraseGrid
from app.gui.workers import Workers

__all__ = ["ChangePasswordDialog", "ShowPhraseDialog"]


def _password_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class ShowPhraseDialog(QDialog):
    """Asks for the password, then shows the words (never copied anywhere)."""

    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.setWindowTitle(self.tr("Recovery phrase"))
        self.password = _password_field(self, self.tr("Password"))
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close, self
        )
        self.buttons.accepted.connect(self.reveal)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(QLabel(self.tr("Type your password to see your 24 words."), self))
        self.layout_.addWidget(self.password)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)
        self.grid: PhraseGrid | None = None

    def reveal(self) -> None:
        self.workers.run(
            self.backend.recovery_phrase,
            self.password.text(),
            done=self._show,
            failed=self.error.show_error,
        )

    def _show(self, phrase: str) -> None:
        self.password.clear()
        self.password.setEnabled(False)
        self.error.clear()
        self.grid = PhraseGrid(phrase.split(), self)
        self.layout_.insertWidget(2, self.grid)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(False)


class ChangePasswordDialog(QDialog):
    def __init__(self, backend: Backend, workers: Workers, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.workers = backend, workers
        self.setWindowTitle(self.tr("Change password"))
        self.old = _password_field(self, self.tr("Current password"))
        self.new = NewPasswordFields(self)
        self.error = ErrorLine(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.old)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.new)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def submit(self) -> None:
        problem = self.new.problem()
        if problem:
            self.error.show_error(problem)
            return
        self.workers.run(
            self.backend.change_password,
            self.old.text(),
            self.new.password.text(),
            done=lambda _: self.accept(),
            failed=self.error.show_error,
        )
