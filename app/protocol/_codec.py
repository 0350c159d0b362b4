"""msgpack payloads, attachments and strict message schemas (SPEC §2, §4, §5.1)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import msgpack

from app.protocol._frames import Buffer
from app.protocol.errors import DecodeError, EncodeError

MAX_CONTAINER_LEN = 4096
Message = dict[str, Any]
Check = Callable[[Any], bool]

ATTACHMENT_EXT = 1  # msgpack ext type standing for "the next attachment" (SPEC §5.1)
ATTACHMENT_MIN = 64 * 1024  # smaller bin values stay inline
MAX_ATTACHMENTS = 64  # per RPC message
_LIFT_DEPTH = 3  # levels of the RPC message searched for large bin values
_ATTACHMENT_REF_SIZE = 4


def pack(obj: object) -> bytes:
    try:
        return msgpack.packb(obj, use_bin_type=True)
    except (TypeError, ValueError, OverflowError) as exc:
        raise EncodeError("a value that msgpack cannot carry") from exc


def unpack(
    payload: Buffer, max_size: int, ext_hook: Callable[[int, bytes], Any] | None = None
) -> Any:
    """Exactly one msgpack object, with the decoder's limits set. Ext values are refused
    unless `ext_hook` is given (then only 4-byte ones reach it)."""
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
            max_ext_len=0 if ext_hook is None else _ATTACHMENT_REF_SIZE,
            ext_hook=msgpack.ExtType if ext_hook is None else ext_hook,
        )
    except Exception as exc:  # msgpack raises many unrelated classes for bad input
        raise DecodeError("payload is not valid msgpack") from exc


# --- attachments: large bin values travel as their own records (SPEC §5.1) ---


def pack_lifting(message: Message) -> tuple[bytes, list[Buffer]]:
    """The msgpack envelope of an RPC message and the large bin values lifted out of it,
    in the order their placeholders appear in the envelope."""
    attachments: list[Buffer] = []
    return pack(_lift(message, attachments, _LIFT_DEPTH)), attachments


def _lift(value: Any, out: list[Buffer], depth: int) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return _lift_bin(value, out)
    if depth == 0:
        return value
    if isinstance(value, dict):
        items = [(k, _lift(v, out, depth - 1)) for k, v in value.items()]
        return value if all(v is value[k] for k, v in items) else dict(items)
    if isinstance(value, list | tuple):
        lifted = [_lift(v, out, depth - 1) for v in value]
        return value if all(a is b for a, b in zip(lifted, value, strict=True)) else lifted
    return value


def _lift_bin(value: Buffer, out: list[Buffer]) -> Any:
    view = memoryview(value)
    if view.nbytes < ATTACHMENT_MIN or len(out) >= MAX_ATTACHMENTS or not view.c_contiguous:
        return value
    out.append(value if isinstance(value, bytes) else view.cast("B"))
    return msgpack.ExtType(ATTACHMENT_EXT, view.nbytes.to_bytes(_ATTACHMENT_REF_SIZE, "big"))


def unpack_attached(payload: Buffer, attachments: Sequence[bytes], max_size: int) -> Any:
    """Decode an RPC envelope, putting each attachment where its placeholder is. Every
    attachment must be used exactly once, in order, with the length announced."""
    taken = 0

    def hook(code: int, data: bytes) -> bytes:
        nonlocal taken
        if code != ATTACHMENT_EXT or len(data) != _ATTACHMENT_REF_SIZE:
            raise DecodeError("an unknown msgpack extension")
        if taken >= len(attachments):
            raise DecodeError("a placeholder without its attachment")
        item = attachments[taken]
        if int.from_bytes(data, "big") != len(item):
            raise DecodeError("an attachment of another length than announced")
        taken += 1
        return item

    value = unpack(payload, max_size, hook)
    if taken != len(attachments):
        raise DecodeError("an attachment no placeholder refers to")
    return value


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
    payload: Buffer, schemas: Mapping[str, Mapping[str, Check]], max_size: int
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
