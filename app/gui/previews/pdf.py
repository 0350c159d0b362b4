"""Page 1 of a PDF as a thumbnail, rendered by PDFium (pypdfium2).

The PySide6 wheels we depend on (PySide6-Essentials) have no QtPdf; PDFium is the
engine QtPdf wraps, and pypdfium2 ships it as a 5 MB wheel. PDFium is not thread-safe:
every call holds one lock. The page is rendered straight at the size that fits `edge`
(never at full size first), onto white, and handed to Qt as a QImage.
"""

from __future__ import annotations

import threading

import pypdfium2
from PySide6.QtGui import QImage

__all__ = ["PDF_SNIFF", "is_pdf", "render_first_page"]

PDF_SNIFF = 1024  # the header "%PDF-" may follow other bytes in the first KiB
_PDFIUM = threading.Lock()


def is_pdf(content: bytes) -> bool:
    return b"%PDF-" in content[:PDF_SNIFF]


def render_first_page(content: bytes, edge: int) -> QImage | None:
    """Page 1 fitted into `edge` x `edge` pixels; None for a PDF PDFium cannot open
    (damaged, encrypted with a password, no pages)."""
    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(content)
        except pypdfium2.PdfiumError:
            return None
        try:
            return _first_page(document, edge)
        except pypdfium2.PdfiumError:
            return None
        finally:
            document.close()


def _first_page(document: pypdfium2.PdfDocument, edge: int) -> QImage | None:
    if len(document) < 1:
        return None
    page = document[0]
    try:
        width, height = page.get_size()
        if not (width > 0 and height > 0):
            return None
        scale = min(edge / width, edge / height)
        bitmap = page.render(scale=scale, prefer_bgrx=True, fill_color=(255, 255, 255, 255))
        try:
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB32,  # BGRx in memory on little-endian machines
            )
            return image.copy()  # owns its pixels once the bitmap is gone
        finally:
            bitmap.close()
    finally:
        page.close()
