"""What the link page does, in Python over plain HTTP (LINKS.md §5): the fast tests use it
to drive the server's link routes; the browser tests run the real page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from app.fs import ContentDecryptor
from app.services.links.format import (
    LinkSecret,
    Manifest,
    b64u,
    open_manifest,
    parse_link_url,
    unb64u,
)


class RefusedError(Exception):
    def __init__(self, status: int, answer: dict[str, Any]) -> None:
        super().__init__(f"{status} {answer}")
        self.status = status
        self.code = answer.get("error")


@dataclass
class Opened:
    base: str
    secret: LinkSecret
    manifest: Manifest
    grant: str

    def block(self, file: int, index: int) -> bytes:
        url = f"{self.base}/l/{self.secret.link_id}/b/{file}/{index}"
        return _ok(requests.get(url, headers={"X-Link-Grant": self.grant}, timeout=10)).content

    def content(self, file: int) -> bytes:
        entry = self.manifest.files[file]
        blocks = (self.block(file, i) for i in range(entry.count))
        return b"".join(ContentDecryptor(entry.content).chunks(blocks))


def _ok(response: requests.Response) -> requests.Response:
    if response.status_code != 200:
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        raise RefusedError(response.status_code, answer)
    return response


def info(url: str) -> dict[str, Any]:
    base, secret = parse_link_url(url)
    answer: dict[str, Any] = _ok(requests.get(f"{base}/l/{secret.link_id}/info", timeout=10)).json()
    return answer


def open_link(url: str, password: str | None = None) -> Opened:
    base, secret = parse_link_url(url)
    about = info(url)
    salt = unb64u(about["salt"], 16) if about["password"] else b""
    keys = secret.keys(password, salt, about.get("iterations", 0))
    answer = _ok(
        requests.post(
            f"{base}/l/{secret.link_id}/open", json={"access": b64u(keys.access)}, timeout=30
        )
    ).json()
    manifest = open_manifest(keys, secret.link_id, unb64u(answer["manifest"]))
    return Opened(base, secret, manifest, answer["grant"])
