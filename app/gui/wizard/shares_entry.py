"""Share entry on the wizard's recovery page: paste K SLIP-39 shares (one per line) and
the phrase they put back together fills the 24 word fields (SHARES.md)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui.error_line import ErrorLine
from app.services.account.shares import SharesError, combine_shares

__all__ = ["SharesDialog"]


class SharesDialog(QDialog):
    """`phrase` holds the recovered phrase once accepted; nothing leaves this dialog else."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover from shares"))
        self.shares = QPlainTextEdit(self)
        self.shares.setAccessibleName(self.tr("Shares"))
        self.shares.setTabChangesFocus(True)
        self.shares.setPlaceholderText(self.tr("One share per line"))
        self.error = ErrorLine(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.combine)
        buttons.rejected.connect(self.reject)
        intro = QLabel(
            self.tr("Type or paste enough of your shares, one per line, in any order."), self
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.shares)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.phrase = ""

    def combine(self) -> None:
        try:  # SLIP-39 at iteration exponent 1: about 20 ms, fine on this thread
            self.phrase = combine_shares(self.shares.toPlainText().splitlines())
        except SharesError as error:
            self.error.show_error(error)
            return
        self.accept()
