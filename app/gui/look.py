"""Icons and stylesheets from resources/ (SVG and .qss), light or dark by the palette."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

__all__ = ["RESOURCES", "apply_style", "icon", "is_dark", "stylesheet"]

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


@cache
def icon(name: str) -> QIcon:
    """The SVG icon resources/icons/<name>.svg (an empty icon if it is missing)."""
    path = RESOURCES / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def is_dark() -> bool:
    """Whether the system asks for a dark look (color scheme, else the palette)."""
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def stylesheet(dark: bool) -> str:
    return (RESOURCES / "styles" / ("dark.qss" if dark else "light.qss")).read_text("utf-8")


def apply_style(app: QApplication, dark: bool | None = None) -> None:
    """Set the stylesheet matching the system (or `dark`), and follow later changes."""
    app.setStyleSheet(stylesheet(is_dark() if dark is None else dark))
    hints = QGuiApplication.styleHints()
    if dark is None and hints is not None:
        hints.colorSchemeChanged.connect(lambda _scheme: app.setStyleSheet(stylesheet(is_dark())))
