"""Rendezvous mailbox RPCs for linking a device (server_stub/rendezvous.py holds the
store; app/services/devices/DEVICES.md §3 is the protocol). No login: the new device has
none yet. Rate-limited per client address.

    rendezvousOpen{}          -> {mailbox: int, token: bin16, expires: float, ttl: float}
    rendezvousPost{mailbox, side, phase, body: bin, token?: bin16}               -> true
    rendezvousGet{mailbox, side, phase}       -> {body: bin | nil}
    rendezvousClose{mailbox, token: bin16}    -> true

`side` is "A" (the device that opened it; posting needs its token) or "B"; `phase` is
one of "pake", "confirm", "payload", "done"; one message per (side, phase).

| code | meaning |
|---|---|
| 1801 | no such mailbox (never opened, expired after 10 minutes, closed, or a wrong token) |
| 1802 | spent: side B's "pake" was already posted (one try per code), or the message exists |
| 1803 | rate limit: too many mailboxes or tries from this address, or the server is full |
"""

from __future__ import annotations

from typing import Any

from server_stub.rendezvous import (
    MAX_BODY,
    MAX_NUMBER,
    PHASES,
    SIDES,
    Mailboxes,
    RendezvousError,
)
from server_stub.rpc import Call, Params, Registry, present, translating

__all__ = ["register_rendezvous"]

_SIDE = "|".join(SIDES)
_PHASE = "|".join(PHASES)
_refusals = translating((RendezvousError,))


def register_rendezvous(registry: Registry) -> None:
    registry.method("rendezvousOpen")(_refusals(rendezvous_open))
    registry.method("rendezvousPost")(_refusals(rendezvous_post))
    registry.method("rendezvousGet")(_refusals(rendezvous_get))
    registry.method("rendezvousClose")(_refusals(rendezvous_close))


def _mailboxes(call: Call) -> Mailboxes:
    return present(call.services.rendezvous, "this server has no rendezvous mailboxes")


async def rendezvous_open(call: Call, params: Params) -> dict[str, Any]:
    params.done()
    number, token, expires = await _mailboxes(call).open(call.session.peer, call.now)
    ttl = _mailboxes(call).ttl
    return {"mailbox": number, "token": token, "expires": expires, "ttl": ttl}


async def rendezvous_post(call: Call, params: Params) -> bool:
    number = params.integer("mailbox", 1, MAX_NUMBER)
    side = params.text("side", _SIDE)
    phase = params.text("phase", _PHASE)
    body = params.blob("body", 1, MAX_BODY)
    token = params.blob("token", 16, 16) if params.has("token") else None
    params.done()
    if side == "A" and token is None:
        raise params.error("token", "is needed to post as side A")
    await _mailboxes(call).post(number, side, phase, body, token, call.session.peer, call.now)
    return True


async def rendezvous_get(call: Call, params: Params) -> dict[str, Any]:
    number = params.integer("mailbox", 1, MAX_NUMBER)
    side = params.text("side", _SIDE)
    phase = params.text("phase", _PHASE)
    params.done()
    return {"body": await _mailboxes(call).get(number, side, phase, call.now)}


async def rendezvous_close(call: Call, params: Params) -> bool:
    number = params.integer("mailbox", 1, MAX_NUMBER)
    token = params.blob("token", 16, 16)
    params.done()
    await _mailboxes(call).close(number, token, call.now)
    return True
