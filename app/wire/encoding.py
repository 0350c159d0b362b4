"""Byte-level helpers shared by every signed format (app/wire/SPEC.md §1): fixed-width
integers, length prefixes, domain-labelled signed bytes, and strict msgpack decoding.

Everything a signature covers is built here from typed values, field by field, so the
signed bytes never depend on how a serializer orders a map (SPEC.md §1).
"""

from __future__ import annotations

from typing import Any

import msgpack

from app.crypto.kdf import LABEL_PREFIX

FORMAT_V1 = 0x01

_U32_MAX = 2**32 - 1
_U64_MAX = 2**64 - 1


def u8(value: int) -> bytes:
    return value.to_bytes(1, "big")


def u32(value: int) -> bytes:
    if not 0 <= value <= _U32_MAX:
        raise ValueError(f"{value} does not fit an unsigned 32-bit field")
    return value.to_bytes(4, "big")


def u64(value: int) -> bytes:
    if not 0 <= value <= _U64_MAX:
        raise ValueError(f"{value} does not fit an unsigned 64-bit field")
    return value.to_bytes(8, "big")


def i64(value: int) -> bytes:
    return value.to_bytes(8, "big", signed=True)


def lp(data: bytes | bytearray | memoryview) -> bytes:
    """A u32 big-endian length, then the bytes (on hot paths: listing 10,000 files builds
    about 100,000 of these)."""
    length = len(data) if not isinstance(data, memoryview) else data.nbytes
    if length > _U32_MAX:
        raise ValueError(f"{length} does not fit an unsigned 32-bit field")
    return length.to_bytes(4, "big") + data


def lp_str(text: str) -> bytes:
    return lp(text.encode("utf-8"))


def label(purpose: str) -> bytes:
    """The length-prefixed domain label `privshare/v1/<purpose>` that opens signed bytes."""
    return lp(LABEL_PREFIX + purpose.encode("ascii"))


def pack(value: Any) -> bytes:
    return msgpack.packb(value, use_bin_type=True)


def unpack_map(
    data: bytes, keys: frozenset[str], optional: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """Decode msgpack that must be exactly one map with exactly `keys`, plus any of
    `optional`; else ValueError."""
    obj = msgpack.unpackb(data, raw=False, strict_map_key=True, use_list=True)
    if not isinstance(obj, dict) or set(obj) - optional != keys:
        raise ValueError("not the expected map")
    return obj


def want(obj: dict[str, Any], key: str, kind: type) -> Any:
    """`obj[key]` if it is a `kind` (bool is not an int here); else ValueError."""
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"field {key!r} is not {kind.__name__}")
    return value


def want_bytes(obj: dict[str, Any], key: str, size: int) -> bytes:
    value: bytes = want(obj, key, bytes)
    if len(value) != size:
        raise ValueError(f"field {key!r} must be {size} bytes")
    return value


def want_uint(obj: dict[str, Any], key: str, limit: int = _U64_MAX) -> int:
    value: int = want(obj, key, int)
    if not 0 <= value <= limit:
        raise ValueError(f"field {key!r} out of range")
    return value
