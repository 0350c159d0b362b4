"""An error shown where it happened: one plain line, the detail on request."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.gui.accessibility import announce

__all__ = ["ErrorLine", "describe"]


def describe(error: BaseException) -> tuple[str, str]:
    """(one line for the person, the detail: the messages of the causes below it, in
    plain words; never a Python class name)."""
    line = " ".join(str(error).split()) or QCoreApplication.translate(
        "ErrorLine", "something went wrong"
    )
    parts: list[str] = []
    current = error.__cause__ or error.__context__
    while current is not None and len(parts) < 8:
        text = " ".join(str(current).split())
        if text and text != line and text not in parts:
            parts.append(text)
        current = current.__cause__ or current.__context__
    return line, "\nbecause: ".join(parts)


class ErrorLine(QWidget):
    """Hidden until `show_error`; `clear()` hides it again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel(self)
        self.text.setObjectName("ErrorText")
        self.text.setWordWrap(True)
        self.text.setAccessibleName(self.tr("Error"))
        self.toggle = QPushButton(self.tr("Details"), self)
        self.toggle.setFlat(True)
        self.toggle.setAccessibleName(self.tr("Show error details"))
        self.toggle.clicked.connect(self._toggle_detail)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setMaximumHeight(90)
        self.detail.setAccessibleName(self.tr("Error details"))
        self.detail.setTabChangesFocus(True)
        self.detail.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.detail)
        self.hide()

    def show_error(self, error: BaseException | str) -> None:
        if isinstance(error, BaseException):
            line, detail = describe(error)
        else:
            line, detail = error, ""
        self.text.setText(line)
        self.detail.setPlainText(detail)
        self.toggle.setVisible(bool(detail))
        self.detail.hide()
        self.show()
        announce(self.text, line)

    def clear(self) -> None:
        self.text.clear()
        self.detail.clear()
        self.hide()

    @property
    def message(self) -> str:
        return self.text.text() if not self.isHidden() else ""

    def _toggle_detail(self) -> None:
        self.detail.setVisible(self.detail.isHidden())
