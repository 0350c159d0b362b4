"""The wizard's "Link to an existing device" page: user name, the code the signed-in
device shows, this device's own password; while linking, the verification words to
compare with the other screen (app/services/devices/DEVICES.md)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.gui.backend.interface import DeviceWordsShown
from app.gui.wizard.pages import NewPasswordFields, Page, username_problem
from app.services.devices import CodeFormatError, LinkCode

__all__ = ["LinkPage"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Wizard", text)


class LinkPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = QLineEdit(self)
        self.username.setAccessibleName(_tr("User name"))
        self.code = QLineEdit(self)
        self.code.setAccessibleName(_tr("Code"))
        self.code.setPlaceholderText("7-guitar-ocean")
        form = QFormLayout()
        form.addRow(_tr("User name"), self.username)
        form.addRow(_tr("Code from the other device"), self.code)
        self.passwords = NewPasswordFields(self)
        self.words = QLabel(self)
        self.words.setAccessibleName(_tr("Verification words"))
        self.words.setWordWrap(True)
        big = QFont(self.words.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        self.words.setFont(big)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_tr("A password for this device:"), self))
        layout.addWidget(self.passwords)
        layout.addWidget(self.words)
        layout.addStretch(1)

    def problem(self) -> str | None:
        try:
            LinkCode.parse(self.code.text())
        except CodeFormatError as error:
            return str(error)
        return username_problem(self.username.text().strip()) or self.passwords.problem()

    def values(self) -> dict[str, object]:
        return {
            "username": self.username.text().strip(),
            "code": self.code.text().strip(),
            "password": self.passwords.password.text(),
        }

    def show_event(self, event: object) -> None:
        """Progress of the link: the words, as the other device shows them too."""
        if isinstance(event, DeviceWordsShown):
            self.words.setText(
                _tr("Verification words: %1").replace("%1", " ".join(event.words))
                + "\n"
                + _tr("Check that the other device shows the same words, and confirm there.")
            )
