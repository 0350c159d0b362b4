"""What the link page does, in Python over plain HTTP (LINKS.md §5): the fast tests use it
to drive the server's link routes; the browser tests run the real page."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.fs import ContentDecryptor, ContentEncryptor, ContentKeys
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

    def drop(self, name: str, data: bytes, *, header: bytes | None = None) -> int:
        """Upload `data` as page.js does (LINKS.md §4); `header` replaces the sealed header
        (a hostile uploader). Returns the drop number."""
        assert self.manifest.request_key is not None
        keys = ContentKeys.generate(DROP_CHUNK)
        sealed, content_key = _drop_header(
            self.secret.link_id, self.manifest.request_key, name, data, keys
        )
        content = ContentKeys(content_key, keys.version_id, DROP_CHUNK)
        link = f"{self.base}/l/{self.secret.link_id}/drops"
        grant = {"X-Link-Grant": self.grant}
        number = int(
            _ok(requests.post(link, data=header or sealed, headers=grant, timeout=10)).json()[
                "drop"
            ]
        )
        blocks = list(ContentEncryptor(content).blocks(data))
        for index, block in enumerate(blocks):
            _ok(requests.put(f"{link}/{number}/{index}", data=block, headers=grant, timeout=10))
        _ok(
            requests.post(
                f"{link}/{number}/done", json={"count": len(blocks)}, headers=grant, timeout=10
            )
        )
        return number

    def content(self, file: int) -> bytes:
        entry = self.manifest.files[file]
        blocks = (self.block(file, i) for i in range(entry.count))
        return b"".join(ContentDecryptor(entry.content).chunks(blocks))


DROP_CHUNK = 1 << 20


def _drop_header(
    link_id: str, request_key: bytes, name: str, data: bytes, keys: ContentKeys
) -> tuple[bytes, bytes]:
    """(sealed header, content key) for a drop, with pyca's ECDH P-256 and AES-GCM."""
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    epub = ephemeral.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), request_key)
    shared = ephemeral.exchange(ec.ECDH(), point)
    derived = HKDF(hashes.SHA256(), 64, epub, b"privshare/v1/link/drop" + link_id.encode()).derive(
        shared
    )
    count = max(1, -(-len(data) // DROP_CHUNK))
    body = {
        "v": 1,
        "name": name,
        "size": len(data),
        "mime": "application/octet-stream",
        "chunk": DROP_CHUNK,
        "count": count,
        "vid": b64u(keys.version_id),
    }
    nonce = os.urandom(12)
    sealed = AESGCM(derived[:32]).encrypt(
        nonce, json.dumps(body).encode(), b"\x01" + link_id.encode() + epub
    )
    return b"\x01" + epub + nonce + sealed, derived[32:]


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
