"""Pending logins and the replay cache: in memory (one process) and in PostgreSQL
(shared), the same contract; on PostgreSQL a login begun by one process is finished by
another exactly once, and a random replayed to two processes is admitted once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from backend_helpers import Backend

from app.crypto import srp
from app.crypto.ecc import PrivateKey
from app.protocol.events import HandshakeMessage
from app.protocol.login_server import ServerSrpLogin
from server_stub.backends.postgres.shared_state import PgPendingLogins, PgReplayCache
from server_stub.logins import LoginStart, MemoryPendingLogins, MemoryReplayCache, replay
from server_stub.ports import KdfParams, PendingLogins, ReplayCache, SrpRecord

NOW = 1_000_000.0
SERVER_KEY = PrivateKey.generate().to_bytes()
FAKE_SECRET = b"f" * 32


Views = tuple[PendingLogins, ReplayCache, PendingLogins, ReplayCache]


@pytest.fixture
def views(backend: Backend) -> Iterator[Views]:
    """Two processes' views of the state (one shared view in memory)."""
    if backend.name == "sqlite":
        pending, replays = MemoryPendingLogins(100), MemoryReplayCache(100)
        yield pending, replays, pending, replays
        return
    other = backend.reopen()
    yield (
        PgPendingLogins(backend.database, SERVER_KEY),
        PgReplayCache(backend.database),
        PgPendingLogins(other, SERVER_KEY),
        PgReplayCache(other),
    )
    other.close()


def srp_start(seed: bytes) -> LoginStart:
    kdf = KdfParams("PBKDF2-SHA512", 210_000, b"k" * 16)
    record = SrpRecord(b"s" * 16, 2**2000 + 7, srp.RFC5054_2048.name, kdf)
    init = {"type": "srp_init", "I": "alice"}
    return LoginStart("srp", "alice", record, b"m" * 32, b"s" * 16, b"\x82raw", init, seed)


def test_a_login_rebuilt_from_its_start_is_the_same_login() -> None:
    start = srp_start(b"x" * 32)
    first, challenge = replay(start, FAKE_SECRET)
    again, challenge_again = replay(start, FAKE_SECRET)
    assert isinstance(first, ServerSrpLogin) and first.login_id == again.login_id
    assert challenge == challenge_again  # same B, same login id: same state
    other, other_challenge = replay(srp_start(b"y" * 32), FAKE_SECRET)
    assert other.login_id != first.login_id and other_challenge["B"] != challenge["B"]
    unknown = LoginStart("srp", "nobody", None, b"m" * 32, b"s" * 16, b"", {}, b"x" * 32)
    assert replay(unknown, FAKE_SECRET)[1]["type"] == "srp_init"  # a fake account answers
    assert isinstance(HandshakeMessage(start.init, start.init_raw).raw, bytes)


def test_a_pending_login_is_taken_once_by_any_process(views: Views) -> None:
    here, _, there, _ = views
    start = srp_start(b"z" * 32)
    asyncio.run(here.put(b"L" * 16, start, NOW + 120, NOW))
    assert asyncio.run(there.take(b"L" * 16, NOW)) == start
    assert asyncio.run(here.take(b"L" * 16, NOW)) is None
    asyncio.run(here.put(b"M" * 16, start, NOW + 120, NOW))
    assert asyncio.run(there.take(b"M" * 16, NOW + 121)) is None  # expired


def test_the_database_never_holds_a_login_seed_in_clear(backend: Backend, views: Views) -> None:
    if backend.name != "postgres":
        pytest.skip("memory only")
    here, _, _, _ = views
    start = srp_start(b"S" * 32)
    asyncio.run(here.put(b"L" * 16, start, NOW + 120, NOW))
    rows = backend.database.call(lambda c: c.execute("SELECT state FROM pending_logins").fetchall())
    assert len(rows) == 1 and b"S" * 32 not in bytes(rows[0][0])
    assert b"m" * 32 not in bytes(rows[0][0])


def test_a_replayed_random_is_admitted_once_across_processes(views: Views) -> None:
    _, here, _, there = views

    async def race() -> list[bool | None]:
        return list(
            await asyncio.gather(
                *[cache.first_use(b"R" * 32, NOW + 240, NOW) for cache in (here, there) * 5]
            )
        )

    assert sorted(race_result is True for race_result in asyncio.run(race())) == [False] * 9 + [
        True
    ]
    assert asyncio.run(there.first_use(b"R" * 32, NOW + 600, NOW + 300)) is True  # window over
