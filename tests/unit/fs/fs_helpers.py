"""Tamper helpers for the app.fs tests (a plain module: test files import it by name)."""

from __future__ import annotations

from typing import Any

import msgpack

from app.crypto import aead


def open_body(extra: bytes, enc_key: bytes, item_id: str) -> dict[str, Any]:
    """Decrypt an envelope with a read key, as a reader (or a leaked read key) can."""
    aad = extra[:35] + len(item_id).to_bytes(4, "big") + item_id.encode()
    body = aead.decrypt(enc_key, extra[35:47], extra[47:], aad)
    out: dict[str, Any] = msgpack.unpackb(body)
    return out


def reseal_body(extra: bytes, enc_key: bytes, item_id: str, body: dict[str, Any]) -> bytes:
    """Re-encrypt a changed body under the same read key (the signature cannot follow)."""
    aad = extra[:35] + len(item_id).to_bytes(4, "big") + item_id.encode()
    return extra[:47] + aead.encrypt(enc_key, extra[35:47], msgpack.packb(body), aad)
