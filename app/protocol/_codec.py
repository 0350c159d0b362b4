"""msgpack payloads and strict message schemas (SPEC §2, §4)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import msgpack

from app.protocol.errors import DecodeError

MAX_CONTAINER_LEN = 4096
Message = dict[str, Any]
Check = Callable[[Any], bool]


def pack(obj: object) -> bytes:
    try:
        return msgpack.packb(obj, use_bin_type=True)
    except (TypeError, ValueError, OverflowError) as exc:
        raise DecodeError("a value that msgpack cannot carry") from exc


def unpack(payload: bytes, max_size: int) -> Any:
    """Exactly one msgpack object, with the decoder's limits set."""
    try:
        return msgpack.unpackb(
            payload,
            raw=False,
            strict_map_key=True,
            use_list=True,
            max_bin_len=max_size,
            max_str_len=max_size,
            max_array_len=MAX_CONTAINER_LEN,
            max_map_len=MAX_CONTAINER_LEN,
            max_ext_len=0,
        )
    except Exception as exc:  # msgpack raises many unrelated classes for bad input
        raise DecodeError("payload is not valid msgpack") from exc


# --- field checks ---


def is_bin(size: int) -> Check:
    return lambda v: isinstance(v, bytes) and len(v) == size


def is_bin_between(low: int, high: int) -> Check:
    return lambda v: isinstance(v, bytes) and low <= len(v) <= high


def is_str(low: int, high: int) -> Check:
    return lambda v: isinstance(v, str) and low <= len(v) <= high


def is_int(low: int, high: int) -> Check:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def is_bin_list(size: int, low: int, high: int) -> Check:
    item = is_bin(size)
    return lambda v: isinstance(v, list) and low <= len(v) <= high and all(map(item, v))


def is_map(schema: Mapping[str, Check]) -> Check:
    def check(value: Any) -> bool:
        return (
            isinstance(value, dict)
            and set(value) == set(schema)
            and all(schema[k](value[k]) for k in schema)
        )

    return check


def decode_message(
    payload: bytes, schemas: Mapping[str, Mapping[str, Check]], max_size: int
) -> Message:
    """A handshake message whose `type` is one of `schemas`, every field checked, no
    field missing or extra."""
    value = unpack(payload, max_size)
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        raise DecodeError("a handshake message must be a map with a type")
    schema = schemas.get(value["type"])
    if schema is None:
        raise DecodeError(f"unexpected handshake message {value['type'][:32]!r}")
    if set(value) != {"type", *schema}:
        raise DecodeError(f"{value['type']}: wrong set of fields")
    for name, check in schema.items():
        if not check(value[name]):
            raise DecodeError(f"{value['type']}: field {name} is not valid")
    return value
