"""SQLite storage: schema versioning, single-use tickets under races, users, invitations."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from server_stub.database import SCHEMA_VERSION, Database, DatabaseError
from server_stub.ports import KdfParams, SrpRecord, TicketRecord
from server_stub.storage import (
    InvitationError,
    LoginKeyTakenError,
    NameTakenError,
    NewUser,
    SqliteTickets,
    SqliteUsers,
)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "test.sqlite", threads=4)
    yield db
    db.close()


def ticket(n: int, expires: float = 1000.0, session: bytes = b"s" * 16) -> TicketRecord:
    return TicketRecord(n.to_bytes(32, "big"), b"m" * 32, session, None, expires)


def user(name: str = "alice", key: bytes | None = None) -> NewUser:
    kdf = KdfParams("PBKDF2-SHA512", 210_000, b"k" * 16)
    srp = SrpRecord(b"s" * 16, 2**2047 + 12345, "rfc5054-2048", kdf)
    return NewUser(name, srp, key)


def test_schema_is_versioned_and_wal(database: Database, tmp_path: Path) -> None:
    assert database.call(lambda c: c.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION
    assert database.call(lambda c: c.execute("PRAGMA journal_mode").fetchone()[0]) == "wal"
    reopened = Database(tmp_path / "test.sqlite", threads=1)
    reopened.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(DatabaseError, match="newer than this server"):
        Database(path, threads=1)


def test_ticket_is_consumed_once(database: Database) -> None:
    tickets = SqliteTickets(database)
    record = ticket(1)
    asyncio.run(tickets.store([record], now=0))
    assert asyncio.run(tickets.consume(record.ticket_id, now=1)) == record
    assert asyncio.run(tickets.consume(record.ticket_id, now=1)) is None
    assert asyncio.run(tickets.consume(b"\0" * 32, now=1)) is None


def test_expired_ticket_is_refused_and_removed(database: Database) -> None:
    tickets = SqliteTickets(database)
    asyncio.run(tickets.store([ticket(1, expires=10)], now=0))
    assert asyncio.run(tickets.consume(ticket(1).ticket_id, now=10)) is None
    assert tickets.count() == 0


def test_storing_prunes_expired_tickets(database: Database) -> None:
    tickets = SqliteTickets(database)
    asyncio.run(tickets.store([ticket(n, expires=10) for n in range(5)], now=0))
    asyncio.run(tickets.store([ticket(99, expires=100)], now=50))
    assert tickets.count() == 1


def test_batch_is_all_or_nothing(database: Database) -> None:
    tickets = SqliteTickets(database)
    asyncio.run(tickets.store([ticket(1)], now=0))
    with pytest.raises(sqlite3.IntegrityError):
        asyncio.run(tickets.store([ticket(2), ticket(1)], now=0))
    assert tickets.count() == 1


def test_revoke_session(database: Database) -> None:
    tickets = SqliteTickets(database)
    mine = [ticket(n, session=b"a" * 16) for n in range(3)]
    other = ticket(7, session=b"b" * 16)
    asyncio.run(tickets.store([*mine, other], now=0))
    asyncio.run(tickets.revoke_session(b"a" * 16))
    assert all(tickets.consume_now(t.ticket_id, now=1) is None for t in mine)
    assert tickets.consume_now(other.ticket_id, now=1) == other


def test_tickets_keep_username(database: Database) -> None:
    tickets = SqliteTickets(database)
    record = TicketRecord(b"\1" * 32, b"m" * 32, b"s" * 16, "alice", 100.0)
    asyncio.run(tickets.store([record], now=0))
    assert tickets.consume_now(record.ticket_id, now=1) == record


def test_ticket_consumed_exactly_once_under_8_racing_threads(database: Database) -> None:
    tickets = SqliteTickets(database)
    records = [ticket(n) for n in range(200)]
    asyncio.run(tickets.store(records, now=0))
    barrier = threading.Barrier(8)
    wins: list[list[bytes]] = [[] for _ in range(8)]

    def racer(slot: int) -> None:
        barrier.wait()
        start = slot * len(records) // 8  # each thread starts elsewhere, then wraps around
        for record in records[start:] + records[:start]:
            if tickets.consume_now(record.ticket_id, now=1) is not None:
                wins[slot].append(record.ticket_id)
            time.sleep(0)  # the database lock is not fair: let the others take it too

    threads = [threading.Thread(target=racer, args=(slot,)) for slot in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [ticket_id for slot in wins for ticket_id in slot]
    assert sorted(won) == sorted(r.ticket_id for r in records)
    assert sum(1 for slot in wins if slot) > 1, "the threads did not actually race"


def test_concurrent_async_consumes_get_one_winner(database: Database) -> None:
    tickets = SqliteTickets(database)
    record = ticket(5)

    async def scenario() -> list[TicketRecord | None]:
        await tickets.store([record], now=0)
        return await asyncio.gather(*(tickets.consume(record.ticket_id, 1) for _ in range(8)))

    results = asyncio.run(scenario())
    assert results.count(record) == 1 and results.count(None) == 7


def test_user_round_trip(database: Database) -> None:
    users = SqliteUsers(database)
    new = user(key=b"\2" + b"k" * 32)
    asyncio.run(users.create(new, None, now=5))
    assert asyncio.run(users.srp_record("alice")) == new.srp
    assert asyncio.run(users.username_for_login_key(b"\2" + b"k" * 32)) == "alice"
    assert asyncio.run(users.username_for_login_key(b"\3" + b"k" * 32)) is None
    assert asyncio.run(users.srp_record("bob")) is None


def test_taken_name_and_key_are_refused(database: Database) -> None:
    users = SqliteUsers(database)
    asyncio.run(users.create(user(key=b"\2" * 33), None, now=0))
    with pytest.raises(NameTakenError, match="taken"):
        asyncio.run(users.create(user(), None, now=0))
    with pytest.raises(LoginKeyTakenError):
        asyncio.run(users.create(user("bob", key=b"\2" * 33), None, now=0))
    assert asyncio.run(users.srp_record("bob")) is None, "a refused registration left a user"


def test_invitation_is_spent_once_and_kept_on_failure(database: Database) -> None:
    users = SqliteUsers(database)
    users.add_invitation("token-1", now=0)
    with pytest.raises(InvitationError):
        asyncio.run(users.create(user(), "wrong", now=0))
    asyncio.run(users.create(user("taken"), None, now=0))
    with pytest.raises(NameTakenError):
        asyncio.run(users.create(user("taken"), "token-1", now=0))
    asyncio.run(users.create(user("bob"), "token-1", now=0))
    with pytest.raises(InvitationError):
        asyncio.run(users.create(user("carol"), "token-1", now=0))
    stored = database.call(lambda c: c.execute("SELECT token_hash FROM invitations").fetchall())
    assert stored == []


def test_invitations_are_stored_hashed(database: Database) -> None:
    SqliteUsers(database).add_invitation("secret-token", now=0)
    dump = "\n".join(database.call(lambda c: list(c.iterdump())))
    assert "secret-token" not in dump and "7365637265742d746f6b656e" not in dump.lower()
