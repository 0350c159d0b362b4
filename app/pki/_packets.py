"""OpenPGP (RFC 4880 + RFC 6637) packet framing, MPIs, subpackets, key and signature packets.

Only the profile of SPEC.md §3 is accepted: v4 keys on secp256k1 (ECDSA, algorithm 19,
or ECDH, algorithm 18 with KDF SHA-256/AES-256), v4 signatures ECDSA over SHA-256.
Every malformed or unsupported input raises `KeystoreError` with the reason; nothing
else escapes the parser. Emission is canonical: new-format headers, minimal lengths.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from app.crypto.ecc import PublicKey
from app.crypto.errors import CryptoError

from .errors import KeystoreError

TAG_SIGNATURE, TAG_PUBLIC_KEY, TAG_USER_ID, TAG_PUBLIC_SUBKEY = 2, 6, 13, 14
ALG_ECDH, ALG_ECDSA = 18, 19
HASH_SHA256, CIPHER_AES256 = 8, 9
SECP256K1_OID = bytes.fromhex("2B8104000A")
ECDH_KDF = bytes([3, 1, HASH_SHA256, CIPHER_AES256])

SUB_CREATED, SUB_KEY_EXPIRY, SUB_ISSUER, SUB_NOTATION = 2, 9, 16, 20
SUB_PREF_HASH, SUB_KEY_FLAGS, SUB_REVOCATION_REASON, SUB_ISSUER_FPR = 21, 27, 29, 33
# Subpackets whose meaning we implement; any other one marked critical is refused.
UNDERSTOOD = {SUB_CREATED, SUB_ISSUER, SUB_NOTATION, SUB_PREF_HASH, SUB_KEY_FLAGS}
UNDERSTOOD |= {SUB_REVOCATION_REASON, SUB_ISSUER_FPR}
FIXED_SIZE = {SUB_CREATED: 4, SUB_KEY_EXPIRY: 4, SUB_ISSUER: 8, SUB_ISSUER_FPR: 21}


class Reader:
    def __init__(self, data: bytes, what: str) -> None:
        self._data, self._pos, self._what = data, 0, what

    def take(self, n: int) -> bytes:
        if self._pos + n > len(self._data):
            raise KeystoreError(f"{self._what} is truncated")
        out = self._data[self._pos : self._pos + n]
        self._pos += n
        return out

    def byte(self) -> int:
        return self.take(1)[0]

    def uint(self, n: int) -> int:
        return int.from_bytes(self.take(n), "big")

    def mpi(self) -> int:
        bits = self.uint(2)
        value = int.from_bytes(self.take((bits + 7) // 8), "big")
        if value.bit_length() != bits:
            raise KeystoreError(f"{self._what} has an MPI whose bit count is wrong")
        return value

    def at_end(self) -> bool:
        return self._pos == len(self._data)

    def end(self) -> None:
        if not self.at_end():
            raise KeystoreError(f"{self._what} has trailing bytes")


def encode_length(n: int) -> bytes:
    """RFC 4880 §4.2.2 one-, two- or five-octet length (also used by subpackets)."""
    if n < 192:
        return bytes([n])
    if n < 8384:
        n -= 192
        return bytes([(n >> 8) + 192, n & 0xFF])
    return b"\xff" + n.to_bytes(4, "big")


def _decode_length(r: Reader, *, packet: bool) -> int:
    first = r.byte()
    if first < 192:
        return first
    if first == 255:
        n = r.uint(4)
        if n < 8384:
            raise KeystoreError("a length is not minimally encoded")
        return n
    if packet and first >= 224:
        raise KeystoreError("partial body lengths are not allowed in a keystore")
    return ((first - 192) << 8) + r.byte() + 192


def packet(tag: int, body: bytes) -> bytes:
    return bytes([0xC0 | tag]) + encode_length(len(body)) + body


def split_packets(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Yield (tag, body) for each packet; old (RFC 4880 §4.2.1) and new formats."""
    r = Reader(data, "the packet stream")
    while not r.at_end():
        header = r.byte()
        if not header & 0x80:
            raise KeystoreError("a packet header lacks its marker bit")
        if header & 0x40:
            tag, length = header & 0x3F, _decode_length(r, packet=True)
        else:
            tag, kind = (header >> 2) & 0x0F, header & 0x03
            if kind == 3:
                raise KeystoreError("indeterminate packet lengths are not allowed")
            length = r.uint((1, 2, 4)[kind])
        yield tag, r.take(length)


