"""The recovery phrase on screen: shown once in a numbered grid, confirmed, typed back.

`PhraseGrid` shows the words; `ConfirmWords` asks for three of them by number;
`PhraseEntry` has 24 fields with BIP-39 completion, marks unknown words as you type,
checks the checksum as soon as a valid word count is filled, and spreads a pasted
phrase (any spacing, line breaks) over all fields.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.crypto.bip39 import WORD_COUNTS, WORDLIST, validate_mnemonic
from app.crypto.errors import MnemonicError
from app.gui.signals import emit

__all__ = ["ConfirmWords", "PhraseEntry", "PhraseGrid"]

_WORDS = frozenset(WORDLIST)
_MAX_WORDS = 24


def _tr(text: str) -> str:
    return QCoreApplication.translate("Phrase", text)


def _mark(field: QLineEdit, *, problem: bool, ok: bool = False) -> None:
    field.setProperty("problem", problem)
    field.setProperty("ok", ok)
    style = field.style()
    style.unpolish(field)
    style.polish(field)


class PhraseGrid(QWidget):
    """The words in a numbered grid, read down the columns (1-6 | 7-12 | ...)."""

    def __init__(self, words: Sequence[str], parent: QWidget | None = None, columns: int = 4):
        super().__init__(parent)
        self.setAccessibleName(_tr("Recovery phrase"))
        grid = QGridLayout(self)
        rows = (len(words) + columns - 1) // columns
        self.word_labels: list[QLabel] = []
        for number, word in enumerate(words):
            cell = QFrame(self)
            cell.setObjectName("PhraseCell")
            line = QHBoxLayout(cell)
            index = QLabel(f"{number + 1:>2}.", cell)
            index.setObjectName("PhraseNumber")
            text = QLabel(word, cell)
            text.setObjectName("PhraseWord")
            text.setAccessibleName(_tr("Word %1").replace("%1", str(number + 1)))
            text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            line.addWidget(index)
            line.addWidget(text, 1)
            grid.addWidget(cell, number % rows, number // rows)
            self.word_labels.append(text)


class ConfirmWords(QWidget):
    """Fields for the words at `positions` (0-based); `problem()` says which is wrong."""

    def __init__(
        self, words: Sequence[str], positions: Sequence[int], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._words = list(words)
        self.positions = tuple(positions)
        layout = QGridLayout(self)
        self.fields: list[QLineEdit] = []
        completer = QCompleter(list(WORDLIST), self)
        for row, position in enumerate(self.positions):
            label = QLabel(_tr("Word #%1").replace("%1", str(position + 1)), self)
            field = QLineEdit(self)
            field.setAccessibleName(label.text())
            field.setCompleter(completer)
            label.setBuddy(field)
            layout.addWidget(label, row, 0)
            layout.addWidget(field, row, 1)
            self.fields.append(field)

    def problem(self) -> str | None:
        """None when every asked word is right, else which one is not."""
        for position, field in zip(self.positions, self.fields, strict=True):
            typed = field.text().strip().lower()
            right = typed == self._words[position]
            _mark(field, problem=not right, ok=right)
            if not right:
                return _tr("Word #%1 is not right: check your paper copy.").replace(
                    "%1", str(position + 1)
                )
        return None


class PhraseEntry(QWidget):
    """24 word fields; `phrase` is the canonical phrase once it is valid, else ""."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, columns: int = 4) -> None:
        super().__init__(parent)
        self.setAccessibleName(_tr("Recovery phrase entry"))
        grid = QGridLayout()
        completer = QCompleter(list(WORDLIST), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        rows = _MAX_WORDS // columns
        self.fields: list[QLineEdit] = []
        for number in range(_MAX_WORDS):
            field = QLineEdit(self)
            field.setPlaceholderText(f"{number + 1}")
            field.setAccessibleName(_tr("Word %1").replace("%1", str(number + 1)))
            field.setCompleter(completer)
            field.textEdited.connect(lambda text, n=number: self._edited(n, text))
            label = QLabel(f"{number + 1}.", self)
            label.setObjectName("PhraseNumber")
            label.setBuddy(field)
            column = 2 * (number // rows)
            grid.addWidget(label, number % rows, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(field, number % rows, column + 1)
            self.fields.append(field)
        self.feedback = QLabel(self)
        self.feedback.setObjectName("ErrorText")
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(_tr("Phrase check"))
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.feedback)
        self.phrase = ""

    def words(self) -> list[str]:
        return [field.text().strip().lower() for field in self.fields]

    def fill(self, text: str, start: int = 0) -> None:
        """Put the words of `text` into the fields from `start` (later fields cleared)."""
        words = text.split()
        if start == 0 or len(words) >= 12:
            start = 0
            for field in self.fields:
                field.clear()
        for offset, word in enumerate(words[: _MAX_WORDS - start]):
            self.fields[start + offset].setText(word.lower())
        self._check()

    def _edited(self, number: int, text: str) -> None:
        if len(text.split()) > 1:
            self.fill(text, number)
            return
        self._check()

    def _check(self) -> None:
        words = self.words()
        unknown = None
        for number, (field, word) in enumerate(zip(self.fields, words, strict=True)):
            bad = bool(word) and word not in _WORDS and not _is_prefix(word)
            _mark(field, problem=bad, ok=word in _WORDS)
            if bad and unknown is None:
                unknown = (
                    _tr("Word %1 \u201c%2\u201d is not in the word list.")
                    .replace("%1", str(number + 1))
                    .replace("%2", word)
                )
        self.phrase = ""
        self.feedback.setText(unknown or self._phrase_feedback(words))
        emit(self.changed)

    def _phrase_feedback(self, words: list[str]) -> str:
        filled = [word for word in words if word]
        if len(filled) not in WORD_COUNTS or words[: len(filled)] != filled:
            return ""
        try:
            self.phrase = validate_mnemonic(" ".join(filled))
        except MnemonicError as error:
            if any(word not in _WORDS for word in filled):
                return ""  # a word is still being typed
            return (
                _tr("The checksum is wrong: a word is mistyped or in the wrong order.")
                if ("checksum" in str(error))
                else str(error)
            )
        return ""


def _is_prefix(word: str) -> bool:
    """Whether some BIP-39 word starts with `word` (it may still be being typed)."""
    index = bisect_left(WORDLIST, word)
    return index < len(WORDLIST) and WORDLIST[index].startswith(word)
