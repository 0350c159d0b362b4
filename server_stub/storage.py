"""SQLite implementations of the storage ports (server_stub/ports.py).

`SqliteTickets` is the `TicketStore`: a ticket is consumed with one
`DELETE ... RETURNING`, so two racing requests can never both get it; expired tickets
are refused when consumed and pruned whenever a batch is stored. The consume runs inline
on the event loop (tens of microseconds, against a pool round trip and a thread wake-up
per request) without ever waiting there: if a writer holds the database it gives up at
once and waits on the pool instead (a second connection per thread, with a busy
timeout of 0, runs it: two `PRAGMA busy_timeout` per consume cost a third of it).
`SqliteUsers` is the `UserStore` plus what registration needs (creating users,
invitation tokens, kept as SHA-256 hashes and spent in the same transaction that
creates the user).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from server_stub.database import Database
from server_stub.ports import KdfParams, SqlDatabase, SrpRecord, TicketRecord

__all__ = [
    "InvitationError",
    "LoginKeyTakenError",
    "NameTakenError",
    "NewUser",
    "RegistrationError",
    "SqliteTickets",
    "SqliteUsers",
]


class RegistrationError(Exception):
    """A registration cannot be stored; the message is safe to show to the client."""


class NameTakenError(RegistrationError):
    """The user name is already registered."""


class LoginKeyTakenError(RegistrationError):
    """The login key is already registered to another user."""


class InvitationError(RegistrationError):
    """The invitation token is missing, unknown or already used."""


@dataclass(frozen=True)
class NewUser:
    """A validated registration."""

    name: str
    srp: SrpRecord
    login_key: bytes | None


class SqliteTickets:
    """`TicketStore` on SQLite."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def store(self, records: Sequence[TicketRecord], now: float) -> None:
        await self._db.run(_store_tickets, list(records), now)

    async def consume(self, ticket_id: bytes, now: float) -> TicketRecord | None:
        try:
            return self._db.call_nowait(_consume_ticket, ticket_id, now)
        except sqlite3.OperationalError:  # busy: another connection is writing
            return await self._db.run(_consume_ticket, ticket_id, now)

    async def revoke_session(self, session_id: bytes) -> None:
        await self._db.run(_revoke_session, session_id)

    def consume_now(self, ticket_id: bytes, now: float) -> TicketRecord | None:
        """`consume` on the calling thread (tools and race tests)."""
        return self._db.call(_consume_ticket, ticket_id, now)

    def count(self) -> int:
        """How many tickets are stored (expired ones included until pruned)."""
        return int(self._db.call(lambda c: c.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]))


class SqliteUsers:
    """`UserStore` on SQLite, plus user creation and invitations."""

    def __init__(self, database: SqlDatabase) -> None:
        self._db = database

    async def srp_record(self, username: str) -> SrpRecord | None:
        return await self._db.run(_srp_record, username)

    async def username_for_login_key(self, public_key: bytes) -> str | None:
        return await self._db.run(_username_for_key, public_key)

    async def create(self, user: NewUser, token: str | None, now: float) -> None:
        """Store `user`; spend `token` if given. Raises a `RegistrationError`."""
        await self._db.run(_create_user, user, _token_hash(token), now)

    async def exists(self, username: str) -> bool:
        return await self.srp_record(username) is not None

    def add_invitation(self, token: str, now: float) -> None:
        """Remember an invitation token (stored hashed)."""
        self._db.call(_add_invitation, _token_hash(token), now)


def _token_hash(token: str | None) -> bytes | None:
    return None if token is None else hashlib.sha256(token.encode()).digest()


def _store_tickets(connection: sqlite3.Connection, records: list[TicketRecord], now: float) -> None:
    rows = [(r.ticket_id, r.family_master, r.session_id, r.username, r.expires) for r in records]
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("DELETE FROM tickets WHERE expires <= ?", (now,))
        connection.executemany("INSERT INTO tickets VALUES (?, ?, ?, ?, ?)", rows)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _consume_ticket(
    connection: sqlite3.Connection, ticket_id: bytes, now: float
) -> TicketRecord | None:
    row = connection.execute(
        "DELETE FROM tickets WHERE id = ? RETURNING family_master, session_id, username, expires",
        (ticket_id,),
    ).fetchone()
    if row is None or not now < row[3]:
        return None
    return TicketRecord(ticket_id, row[0], row[1], row[2], row[3])


def _revoke_session(connection: sqlite3.Connection, session_id: bytes) -> None:
    connection.execute("DELETE FROM tickets WHERE session_id = ?", (session_id,))


def _srp_record(connection: sqlite3.Connection, username: str) -> SrpRecord | None:
    row = connection.execute(
        "SELECT srp_salt, srp_verifier, srp_group, kdf_algorithm, kdf_iterations, kdf_salt "
        "FROM users WHERE name = ?",
        (username,),
    ).fetchone()
    if row is None:
        return None
    salt, verifier, group, algorithm, iterations, kdf_salt = row
    kdf = KdfParams(algorithm, iterations, kdf_salt)
    return SrpRecord(salt, int.from_bytes(verifier, "big"), group, kdf)


def _username_for_key(connection: sqlite3.Connection, public_key: bytes) -> str | None:
    row = connection.execute(
        "SELECT username FROM login_keys WHERE public_key = ?", (public_key,)
    ).fetchone()
    return None if row is None else str(row[0])


def _create_user(
    connection: sqlite3.Connection, user: NewUser, token_hash: bytes | None, now: float
) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        _insert_user(connection, user, token_hash, now)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _insert_user(
    connection: sqlite3.Connection, user: NewUser, token_hash: bytes | None, now: float
) -> None:
    if token_hash is not None:
        spent = connection.execute(
            "DELETE FROM invitations WHERE token_hash = ? RETURNING created", (token_hash,)
        ).fetchone()
        if spent is None:
            raise InvitationError("the invitation token is unknown or already used")
    srp = user.srp
    verifier = srp.verifier.to_bytes((srp.verifier.bit_length() + 7) // 8 or 1, "big")
    try:
        connection.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                user.name,
                srp.salt,
                verifier,
                srp.group,
                srp.kdf.algorithm,
                srp.kdf.iterations,
                srp.kdf.salt,
                now,
            ),
        )
    except sqlite3.IntegrityError:
        raise NameTakenError(f"the user name {user.name!r} is taken") from None
    if user.login_key is not None:
        try:
            connection.execute("INSERT INTO login_keys VALUES (?, ?)", (user.login_key, user.name))
        except sqlite3.IntegrityError:
            raise LoginKeyTakenError("this login key is already registered") from None


def _add_invitation(connection: sqlite3.Connection, token_hash: bytes | None, now: float) -> None:
    connection.execute(
        "INSERT INTO invitations VALUES (?, ?) ON CONFLICT DO NOTHING", (token_hash, now)
    )
