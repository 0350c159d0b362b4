"""Icons and stylesheets from resources/ (SVG and .qss), light or dark by the palette.

The dark look also sets a dark QPalette, so it is dark throughout even where the
platform's own palette is light (forced dark, or Xvfb for the screenshots). Font sizes
in the stylesheets are written for a 9 pt system font and scale with the system's own
(a person who set larger text gets larger titles too). When the system asks for high
contrast, none of our colours are applied: the platform's high-contrast palette shows
everything, and only the sizes of our stylesheet remain.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

__all__ = [
    "RESOURCES",
    "apply_style",
    "dark_palette",
    "high_contrast",
    "icon",
    "is_dark",
    "row_icon",
    "stylesheet",
]

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@cache
def icon(name: str) -> QIcon:
    """The SVG icon resources/icons/<name>.svg (an empty icon if it is missing)."""
    path = RESOURCES / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


_STROKE = re.compile(r'stroke="#[0-9a-fA-F]{3,8}"')
_ROW_ICON_SIDES = (16, 20, 24, 32, 48)


@cache
def row_icon(name: str) -> QIcon:
    """`icon(name)` for a row of a list or table: on a selected row its lines are drawn in
    the palette's highlighted-text colour, since our blue lines vanish on the selection's."""
    path = RESOURCES / "icons" / f"{name}.svg"
    if not path.exists():
        return QIcon()
    result = QIcon(str(path))
    colour = QGuiApplication.palette().color(QPalette.ColorRole.HighlightedText).name()
    selected = _STROKE.sub(f'stroke="{colour}"', path.read_text(encoding="utf-8"))
    renderer = QSvgRenderer(QByteArray(selected.encode()))
    for side in _ROW_ICON_SIDES:
        pixmap = QPixmap(side, side)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap, QIcon.Mode.Selected)
    return result


def is_dark() -> bool:
    """Whether the system asks for a dark look (color scheme, else the palette)."""
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def high_contrast() -> bool:
    """Whether the system asks for high contrast (Qt's accessibility hints)."""
    hints = QGuiApplication.styleHints()
    if hints is None:
        return False
    preference = hints.accessibility().contrastPreference()
    return preference == Qt.ContrastPreference.HighContrast


DESIGN_POINTS = 9.0  # the system font size the stylesheets' sizes are written for
_POINTS = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")
_COLOURED = re.compile(r"^\s*(?:color|background(?:-color)?|border(?:-\w+)?)\s*:.*$")


def stylesheet(dark: bool, system_points: float = DESIGN_POINTS, *, colours: bool = True) -> str:
    """The look's stylesheet, its font sizes scaled to `system_points`; without
    `colours`, only its sizes and spacing (every colour, background and border is the
    palette's)."""
    text = (RESOURCES / "styles" / ("dark.qss" if dark else "light.qss")).read_text("utf-8")
    scale = max(system_points, 1.0) / DESIGN_POINTS
    text = _POINTS.sub(lambda found: f"font-size: {float(found[1]) * scale:.1f}pt", text)
    if not colours:
        declarations = re.split(r"(?<=[;{])", text)
        text = "".join(part for part in declarations if not _COLOURED.match(part.rstrip(";")))
    return text


_DARK_ROLES = {
    QPalette.ColorRole.Window: "#181b20",
    QPalette.ColorRole.WindowText: "#e5e7eb",
    QPalette.ColorRole.Base: "#111418",
    QPalette.ColorRole.AlternateBase: "#1b1f25",
    QPalette.ColorRole.Text: "#e5e7eb",
    QPalette.ColorRole.Button: "#262b33",
    QPalette.ColorRole.ButtonText: "#e5e7eb",
    QPalette.ColorRole.Highlight: "#2563eb",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#262b33",
    QPalette.ColorRole.ToolTipText: "#e5e7eb",
    QPalette.ColorRole.PlaceholderText: "#6b7280",
    QPalette.ColorRole.Link: "#93c5fd",
    QPalette.ColorRole.Mid: "#3a414b",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK_ROLES.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7280"))
    return palette


def _set_look(app: QApplication, dark: bool) -> None:
    """The system's own palette is left alone unless dark is asked for on a light one
    (and always under high contrast)."""
    points = app.font().pointSizeF()
    if high_contrast():
        if app.property("privshare-dark-palette"):
            app.setProperty("privshare-dark-palette", False)
            app.setPalette(app.style().standardPalette())
        app.setStyleSheet(stylesheet(dark, points, colours=False))
        return
    if dark and QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() >= 128:
        app.setProperty("privshare-dark-palette", True)
        app.setPalette(dark_palette())
    elif not dark and app.property("privshare-dark-palette"):
        app.setProperty("privshare-dark-palette", False)
        app.setPalette(app.style().standardPalette())
    app.setStyleSheet(stylesheet(dark, points))


def apply_style(app: QApplication, dark: bool | None = None) -> None:
    """Set the look matching the system (or `dark`), and follow later changes."""
    following = dark is None
    _set_look(app, is_dark() if dark is None else dark)
    hints = QGuiApplication.styleHints()
    if following and hints is not None:
        hints.colorSchemeChanged.connect(lambda _scheme: _set_look(app, is_dark()))
        hints.accessibility().contrastPreferenceChanged.connect(
            lambda _preference: _set_look(app, is_dark())
        )
