"""The transfer list at rest: one AES-256-GCM file in the profile (TRANSFERS.md).

store = profile_transfers(vault)        # an unlocked vault: the key is derived
store.save([Remembered("upload", "/Docs/a.pdf", "/home/me/a.pdf", 10, 99, "")])
store.load()  -> list[Remembered]       (empty: missing, unreadable, another version)
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import msgpack

from app.crypto.aead import NONCE_SIZE, decrypt, encrypt
from app.crypto.errors import DecryptionError
from app.fs import ItemKey
from app.services.events import Direction
from app.vault import Vault

__all__ = ["LIMIT", "LIST_FILE", "Remembered", "TransferList", "profile_transfers"]

LIST_FILE = "transfer-list.bin"
MAGIC = b"PSTL"
VERSION = 1
HEADER = MAGIC + bytes([VERSION])
KEY_PURPOSE = "transfers/list"
LIMIT = 1000
DIRECTIONS = ("upload", "download")


@dataclass(frozen=True)
class Remembered:
    """One unfinished transfer (TRANSFERS.md has the meaning of each field)."""

    direction: Direction
    remote: str
    local: str
    done: int
    total: int
    reason: str


def profile_transfers(vault: Vault) -> TransferList:
    key = ItemKey(vault.branch(Vault.SETTINGS)).purpose_key(KEY_PURPOSE)
    return TransferList(vault.profile.root / LIST_FILE, key)


class TransferList:
    """Reads and writes one encrypted transfer list."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = key

    def load(self) -> list[Remembered]:
        try:
            data = self.path.read_bytes()
        except OSError:
            return []
        if not data.startswith(HEADER) or len(data) < len(HEADER) + NONCE_SIZE:
            return []
        nonce = data[len(HEADER) : len(HEADER) + NONCE_SIZE]
        try:
            plain = decrypt(self._key, nonce, data[len(HEADER) + NONCE_SIZE :], HEADER)
            return [_checked(item) for item in msgpack.unpackb(plain)]
        except (DecryptionError, ValueError, KeyError, TypeError, msgpack.UnpackException):
            return []

    def save(self, transfers: Sequence[Remembered]) -> None:
        plain = msgpack.packb([asdict(item) for item in transfers[-LIMIT:]])
        nonce = secrets.token_bytes(NONCE_SIZE)
        data = HEADER + nonce + encrypt(self._key, nonce, plain, HEADER)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, self.path)


def _checked(item: dict[str, object]) -> Remembered:
    remembered = Remembered(**item)  # type: ignore[arg-type]
    texts = (remembered.remote, remembered.local, remembered.reason)
    numbers = (remembered.done, remembered.total)
    if (
        remembered.direction not in DIRECTIONS
        or not all(isinstance(text, str) for text in texts)
        or not all(isinstance(number, int) and number >= 0 for number in numbers)
    ):
        raise ValueError("not a transfer of this format")
    return remembered
