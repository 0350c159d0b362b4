"""The screenshot script renders every main screen to a non-empty PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from app.gui.screenshots import render_all


def test_every_screen_renders(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    saved = render_all(tmp_path)
    names = {path.stem for path in saved}
    assert {
        "wizard-start",
        "wizard-phrase",
        "main-files",
        "share-key-changed",
        "inbox",
        "transfers",
        "locked",
    } <= names
    for path in saved:
        image = QImage(str(path))
        assert image.width() >= 400 and image.height() >= 300, path
        assert (
            len(
                {
                    image.pixel(x, y)
                    for x in range(0, image.width(), 37)
                    for y in range(0, image.height(), 29)
                }
            )
            > 3
        ), f"{path} is blank"
