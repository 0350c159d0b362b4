"""The open sessions of the caller's own account (server_stub/SESSIONS.md). Login needed.

    sessionList{}          -> {sessions: [{id: bin8, login_key: bin33 | nil, started,
                               last_used, address, current: bool}]}
    sessionEnd{id: bin8}   -> true  (its tickets are gone: its next request is refused)

| code | meaning |
|---|---|
| 2301 | no open session of this account has that id (also for another account's) |
"""

from __future__ import annotations

from typing import Any

from server_stub.ports import SessionStore
from server_stub.rpc import Call, Params, Registry, present, translating
from server_stub.sessions import PUBLIC_ID_SIZE, SessionError

__all__ = ["register_sessions"]

_refusals = translating((SessionError,))


def register_sessions(registry: Registry) -> None:
    registry.method("sessionList", login=True)(_refusals(session_list))
    registry.method("sessionEnd", login=True)(_refusals(session_end))


def sessions_of(call: Call) -> SessionStore:
    return present(call.services.sessions, "this server keeps no session list")


def _username(call: Call) -> str:
    name = call.session.username
    assert name is not None  # the registry lets only logged-in sessions through
    return name


async def session_list(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    found = await sessions_of(call).list(_username(call), call.now)
    current = call.session.session_id
    return {
        "sessions": [
            {
                "id": s.public_id,
                "login_key": s.login_key,
                "started": s.started,
                "last_used": s.last_used,
                "address": s.address,
                "current": s.session_id == current,
            }
            for s in found
        ]
    }


async def session_end(call: Call, params: Params) -> bool:
    public = params.blob("id", PUBLIC_ID_SIZE, PUBLIC_ID_SIZE)
    params.done()
    await sessions_of(call).end(_username(call), public, call.now)
    return True
