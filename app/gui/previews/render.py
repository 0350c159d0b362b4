"""Thumbnails made with Qt's own image readers (PDFs: page 1, by pdf.py), safe to call
from a worker thread.

`render_thumbnail(content, name, edge)` decodes at most `MAX_PIXELS` pixels (the size in
the file's header is checked first, and Qt's allocation limit caps what a decoder may
take), scales to fit `edge` and returns a PNG. A file that is not a complete image of a
supported kind gives a thumbnail without a picture, whose reason says so: nothing raises.
Only QImage is used (QPixmap belongs to the GUI thread).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QSize,
    Qt,
)
from PySide6.QtGui import QImage, QImageReader, QImageWriter

from app.gui.i18n import QT_TRANSLATE_NOOP
from app.gui.previews.pdf import is_pdf, render_first_page
from app.services.previews.cache import Thumbnail

__all__ = ["IMAGE_KINDS", "MAX_PIXELS", "image_kinds", "render_thumbnail"]

MAX_PIXELS = 50_000_000  # a 50-megapixel photo decodes; a larger header is not believed
ALLOCATION_LIMIT_MB = 256  # what one decoder may allocate (Qt's own check)
IMAGE_KINDS = {
    ".png": b"png",
    ".jpg": b"jpeg",
    ".jpeg": b"jpeg",
    ".gif": b"gif",
    ".bmp": b"bmp",
    ".webp": b"webp",
    ".ppm": b"ppm",
    ".pgm": b"pgm",
    ".pbm": b"pbm",
}


def image_kinds() -> frozenset[str]:
    """The suffixes of IMAGE_KINDS whose format this Qt build reads, and ".pdf"."""
    supported = {bytes(name.data()) for name in QImageReader.supportedImageFormats()}
    kinds = {suffix for suffix, kind in IMAGE_KINDS.items() if kind in supported}
    return frozenset(kinds | {".pdf"})


def _none(reason: str) -> Thumbnail:
    return Thumbnail(b"", reason=QCoreApplication.translate("Previews", reason))


def render_thumbnail(content: bytes, name: str, edge: int) -> Thumbnail:
    """A PNG of `content` at most `edge` pixels a side, or the reason there is none."""
    if is_pdf(content):
        page = render_first_page(content, edge)
        return (
            _none(QT_TRANSLATE_NOOP("PreviewPane", "The PDF is damaged or locked"))
            if page is None
            else _png(page)
        )
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    source = QBuffer()
    source.setData(QByteArray(content))
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(source)  # the format comes from the content, never the name
    reader.setAutoTransform(True)
    size = reader.size()
    if not reader.canRead() or not size.isValid() or size.isEmpty():
        return _none(QT_TRANSLATE_NOOP("PreviewPane", "Not an image this app can read"))
    if size.width() * size.height() > MAX_PIXELS:
        return _none(QT_TRANSLATE_NOOP("PreviewPane", "Too large to preview"))
    if size.width() > edge or size.height() > edge:
        reader.setScaledSize(size.scaled(QSize(edge, edge), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return _none(QT_TRANSLATE_NOOP("PreviewPane", "The image is damaged"))
    return _png(image)


def _png(image: QImage) -> Thumbnail:
    out = QBuffer()
    out.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(out, QByteArray(b"png")).write(image)
    return Thumbnail(bytes(out.data().data()), image.width(), image.height())
