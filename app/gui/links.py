"""privshare:// links: what the desktop application does when it is opened with one.

A link names a server and something on it: `privshare://HOST[:PORT]/PATH[#FRAGMENT]`
(resources/privshare.desktop registers the scheme, so a browser or file manager starts
`privshare LINK`). Today the application opens as usual and says what the link points
at; share links (issue 6) will route it to the share offered. The fragment is never
shown or sent anywhere: later links carry key material there, as a URL's fragment never
reaches a server. The text is shown as plain text, never as Qt rich text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

__all__ = ["MAX_LINK", "SCHEME", "Link", "LinkError", "is_link", "parse_link", "show_link"]

SCHEME = "privshare"
MAX_LINK = 4096
_HOST = re.compile(r"[a-z0-9.-]{1,253}(:[0-9]{1,5})?|\[[0-9a-f:.]{2,45}\](:[0-9]{1,5})?")


class LinkError(ValueError):
    """The text is not a usable privshare:// link."""


@dataclass(frozen=True)
class Link:
    """Where a link points: a server (host[:port]) and a path on it."""

    host: str
    path: str
    has_fragment: bool

    def describe(self) -> str:
        return f"{self.path} on the server {self.host}"


def is_link(text: str) -> bool:
    return text[: len(SCHEME) + 1].lower() == SCHEME + ":"


def parse_link(text: str) -> Link:
    """Check and split a link (`LinkError` names what is wrong)."""
    if len(text) > MAX_LINK:
        raise LinkError(f"the link is longer than {MAX_LINK} characters")
    parts = urlsplit(text.strip())
    if parts.scheme.lower() != SCHEME:
        raise LinkError(f"it is not a {SCHEME}:// link")
    host = parts.netloc.lower()
    if not _HOST.fullmatch(host):
        raise LinkError("it names no valid server")
    path = unquote(parts.path) or "/"
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        raise LinkError("its path holds control characters")
    return Link(host, path, bool(parts.fragment))


def show_link(parent: QWidget | None, text: str) -> QMessageBox:
    """Tell, without blocking, where the link points (or why it cannot be opened)."""
    translate = QCoreApplication.translate
    try:
        link = parse_link(text)
    except LinkError as error:
        icon, title = QMessageBox.Icon.Warning, translate("Links", "Not a Privshare link")
        body = translate("Links", "This link cannot be opened: %1.").replace("%1", str(error))
    else:
        icon, title = QMessageBox.Icon.Information, translate("Links", "Privshare link")
        body = translate(
            "Links", "This link points at %1. Links open shared items once sharing comes."
        ).replace("%1", link.describe())
    box = QMessageBox(icon, title, body, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("linkMessage")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box
