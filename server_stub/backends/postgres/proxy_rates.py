"""The PrivMX proxy's per-user token buckets shared by a fleet (the `ProxyRates` port of
server_stub/federation/policy.py; backends/SPEC.md §2): one row per user in
`proxy_buckets(username, tokens, last)`, read, refilled and written back under
`pg_advisory_xact_lock(hashtext('proxy:' || user))`, so processes taking tokens of one
user at once see each other's takes: the fleet admits `burst` calls at once and
`per_minute` after, as one process does.
"""

from __future__ import annotations

from typing import Any

from server_stub.ports import SqlDatabase

__all__ = ["PgProxyRates"]


class PgProxyRates:
    def __init__(self, database: SqlDatabase, burst: int, per_minute: int) -> None:
        self._db = database
        self._burst = float(burst)
        self._rate = per_minute / 60.0

    async def admit(self, user: str, now: float) -> bool:
        admitted: bool = await self._db.run(_take, user, self._burst, self._rate, now)
        return admitted


def _take(connection: Any, user: str, burst: float, rate: float, now: float) -> bool:
    connection.execute("BEGIN")
    try:
        connection.execute("SELECT pg_advisory_xact_lock(hashtext(?))", ("proxy:" + user,))
        row = connection.execute(
            "SELECT tokens, last FROM proxy_buckets WHERE username = ?", (user,)
        ).fetchone()
        tokens, last = (burst, now) if row is None else (float(row[0]), float(row[1]))
        tokens = min(burst, tokens + max(0.0, now - last) * rate)
        admitted = tokens >= 1.0
        connection.execute(
            "INSERT INTO proxy_buckets (username, tokens, last) VALUES (?, ?, ?) "
            "ON CONFLICT (username) DO UPDATE SET tokens = excluded.tokens, last = excluded.last",
            (user, tokens - 1.0 if admitted else tokens, max(now, last)),
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return admitted
