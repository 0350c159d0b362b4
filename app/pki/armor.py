"""OpenPGP ASCII armor (RFC 4880 §6): base64 in 64-column lines with a CRC-24 checksum.

`armor(data, ARMOR_PUBLIC_KEY)` gives the text `gpg --import` reads from an `.asc` file;
`dearmor(text)` is its strict inverse (one block, header lines allowed, the checksum
must match) and raises `KeystoreError` otherwise.
"""

from __future__ import annotations

import base64
import binascii

from .errors import KeystoreError

__all__ = ["ARMOR_PUBLIC_KEY", "ARMOR_SIGNATURE", "armor", "crc24", "dearmor"]

ARMOR_PUBLIC_KEY = "PGP PUBLIC KEY BLOCK"
ARMOR_SIGNATURE = "PGP SIGNATURE"
_CRC24_INIT = 0xB704CE
_CRC24_POLY = 0x1864CFB
_LINE = 64


def crc24(data: bytes) -> int:
    """The CRC-24 of RFC 4880 §6.1."""
    crc = _CRC24_INIT
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= _CRC24_POLY
    return crc & 0xFFFFFF


def armor(data: bytes, kind: str = ARMOR_PUBLIC_KEY) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    lines = [encoded[i : i + _LINE] for i in range(0, len(encoded), _LINE)]
    checksum = base64.b64encode(crc24(data).to_bytes(3, "big")).decode("ascii")
    return "\n".join(
        [f"-----BEGIN {kind}-----", "", *lines, f"={checksum}", f"-----END {kind}-----", ""]
    )


def dearmor(text: str, kind: str = ARMOR_PUBLIC_KEY) -> bytes:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    if len(lines) < 3 or lines[0] != f"-----BEGIN {kind}-----":
        raise KeystoreError(f"not an armored {kind}")
    if lines[-1] != f"-----END {kind}-----":
        raise KeystoreError(f"the armored {kind} has no end line")
    body = lines[1:-1]
    blank = body.index("") if "" in body else -1
    if blank < 0:
        raise KeystoreError("the armor has no blank line after its headers")
    payload = body[blank + 1 :]
    checksum = payload.pop() if payload and payload[-1].startswith("=") else None
    try:
        data = base64.b64decode("".join(payload), validate=True)
        expected = None if checksum is None else base64.b64decode(checksum[1:], validate=True)
    except (binascii.Error, ValueError):
        raise KeystoreError("the armor is not valid base64") from None
    if expected is not None and expected != crc24(data).to_bytes(3, "big"):
        raise KeystoreError("the armor checksum does not match")
    return data
