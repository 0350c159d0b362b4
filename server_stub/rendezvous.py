"""Rendezvous mailboxes: where two devices of one person meet to link (device linking,
app/services/devices/DEVICES.md §3). Kept in the server's database (`rendezvous_*`
tables: SQLite on one process, PostgreSQL shared by a fleet, through the same SQL and
the `SqlDatabase` port), so that behind a load balancer each request of a linking may
reach another process. A mailbox lives ten minutes; expired rows are swept as mailboxes
are opened.

A mailbox has a small number (the first part of the code a person reads out), an owner
token (only the device that opened it may post as side "A" or close it) and at most
one message per (side, phase), the table's primary key: side "B" may post its "pake"
message once per mailbox, ever, whichever process it reaches: a wrong code fails after
one try and the code is spent. Bodies are opaque to the server (SPAKE2 messages, key
confirmations, an AES-GCM payload).

Limits, per client address (the peer the HTTP layer saw) in a sliding ten minutes:
`MAX_OPENS_PER_PEER` opens and `MAX_CLAIMS_PER_PEER` "B" pake posts (so nobody can try
codes in bulk); at most `MAX_MAILBOXES` open at once. Every check and the write it
guards run in one mutation transaction (`BEGIN IMMEDIATE`: PostgreSQL takes the fleet's
mutation lock), so concurrent processes cannot overrun them.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from typing import TypeVar

from server_stub.ports import SqlDatabase

__all__ = [
    "MAILBOX_TTL",
    "Mailboxes",
    "RendezvousError",
    "RendezvousLimitError",
    "SpentError",
    "UnknownMailboxError",
]

MAILBOX_TTL = 600.0
RATE_WINDOW = 600.0
MAX_OPENS_PER_PEER = 20
MAX_CLAIMS_PER_PEER = 20
MAX_MAILBOXES = 2000
MAX_NUMBER = 9999
MAX_BODY = 64 * 1024
SIDES = ("A", "B")
PHASES = ("pake", "confirm", "payload", "done")

T = TypeVar("T")


class RendezvousError(Exception):
    code = 1800


class UnknownMailboxError(RendezvousError):
    """No such mailbox: never opened, expired, closed, or a wrong owner token."""

    code = 1801


class SpentError(RendezvousError):
    """The code was already tried (one try per code), or that message was already sent."""

    code = 1802


class RendezvousLimitError(RendezvousError):
    """Too many mailboxes or tries from this address: wait, then start again."""

    code = 1803


class Mailboxes:
    """The open mailboxes of this server (or of the whole fleet)."""

    def __init__(
        self,
        database: SqlDatabase,
        *,
        ttl: float = MAILBOX_TTL,
        randbelow: Callable[[int], int] = secrets.randbelow,
        token_bytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        self.ttl = ttl
        self._db = database
        self._randbelow = randbelow
        self._token_bytes = token_bytes

    async def open(self, peer: str, now: float) -> tuple[int, bytes, float]:
        """A new mailbox: (its number, the owner token, when it expires)."""
        token = self._token_bytes(16)

        def work(connection: sqlite3.Connection) -> int:
            connection.execute("DELETE FROM rendezvous_messages WHERE expires <= ?", (now,))
            connection.execute("DELETE FROM rendezvous_boxes WHERE expires <= ?", (now,))
            _spend(connection, "open", peer, now, MAX_OPENS_PER_PEER)
            (count,) = connection.execute("SELECT COUNT(*) FROM rendezvous_boxes").fetchone()
            if count >= MAX_MAILBOXES:
                raise RendezvousLimitError("too many devices are linking right now: try later")
            while True:  # the numbers in use are far fewer than MAX_NUMBER
                number = 1 + self._randbelow(MAX_NUMBER)
                if not connection.execute(
                    "SELECT 1 FROM rendezvous_boxes WHERE number = ?", (number,)
                ).fetchone():
                    break
            connection.execute(
                "INSERT INTO rendezvous_boxes (number, token, expires) VALUES (?, ?, ?)",
                (number, token, now + self.ttl),
            )
            return number

        number = await self._db.run(_transaction, work)
        return number, token, now + self.ttl

    async def post(
        self,
        number: int,
        side: str,
        phase: str,
        body: bytes,
        token: bytes | None,
        peer: str,
        now: float,
    ) -> None:
        def work(connection: sqlite3.Connection) -> None:
            expires = self._box(connection, number, token if side == "A" else None, now)
            if side == "B" and phase == "pake":
                _spend(connection, "claim", peer, now, MAX_CLAIMS_PER_PEER)
            if connection.execute(
                "SELECT 1 FROM rendezvous_messages WHERE number = ? AND side = ? AND phase = ?",
                (number, side, phase),
            ).fetchone():
                raise SpentError("this code was already used: start again with a new code")
            connection.execute(
                "INSERT INTO rendezvous_messages (number, side, phase, body, expires) "
                "VALUES (?, ?, ?, ?, ?)",
                (number, side, phase, body, expires),
            )

        await self._db.run(_transaction, work)

    async def get(self, number: int, side: str, phase: str, now: float) -> bytes | None:
        """The message `side` posted for `phase`, None while there is none yet."""

        def work(connection: sqlite3.Connection) -> bytes | None:
            self._box(connection, number, None, now)
            row = connection.execute(
                "SELECT body FROM rendezvous_messages WHERE number = ? AND side = ? AND phase = ?",
                (number, side, phase),
            ).fetchone()
            return None if row is None else bytes(row[0])

        return await self._db.run(work)

    async def close(self, number: int, token: bytes, now: float) -> None:
        def work(connection: sqlite3.Connection) -> None:
            self._box(connection, number, token, now)
            connection.execute("DELETE FROM rendezvous_messages WHERE number = ?", (number,))
            connection.execute("DELETE FROM rendezvous_boxes WHERE number = ?", (number,))

        await self._db.run(_transaction, work)

    def _box(
        self, connection: sqlite3.Connection, number: int, token: bytes | None, now: float
    ) -> float:
        """The mailbox's expiry, if it is open (and `token` is its owner's)."""
        row = connection.execute(
            "SELECT token, expires FROM rendezvous_boxes WHERE number = ? AND expires > ?",
            (number, now),
        ).fetchone()
        if row is None or (token is not None and not secrets.compare_digest(token, bytes(row[0]))):
            raise UnknownMailboxError(
                "no such code: it expired, was closed, or was never made (codes last "
                f"{int(self.ttl // 60) or 1} minutes)"
            )
        return float(row[1])


def _spend(connection: sqlite3.Connection, kind: str, peer: str, now: float, limit: int) -> None:
    connection.execute("DELETE FROM rendezvous_spends WHERE at <= ?", (now - RATE_WINDOW,))
    (count,) = connection.execute(
        "SELECT COUNT(*) FROM rendezvous_spends WHERE kind = ? AND peer = ?", (kind, peer)
    ).fetchone()
    if count >= limit:
        raise RendezvousLimitError("too many tries from this address: wait ten minutes")
    connection.execute(
        "INSERT INTO rendezvous_spends (kind, peer, at) VALUES (?, ?, ?)", (kind, peer, now)
    )


def _transaction(connection: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    connection.execute("BEGIN IMMEDIATE")
    try:
        result = work(connection)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return result
