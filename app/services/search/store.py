"""The search index at rest: one AES-256-GCM file in the profile (INDEX.md).

    store = IndexStore(profile_root / "search-index.bin", key)   # key: index_key(vault)
    store.load()  -> SearchIndex | None  (None: missing, unreadable or another version)
    store.save(index)                     (a temporary file renamed over the old one)

Only ciphertext ever touches the disk: the temporary file is written encrypted.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import msgpack

from app.crypto.aead import NONCE_SIZE, decrypt, encrypt
from app.crypto.errors import DecryptionError
from app.fs import ItemKey
from app.services.search.index import SearchIndex
from app.vault import Vault

__all__ = ["INDEX_FILE", "IndexStore", "index_key", "profile_index"]

INDEX_FILE = "search-index.bin"
MAGIC = b"PSIX"
VERSION = 1
HEADER = MAGIC + bytes([VERSION])
KEY_PURPOSE = "search/index"
COLUMNS = ("names", "parents", "types", "sizes", "modified")


def index_key(vault: Vault) -> bytes:
    """The index's key: from the vault's settings branch (m/9'), purpose "search/index"."""
    return ItemKey(vault.branch(Vault.SETTINGS)).purpose_key(KEY_PURPOSE)


def profile_index(vault: Vault) -> IndexStore:
    """The index file of the vault's profile (an unlocked vault: its key is derived)."""
    return IndexStore(vault.profile.root / INDEX_FILE, index_key(vault))


class IndexStore:
    """Reads and writes one encrypted index file."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = key

    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> SearchIndex | None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        if not data.startswith(HEADER) or len(data) < len(HEADER) + NONCE_SIZE:
            return None
        nonce = data[len(HEADER) : len(HEADER) + NONCE_SIZE]
        try:
            plain = decrypt(self._key, nonce, data[len(HEADER) + NONCE_SIZE :], HEADER)
            stored = msgpack.unpackb(plain)
            names, parents, types, sizes, modified = (stored[k] for k in COLUMNS)
            return SearchIndex.from_tree_columns((names, parents, types, sizes, modified))
        except (DecryptionError, ValueError, KeyError, TypeError):
            return None

    def save(self, index: SearchIndex) -> None:
        columns = dict(zip(COLUMNS, index.tree_columns(), strict=True))
        plain = msgpack.packb(columns)
        nonce = secrets.token_bytes(NONCE_SIZE)
        data = HEADER + nonce + encrypt(self._key, nonce, plain, HEADER)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, self.path)

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)
