"""The session list (server_stub/SESSIONS.md) behaves the same on SQLite and on
PostgreSQL: what one handle (one server process) opens, every other lists; a session
ended through one handle has no tickets and gets no new ones through any other; two
handles racing to end the same session end it once."""

from __future__ import annotations

import asyncio
import threading

import pytest
from backend_helpers import Backend

from server_stub.backends.postgres.tickets import PgTickets
from server_stub.ports import SqlDatabase, TicketRecord
from server_stub.sessions import NoSuchSessionError, SqlSessions, public_id
from server_stub.storage import SqliteTickets

NOW = 1_000_000.0
KEY = b"\x02" + b"k" * 32


def tickets_of(backend: Backend, database: SqlDatabase) -> SqliteTickets | PgTickets:
    return SqliteTickets(database) if backend.name == "sqlite" else PgTickets(database)


def open_session(sessions: SqlSessions, sid: bytes, user: str, key: bytes | None = None) -> None:
    asyncio.run(sessions.opened(sid, user, key, "10.1.2.3", NOW, NOW + 900))


def test_listed_by_every_handle_until_the_tickets_expire(backend: Backend) -> None:
    here = SqlSessions(backend.database)
    open_session(here, b"a" * 16, "alice", KEY)
    asyncio.run(here.opened(b"b" * 16, "alice", None, "2001:db8::1", NOW + 10, NOW + 100))
    open_session(here, b"c" * 16, "bob")
    other = backend.reopen()
    try:
        there = SqlSessions(other)
        listed = asyncio.run(there.list("alice", NOW + 50))
        assert [s.session_id for s in listed] == [b"b" * 16, b"a" * 16]  # most recent first
        assert listed[0].address == "2001:db8::/48" and listed[0].login_key is None
        assert listed[1].login_key == KEY and listed[1].public_id == public_id(b"a" * 16)
        assert asyncio.run(there.used(b"a" * 16, NOW + 60)) is True
        assert asyncio.run(there.used(b"a" * 16, NOW + 30)) is True  # never goes back
        assert [s.session_id for s in asyncio.run(here.list("alice", NOW + 200))] == [b"a" * 16]
        assert asyncio.run(here.list("alice", NOW + 200))[0].last_used == NOW + 60
        assert asyncio.run(there.used(b"a" * 16, NOW + 800, NOW + 1700)) is True
        assert [s.session_id for s in asyncio.run(here.list("alice", NOW + 1000))] == [b"a" * 16]
    finally:
        other.close()


def test_a_session_ended_through_one_handle_is_refused_by_another(backend: Backend) -> None:
    here = SqlSessions(backend.database)
    ids = [n.to_bytes(32, "big") for n in range(3)]
    records = [TicketRecord(i, b"m" * 32, b"a" * 16, "alice", NOW + 900) for i in ids[:2]]
    records.append(TicketRecord(ids[2], b"m" * 32, b"z" * 16, "alice", NOW + 900))
    asyncio.run(tickets_of(backend, backend.database).store(records, NOW))
    open_session(here, b"a" * 16, "alice")
    open_session(here, b"z" * 16, "alice")
    other = backend.reopen()
    try:
        there, their_tickets = SqlSessions(other), tickets_of(backend, other)
        with pytest.raises(NoSuchSessionError):  # another account's session: the same answer
            asyncio.run(there.end("mallory", public_id(b"a" * 16), NOW + 1))
        asyncio.run(there.end("alice", public_id(b"a" * 16), NOW + 1))
        assert asyncio.run(tickets_of(backend, backend.database).consume(ids[0], NOW + 2)) is None
        assert asyncio.run(their_tickets.consume(ids[1], NOW + 2)) is None
        assert asyncio.run(their_tickets.consume(ids[2], NOW + 2)) is not None
        assert asyncio.run(here.used(b"a" * 16, NOW + 3, NOW + 903)) is False  # no new tickets
        assert [s.session_id for s in asyncio.run(here.list("alice", NOW + 4))] == [b"z" * 16]
        with pytest.raises(NoSuchSessionError):
            asyncio.run(here.end("alice", public_id(b"a" * 16), NOW + 5))
    finally:
        other.close()


def test_a_removed_devices_sessions_end_and_a_logout_forgets_its_row(backend: Backend) -> None:
    sessions = SqlSessions(backend.database)
    open_session(sessions, b"d" * 16, "alice", KEY)
    open_session(sessions, b"e" * 16, "alice", KEY)
    open_session(sessions, b"f" * 16, "alice")
    assert asyncio.run(sessions.end_for_key("alice", KEY)) == 2
    asyncio.run(sessions.closed(b"f" * 16))
    assert asyncio.run(sessions.list("alice", NOW + 1)) == []
    assert asyncio.run(sessions.used(b"f" * 16, NOW + 2, NOW + 902)) is False


def test_racing_handles_end_a_session_once(backend: Backend) -> None:
    count = 30
    sessions = SqlSessions(backend.database)
    for n in range(count):
        open_session(sessions, n.to_bytes(16, "big"), "alice")
    others = [backend.reopen() for _ in range(3)]
    ended: list[list[int]] = [[] for _ in others]
    start = threading.Barrier(len(others))

    def end_all(slot: int) -> None:
        store = SqlSessions(others[slot])
        start.wait()
        for n in range(count):
            try:
                asyncio.run(store.end("alice", public_id(n.to_bytes(16, "big")), NOW + 1))
            except NoSuchSessionError:
                continue
            ended[slot].append(n)

    threads = [threading.Thread(target=end_all, args=(slot,)) for slot in range(len(others))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for database in others:
        database.close()
    assert sorted(n for slot in ended for n in slot) == list(range(count))  # each once
    assert asyncio.run(sessions.list("alice", NOW + 2)) == []
