"""The Qt thumbnail renderer (app/gui/previews/render.py) on good, damaged and hostile
input: a picture scaled to fit, or a thumbnail without one whose reason says why."""

from __future__ import annotations

import struct
import zlib

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter

from app.gui.previews.render import image_kinds, render_thumbnail


def _encoded(width: int, height: int, kind: str) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(0x3366CC)
    out = QBuffer()
    out.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(out, kind)
    return bytes(out.data().data())


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bomb(side: int) -> bytes:
    """A valid PNG header for a `side` x `side` grey picture: a few KiB that would
    decode to `side`² bytes."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (side + 1) * 64, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "BMP"])
def test_a_picture_is_scaled_to_fit_and_comes_out_as_png(qapp, kind: str) -> None:  # type: ignore[no-untyped-def]
    shown = render_thumbnail(_encoded(640, 480, kind), "photo.bin", 128)
    assert shown.shown and (shown.width, shown.height) == (128, 96)
    decoded = QImage.fromData(shown.png, "PNG")
    assert (decoded.width(), decoded.height()) == (128, 96)
    assert shown.png.startswith(b"\x89PNG")


def test_a_small_picture_is_not_blown_up(qapp) -> None:  # type: ignore[no-untyped-def]
    shown = render_thumbnail(_encoded(40, 30, "PNG"), "icon.png", 128)
    assert (shown.width, shown.height) == (40, 30)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (_encoded(640, 480, "PNG")[:1500], "The image is damaged"),  # truncated
        (_bomb(40_000), "Too large to preview"),  # 1.6 GB of pixels in a few KiB
        (b"%PDF-1.7\n%broken\n", "The PDF is damaged or locked"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "Not an image this app can read"),
        (b"", "Not an image this app can read"),
    ],
    ids=["truncated-png", "decompression-bomb", "pdf", "broken-header", "empty"],
)
def test_damaged_hostile_and_unknown_content_gives_no_preview(  # type: ignore[no-untyped-def]
    qapp, content: bytes, reason: str
) -> None:
    shown = render_thumbnail(content, "photo.png", 128)
    assert not shown.shown and shown.png == b"" and shown.reason == reason


def _pdf(tmp_path, colour: str) -> bytes:  # type: ignore[no-untyped-def]
    """A one-page A4-shaped PDF by Qt's own writer: the page filled with `colour`."""
    path = tmp_path / "page.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QSizeF(210, 297), QPageSize.Unit.Millimeter))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    painter = QPainter(writer)
    painter.fillRect(painter.viewport(), QColor(colour))
    painter.end()
    return path.read_bytes()


def test_page_one_of_a_pdf_is_rendered_to_fit(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shown = render_thumbnail(_pdf(tmp_path, "#c62828"), "report.pdf", 128)
    assert shown.shown and shown.height == 128 and 88 <= shown.width <= 92  # A4's shape
    picture = QImage.fromData(shown.png, "PNG")
    middle = picture.pixelColor(picture.width() // 2, picture.height() // 2)
    assert (middle.red(), middle.green(), middle.blue()) == (0xC6, 0x28, 0x28)


def test_a_truncated_pdf_gives_no_preview(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    whole = _pdf(tmp_path, "#c62828")
    shown = render_thumbnail(whole[: len(whole) // 3], "report.pdf", 128)
    assert not shown.shown and shown.reason == "The PDF is damaged or locked"


def test_the_kinds_are_those_this_qt_reads(qapp) -> None:  # type: ignore[no-untyped-def]
    kinds = image_kinds()
    assert {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".pdf"} <= kinds
    assert ".svg" not in kinds  # scripts and external references: not previewed
