"""Length-prefixed canonical byte strings shared by heads, leaves and the log.

Every field is `u32 length ‖ bytes`; integers are u64 big-endian inside such a field.
A `Reader` refuses short input, wrong fixed lengths and trailing bytes, raising the
error class its owner chose, so malformed input can never surface as IndexError.
"""

from __future__ import annotations

from .errors import PKIError

_MAX_FIELD = 1 << 24


def lp(data: bytes) -> bytes:
    """`u32 big-endian length ‖ data`."""
    return len(data).to_bytes(4, "big") + data


def u64(value: int) -> bytes:
    return value.to_bytes(8, "big")


def fields(*parts: bytes) -> bytes:
    return b"".join(lp(p) for p in parts)


class Reader:
    """Reads length-prefixed fields; every failure is `error(reason)`."""

    def __init__(self, data: bytes, error: type[PKIError]) -> None:
        self._data = memoryview(data)
        self._pos = 0
        self._error = error

    def take(self, n: int) -> bytes:
        if n < 0 or self._pos + n > len(self._data):
            raise self._error("input ends early")
        out = bytes(self._data[self._pos : self._pos + n])
        self._pos += n
        return out

    def field(self, size: int | None = None) -> bytes:
        n = int.from_bytes(self.take(4), "big")
        if n > _MAX_FIELD or (size is not None and n != size):
            raise self._error(f"a field has length {n}, expected {size}")
        return self.take(n)

    def uint(self) -> int:
        return int.from_bytes(self.field(8), "big")

    def u16(self) -> int:
        return int.from_bytes(self.take(2), "big")

    def end(self) -> None:
        if self._pos != len(self._data):
            raise self._error("trailing bytes after the last field")
