"""Vault file format v1 as bytes: framing, parsing and the checksum (FORMAT.md §1, §3, §5).

Pure: no keys, no I/O. `VaultFile.parse` raises `VaultCorruptedError` for anything not
exactly as FORMAT.md says, and `UnsupportedVaultVersionError` for a sound file of another
version. The KDF floor and ceiling are enforced here, before anything is derived.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass

from app.vault.errors import UnsupportedVaultVersionError, VaultCorruptedError, VaultFullError

__all__ = [
    "DEFAULT_KDF",
    "KDF_CEILING",
    "KDF_FLOOR",
    "MAGIC",
    "MAX_FILE",
    "VERSION",
    "DeviceSlot",
    "KdfParams",
    "PasswordSlot",
    "VaultFile",
    "version_prefix",
]

MAGIC = b"PSVAULT\x00"
VERSION = 1
KDF_ARGON2ID = 1
SALT_SIZE = 16
NONCE_SIZE = 12
WRAPPED_SIZE = 48  # 32-byte DEK + 16-byte GCM tag
SLOT_ID_SIZE = 16
TAG_SIZE = 16
CHECKSUM_SIZE = 32
MAX_BODY = 16 * 1024 * 1024
MiB = 1024 * 1024

_KDF_HEADER = struct.Struct(">8sHBII16s")  # magic, version, kdf id, ops, mem, salt: 35 bytes
_LENGTH = struct.Struct(">I")
_HEADER_MIN = _KDF_HEADER.size + NONCE_SIZE + WRAPPED_SIZE + 1
_SMALLEST_FILE = _HEADER_MIN + NONCE_SIZE + _LENGTH.size + TAG_SIZE + CHECKSUM_SIZE
MAX_FILE = 256 + MAX_BODY  # the largest header plus the body and the checksum fit in this


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: passes and memory in bytes."""

    ops_limit: int
    mem_limit: int

    def within_bounds(self) -> bool:
        return (
            KDF_FLOOR.ops_limit <= self.ops_limit <= KDF_CEILING.ops_limit
            and KDF_FLOOR.mem_limit <= self.mem_limit <= KDF_CEILING.mem_limit
        )

    def check(self) -> None:
        """Refuse parameters below the floor or above the ceiling (a downgrade or a bomb)."""
        if self.ops_limit < KDF_FLOOR.ops_limit or self.mem_limit < KDF_FLOOR.mem_limit:
            raise VaultCorruptedError(
                "the vault's key-derivation parameters are below the safe minimum, so the file "
                "may have been tampered with: restore vault.bin.bak or your recovery phrase"
            )
        if self.ops_limit > KDF_CEILING.ops_limit or self.mem_limit > KDF_CEILING.mem_limit:
            raise VaultCorruptedError(
                "the vault's key-derivation parameters are beyond what Privshare accepts: "
                "restore vault.bin.bak or your recovery phrase"
            )


DEFAULT_KDF = KdfParams(ops_limit=3, mem_limit=192 * MiB)
KDF_FLOOR = KdfParams(ops_limit=2, mem_limit=19 * MiB)
KDF_CEILING = KdfParams(ops_limit=10, mem_limit=1024 * MiB)


@dataclass(frozen=True)
class PasswordSlot:
    nonce: bytes
    wrapped: bytes


@dataclass(frozen=True)
class DeviceSlot:
    slot_id: bytes
    nonce: bytes
    wrapped: bytes


@dataclass(frozen=True)
class VaultFile:
    """A parsed vault file: header fields, the body ciphertext and its nonce."""

    kdf: KdfParams
    salt: bytes
    password_slot: PasswordSlot
    device_slot: DeviceSlot | None
    body_nonce: bytes
    body: bytes

    def kdf_header(self) -> bytes:
        """Bytes 0..35: magic, version, KDF id and parameters, salt (AAD of the slots)."""
        return _KDF_HEADER.pack(
            MAGIC, VERSION, KDF_ARGON2ID, self.kdf.ops_limit, self.kdf.mem_limit, self.salt
        )

    def header(self) -> bytes:
        """Bytes 0..H: everything before the body nonce (AAD of the body)."""
        parts = [self.kdf_header(), self.password_slot.nonce, self.password_slot.wrapped]
        if self.device_slot is None:
            parts.append(b"\x00")
        else:
            slot = self.device_slot
            parts += [b"\x01", slot.slot_id, slot.nonce, slot.wrapped]
        return b"".join(parts)

    def to_bytes(self) -> bytes:
        if len(self.body) > MAX_BODY:
            raise VaultFullError()
        content = b"".join(
            [self.header(), self.body_nonce, _LENGTH.pack(len(self.body)), self.body]
        )
        return content + hashlib.sha256(content).digest()

    @classmethod
    def parse(cls, data: bytes) -> VaultFile:
        _check_envelope(data)
        return _Reader(data[:-CHECKSUM_SIZE]).vault_file()


def version_prefix() -> bytes:
    """Bytes 0..10: magic and version (with the slot id, the AAD of the device slot)."""
    return MAGIC + struct.pack(">H", VERSION)


def _check_envelope(data: bytes) -> None:
    """Magic, checksum, then version: damage is told apart from a newer format."""
    if len(data) < _SMALLEST_FILE or not data.startswith(MAGIC):
        raise VaultCorruptedError(
            "this is not a Privshare vault or it is truncated: restore vault.bin.bak "
            "or your recovery phrase"
        )
    content, checksum = data[:-CHECKSUM_SIZE], data[-CHECKSUM_SIZE:]
    if not hmac.compare_digest(hashlib.sha256(content).digest(), checksum):
        raise VaultCorruptedError()
    (version,) = struct.unpack_from(">H", data, len(MAGIC))
    if version != VERSION:
        raise UnsupportedVaultVersionError(
            f"the vault has format version {version}, which this Privshare cannot read: "
            "update Privshare to open it"
        )


class _Reader:
    """Reads fields in order from the checksummed content; any misfit is corruption."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.offset = 0

    def take(self, size: int) -> bytes:
        end = self.offset + size
        if end > len(self.content):
            raise VaultCorruptedError()
        chunk = self.content[self.offset : end]
        self.offset = end
        return chunk

    def vault_file(self) -> VaultFile:
        _, _, kdf_id, ops, mem, salt = _KDF_HEADER.unpack(self.take(_KDF_HEADER.size))
        if kdf_id != KDF_ARGON2ID:
            raise VaultCorruptedError()
        kdf = KdfParams(ops_limit=ops, mem_limit=mem)
        kdf.check()
        password_slot = PasswordSlot(self.take(NONCE_SIZE), self.take(WRAPPED_SIZE))
        device_slot = self.device_slot()
        body_nonce = self.take(NONCE_SIZE)
        (length,) = _LENGTH.unpack(self.take(_LENGTH.size))
        if not TAG_SIZE <= length <= MAX_BODY or self.offset + length != len(self.content):
            raise VaultCorruptedError()
        body = self.take(length)
        return VaultFile(kdf, salt, password_slot, device_slot, body_nonce, body)

    def device_slot(self) -> DeviceSlot | None:
        flag = self.take(1)
        if flag == b"\x00":
            return None
        if flag != b"\x01":
            raise VaultCorruptedError()
        return DeviceSlot(self.take(SLOT_ID_SIZE), self.take(NONCE_SIZE), self.take(WRAPPED_SIZE))
