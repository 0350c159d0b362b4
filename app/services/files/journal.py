"""The upload journal: what an interrupted upload needs to resume (issue 5 §3).

One small file per upload in progress, in `<profile>/transfers/`, named by a hash of
(local path, target folder id, name). It holds the server's transfer id and the
version's content keys, so a second attempt re-encrypts to the very same blocks and
sends only those `transferStatus` does not list. Content keys are secrets: each entry is
AES-256-GCM under a key derived from the vault (m/9', purpose "fs/transfer-journal"),
with the file name as AAD. An entry that does not open, or whose local file changed
size or modification time, is ignored (the upload starts over).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import msgpack

from app.crypto import aead
from app.crypto.errors import DecryptionError
from app.fs import ContentKeys, FsUsageError
from app.wire.objects import SHA256

__all__ = ["Journal", "JournalEntry"]

_NONCE = 12


@dataclass(frozen=True)
class JournalEntry:
    transfer_id: bytes
    keys: ContentKeys
    size: int
    mtime_ns: int


class Journal:
    """Upload journal entries in one folder, sealed under `key`."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self._folder = folder
        self._key = key

    @staticmethod
    def name_for(local: Path, folder_id: str, name: str) -> str:
        ident = "\x00".join((str(local.resolve()), folder_id, name)).encode("utf-8")
        return hashlib.sha256(ident).hexdigest()[:40]

    def load(self, name: str, size: int, mtime_ns: int) -> JournalEntry | None:
        try:
            data = (self._folder / name).read_bytes()
            body = aead.decrypt(self._key, data[:_NONCE], data[_NONCE:], name.encode())
            fields = msgpack.unpackb(body)
            block_hash = fields.get("hash", SHA256)  # entries written before BLAKE3: SHA-256
            keys = ContentKeys(fields["key"], fields["vid"], fields["chunk"], block_hash)
            entry = JournalEntry(fields["transfer"], keys, fields["size"], fields["mtime"])
        except (OSError, DecryptionError, ValueError, KeyError, TypeError, FsUsageError):
            return None
        except msgpack.UnpackException:
            return None
        if (entry.size, entry.mtime_ns) != (size, mtime_ns):
            return None
        return entry

    def save(self, name: str, entry: JournalEntry) -> None:
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        body = msgpack.packb(
            {
                "transfer": entry.transfer_id,
                "key": entry.keys.content_key,
                "vid": entry.keys.version_id,
                "chunk": entry.keys.chunk_size,
                "hash": entry.keys.block_hash,
                "size": entry.size,
                "mtime": entry.mtime_ns,
            }
        )
        nonce = secrets.token_bytes(_NONCE)
        data = nonce + aead.encrypt(self._key, nonce, body, name.encode())
        temp = self._folder / f".{name}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, self._folder / name)

    def remove(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self._folder / name).unlink()