def mpi(value: int | bytes) -> bytes:
    if isinstance(value, bytes):
        value = int.from_bytes(value, "big")
    return value.bit_length().to_bytes(2, "big") + value.to_bytes((value.bit_length() + 7) // 8)


@dataclass(frozen=True)
class Subpacket:
    type: int
    data: bytes
    critical: bool = False

    def encode(self) -> bytes:
        body = bytes([self.type | (0x80 if self.critical else 0)]) + self.data
        return encode_length(len(body)) + body


def encode_subpackets(subpackets: tuple[Subpacket, ...]) -> bytes:
    return b"".join(s.encode() for s in subpackets)


def parse_subpackets(data: bytes) -> tuple[Subpacket, ...]:
    r, out = Reader(data, "a signature subpacket area"), []
    while not r.at_end():
        length = _decode_length(r, packet=False)
        if length == 0:
            raise KeystoreError("an empty signature subpacket")
        body = r.take(length)
        sub = Subpacket(body[0] & 0x7F, body[1:], bool(body[0] & 0x80))
        if sub.type == SUB_KEY_EXPIRY:
            raise KeystoreError("expiring keys are not supported by this keystore profile")
        if sub.critical and sub.type not in UNDERSTOOD:
            raise KeystoreError(f"unknown critical signature subpacket {sub.type}")
        if sub.type in FIXED_SIZE and len(sub.data) != FIXED_SIZE[sub.type]:
            raise KeystoreError(f"signature subpacket {sub.type} has the wrong length")
        out.append(sub)
    return tuple(out)


@dataclass(frozen=True)
class KeyPacket:
    """A v4 secp256k1 public key: ECDSA (primary) or ECDH (encryption subkey)."""

    algorithm: int
    created: int
    point: bytes  # uncompressed 0x04 ‖ x ‖ y
    public_key: PublicKey = field(compare=False, repr=False, hash=False)

    @classmethod
    def from_public_key(cls, key: PublicKey, algorithm: int, created: int) -> KeyPacket:
        return cls(algorithm, created, key.to_bytes(compressed=False), key)

    @cached_property
    def body(self) -> bytes:
        head = bytes([4]) + self.created.to_bytes(4, "big") + bytes([self.algorithm])
        tail = ECDH_KDF if self.algorithm == ALG_ECDH else b""
        return head + bytes([len(SECP256K1_OID)]) + SECP256K1_OID + mpi(self.point) + tail

    @property
    def hash_prefix(self) -> bytes:
        """The key as signatures and fingerprints hash it: 0x99 ‖ len16 ‖ body."""
        return b"\x99" + len(self.body).to_bytes(2, "big") + self.body

    @cached_property
    def fingerprint(self) -> bytes:
        return hashlib.sha1(self.hash_prefix, usedforsecurity=False).digest()

    @property
    def key_id(self) -> bytes:
        return self.fingerprint[-8:]


def parse_key(body: bytes) -> KeyPacket:
    r = Reader(body, "a public key packet")
    if r.byte() != 4:
        raise KeystoreError("only version 4 keys are supported")
    created, algorithm = r.uint(4), r.byte()
    if algorithm not in (ALG_ECDSA, ALG_ECDH):
        raise KeystoreError(f"public-key algorithm {algorithm} is not supported")
    if r.take(r.byte()) != SECP256K1_OID:
        raise KeystoreError("only the secp256k1 curve is supported")
    value = r.mpi()
    if value.bit_length() != 515 or value >> 512 != 4:
        raise KeystoreError("the public key must be an uncompressed point (0x04 ‖ x ‖ y)")
    point = value.to_bytes(65, "big")
    if algorithm == ALG_ECDH and r.take(4) != ECDH_KDF:
        raise KeystoreError("ECDH keys must use KDF SHA-256 with AES-256")
    r.end()
    try:
        key = PublicKey.from_bytes(point)
    except (CryptoError, ValueError):
        raise KeystoreError("the public key is not a valid secp256k1 point") from None
    return KeyPacket(algorithm, created, point, key)


@dataclass(frozen=True)
class SignaturePacket:
    """A v4 ECDSA/SHA-256 signature packet."""

    sig_type: int
    hashed: tuple[Subpacket, ...]
    unhashed: tuple[Subpacket, ...]
    left16: bytes
    r: int
    s: int

    @property
    def hashed_part(self) -> bytes:
        area = encode_subpackets(self.hashed)
        return bytes([4, self.sig_type, ALG_ECDSA, HASH_SHA256]) + len(area).to_bytes(2) + area

    def digest(self, signed_data: bytes) -> bytes:
        part = self.hashed_part
        trailer = b"\x04\xff" + len(part).to_bytes(4, "big")
        return hashlib.sha256(signed_data + part + trailer).digest()

    @property
    def body(self) -> bytes:
        area = encode_subpackets(self.unhashed)
        return b"".join(
            (self.hashed_part, len(area).to_bytes(2), area, self.left16, mpi(self.r), mpi(self.s))
        )

    def subpacket(self, kind: int) -> bytes | None:
        found = [s.data for s in self.hashed if s.type == kind]
        if len(found) > 1:
            raise KeystoreError(f"signature subpacket {kind} appears twice")
        return found[0] if found else None

    @property
    def created(self) -> int:
        value = self.subpacket(SUB_CREATED)
        if value is None:
            raise KeystoreError("a signature lacks its creation time")
        return int.from_bytes(value, "big")

    @property
    def issuer_fingerprint(self) -> bytes:
        value = self.subpacket(SUB_ISSUER_FPR)
        if value is None or value[0] != 4:
            raise KeystoreError("a signature lacks a v4 issuer fingerprint")
        return value[1:]


def parse_signature(body: bytes) -> SignaturePacket:
    r = Reader(body, "a signature packet")
    if r.byte() != 4:
        raise KeystoreError("only version 4 signatures are supported")
    sig_type, algorithm, hash_alg = r.byte(), r.byte(), r.byte()
    if algorithm != ALG_ECDSA or hash_alg != HASH_SHA256:
        raise KeystoreError("only ECDSA signatures over SHA-256 are supported")
    hashed = parse_subpackets(r.take(r.uint(2)))
    unhashed = parse_subpackets(r.take(r.uint(2)))
    left16, sig_r, sig_s = r.take(2), r.mpi(), r.mpi()
    r.end()
    if sig_r.bit_length() > 256 or sig_s.bit_length() > 256:
        raise KeystoreError("a signature value is longer than 256 bits")
    return SignaturePacket(sig_type, hashed, unhashed, left16, sig_r, sig_s)
