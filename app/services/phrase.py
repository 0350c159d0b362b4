"""The recovery phrase as a person types it: the word list, what a partly typed word
may still become, and one check of a whole phrase that says what is wrong.

    is_word("wealth"), could_become_word("weal")   # True, True
    phrase_problem(words) -> (canonical phrase, "") or ("", what is wrong)
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from app.crypto.bip39 import WORD_COUNTS, WORDLIST, validate_mnemonic
from app.crypto.errors import MnemonicError

__all__ = ["MAX_WORDS", "WORDS", "check_phrase", "could_become_word", "is_word"]

WORDS: tuple[str, ...] = tuple(WORDLIST)  # the English BIP-39 list, sorted
MAX_WORDS = max(WORD_COUNTS)
_KNOWN = frozenset(WORDS)


def is_word(word: str) -> bool:
    return word in _KNOWN


def could_become_word(word: str) -> bool:
    """Whether some word of the list starts with `word` (it may still be being typed)."""
    index = bisect_left(WORDS, word)
    return index < len(WORDS) and WORDS[index].startswith(word)


def check_phrase(words: Sequence[str]) -> tuple[str, str]:
    """(the canonical phrase, "") when `words` (12-24, empty trailing ones ignored) are a
    valid phrase; ("", "") while it is incomplete; ("", what is wrong) otherwise."""
    filled = [word for word in words if word]
    if len(filled) not in WORD_COUNTS or list(words[: len(filled)]) != filled:
        return "", ""
    try:
        return validate_mnemonic(" ".join(filled)), ""
    except MnemonicError as error:
        if not all(is_word(word) for word in filled):
            return "", ""  # a word is still being typed
        if "checksum" in str(error):
            return "", "The checksum is wrong: a word is mistyped or in the wrong order."
        return "", str(error)
