"""The session table (server_stub/SESSIONS.md): networks not addresses, expiry, ending a
session removes its tickets, one account cannot end another's, a device's sessions end
with it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from server_stub.database import Database
from server_stub.ports import TicketRecord
from server_stub.sessions import NoSuchSessionError, SqlSessions, address_bucket, public_id
from server_stub.storage import SqliteTickets

KEY = b"\x02" + b"k" * 32


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "test.sqlite", threads=2)
    yield db
    db.close()


def run(awaitable: object) -> object:
    return asyncio.run(awaitable)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("peer", "bucket"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("127.0.0.1", "127.0.0.0/24"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
        ("", "unknown"),
        ("not an address", "unknown"),
    ],
)
def test_only_the_network_is_kept(peer: str, bucket: str) -> None:
    assert address_bucket(peer) == bucket


def test_listed_until_the_tickets_expire(database: Database) -> None:
    sessions = SqlSessions(database)
    run(sessions.opened(b"a" * 16, "alice", KEY, "10.1.2.3", 100.0, 1000.0))
    run(sessions.opened(b"b" * 16, "alice", None, "10.1.2.3", 110.0, 200.0))
    run(sessions.opened(b"c" * 16, "bob", None, "10.1.2.3", 120.0, 1000.0))
    listed = run(sessions.list("alice", 150.0))
    assert [s.session_id for s in listed] == [b"b" * 16, b"a" * 16]  # most recent first
    assert listed[1].login_key == KEY and listed[0].login_key is None
    assert listed[1].address == "10.1.2.0/24" and listed[1].public_id == public_id(b"a" * 16)
    assert [s.session_id for s in run(sessions.list("alice", 300.0))] == [b"a" * 16]
    assert run(sessions.used(b"a" * 16, 500.0, 1400.0)) is True
    (kept,) = run(sessions.list("alice", 1200.0))
    assert kept.last_used == 500.0


def test_ending_a_session_takes_its_tickets(database: Database) -> None:
    sessions, tickets = SqlSessions(database), SqliteTickets(database)
    ids = [n.to_bytes(32, "big") for n in range(3)]
    records = [TicketRecord(i, b"m" * 32, b"a" * 16, "alice", 1000.0) for i in ids[:2]]
    records.append(TicketRecord(ids[2], b"m" * 32, b"z" * 16, "alice", 1000.0))
    run(tickets.store(records, 100.0))
    run(sessions.opened(b"a" * 16, "alice", None, "10.0.0.1", 100.0, 1000.0))
    run(sessions.opened(b"z" * 16, "alice", None, "10.0.0.1", 100.0, 1000.0))

    with pytest.raises(NoSuchSessionError):  # another account's session: the same answer
        run(sessions.end("mallory", public_id(b"a" * 16), 150.0))
    assert run(sessions.used(b"a" * 16, 150.0)) is True
    run(sessions.end("alice", public_id(b"a" * 16), 150.0))
    assert run(tickets.consume(ids[0], 160.0)) is None
    assert run(tickets.consume(ids[1], 160.0)) is None
    assert run(tickets.consume(ids[2], 160.0)) is not None  # the other session keeps its own
    assert run(sessions.used(b"a" * 16, 170.0, 2000.0)) is False  # no new tickets for it
    with pytest.raises(NoSuchSessionError):
        run(sessions.end("alice", public_id(b"a" * 16), 180.0))


def test_a_device_key_ends_every_session_it_opened(database: Database) -> None:
    sessions = SqlSessions(database)
    for n in range(3):
        run(sessions.opened(bytes([n]) * 16, "alice", KEY, "10.0.0.1", 100.0, 1000.0))
    run(sessions.opened(b"p" * 16, "alice", None, "10.0.0.1", 100.0, 1000.0))
    run(sessions.opened(b"m" * 16, "mallory", KEY, "10.0.0.1", 100.0, 1000.0))
    assert run(sessions.end_for_key("alice", KEY)) == 3
    assert [s.session_id for s in run(sessions.list("alice", 150.0))] == [b"p" * 16]
    assert len(run(sessions.list("mallory", 150.0))) == 1
