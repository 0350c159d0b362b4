"""A printable recovery sheet (HTML) with the phrase in a numbered table: printed straight
to a printer (no file at all), or saved readable by this user only."""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter

__all__ = ["print_recovery_sheet", "recovery_sheet_html", "save_recovery_sheet"]


def recovery_sheet_html(address: str, words: Sequence[str], created: str) -> str:
    rows = len(words) // 3 if len(words) % 3 == 0 else len(words) // 3 + 1
    cells = []
    for row in range(rows):
        line = "".join(
            f"<td><span class=n>{i + 1}.</span> {html.escape(words[i])}</td>"
            for i in (row, row + rows, row + 2 * rows)
            if i < len(words)
        )
        cells.append(f"<tr>{line}</tr>")
    translate = QCoreApplication.translate
    title = html.escape(translate("RecoverySheet", "Privshare recovery sheet"))
    account = html.escape(translate("RecoverySheet", "Account:"))
    made = html.escape(translate("RecoverySheet", "Made:"))
    warning = translate(
        "RecoverySheet",
        "Anyone with these words can open every file of this account. Keep this sheet "
        "somewhere safe and offline; do not photograph it or store it in the cloud. "
        "Delete the file after printing.",
    )
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title>"
        "<style>body{font-family:sans-serif;margin:2cm}td{padding:6px 18px;font:14pt monospace}"
        f".n{{color:#666}}</style></head><body><h1>{title}</h1>"
        f"<p>{account} <b>{html.escape(address)}</b><br>{made} {html.escape(created)}</p>"
        f"<table>{''.join(cells)}</table><p>{html.escape(warning)}</p></body></html>"
    )


def save_recovery_sheet(path: Path, address: str, words: Sequence[str], created: str) -> None:
    """Write the sheet readable by this user only (0600)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(recovery_sheet_html(address, words, created))


def print_recovery_sheet(
    printer: QPrinter, address: str, words: Sequence[str], created: str
) -> None:
    """Lay the sheet out on `printer`'s pages (a real printer, or a PDF the person chose)."""
    document = QTextDocument()
    document.setHtml(recovery_sheet_html(address, words, created))
    document.print_(printer)
