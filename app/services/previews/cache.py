"""The preview cache at rest: one AES-256-GCM file per thumbnail (PREVIEW-CACHE.md).

    cache = profile_previews(vault)             # <profile>/previews, key from the vault
    cache.load(facts, edge)  -> Thumbnail | None (missing, unreadable, another version)
    cache.save(facts, edge, thumbnail)          (a temporary file renamed into place)
    cache.wipe()                                (every thumbnail of the profile)

File names are a keyed hash of the file's path, version, size and time, so a listing of
the folder tells nothing about the files; only ciphertext ever touches the disk. The
folder is kept under `limit` bytes: the least recently used thumbnails go first (a read
touches the file's time).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import msgpack

from app.crypto.aead import NONCE_SIZE, decrypt, encrypt
from app.crypto.errors import DecryptionError
from app.fs import ItemKey
from app.vault import Vault
from app.wire.encoding import label, lp_str, u32, u64

__all__ = [
    "CACHE_FOLDER",
    "DEFAULT_LIMIT",
    "FileFacts",
    "PreviewCache",
    "Thumbnail",
    "cache_key",
    "profile_previews",
]

CACHE_FOLDER = "previews"
DEFAULT_LIMIT = 64 * 1024 * 1024
MAGIC = b"PSPV"
VERSION = 1
HEADER = MAGIC + bytes([VERSION])
KEY_PURPOSE = "previews/cache"
SUFFIX = ".bin"


@dataclass(frozen=True)
class FileFacts:
    """What identifies one version of a file, as its verified listing shows it."""

    path: str
    version: int
    size: int
    modified: int  # ms since the epoch


@dataclass(frozen=True)
class Thumbnail:
    """A PNG of at most `edge` pixels a side, or `png == b""` when there is no preview
    (`reason` says why: not an image, too large, damaged)."""

    png: bytes
    width: int = 0
    height: int = 0
    reason: str = ""

    @property
    def shown(self) -> bool:
        return bool(self.png)


def cache_key(vault: Vault) -> bytes:
    """The cache's key: from the vault's settings branch (m/9'), purpose "previews/cache"."""
    return ItemKey(vault.branch(Vault.SETTINGS)).purpose_key(KEY_PURPOSE)


def profile_previews(vault: Vault, limit: int = DEFAULT_LIMIT) -> PreviewCache:
    return PreviewCache(vault.profile.root / CACHE_FOLDER, cache_key(vault), limit)


class PreviewCache:
    """Encrypted thumbnails in one folder, at most `limit` bytes; thread-safe."""

    def __init__(self, folder: Path, key: bytes, limit: int = DEFAULT_LIMIT) -> None:
        self.folder = folder
        self.limit = limit
        self._key = key
        self._name_key = hashlib.sha256(label("previews/name") + key).digest()
        self._lock = threading.Lock()
        self._last_use = 0

    def _entry_id(self, facts: FileFacts, edge: int) -> bytes:
        fields = lp_str(facts.path) + u64(facts.version) + u64(facts.size)
        fields += u64(max(0, facts.modified)) + u32(edge)
        return hmac.new(self._name_key, fields, hashlib.sha256).digest()

    def _path(self, entry_id: bytes) -> Path:
        return self.folder / (entry_id.hex() + SUFFIX)

    def load(self, facts: FileFacts, edge: int) -> Thumbnail | None:
        entry_id = self._entry_id(facts, edge)
        path = self._path(entry_id)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        start = len(HEADER) + NONCE_SIZE
        if not data.startswith(HEADER) or len(data) < start:
            return None
        try:
            plain = decrypt(self._key, data[len(HEADER) : start], data[start:], HEADER + entry_id)
            stored = msgpack.unpackb(plain)
            thumbnail = Thumbnail(
                bytes(stored["png"]), int(stored["w"]), int(stored["h"]), str(stored["why"])
            )
        except (DecryptionError, ValueError, KeyError, TypeError):
            return None
        with self._lock:
            self._touch(path)  # recently used: evicted last
        return thumbnail

    def _touch(self, path: Path) -> None:
        """Mark `path` used now (strictly later than the last one marked: the file
        system's own clock ticks too coarsely to order quick uses)."""
        self._last_use = max(time.time_ns(), self._last_use + 1)
        try:
            os.utime(path, ns=(self._last_use, self._last_use))
        except OSError:
            pass  # removed meanwhile

    def save(self, facts: FileFacts, edge: int, thumbnail: Thumbnail) -> None:
        entry_id = self._entry_id(facts, edge)
        stored = {"png": thumbnail.png, "w": thumbnail.width, "h": thumbnail.height}
        stored["why"] = thumbnail.reason
        nonce = secrets.token_bytes(NONCE_SIZE)
        data = HEADER + nonce + encrypt(self._key, nonce, msgpack.packb(stored), HEADER + entry_id)
        with self._lock:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            temporary = self.folder / f".{secrets.token_hex(8)}.tmp"
            temporary.write_bytes(data)
            os.replace(temporary, self._path(entry_id))
            self._touch(self._path(entry_id))
            self._evict()

    def size(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def _entries(self) -> list[tuple[int, int, Path]]:
        found = []
        for path in self.folder.glob("*" + SUFFIX):
            try:
                status = path.stat()
            except OSError:
                continue  # removed meanwhile
            found.append((status.st_mtime_ns, status.st_size, path))
        return found

    def _evict(self) -> None:
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries:
            if total <= self.limit:
                break
            path.unlink(missing_ok=True)
            total -= size

    def wipe(self) -> None:
        with self._lock:
            shutil.rmtree(self.folder, ignore_errors=True)
