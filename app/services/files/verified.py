"""A persistent, encrypted cache of what this device has verified (VERIFIED-CACHE.md).

Listing a folder checks every child's descriptor: the item key's signature, the metadata's
AEAD and signature, and the entry's key derivation. An unchanged object needs none of
that again: the cache maps a digest of the exact bytes checked (the key, the parent, and
the descriptor as served) to what the check found. The version high-water marks are
not in the cache and are still applied to every cached answer, so a rolled-back or
replayed object is refused whether or not its bytes were once verified.

The file lives in the profile, sealed with AES-256-GCM under a key derived from the
account's files root private key; one that does not open (another account, a damaged or
older file) is treated as empty. It is written whole to a temp file and renamed.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

import msgpack

from app.client.objects_api import DescriptorRecord
from app.crypto import aead
from app.crypto.errors import CryptoError
from app.crypto.kdf import derive_key
from app.fs import ItemKey
from app.wire.encoding import label, lp, lp_str, u8

__all__ = ["CACHE_FILE", "FORMAT_VERSION", "FileFacts", "VerifiedCache"]

CACHE_FILE = "verified-cache.bin"
MAGIC = b"PSVC"
FORMAT_VERSION = 2
MAX_ENTRIES = 500_000  # past this the cache starts over (about 60 MB in memory)
_NONCE = 12
_DIGEST_LABELS = {kind: label(f"client/verified-{kind}") for kind in ("file", "folder")}


@dataclass(frozen=True)
class FileFacts:
    """What `ls` shows of a verified file version."""

    name: str
    version: int
    size: int
    modified: int


class VerifiedCache:
    """Digest of verified bytes -> facts; thread-safe; `save()` writes it if changed."""

    def __init__(self, path: Path | None, key: bytes) -> None:
        self._path, self._key = path, key
        self._lock = threading.Lock()
        self._files: dict[bytes, FileFacts] = {}
        self._folders: dict[bytes, int] = {}
        self._ids: dict[str, str] = {}  # a listed xpub -> the item id it was parsed to
        self._latest: dict[str, tuple[str, bytes, bytes]] = {}  # xpub -> parent, sig, digest
        self._dirty = False
        if path is not None:
            self._load(path)

    @classmethod
    def for_root(cls, profile_dir: Path | None, root: ItemKey) -> VerifiedCache:
        """The cache of the account whose files root is `root` (an xprv): in memory only
        when `profile_dir` is None or `root` is read-only (a share)."""
        private = root.extended.private_key
        if private is None:
            return cls(None, b"\0" * 32)
        key = derive_key(private.to_bytes(), "client/verified-cache")
        return cls(None if profile_dir is None else profile_dir / CACHE_FILE, key)

    # --- digests of what was checked ---

    @staticmethod
    def file_digest(xpub: str, parent_id: str | None, record: DescriptorRecord) -> bytes:
        """Of a file reached by the read-only key `xpub` as its folder lists it."""
        return _digest("file", lp_str(xpub), parent_id, record)

    @staticmethod
    def folder_digest(key: ItemKey, parent_id: str | None, record: DescriptorRecord) -> bytes:
        extended = key.extended
        held = u8(key.can_write) + extended.chain_code + key.public_bytes
        return _digest("folder", held, parent_id, record)

    # --- lookups ---

    def file(self, digest: bytes) -> FileFacts | None:
        with self._lock:
            return self._files.get(digest)

    def add_file(self, digest: bytes, facts: FileFacts) -> None:
        with self._lock:
            self._make_room()
            self._files[digest] = facts
            self._dirty = True

    def item_id(self, xpub: str) -> str | None:
        """The item id of a listed xpub parsed before (None: not known here)."""
        with self._lock:
            return self._ids.get(xpub)

    def add_item_id(self, xpub: str, item_id: str) -> None:
        with self._lock:
            if self._ids.get(xpub) != item_id:
                self._make_room()
                self._ids[xpub] = item_id
                self._dirty = True

    def latest(self, xpub: str, parent_id: str) -> tuple[bytes, bytes] | None:
        """The signature and file digest of the last descriptor verified (or hit) for
        the file listed as `xpub` in folder `parent_id` (None: none here)."""
        with self._lock:
            held = self._latest.get(xpub)
        if held is None or held[0] != parent_id:
            return None
        return held[1], held[2]

    def add_latest(self, xpub: str, parent_id: str, signature: bytes, digest: bytes) -> None:
        with self._lock:
            if self._latest.get(xpub) != (parent_id, signature, digest):
                self._make_room()
                self._latest[xpub] = (parent_id, signature, digest)
                self._dirty = True

    def add_listed(
        self, xpub: str, parent_id: str, record: DescriptorRecord, digest: bytes, facts: FileFacts
    ) -> None:
        """A listed file's check, under one lock: `add_file`, `add_item_id` (its id is the
        descriptor's, which the check matched to the key) and `add_latest`."""
        latest = (parent_id, record.signature, digest)
        with self._lock:
            if (
                self._files.get(digest) == facts
                and self._ids.get(xpub) == record.id
                and self._latest.get(xpub) == latest
            ):
                return
            self._make_room()
            self._files[digest] = facts
            self._ids[xpub] = record.id
            self._latest[xpub] = latest
            self._dirty = True

    def folder_checked(self, digest: bytes) -> bool:
        """Whether this exact listing had all its entries' keys checked."""
        with self._lock:
            return digest in self._folders

    def add_folder(self, digest: bytes, version: int) -> None:
        with self._lock:
            if self._folders.get(digest) == version:
                return  # a listing opened again: nothing to write
            self._make_room()
            self._folders[digest] = version
            self._dirty = True

    # --- the file ---

    def save(self) -> None:
        """Write the cache if it changed (temp file, then rename: never half-written)."""
        with self._lock:
            if self._path is None or not self._dirty:
                return
            body = msgpack.packb(
                {
                    "files": {
                        d: [f.name, f.version, f.size, f.modified] for d, f in self._files.items()
                    },
                    "folders": self._folders,
                    "ids": self._ids,
                    "latest": {x: list(held) for x, held in self._latest.items()},
                },
                use_bin_type=True,
            )
            self._dirty = False
        nonce = secrets.token_bytes(_NONCE)
        header = MAGIC + u8(FORMAT_VERSION)
        sealed = header + nonce + aead.encrypt(self._key, nonce, body, header)
        temp = self._path.with_name(f".{CACHE_FILE}.{secrets.token_hex(4)}")
        try:
            descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(sealed)
            os.replace(temp, self._path)
        except OSError:
            temp.unlink(missing_ok=True)  # a cache that cannot be written is only slower

    def _load(self, path: Path) -> None:
        try:
            sealed = path.read_bytes()
        except OSError:
            return
        header = MAGIC + u8(FORMAT_VERSION)
        if not sealed.startswith(header):
            return  # absent, foreign or another format version: start empty
        nonce, body = sealed[len(header) : len(header) + _NONCE], sealed[len(header) + _NONCE :]
        try:
            fields = msgpack.unpackb(aead.decrypt(self._key, nonce, body, header), raw=False)
            files = {
                bytes(d): FileFacts(str(n), int(v), int(s), int(m))
                for d, (n, v, s, m) in fields["files"].items()
            }
            folders = {bytes(d): int(v) for d, v in fields["folders"].items()}
            ids = {str(x): str(i) for x, i in fields["ids"].items()}
            latest = {  # absent from files written before it: empty
                str(x): (str(p), bytes(sig), bytes(d))
                for x, (p, sig, d) in fields.get("latest", {}).items()
            }
        except (
            CryptoError,
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            msgpack.UnpackException,
        ):
            return
        self._files, self._folders, self._ids, self._latest = files, folders, ids, latest

    def _make_room(self) -> None:
        if (
            len(self._files) + len(self._folders) + len(self._ids) + len(self._latest)
            >= MAX_ENTRIES
        ):
            self._files.clear()
            self._folders.clear()
            self._ids.clear()
            self._latest.clear()


def _digest(kind: str, held: bytes, parent_id: str | None, record: DescriptorRecord) -> bytes:
    """SHA-256 of everything the check of this object depended on (`held`: the key it was
    checked with)."""
    parent = b"\x00" if parent_id is None else b"\x01" + lp_str(parent_id)
    parts = (
        _DIGEST_LABELS[kind],
        parent,
        held,
        lp_str(record.id),
        lp(record.public_key),
        lp(b"".join(record.block_ids)),
        lp(record.extra),
        lp(record.signature),
    )
    return hashlib.sha256(b"".join(parts)).digest()
