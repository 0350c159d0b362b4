"""The recovery phrase on screen: shown once in a numbered grid, confirmed, typed back.

`PhraseGrid` shows the words; `ConfirmWords` asks for three of them by number;
`PhraseEntry` has 24 fields with BIP-39 completion, marks unknown words as you type,
checks the checksum as soon as a valid word count is filled, and spreads a pasted
phrase (any spacing, line breaks) over all fields. Typed as on paper, a space (or Enter,
or a chosen completion) moves on to the next field, and Backspace in an empty field goes
back to the one before; Tab works as everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
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

from app.gui.signals import emit
from app.services.phrase import MAX_WORDS, WORDS, check_phrase, could_become_word, is_word

__all__ = ["ConfirmWords", "PhraseEntry", "PhraseGrid"]


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
        self.setAccessibleName(QCoreApplication.translate("Phrase", "Recovery phrase"))
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
            text.setAccessibleName(
                QCoreApplication.translate("Phrase", "Word %1").replace("%1", str(number + 1))
            )
            text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            line.addWidget(index)
            line.addWidget(text, 1)
            grid.addWidget(cell, number % rows, number // rows)
            self.word_labels.append(text)


class ConfirmWords(QWidget):
    """Fields for the words at `positions` (0-based); `problem()` says which is wrong.
    Enter moves on to the next field, also when it picks a word from the completer; in
    the last field it emits `submitted` (the page goes on), so one Enter is always enough."""

    submitted = Signal()

    def __init__(
        self, words: Sequence[str], positions: Sequence[int], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._words = list(words)
        self.positions = tuple(positions)
        layout = QGridLayout(self)
        self.fields: list[QLineEdit] = []
        for row, position in enumerate(self.positions):
            label = QLabel(
                QCoreApplication.translate("Phrase", "Word #%1").replace("%1", str(position + 1)),
                self,
            )
            field = QLineEdit(self)
            field.setAccessibleName(label.text())
            completer = QCompleter(list(WORDS), field)  # one per field: none follows the focus
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.activated.connect(lambda word, n=row: self._chosen(n, word))
            field.setCompleter(completer)
            field.installEventFilter(self)
            label.setBuddy(field)
            layout.addWidget(label, row, 0)
            layout.addWidget(field, row, 1)
            self.fields.append(field)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and watched in self.fields:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                number = self.fields.index(watched)
                if number + 1 < len(self.fields):
                    self.fields[number + 1].setFocus()
                    return True  # not the page's Next: there are words still to type
        return super().eventFilter(watched, event)

    def _chosen(self, number: int, word: str) -> None:
        """A word was picked from the completer (Enter or a click): on to the next field,
        or, after the last one, on with the page."""
        field = self.fields[number]
        field.setText(word)
        popup = field.completer().popup()
        if popup is not None:
            popup.hide()
        if number + 1 < len(self.fields):
            target = self.fields[number + 1]
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            # the completer hands the focus back to its field once it is done: again after it
            QTimer.singleShot(0, lambda: target.setFocus(Qt.FocusReason.OtherFocusReason))
        else:
            QTimer.singleShot(0, lambda: emit(self.submitted))

    def problem(self) -> str | None:
        """None when every asked word is right, else which one is not."""
        for position, field in zip(self.positions, self.fields, strict=True):
            typed = field.text().strip().lower()
            right = typed == self._words[position]
            _mark(field, problem=not right, ok=right)
            if not right:
                return QCoreApplication.translate(
                    "Phrase", "Word #%1 is not right: check your paper copy."
                ).replace("%1", str(position + 1))
        return None


class PhraseEntry(QWidget):
    """24 word fields; `phrase` is the canonical phrase once it is valid, else ""."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, columns: int = 4) -> None:
        super().__init__(parent)
        self.setAccessibleName(QCoreApplication.translate("Phrase", "Recovery phrase entry"))
        grid = QGridLayout()
        words = QStringListModel(list(WORDS), self)
        rows = MAX_WORDS // columns
        self.fields: list[QLineEdit] = []
        self._popups: dict[QObject, int] = {}
        for number in range(MAX_WORDS):
            field = QLineEdit(self)
            field.setPlaceholderText(f"{number + 1}")
            field.setAccessibleName(
                QCoreApplication.translate("Phrase", "Word %1").replace("%1", str(number + 1))
            )
            completer = QCompleter(words, field)  # one per field: none follows the focus
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.activated.connect(lambda _word, n=number: self._completed(n))
            field.setCompleter(completer)
            field.textEdited.connect(lambda text, n=number: self._edited(n, text))
            field.installEventFilter(self)
            popup = completer.popup()
            if popup is not None:  # keys reach an open popup first: ours see them before it
                popup.installEventFilter(self)
                self._popups[popup] = number
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
        self.feedback.setAccessibleName(QCoreApplication.translate("Phrase", "Phrase check"))
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.feedback)
        self.phrase = ""

    def words(self) -> list[str]:
        return [field.text().strip().lower() for field in self.fields]

    def fill(self, text: str, start: int = 0) -> None:
        """Put the words of `text` into the fields from `start` (a whole phrase of 12 or
        more words starts at the first field; later fields are cleared)."""
        words = text.split()
        if start == 0 or len(words) >= 12:
            start = 0
            for field in self.fields:
                field.clear()
        for offset, word in enumerate(words[: MAX_WORDS - start]):
            self.fields[start + offset].setText(word.lower())
        self._check()

    def _edited(self, number: int, text: str) -> None:
        words = text.split()
        if len(words) > 1:  # pasted, or typed on without stopping
            self.fill(text, number)
            last = 0 if len(words) >= 12 else number
            self._focus(min(last + len(words), MAX_WORDS - 1))
            return
        if text != text.strip():  # a space typed after a word: on to the next field
            self.fields[number].setText(text.strip().lower())
            if words:
                self._focus(number + 1)
        elif not text:  # an empty field offers no word (the completer would show all)
            field = self.fields[number]
            QTimer.singleShot(0, lambda: self._close_popup(field))
        self._check()

    def _completed(self, number: int) -> None:
        self._check()
        self._focus(number + 1)

    def _focus(self, number: int) -> None:
        """Move on to field `number`: now, and again once the completer (which answers
        the same edit after us) has had its say."""
        if number < MAX_WORDS:
            self._take_focus(self.fields[number])
            QTimer.singleShot(0, lambda: self._take_focus(self.fields[number]))

    def _take_focus(self, target: QLineEdit) -> None:
        for field in self.fields:
            self._close_popup(field)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        target.end(False)

    @staticmethod
    def _close_popup(field: QLineEdit) -> None:
        completer = field.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            popup.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        if watched in self._popups:
            number = self._popups[watched]
        elif isinstance(watched, QLineEdit) and watched in self.fields:
            number = self.fields.index(watched)
        else:
            return super().eventFilter(watched, event)
        return self._key(number, event.key())

    def _key(self, number: int, key: int) -> bool:
        """Space, Enter and Backspace as a person typing from paper means them; True when
        the key is used up here."""
        field = self.fields[number]
        word = field.text().strip()
        popup = field.completer().popup()
        choosing = popup is not None and popup.isVisible() and popup.currentIndex().isValid()
        if key == Qt.Key.Key_Space:
            if word:
                field.setText(word.lower())
                self._check()
                self._focus(number + 1)
            return True  # a word never holds a space
        if key == Qt.Key.Key_Backspace and not field.text() and number > 0:
            self._focus(number - 1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and word and not choosing:
            self._focus(number + 1)
            return number + 1 < MAX_WORDS  # the last field: Enter reaches the page
        return False

    def _check(self) -> None:
        words = self.words()
        unknown = None
        for number, (field, word) in enumerate(zip(self.fields, words, strict=True)):
            bad = bool(word) and not could_become_word(word)
            _mark(field, problem=bad, ok=is_word(word))
            if bad and unknown is None:
                unknown = (
                    QCoreApplication.translate(
                        "Phrase", "Word %1 \u201c%2\u201d is not in the word list."
                    )
                    .replace("%1", str(number + 1))
                    .replace("%2", word)
                )
        self.phrase, problem = check_phrase(words)
        self.feedback.setText(
            unknown or (QCoreApplication.translate("Phrase", problem) if problem else "")
        )
        emit(self.changed)
