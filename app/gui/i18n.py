"""The interface language: a Qt translator for Privshare's strings and one for Qt's own.

The `.ts` sources live in app/gui/translations/ (`make translations-update` refreshes them
from the code with pyside6-lupdate); `make translations` compiles them with
pyside6-lrelease into `.qm` files beside them: build output, made by `make run`, `make
test`, `make screenshots` and the bundle's build (packaging/build.sh), never committed.

The language is PRIVSHARE_LANG when set, else the Settings dialog's choice, else the
system's (QLocale.system().uiLanguages()); one Privshare does not ship falls back to English.
Qt's own strings (the buttons of standard dialogs) come from the qtbase_<lang>.qm files the
PySide6 wheel ships in QLibraryInfo's TranslationsPath.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

__all__ = [
    "LANGUAGES",
    "QT_TRANSLATE_NOOP",
    "SHIPPED",
    "TRANSLATIONS",
    "install_translators",
    "pick_language",
    "remove_translators",
]

log = logging.getLogger(__name__)

TRANSLATIONS = Path(__file__).parent / "translations"
SHIPPED = ("de", "pl")  # a privshare_<code>.ts each; English is the source text
# the Settings dialog's choices: each language named in itself
LANGUAGES = (("system", ""), ("en", "English"), ("de", "Deutsch"), ("pl", "Polski"))


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate knows
    """Marks `text` for translation in `context` (lupdate finds it); the caller translates
    it with QCoreApplication.translate(context, text) where it is shown."""
    return text


def _code(name: str) -> str:
    """ "pl_PL.UTF-8", "pl-PL" or "PL" -> "pl"."""
    return name.replace("-", "_").split("_")[0].split(".")[0].lower()


def pick_language(
    setting: str,
    env: Mapping[str, str] = os.environ,
    system: Sequence[str] | None = None,
) -> str:
    """ "de", "pl" or "en": PRIVSHARE_LANG, else `setting` (a code or "system"), else the
    first of the system's languages that Privshare ships (English when none is)."""
    wanted = _code(env.get("PRIVSHARE_LANG", "") or setting or "system")
    if wanted != "system":
        return wanted if wanted in SHIPPED else "en"
    for name in QLocale.system().uiLanguages() if system is None else system:
        code = _code(name)
        if code in SHIPPED or code == "en":
            return code
    return "en"


def install_translators(
    app: QCoreApplication, language: str, folder: Path = TRANSLATIONS
) -> list[QTranslator]:
    """Install Privshare's and Qt's translators for `language` (none for English); a
    missing .qm file (a checkout nobody ran `make translations` in) leaves English."""
    if language not in SHIPPED:
        return []
    installed = []
    own = QTranslator(app)
    if own.load(str(folder / f"privshare_{language}.qm")):
        installed.append(own)
    else:
        log.warning("no %s translation in %s: run make translations", language, folder)
    qt_own = QTranslator(app)
    if qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        installed.append(qt_own)
    for translator in installed:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    return installed


def remove_translators(app: QCoreApplication, translators: Sequence[QTranslator]) -> None:
    """Back to English (the tests that switch languages)."""
    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale.system())
