""" "Add a device…": show a code for the new device, then the verification words, and link
only when the person says both screens show the same words (app/services/devices/
DEVICES.md). The new device runs `privshare device join ADDRESS CODE`.

The backend's `add_device` runs on a worker thread; it reports the code and the words
as events and then blocks in `approve` until a button here answers (or the dialog
closes, which answers no).
"""

from __future__ import annotations

import secrets
import threading

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.backend.interface import Backend, DeviceCodeShown, DeviceWordsShown
from app.gui.error_line import ErrorLine
from app.gui.workers import Workers

__all__ = ["AddDeviceDialog"]

ANSWER_SECONDS = 600.0  # the code's whole life: after it nothing can be linked anyway


class _Answer:
    """The person's yes or no, handed from the GUI thread to the waiting worker."""

    def __init__(self) -> None:
        self._given = threading.Event()
        self._yes = False

    def give(self, yes: bool) -> None:
        if not self._given.is_set():
            self._yes = yes
            self._given.set()

    def wait(self, _words: tuple[str, ...]) -> bool:
        return self._given.wait(ANSWER_SECONDS) and self._yes


class AddDeviceDialog(QDialog):
    def __init__(
        self, backend: Backend, workers: Workers, address: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.backend, self.workers, self.address = backend, workers, address
        self.setWindowTitle(self.tr("Add a device"))
        self.name = QLineEdit(f"device-{secrets.token_hex(2)}", self)
        self.name.setAccessibleName(self.tr("Device name"))
        self.start_button = QPushButton(self.tr("Show a code"), self)
        self.start_button.clicked.connect(self.start)
        self.code = QLabel(self)
        self.code.setAccessibleName(self.tr("Code"))
        big = QFont(self.code.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.code.setFont(big)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.words = QLabel(self)
        self.words.setAccessibleName(self.tr("Verification words"))
        self.words.setFont(big)
        self.same_button = QPushButton(self.tr("Same words: link it"), self)
        self.same_button.clicked.connect(lambda: self._answer_with(True))
        self.differ_button = QPushButton(self.tr("The words differ"), self)
        self.differ_button.clicked.connect(lambda: self._answer_with(False))
        for button in (self.same_button, self.differ_button):
            button.setEnabled(False)
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Status"))
        self.error = ErrorLine(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Name of the new device"), self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.start_button)
        for widget in (self.code, self.hint, self.words, self.same_button, self.differ_button):
            layout.addWidget(widget)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._answer = _Answer()

    def start(self) -> None:
        self.start_button.setEnabled(False)
        self.name.setEnabled(False)
        self.error.clear()
        self.workers.run(
            self.backend.add_device,
            self.name.text().strip(),
            self._answer.wait,
            progress=self._event,
            done=self._linked,
            failed=self._failed,
        )

    def _event(self, event: object) -> None:
        if isinstance(event, DeviceCodeShown):
            self.code.setText(event.code)
            self.hint.setText(
                self.tr("On the new device run:  privshare device join %1 %2")
                .replace("%1", self.address)
                .replace("%2", event.code)
                + "\n"
                + self.tr("The code works once, for 10 minutes.")
            )
            self.status.setText(self.tr("Waiting for the new device…"))
        elif isinstance(event, DeviceWordsShown):
            self.words.setText(" ".join(event.words))
            self.status.setText(self.tr("Does the new device show the same words?"))
            for button in (self.same_button, self.differ_button):
                button.setEnabled(True)

    def _answer_with(self, yes: bool) -> None:
        for button in (self.same_button, self.differ_button):
            button.setEnabled(False)
        self._answer.give(yes)

    def _linked(self, _result: object) -> None:
        self.status.setText(self.tr("Linked %1.").replace("%1", self.name.text().strip()))

    def _failed(self, error: BaseException) -> None:
        self.status.clear()
        self.error.show_error(error)

    def done(self, result: int) -> None:
        self._answer.give(False)  # a worker still waiting for the words stops
        super().done(result)
