"""Pending logins and the `ecdhef` replay cache: the endpoint's state between requests.

A login takes two requests (`srp_init`/`key_init`, then the exchange); behind a load
balancer they may reach different processes. So a pending login is kept as the
`LoginStart` it grew from: what the init request said, the account it was checked
against, and a fresh 32-byte seed from which every random number of the login is drawn
(`seeded`). Any process holding the start rebuilds the same login object, in the same
state, with `replay` (one more SRP modular exponentiation: ~1 ms). The stores:

* `MemoryPendingLogins`, `MemoryReplayCache`: one process (the embedded server);
* backends/postgres/shared_state.py: every process of a fleet (a start is kept there
  encrypted under a key derived from the server key: its seed is the login's secret).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.protocol.events import HandshakeMessage
from app.protocol.login_server import ServerKeyLogin, ServerSrpLogin, SrpAccount, fake_account
from server_stub.ports import SrpRecord

__all__ = [
    "LoginStart",
    "MemoryPendingLogins",
    "MemoryReplayCache",
    "replay",
    "seeded",
]

SEED_SIZE = 32


@dataclass(frozen=True)
class LoginStart:
    """Everything a pending login is rebuilt from. `kind` is "srp" or "key"; `record` is
    the SRP record found at init (None: no such user, a fake account answers)."""

    kind: str
    username: str | None
    record: SrpRecord | None
    family_master: bytes
    session_id: bytes
    init_raw: bytes
    init: dict[str, Any]
    seed: bytes


def seeded(seed: bytes) -> Callable[[int], bytes]:
    """A deterministic `randbytes`: successive SHAKE-256 blocks of `seed` and a counter."""
    counter = 0

    def randbytes(size: int) -> bytes:
        nonlocal counter
        counter += 1
        return hashlib.shake_256(seed + counter.to_bytes(8, "big")).digest(size)

    return randbytes


def replay(
    start: LoginStart, fake_secret: bytes
) -> tuple[ServerSrpLogin | ServerKeyLogin, dict[str, Any]]:
    """The login `start` describes, after its challenge, and that challenge."""
    init = HandshakeMessage(start.init, start.init_raw)
    login: ServerSrpLogin | ServerKeyLogin
    if start.kind == "srp":
        assert start.username is not None
        record = start.record
        if record is None:
            account = fake_account(fake_secret, start.username)
        else:
            kdf = record.kdf
            account = SrpAccount(
                record.salt, record.verifier, record.group, kdf.iterations, kdf.salt
            )
        login = ServerSrpLogin(
            start.username,
            account,
            start.family_master,
            known=record is not None,
            randbytes=seeded(start.seed),
        )
    else:
        login = ServerKeyLogin(start.username, start.family_master, randbytes=seeded(start.seed))
    return login, login.challenge(init)


class MemoryPendingLogins:
    """`PendingLogins` in this process's memory, at most `limit` (oldest dropped)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._starts: dict[bytes, tuple[LoginStart, float]] = {}

    async def put(self, login_id: bytes, start: LoginStart, expires: float, now: float) -> None:
        self._starts = {k: v for k, v in self._starts.items() if v[1] > now}
        while len(self._starts) >= self._limit:
            self._starts.pop(next(iter(self._starts)))
        self._starts[login_id] = (start, expires)

    async def take(self, login_id: bytes, now: float) -> LoginStart | None:
        found = self._starts.pop(login_id, None)
        return None if found is None or found[1] <= now else found[0]


class MemoryReplayCache:
    """`ReplayCache` in this process's memory, at most `limit` randoms at once."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._seen: dict[bytes, float] = {}

    async def first_use(self, random: bytes, expires: float, now: float) -> bool | None:
        self._seen = {r: t for r, t in self._seen.items() if t > now}
        if random in self._seen:
            return False
        if len(self._seen) >= self._limit:
            return None
        self._seen[random] = expires
        return True
