"""The look follows the person's system: larger system text makes our titles larger
too, and under high contrast none of our colours hide the platform's palette."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from app.gui import theme


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application, its font, palette and stylesheet put back afterwards."""
    font, palette, sheet = qapp.font(), qapp.palette(), qapp.styleSheet()
    dark = qapp.property("privshare-dark-palette")
    yield qapp
    qapp.setFont(font)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
    qapp.setProperty("privshare-dark-palette", dark)


def _title_points(qtbot) -> float:  # type: ignore[no-untyped-def]
    title = QLabel("Files")
    title.setObjectName("PageTitle")
    qtbot.addWidget(title)
    title.ensurePolished()
    return title.font().pointSizeF()


@pytest.mark.parametrize("dark", [False, True])
def test_font_sizes_follow_the_system_font(qtbot, app: QApplication, dark: bool) -> None:  # type: ignore[no-untyped-def]
    for points in (9.0, 18.0):
        font = QFont(app.font())
        font.setPointSizeF(points)
        app.setFont(font)
        theme.apply_style(app, dark=dark)
        assert _title_points(qtbot) == pytest.approx(16.0 * points / 9.0, abs=0.1)


def test_high_contrast_keeps_the_platform_palette_and_none_of_our_colours(  # type: ignore[no-untyped-def]
    qtbot, app: QApplication, monkeypatch
) -> None:
    high = QPalette(app.palette())
    high.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    high.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    app.setPalette(high)
    monkeypatch.setattr(theme, "high_contrast", lambda: True)
    theme.apply_style(app, dark=True)  # a dark system under high contrast, too
    sheet = app.styleSheet()
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|\bwhite\b|\btransparent\b", sheet), sheet
    assert "font-size" in sheet  # the sizes stay
    assert app.palette().color(QPalette.ColorRole.Window) == QColor("#ffffff")
    assert not app.property("privshare-dark-palette")
    monkeypatch.setattr(theme, "high_contrast", lambda: False)
    theme.apply_style(app, dark=True)  # without it, the dark look comes back
    assert "#" in app.styleSheet() and app.property("privshare-dark-palette")
