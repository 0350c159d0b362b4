"""The Settings dialog's Language: System, English, Deutsch, Polski (each named in
itself), saved in the settings and used from the next start, as the dialog says."""

from __future__ import annotations

from pathlib import Path

import pytest
from keys import press
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from app.gui.backend.settings_store import Settings
from app.gui.dialogs.settings import SettingsDialog
from app.gui.i18n import install_translators, remove_translators


def test_choosing_a_language_with_the_keyboard_keeps_it_for_the_next_start(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(Settings(language="pl"), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=30_000)
    combo = dialog.language
    assert [combo.itemText(row) for row in range(combo.count())] == [
        "System",
        "English",
        "Deutsch",
        "Polski",
    ]
    assert combo.currentText() == "Polski" and combo.accessibleName() == "Language"
    assert "next time Privshare starts" in dialog.language_note.text()
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=30_000)
    press(Qt.Key.Key_Up)
    assert dialog.settings().language == "de"
    press(Qt.Key.Key_Home)
    assert dialog.settings().language == "system"


def test_an_unknown_language_in_the_file_reads_as_system() -> None:
    assert Settings(language="xx").checked().language == "system"


def test_english_installs_nothing_and_a_missing_build_leaves_only_qt_own(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_translators(app, "en", tmp_path) == []
    translators = install_translators(app, "de", tmp_path)  # no privshare_de.qm in there
    try:
        assert len(translators) == 1  # Qt's qtbase_de: the dialog buttons still follow
        assert "run make translations" in caplog.text
        assert QCoreApplication.translate("Sections", "My files") == "My files"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        remove_translators(app, translators)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
