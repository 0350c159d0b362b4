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


class LinkPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = QLineEdit(self)
        self.username.setAccessibleName(QCoreApplication.translate("Wizard", "User name"))
        self.code = QLineEdit(self)
        self.code.setAccessibleName(QCoreApplication.translate("Wizard", "Code"))
        self.code.setPlaceholderText("7-guitar-ocean")
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("Wizard", "User name"), self.username)
        form.addRow(QCoreApplication.translate("Wizard", "Code from the other device"), self.code)
        self.passwords = NewPasswordFields(self)
        self.words = QLabel(self)
        self.words.setAccessibleName(QCoreApplication.translate("Wizard", "Verification words"))
        self.words.setWordWrap(True)
        big = QFont(self.words.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        self.words.setFont(big)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(QCoreApplication.translate("Wizard", "A password for this device:"), self)
        )
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
                QCoreApplication.translate("Wizard", "Verification words: %1").replace(
                    "%1", " ".join(event.words)
                )
                + "\n"
                + QCoreApplication.translate(
                    "Wizard", "Check that the other device shows the same words, and confirm there."
                )
            )
