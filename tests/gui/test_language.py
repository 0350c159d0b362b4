"""The window in German and Polish against a real server process: PRIVSHARE_LANG picks
the language, the translators are the ones `app.gui.app.run` installs (compiled here from
the shipped .ts files by pyside6-lrelease), and Qt's own buttons follow (qtbase_*.qm)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.server_harness import ServerProcess
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.gui.backend.services import ServicesBackend
from app.gui.backend.settings_store import Settings
from app.gui.i18n import (
    SHIPPED,
    TRANSLATIONS,
    install_translators,
    pick_language,
    remove_translators,
)
from app.gui.window.main_window import MainWindow
from app.gui.workers import Workers

pytestmark = [pytest.mark.integration, pytest.mark.gui, pytest.mark.slow]
PASSWORD = "correct horse battery staple"
STEP_MS = 60_000  # a busy machine: key derivation and logins take their time

EXPECTED = {
    "de": {
        "files menu": "&Dateien",
        "edit menu": "&Bearbeiten",
        "account menu": "&Konto",
        "sections": "Bereiche",
        "first section": "Meine Dateien",
        "upload": "Dateien hochladen…",
        "no items": "0 Elemente",
        "cancel": "Abbrechen",
        "trash": "0 Elemente im Papierkorb",
    },
    "pl": {
        "files menu": "&Pliki",
        "edit menu": "&Edycja",
        "account menu": "&Konto",
        "sections": "Sekcje",
        "first section": "Moje pliki",
        "upload": "Prześlij pliki…",
        "no items": "0 elementów",  # Polish "many" form: 0, 5-21, 25-31, ...
        "cancel": "Anuluj",
        "trash": "0 elementów w koszu",
    },
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .qm files as the build step makes them, from the committed .ts sources."""
    folder = tmp_path_factory.mktemp("qm")
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    for language in SHIPPED:
        source = TRANSLATIONS / f"privshare_{language}.ts"
        target = folder / f"privshare_{language}.qm"
        subprocess.run(
            [str(lrelease), "-silent", str(source), "-qm", str(target)], check=True, timeout=120
        )
    return folder


@pytest.fixture
def backend(tmp_path: Path, server: ServerProcess) -> Iterator[ServicesBackend]:
    made = ServicesBackend(tmp_path / "alice", Settings())
    made.create_account(f"alice#{server.host}", PASSWORD)
    yield made
    made.stop()


def _texts(window: MainWindow) -> dict[str, str]:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Privshare",
        "?",
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        window,
    )
    cancel = box.button(QMessageBox.StandardButton.Cancel).text()
    box.deleteLater()
    return {
        "files menu": window.menus.files_menu.title(),
        "edit menu": window.menuBar().actions()[1].text(),
        "account menu": window.menuBar().actions()[2].text(),
        "sections": window.sidebar.accessibleName(),
        "first section": window.sidebar.item(0).text(),
        "upload": window.file_actions.actions["upload"].text(),
        "no items": window.menus.status_text.text(),
        "cancel": cancel.replace("&", ""),
    }


@pytest.mark.parametrize("language", SHIPPED)
def test_the_window_speaks_the_language_privshare_lang_names(
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    compiled: Path,
    backend: ServicesBackend,
    workers: Workers,
    language: str,
) -> None:
    monkeypatch.setenv("PRIVSHARE_LANG", language)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    chosen = pick_language(backend.settings.language)  # "system" in the settings
    assert chosen == language
    translators = install_translators(app, chosen, compiled)
    try:
        assert len(translators) == 2, "Privshare's and Qt's own (qtbase) translations"
        window = MainWindow(
            backend, workers, backend.account_info(), backend.settings, watch_inbox=False
        )
        qtbot.addWidget(window)
        window.show()
        wanted = EXPECTED[language]
        qtbot.waitUntil(
            lambda: window.menus.status_text.text() == wanted["no items"], timeout=STEP_MS
        )
        texts = _texts(window)
        trash = window.sidebar.visualItemRect(window.sidebar.item(6)).center()
        QTest.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=trash)
        qtbot.waitUntil(lambda: window.menus.status_text.text() == wanted["trash"], timeout=STEP_MS)
        assert {**texts, "trash": window.menus.status_text.text()} == wanted
    finally:
        remove_translators(app, translators)
    assert QCoreApplication.translate("Sections", "My files") == "My files"  # English again
