"""Schemas of the handshake and RPC messages, and strict point parsing (SPEC §4, §5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.crypto.ecc import PublicKey
from app.crypto.errors import InvalidKeyError
from app.protocol._codec import (
    Check,
    Message,
    decode_message,
    is_bin,
    is_bin_between,
    is_bin_list,
    is_int,
    is_map,
    is_str,
    unpack,
    unpack_attached,
)
from app.protocol._frames import Buffer
from app.protocol.errors import DecodeError, InvalidPointError

POINT_SIZE = 33
RANDOM_SIZE = 32
TICKET_ID_SIZE = 32
LOGIN_ID_SIZE = 16
MAX_TICKETS = 64
MAX_TTL = 7 * 24 * 3600
MAX_SRP_BYTES = 1024  # 8192-bit groups at most
_INT64 = 2**63 - 1

_POINT = is_bin_between(0, 2**32)  # parse_point insists on 33 bytes (InvalidPointError)
_RANDOM = is_bin(RANDOM_SIZE)
_LOGIN_ID = is_bin(LOGIN_ID_SIZE)
_COUNT = is_int(1, MAX_TICKETS)
_TICKETS = is_bin_list(TICKET_ID_SIZE, 1, MAX_TICKETS)
_TTL = is_int(1, MAX_TTL)
_AGENT = is_str(0, 128)
_SALT = is_bin_between(16, 64)
_KDF = is_map({"algorithm": is_str(1, 64), "iterations": is_int(1, 2**32), "salt": _SALT})

CLIENT_OPENINGS: Mapping[str, Mapping[str, Check]] = {
    "ecdhe": {"key": _POINT, "client_random": _RANDOM, "agent": _AGENT},
    "ecdhef": {
        "key": _POINT,
        "client_random": _RANDOM,
        "server_key": _POINT,
        "time": is_int(0, _INT64),
        "agent": _AGENT,
    },
    "ticket": {"ticket_id": is_bin(TICKET_ID_SIZE), "client_random": _RANDOM},
}
CLIENT_BODIES: Mapping[str, Mapping[str, Check]] = {
    "ticket_request": {"count": _COUNT},
    "srp_init": {"I": is_str(1, 128)},
    "srp_exchange": {
        "login_id": _LOGIN_ID,
        "A": is_bin_between(1, MAX_SRP_BYTES),
        "M1": is_bin(32),
        "count": _COUNT,
    },
    "key_init": {"pub": _POINT},
    "key_exchange": {"login_id": _LOGIN_ID, "signature": is_bin(64), "count": _COUNT},
    "logout": {},
}
CLIENT_MESSAGES: Mapping[str, Mapping[str, Check]] = {**CLIENT_OPENINGS, **CLIENT_BODIES}

SERVER_HELLO: Mapping[str, Mapping[str, Check]] = {
    "ecdhe": {
        "key": _POINT,
        "server_random": _RANDOM,
        "server_key": _POINT,
        "signature": is_bin(64),
    },
}
SERVER_REPLIES: Mapping[str, Mapping[str, Check]] = {
    "ticket_response": {"tickets": _TICKETS, "ttl": _TTL},
    "srp_init": {
        "login_id": _LOGIN_ID,
        "group": is_str(1, 64),
        "salt": _SALT,
        "B": is_bin_between(1, MAX_SRP_BYTES),
        "kdf": _KDF,
    },
    "srp_exchange": {"M2": is_bin(32), "tickets": _TICKETS, "ttl": _TTL},
    "key_init": {"login_id": _LOGIN_ID, "nonce": _RANDOM},
    "key_exchange": {"username": is_str(1, 128), "tickets": _TICKETS, "ttl": _TTL},
    "logout": {},
}
SERVER_MESSAGES: Mapping[str, Mapping[str, Check]] = {**SERVER_HELLO, **SERVER_REPLIES}


def parse_point(data: bytes) -> PublicKey:
    """A 33-byte compressed secp256k1 point, checked on the curve; else InvalidPointError."""
    if not isinstance(data, bytes) or len(data) != POINT_SIZE or data[0] not in (2, 3):
        raise InvalidPointError("a public key must be a 33-byte compressed point")
    try:
        return PublicKey.from_bytes(data)
    except (InvalidKeyError, ValueError):
        raise InvalidPointError("the public key is not a point on secp256k1") from None


def decode_handshake(
    payload: Buffer, schemas: Mapping[str, Mapping[str, Check]], max_size: int
) -> Message:
    message = decode_message(payload, schemas, max_size)
    for name in ("key", "server_key", "pub"):
        if name in message:
            parse_point(message[name])
    return message


_REQUEST = {"id": is_int(0, _INT64), "method": is_str(1, 128)}


def decode_request(
    payload: Buffer, max_size: int, attachments: Sequence[bytes] = ()
) -> tuple[int, str, dict[str, Any]]:
    value = unpack_attached(payload, attachments, max_size)
    if (
        not isinstance(value, dict)
        or set(value) != {"id", "method", "params"}
        or not all(check(value[k]) for k, check in _REQUEST.items())
        or not isinstance(value["params"], dict)
    ):
        raise DecodeError("an RPC request must be {id, method, params}")
    return value["id"], value["method"], value["params"]


_ERROR = is_map({"code": is_int(-(2**31), 2**31 - 1), "message": is_str(0, 1024)})


def decode_response(
    payload: Buffer, max_size: int, attachments: Sequence[bytes] = ()
) -> tuple[int, Any, dict[str, Any] | None]:
    value = unpack_attached(payload, attachments, max_size)
    if not isinstance(value, dict) or not is_int(0, _INT64)(value.get("id")):
        raise DecodeError("an RPC response must be a map with an id")
    if set(value) == {"id", "result"}:
        return value["id"], value["result"], None
    if set(value) == {"id", "error"} and _ERROR(value["error"]):
        return value["id"], None, value["error"]
    raise DecodeError("an RPC response must carry a result or an error{code, message}")


_ALERT = {"code": is_int(0, 255), "message": is_str(0, 200)}


def decode_alert(payload: Buffer) -> tuple[int, str]:
    value = unpack(payload, 1024)
    if not isinstance(value, dict) or set(value) != set(_ALERT):
        raise DecodeError("an alert must be {code, message}")
    if not all(check(value[k]) for k, check in _ALERT.items()):
        raise DecodeError("an alert must be {code, message}")
    return value["code"], value["message"]
