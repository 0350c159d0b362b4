"""The account-side stores behave the same on SQLite and on PostgreSQL, including
under races between independent connections (as between server processes)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from backend_helpers import Backend

from server_stub.accounts import Credentials, SqliteAccounts
from server_stub.backends.postgres.tickets import PgTickets
from server_stub.ports import KdfParams, SrpRecord, TicketRecord
from server_stub.storage import (
    InvitationError,
    LoginKeyTakenError,
    NameTakenError,
    NewUser,
    SqliteTickets,
    SqliteUsers,
)
from server_stub.throttle import SqliteLoginThrottle

NOW = 1_000_000.0


def tickets_of(backend: Backend, database: object = None) -> SqliteTickets | PgTickets:
    db = backend.database if database is None else database
    return SqliteTickets(db) if backend.name == "sqlite" else PgTickets(db)  # type: ignore[arg-type]


def ticket(n: int, expires: float = NOW + 900) -> TicketRecord:
    return TicketRecord(n.to_bytes(32, "big"), b"m" * 32, b"s" * 16, None, expires)


def user(name: str, key: bytes | None = None) -> NewUser:
    kdf = KdfParams("PBKDF2-SHA512", 210_000, b"k" * 16)
    return NewUser(name, SrpRecord(b"s" * 16, 2**2047 + 12345, "rfc5054-2048", kdf), key)


def test_ticket_is_single_use_and_expires(backend: Backend) -> None:
    tickets = tickets_of(backend)
    asyncio.run(tickets.store([ticket(1), ticket(2, expires=NOW - 1)], NOW))
    assert asyncio.run(tickets.consume(ticket(1).ticket_id, NOW)) == ticket(1)
    assert asyncio.run(tickets.consume(ticket(1).ticket_id, NOW)) is None
    assert asyncio.run(tickets.consume(ticket(2).ticket_id, NOW)) is None


def test_racing_connections_consume_each_ticket_once(backend: Backend) -> None:
    count = 200
    asyncio.run(tickets_of(backend).store([ticket(n) for n in range(count)], NOW))
    others = [backend.reopen() for _ in range(2)]
    wins: list[list[int]] = [[], [], [], []]
    start = threading.Barrier(4)

    def consume_all(slot: int) -> None:
        store = tickets_of(backend, others[slot % 2])
        start.wait()
        for n in range(count):
            if store.consume_now(ticket(n).ticket_id, NOW) is not None:
                wins[slot].append(n)

    threads = [threading.Thread(target=consume_all, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for database in others:
        database.close()
    won = sorted(n for slot in wins for n in slot)
    assert won == list(range(count))  # every ticket once: none lost, none twice


def test_users_names_keys_and_invitations(backend: Backend) -> None:
    users = SqliteUsers(backend.database)
    asyncio.run(users.create(user("alice", b"\x02" + b"a" * 32), None, NOW))
    record = asyncio.run(users.srp_record("alice"))
    assert record is not None and record.verifier == 2**2047 + 12345
    assert asyncio.run(users.username_for_login_key(b"\x02" + b"a" * 32)) == "alice"
    with pytest.raises(NameTakenError):
        asyncio.run(users.create(user("alice"), None, NOW))
    with pytest.raises(LoginKeyTakenError):
        asyncio.run(users.create(user("bob", b"\x02" + b"a" * 32), None, NOW))
    assert not asyncio.run(users.exists("bob"))  # the refused create left nothing
    with pytest.raises(InvitationError):
        asyncio.run(users.create(user("carol"), "no-such-token", NOW))
    users.add_invitation("token", NOW)
    users.add_invitation("token", NOW)  # idempotent
    asyncio.run(users.create(user("carol"), "token", NOW))
    with pytest.raises(InvitationError):
        asyncio.run(users.create(user("dave"), "token", NOW))


def test_account_data_credentials_and_deletion(backend: Backend) -> None:
    accounts = SqliteAccounts(backend.database)
    asyncio.run(accounts.create(user("alice"), b"priv-1", None, NOW))
    assert asyncio.run(accounts.priv_data("alice")) == b"priv-1"
    new = Credentials(user("alice").srp, b"priv-2", b"\x03" + b"k" * 32)
    assert asyncio.run(accounts.set_credentials("alice", new, b"s" * 16, NOW + 1))
    assert asyncio.run(accounts.priv_data("alice")) == b"priv-2"
    info = asyncio.run(accounts.info("alice"))
    assert info is not None and info.login_keys == (b"\x03" + b"k" * 32,) and info.has_priv_data
    assert asyncio.run(accounts.delete("alice"))
    assert asyncio.run(accounts.priv_data("alice")) is None
    assert not asyncio.run(accounts.delete("alice"))


def test_login_throttle_counts_across_connections(backend: Backend) -> None:
    other = backend.reopen()
    try:
        here = SqliteLoginThrottle(backend.database, max_failures=3, window=60)
        there = SqliteLoginThrottle(other, max_failures=3, window=60)
        for step in range(3):
            assert asyncio.run(here.may_attempt("password", "alice", "10.0.0.1", NOW + step))
            throttle = here if step % 2 else there
            asyncio.run(throttle.record_failure("password", "alice", "10.0.0.1", NOW + step))
        assert not asyncio.run(there.may_attempt("password", "alice", "10.0.0.1", NOW + 3))
        assert asyncio.run(there.may_attempt("key", "02ab", "10.0.0.1", NOW + 3))
        assert asyncio.run(here.may_attempt("password", "alice", "10.0.0.1", NOW + 70))
    finally:
        other.close()
