"""Wycheproof ecdh_secp256k1_test.json public keys, as raw points, through the handshake
parser (checklist 35). The oracle is independent: the curve equation y² = x³ + 7 over
p with Python integers. Every raw point must be refused (InvalidPointError) unless it is
a valid 33-byte compressed point; 65-byte points are also sent compressed, so the curve
check itself is exercised; for valid cases the ECDH secret must equal Wycheproof's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import vector_report
from proto_pairs import drain

from app.crypto.ecc import PrivateKey
from app.protocol import ServerConnection
from app.protocol._codec import pack
from app.protocol._frames import ContentType, encode_header
from app.protocol._messages import parse_point
from app.protocol.errors import InvalidPointError
from app.protocol.events import EcdheRequest

NAME = "ecdh_secp256k1_test.json"
LOCAL = Path(__file__).resolve().parents[2] / "vectors" / "wycheproof" / NAME
P = 2**256 - 2**32 - 977
SERVER = PrivateKey.from_bytes(bytes(31) + b"\x09")


def _load() -> dict:  # type: ignore[type-arg]
    return json.loads(LOCAL.read_text())


def _der_item(data: bytes, at: int) -> tuple[int, int, int]:
    """(tag, content start, content end) of the DER item at `at` (short or long length)."""
    tag, length, at = data[at], data[at + 1], at + 2
    if length & 0x80:
        size = length & 0x7F
        length, at = int.from_bytes(data[at : at + size], "big"), at + size
    return tag, at, at + length


def raw_point(spki: bytes) -> bytes | None:
    """The SEC1 point inside SubjectPublicKeyInfo: the BIT STRING after the algorithm,
    read with a lenient DER walker (some cases carry deliberately odd ASN.1)."""
    try:
        _, start, _ = _der_item(spki, 0)
        _, _, algorithm_end = _der_item(spki, start)
        tag, bits_start, bits_end = _der_item(spki, algorithm_end)
    except IndexError:
        return None
    if tag != 3 or bits_end > len(spki) or bits_end <= bits_start:
        return None
    return spki[bits_start + 1 : bits_end]


def x_on_curve(x: int) -> int | None:
    """A y with y² = x³ + 7 (mod p), or None."""
    if not 0 <= x < P:
        return None
    rhs = (pow(x, 3, P) + 7) % P
    y = pow(rhs, (P + 1) // 4, P)
    return y if y * y % P == rhs else None


def expected_compressed(point: bytes) -> bytes | None:
    """The valid 33-byte form this raw point designates on secp256k1, or None."""
    if len(point) == 33 and point[0] in (2, 3):
        y = x_on_curve(int.from_bytes(point[1:], "big"))
        return point if y is not None else None
    if len(point) == 65 and point[0] == 4:
        x, y = int.from_bytes(point[1:33], "big"), int.from_bytes(point[33:], "big")
        if x < P and y < P and (y * y - x**3 - 7) % P == 0:
            return bytes([2 + (y & 1)]) + point[1:33]
    return None


def through_server(key: bytes) -> bool:
    """True if the server accepts an ecdhe hello carrying `key`, False if it raises
    InvalidPointError; anything else fails the test."""
    hello = pack({"type": "ecdhe", "key": key, "client_random": bytes(32), "agent": ""})
    request = pack({"type": "ticket_request", "count": 1})
    body = b"".join(encode_header(ContentType.HANDSHAKE, len(p)) + p for p in (hello, request))
    try:
        events = drain(ServerConnection(SERVER), body)
    except InvalidPointError:
        return False
    assert isinstance(events[0], EcdheRequest)
    return True


def test_wycheproof_points_through_the_handshake_parser() -> None:
    data = _load()
    checked = 0
    for group in data["testGroups"]:
        for case in group["tests"]:
            tc = case["tcId"]
            point = raw_point(bytes.fromhex(case["public"]))
            if point is None:
                # the DER itself is broken: there is no raw point to put on the wire
                vector_report.record(NAME, "skip", "DER too broken to hold a raw point")
                continue
            valid = expected_compressed(point)
            assert through_server(point) is (len(point) == 33 and valid is not None), tc
            if len(point) == 65:
                compressed = bytes([2 + (point[-1] & 1)]) + point[1:33]
                on_curve_x = x_on_curve(int.from_bytes(point[1:33], "big")) is not None
                assert through_server(compressed) is on_curve_x, tc
            if valid is not None and case["result"] == "valid":
                private = int(case["private"], 16).to_bytes(32, "big")
                shared = PrivateKey.from_bytes(private).ecdh(parse_point(valid))
                assert shared.hex() == case["shared"], tc
            if {"InvalidCurveAttack", "ModifiedPublicPoint", "InvalidCompressedPublic"} & set(
                case["flags"]
            ):
                assert valid is None, tc  # the oracle agrees these points are off the curve
            vector_report.record(NAME, "pass")
            checked += 1
    assert checked >= 690


@pytest.mark.parametrize("prefix", [0, 1, 4, 5, 6, 7, 255])
def test_bad_prefixes(prefix: int) -> None:
    with pytest.raises(InvalidPointError):
        parse_point(bytes([prefix]) + SERVER.public_key.to_bytes()[1:])
