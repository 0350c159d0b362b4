"""The screenshot script drives the real app against its embedded server (as `make
screenshots` does, here offscreen) and writes one non-blank PNG per screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.gui.screenshots import render_all

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SCREENS = (
    "wizard",
    "wizard-server",
    "wizard-phrase",
    "main-files",
    "share-dialog",
    "inbox",
    "transfers",
    "inbox-files",
    "drop-inbox-dialog",
    "preview-pane",
    "devices-sessions",
    "activity",
    "search",
    "trash",
    "shared-read-only",
    "offline",
    "transfer-failed",
    "lock-screen",
    "shared-with-me-dark",
    "main-files-de",
    "main-files-pl",
)


def _colours(image: QImage) -> set[int]:
    return {
        image.pixel(x, y) for x in range(0, image.width(), 13) for y in range(0, image.height(), 11)
    }


def test_every_screen_renders_from_real_data(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    saved = render_all(tmp_path / "png", tmp_path / "scratch")
    assert [path.stem for path in saved] == list(SCREENS)
    for path in saved:
        image = QImage(str(path))
        assert image.width() >= 500 and image.height() >= 300, path
        assert image.width() <= 1100 and image.height() <= 700, path  # 1x, a sane size
        assert len(_colours(image)) > 8, f"{path} looks blank"
    dark = QImage(str(saved[SCREENS.index("shared-with-me-dark")]))
    light = QImage(str(saved[SCREENS.index("main-files")]))
    centre = (dark.width() // 2, dark.height() // 2)  # the file list's empty area
    assert dark.pixelColor(*centre).lightness() < 80 < light.pixelColor(*centre).lightness()
