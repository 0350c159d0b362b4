"""The interface language: a Qt translator for Privshare's strings and one for Qt's own.

The `.ts` sources live in app/gui/translations/ (`make translations-update` refreshes them
from the code with pyside6-lupdate); `make translations` compiles them with
pyside6-lrelease into `.qm` files beside them, which are build output, not committed.
"""

from __future__ import annotations

__all__ = ["QT_TRANSLATE_NOOP"]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate knows
    """Marks `text` for translation in `context` (lupdate finds it); the caller translates
    it with QCoreApplication.translate(context, text) where it is shown."""
    return text
