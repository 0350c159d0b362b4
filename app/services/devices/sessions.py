"""The account's open sessions at its server: list them, end one (server_stub/SESSIONS.md).

Each session is named by the key that opened it: a linked device by its name (from
`deviceList`), the identity key m/2' as the first device (the one holding the recovery
phrase), a password login as such. The session asking is marked and is not ended unless
the caller says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.client.errors import RemoteCallError
from app.services.account.session import AccountSession
from app.services.devices.manage import call_server, list_devices
from app.services.errors import (
    InvalidInputError,
    NotFoundError,
    ServiceError,
    TamperingDetectedError,
)

__all__ = [
    "FIRST_DEVICE",
    "PASSWORD_LOGIN",
    "SessionInfo",
    "end_session",
    "list_sessions",
    "parse_session_id",
]

NO_SUCH_SESSION = 2301
SESSION_ID_BYTES = 8
FIRST_DEVICE = "first device (recovery phrase)"
PASSWORD_LOGIN = "password sign-in"


@dataclass(frozen=True)
class SessionInfo:
    id: str  # 16 hex digits, what `privshare sessions --end` takes
    opened_by: str  # a device name, FIRST_DEVICE or PASSWORD_LOGIN
    login_key: bytes | None
    started: float
    last_used: float
    address: str  # the client's network (a /24 or /48), as the server saw it
    this_session: bool


def list_sessions(session: AccountSession) -> list[SessionInfo]:
    """The account's open sessions, most recently used first."""
    names = {device.login_key: device.name for device in list_devices(session)}
    identity = session.vault.identity_key.public_key.to_bytes()
    answer = call_server(session.channel, "sessionList")
    try:
        return [_session_info(row, names, identity) for row in answer["sessions"]]
    except (KeyError, TypeError, ValueError):
        raise TamperingDetectedError("the server's session list is malformed") from None


def parse_session_id(text: str) -> bytes:
    """The 16 hex digits `list_sessions` shows, or InvalidInputError."""
    try:
        raw = bytes.fromhex(text.strip())
    except ValueError:
        raw = b""
    if len(raw) != SESSION_ID_BYTES:
        raise InvalidInputError(
            f"{text!r} is not a session id (16 hex digits): `privshare sessions` lists them"
        )
    return raw


def end_session(session: AccountSession, session_id: str, *, even_this_one: bool = False) -> None:
    """End one of the account's sessions: its next request is refused. The session
    asking is refused unless `even_this_one`."""
    raw = parse_session_id(session_id)
    if not even_this_one and any(
        s.this_session and s.id == raw.hex() for s in list_sessions(session)
    ):
        raise InvalidInputError("that is this session: sign out instead of ending it")
    try:
        call_server(session.channel, "sessionEnd", id=raw)
    except ServiceError as error:
        cause = error.__cause__
        if isinstance(cause, RemoteCallError) and cause.code == NO_SUCH_SESSION:
            raise NotFoundError(
                f"no open session {raw.hex()}: `privshare sessions` lists them"
            ) from None
        raise


def _session_info(row: dict[str, object], names: dict[bytes, str], identity: bytes) -> SessionInfo:
    raw_id, key = row["id"], row["login_key"]
    if not isinstance(raw_id, bytes) or len(raw_id) != SESSION_ID_BYTES:
        raise ValueError("session id")
    if key is not None and not isinstance(key, bytes):
        raise ValueError("login key")
    started, last_used = _time(row["started"]), _time(row["last_used"])
    if key is None:
        opened_by = PASSWORD_LOGIN
    elif key == identity:
        opened_by = FIRST_DEVICE
    else:
        opened_by = names.get(key, f"removed device (key {key.hex()[:16]})")
    return SessionInfo(
        raw_id.hex(),
        opened_by,
        key,
        started,
        last_used,
        str(row["address"])[:64],
        row["current"] is True,
    )


def _time(value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise ValueError("time")
    return float(value)
