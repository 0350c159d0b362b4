"""The PrivMX proxy's token buckets on a fleet (backends/postgres/proxy_rates.py): two
processes' views of one PostgreSQL admit one burst per user between them, refill at the
configured rate, and keep users apart; the same for tokens taken at once."""

from __future__ import annotations

import asyncio

from server_stub.backends.postgres.database import PgDatabase
from server_stub.backends.postgres.proxy_rates import PgProxyRates

NOW = 1_000_000.0


def test_two_processes_share_each_users_burst(database_url: str) -> None:
    first_db, second_db = PgDatabase(database_url, threads=4), PgDatabase(database_url, threads=4)
    try:
        first, second = PgProxyRates(first_db, 5, 60), PgProxyRates(second_db, 5, 60)

        async def go() -> None:
            taken = [await (first, second)[n % 2].admit("alice", NOW) for n in range(8)]
            assert taken == [True] * 5 + [False] * 3
            assert await second.admit("bob", NOW)  # per user
            assert not await first.admit("alice", NOW + 0.5)
            assert await second.admit("alice", NOW + 1.1)  # one token per second
            assert not await first.admit("alice", NOW + 1.2)
            at_once = await asyncio.gather(
                *((first, second)[n % 2].admit("carol", NOW) for n in range(12))
            )
            assert at_once.count(True) == 5

        asyncio.run(go())
    finally:
        first_db.close()
        second_db.close()
