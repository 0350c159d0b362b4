"""`TicketStore` on PostgreSQL: the SQLite store's SQL, always off the event loop.

`consume` is one `DELETE … RETURNING`: under concurrent connections (and processes)
exactly one caller gets the row. The SQLite store first tries on the loop's own thread
(a local file answers in microseconds); a network round trip never runs there.
"""

from __future__ import annotations

from collections.abc import Sequence

from server_stub.ports import SqlDatabase, TicketRecord
from server_stub.storage import _consume_ticket, _revoke_session, _store_tickets

__all__ = ["PgTickets"]


class PgTickets:
    def __init__(self, database: SqlDatabase) -> None:
        self._db = database

    async def store(self, records: Sequence[TicketRecord], now: float) -> None:
        await self._db.run(_store_tickets, list(records), now)

    async def consume(self, ticket_id: bytes, now: float) -> TicketRecord | None:
        return await self._db.run(_consume_ticket, ticket_id, now)

    async def revoke_session(self, session_id: bytes) -> None:
        await self._db.run(_revoke_session, session_id)

    def consume_now(self, ticket_id: bytes, now: float) -> TicketRecord | None:
        """`consume` on the calling thread (tools and race tests)."""
        return self._db.call(_consume_ticket, ticket_id, now)
