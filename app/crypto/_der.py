"""Strict DER for ECDSA signatures: SEQUENCE { INTEGER r, INTEGER s }.

Only the canonical encoding is accepted (as BIP-66 and Wycheproof require): short-form
lengths, minimal positive integers, nothing after the sequence. Anything else is
`SignatureError`.
"""

from __future__ import annotations

from app.crypto.errors import SignatureError

__all__ = ["decode_signature", "encode_signature"]

_SEQUENCE = 0x30
_INTEGER = 0x02
_MAX_INT_BYTES = 33  # a 256-bit positive integer, with a leading zero if its top bit is set
_MAX_SIGNATURE_BYTES = 2 + 2 * (2 + _MAX_INT_BYTES)  # 72: lengths stay in short form


def _encode_integer(value: int) -> bytes:
    body = value.to_bytes(value.bit_length() // 8 + 1, "big")  # room for a sign bit
    return bytes((_INTEGER, len(body))) + body


def encode_signature(r: int, s: int) -> bytes:
    """DER-encode (r, s), both positive."""
    if r <= 0 or s <= 0:
        raise ValueError("r and s must be positive")
    body = _encode_integer(r) + _encode_integer(s)
    return bytes((_SEQUENCE, len(body))) + body


def _decode_integer(data: bytes, offset: int) -> tuple[int, int]:
    if offset + 2 > len(data) or data[offset] != _INTEGER:
        raise SignatureError()
    length = data[offset + 1]
    start, end = offset + 2, offset + 2 + length
    if length == 0 or length > _MAX_INT_BYTES or end > len(data):
        raise SignatureError()
    body = data[start:end]
    if body[0] & 0x80:  # negative
        raise SignatureError()
    if length > 1 and body[0] == 0 and not body[1] & 0x80:  # not minimal
        raise SignatureError()
    return int.from_bytes(body, "big"), end


def decode_signature(der: bytes) -> tuple[int, int]:
    """Return (r, s) from a strict DER signature, or raise `SignatureError`."""
    if not 8 <= len(der) <= _MAX_SIGNATURE_BYTES or der[0] != _SEQUENCE or der[1] != len(der) - 2:
        raise SignatureError()
    r, offset = _decode_integer(der, 2)
    s, offset = _decode_integer(der, offset)
    if offset != len(der):
        raise SignatureError()
    return r, s
