"""The shield: one meaning everywhere it is shown, never by colour alone.

- green shield with a tick, "Verified": every key and every signature checked out;
- amber shield with "!", "Needs your attention": something is not wrong but not yet
  verified either (a first contact whose check words are still to be compared, a
  sender not verified);
- red shield with a cross, "Tampering detected": a check failed (a key changed, a
  message or listing whose signature does not verify, data the server altered).

Each use pairs the icon with its words (text, tooltip or accessible description). The
icons are filled shapes with a white glyph and rim, so they stay visible on a selected
row too. `StatusShield` is the status bar's: the worst state this window has seen.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.gui.backend.interface import InboxItem, PkiStatus
from app.gui.theme import icon
from app.services.errors import TamperingDetectedError

__all__ = ["StatusShield", "Trust", "inbox_trust", "pki_trust", "trust_icon", "trust_words"]


class Trust(enum.IntEnum):
    """Ordered: a window shows the worst it has seen."""

    VERIFIED = 0
    ATTENTION = 1
    TAMPERED = 2


_ICONS = {Trust.VERIFIED: "verified", Trust.ATTENTION: "shield-attention"}
_ICONS[Trust.TAMPERED] = "shield-alert"


def trust_icon(trust: Trust) -> QIcon:
    return icon(_ICONS[trust])


def trust_words(trust: Trust) -> str:
    translate = QCoreApplication.translate  # literal strings: the translation tools see them
    if trust is Trust.VERIFIED:
        return translate("Shield", "Verified")
    if trust is Trust.ATTENTION:
        return translate("Shield", "Needs your attention")
    return translate("Shield", "Tampering detected")


def pki_trust(status: PkiStatus) -> Trust:
    """A recipient's key: seen before and the same, new (compare the check words), or
    different from the one seen before."""
    return {
        PkiStatus.VERIFIED: Trust.VERIFIED,
        PkiStatus.FIRST_CONTACT: Trust.ATTENTION,
        PkiStatus.KEY_CHANGED: Trust.TAMPERED,
    }[status]


def inbox_trust(item: InboxItem) -> Trust:
    """A message that failed a check is tampering; one whose sender is not verified
    needs attention."""
    if item.problem:
        return Trust.TAMPERED
    return Trust.VERIFIED if item.sender_verified else Trust.ATTENTION


class StatusShield(QWidget):
    """Icon and words in the status bar; the reason in the tooltip and the accessible
    description. Tampering seen once stays shown until the window is closed."""

    EDGE = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QLabel(self)
        self.words = QLabel(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        row.setSpacing(4)
        row.addWidget(self.picture)
        row.addWidget(self.words)
        self.setAccessibleName(self.tr("Security status"))
        self.tampering: str = ""  # what was detected, once it was
        self.attention: list[str] = []  # what needs attention now
        self.rejected: list[str] = []  # inbox messages that failed their check
        self.state = Trust.VERIFIED
        self._show()

    def error_seen(self, error: BaseException) -> None:
        if isinstance(error, TamperingDetectedError) and not self.tampering:
            self.tampering = " ".join(str(error).split())
            self._show()

    def inbox_shown(self, items: Iterable[InboxItem]) -> None:
        """What the inbox holds now: rejected messages and senders not verified."""
        self.attention, self.rejected = [], []
        for item in items:
            trust = inbox_trust(item)
            if trust is Trust.TAMPERED:
                self.rejected.append(
                    self.tr("A message claiming to be from {sender} failed its check.").format(
                        sender=item.sender
                    )
                )
            elif trust is Trust.ATTENTION:
                self.attention.append(
                    self.tr("{sender} is not verified yet.").format(sender=item.sender)
                )
        self._show()

    def _show(self) -> None:
        if self.tampering or self.rejected:
            self.state = Trust.TAMPERED
            reasons = [self.tampering] if self.tampering else []
            reasons += self.rejected
        elif self.attention:
            self.state, reasons = Trust.ATTENTION, self.attention
        else:
            self.state = Trust.VERIFIED
            reasons = [self.tr("Every key and signature checked so far verified.")]
        words = trust_words(self.state)
        self.picture.setPixmap(trust_icon(self.state).pixmap(QSize(self.EDGE, self.EDGE)))
        self.words.setText(words)
        detail = "\n".join(reasons)
        self.setToolTip(f"{words}\n{detail}")
        self.setAccessibleDescription(f"{words}. {' '.join(reasons)}")
