"""The vault body: a msgpack map with typed fields, unknown fields kept (FORMAT.md §4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import msgpack

from app.vault.errors import VaultCorruptedError

__all__ = ["VaultBody"]

_KNOWN = (
    "entropy",
    "passphrase_used",
    "passphrase",
    "address",
    "server_keys",
    "pki_checkpoints",
    "item_versions",
    "created_at",
    "device",
)
_ENTROPY_SIZES = (16, 20, 24, 28, 32)


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class VaultBody:
    """What the body holds. `entropy` is a bytearray so `wipe()` can zero it."""

    entropy: bytearray
    passphrase: str
    address: str = ""
    server_keys: Mapping[str, bytes] = field(default_factory=dict)
    pki_checkpoints: Mapping[str, bytes] = field(default_factory=dict)
    item_versions: Mapping[str, int] = field(default_factory=dict)
    created_at: int = 0
    device_index: int | None = None  # this device's key is m/3'/index' (linked devices)
    device_name: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("server_keys", "pki_checkpoints", "item_versions", "extra"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def __repr__(self) -> str:
        return f"VaultBody(address={self.address!r}, <secrets hidden>)"

    @property
    def passphrase_used(self) -> bool:
        return bool(self.passphrase)

    def wipe(self) -> None:
        """Zero the entropy in place (the passphrase is a str and cannot be erased)."""
        self.entropy[:] = bytes(len(self.entropy))

    def pack(self) -> bytes:
        known: dict[str, Any] = {
            "entropy": bytes(self.entropy),
            "passphrase_used": self.passphrase_used,
            "passphrase": self.passphrase,
            "address": self.address,
            "server_keys": dict(self.server_keys),
            "pki_checkpoints": dict(self.pki_checkpoints),
            "item_versions": dict(self.item_versions),
            "created_at": self.created_at,
        }
        if self.device_index is not None:
            known["device"] = {"index": self.device_index, "name": self.device_name}
        return msgpack.packb({**self.extra, **known}, use_bin_type=True)

    @classmethod
    def unpack(cls, data: bytes) -> VaultBody:
        try:
            raw = msgpack.unpackb(data, raw=False, strict_map_key=True)
        except Exception as exc:  # msgpack raises several unrelated types on bad input
            raise VaultCorruptedError() from exc
        if not isinstance(raw, dict):
            raise VaultCorruptedError()
        entropy = _get(raw, "entropy", bytes)
        passphrase = _get(raw, "passphrase", str)
        if len(entropy) not in _ENTROPY_SIZES or _get(raw, "passphrase_used", bool) != bool(
            passphrase
        ):
            raise VaultCorruptedError()
        return cls(
            entropy=bytearray(entropy),
            passphrase=passphrase,
            address=_get(raw, "address", str),
            server_keys=_typed_map(raw, "server_keys", bytes),
            pki_checkpoints=_typed_map(raw, "pki_checkpoints", bytes),
            item_versions=_typed_map(raw, "item_versions", int),
            created_at=_get(raw, "created_at", int),
            **_device(raw),
            extra={k: v for k, v in raw.items() if k not in _KNOWN},
        )


def _device(raw: dict[str, Any]) -> dict[str, Any]:
    """The optional `device` map {index: int < 2^31, name: str} (absent: none)."""
    if "device" not in raw:
        return {}
    device = _get(raw, "device", dict)
    index, name = _get(device, "index", int), _get(device, "name", str)
    if not 0 <= index < 2**31 or set(device) != {"index", "name"}:
        raise VaultCorruptedError()
    return {"device_index": index, "device_name": name}


def _is(value: Any, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _get(raw: dict[str, Any], key: str, kind: type) -> Any:
    value = raw.get(key)
    if not _is(value, kind):
        raise VaultCorruptedError()
    return value


def _typed_map(raw: dict[str, Any], key: str, kind: type) -> dict[str, Any]:
    value = _get(raw, key, dict)
    for k, v in value.items():
        if not isinstance(k, str) or not _is(v, kind) or (kind is int and v < 0):
            raise VaultCorruptedError()
    return dict(value)
