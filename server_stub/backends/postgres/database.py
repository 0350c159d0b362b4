"""PostgreSQL plumbing with the interface of `server_stub.database.Database`.

`PgDatabase(url)` checks the server answers, migrates the schema (schema.py) and keeps
a `psycopg_pool.ConnectionPool`; `run(fn, *args)` awaits `fn(connection, *args)` on a
worker thread, `call` runs it on the calling thread, exactly as the SQLite `Database`
does, so the SQL helpers of the stores (storage.py, accounts.py, objects/, sinks/) run
unchanged on either engine. The helpers are written in the SQL both engines accept;
`SqlConnection` bridges the three places where the two drivers differ
(backends/SPEC.md §1):

* placeholders: `?` and `?N` become psycopg's `%s` (a literal `%` is escaped);
* `BEGIN IMMEDIATE` (SQLite: take the write lock now) becomes `BEGIN` plus the global
  mutation lock `pg_advisory_xact_lock(MUTATION_LOCK)`, held to COMMIT or ROLLBACK:
  the mutations of every process are serialised exactly as one SQLite file serialises
  its writers, so every compare-and-swap, quota check and reference count keeps the
  semantics it has on SQLite;
* `PRAGMA` statements (SQLite tuning) and `CREATE` statements (a helper creating its
  SQLite tables) do nothing: schema.py owns this schema, and tests/scale/test_schema.py
  checks that it has every table and column of the SQLite one;
* a violated constraint raises `sqlite3.IntegrityError`, the exception the helpers catch.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any, TypeVar

__all__ = ["MUTATION_LOCK", "DatabaseUnavailableError", "PgDatabase", "SqlConnection"]

T = TypeVar("T")
MUTATION_LOCK = 0x70727601  # pg_advisory_xact_lock key of every BEGIN IMMEDIATE
_PLACEHOLDER = re.compile(r"\?(\d*)")
_URL = re.compile(r"postgres(?:ql)?://[^\s]+")


class DatabaseUnavailableError(Exception):
    """The database URL is malformed, the server does not answer, or refuses us."""


class SqlConnection:
    """A psycopg connection (autocommit) with the calls the SQL helpers make on a
    `sqlite3.Connection`: `execute`, `executemany`, cursors with `fetchone`,
    `fetchall`, `rowcount` and iteration."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        statement = sql.strip()
        keyword = statement[:16].upper()
        if keyword.startswith(("PRAGMA", "CREATE")):
            return self.raw.execute("SELECT 1 WHERE false")
        if keyword.startswith("BEGIN"):
            cursor = self.raw.execute("BEGIN")
            if "IMMEDIATE" in keyword:
                self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (MUTATION_LOCK,))
            return cursor
        query, values = translate(statement, params)
        try:
            return self.raw.execute(query, values)
        except _integrity_error() as exc:
            raise sqlite3.IntegrityError(str(exc).splitlines()[0]) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        cursor = self.raw.cursor()
        for row in rows:
            query, values = translate(sql, row)
            try:
                cursor.execute(query, values)
            except _integrity_error() as exc:
                raise sqlite3.IntegrityError(str(exc).splitlines()[0]) from exc
        return cursor


def translate(sql: str, params: Sequence[Any]) -> tuple[str, list[Any]]:
    """SQLite placeholders (`?`, `?N`) -> psycopg's (`%s`), with the values in order;
    booleans become 0/1 as SQLite stores them."""
    values = [int(v) if isinstance(v, bool) else v for v in params]
    ordered: list[Any] = []

    def place(match: re.Match[str]) -> str:
        number = match[1]
        ordered.append(values[int(number) - 1] if number else values[len(ordered)])
        return "%s"

    query = _PLACEHOLDER.sub(place, sql.replace("%", "%%"))
    return query, ordered


class PgDatabase:
    """A PostgreSQL database shared by a pool of connections (see the module text)."""

    def __init__(self, url: str, *, threads: int = 4, connect_timeout: int = 5) -> None:
        self.url = check_url(url)
        self._pool = open_pool(self.url, size=threads + 2, connect_timeout=connect_timeout)
        self._workers = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="postgres")

    def call(self, fn: Callable[..., T], *args: object) -> T:
        """Run `fn(connection, *args)` now, on a pooled connection."""
        with self._pool.connection() as raw:
            return fn(SqlConnection(raw), *args)

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run `fn(connection, *args)` on a worker thread and await its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._workers, self.call, fn, *args)

    def close(self) -> None:
        self._workers.shutdown(wait=True)
        self._pool.close()


def check_url(url: str) -> str:
    if not _URL.fullmatch(url):
        raise DatabaseUnavailableError(
            f"--database must look like postgresql://USER@HOST:PORT/DB, not {url!r}"
        )
    return url


def connect(url: str, *, connect_timeout: int = 5) -> Any:
    """One autocommit connection, or `DatabaseUnavailableError` with the reason."""
    import psycopg

    try:
        raw = psycopg.connect(check_url(url), autocommit=True, connect_timeout=connect_timeout)
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split())
        raise DatabaseUnavailableError(f"cannot use the database: {reason}") from None
    configure(raw)
    return raw


def open_pool(url: str, *, size: int, connect_timeout: int) -> Any:
    """Migrate on a first connection (its errors are the clearest), then the pool."""
    from psycopg_pool import ConnectionPool

    from server_stub.backends.postgres.schema import migrate

    with connect(url, connect_timeout=connect_timeout) as first:
        migrate(first)
    pool = ConnectionPool(
        url,
        min_size=1,
        max_size=size,
        kwargs={"autocommit": True, "connect_timeout": connect_timeout},
        configure=configure,
        open=False,
        name="privshare",
    )
    pool.open(wait=True, timeout=connect_timeout * 2)
    return pool


def configure(raw: Any) -> None:
    """Sums of bigint come back as `numeric`: read them as int, as SQLite gives them."""
    from psycopg.types.numeric import NumericLoader

    class IntegralNumericLoader(NumericLoader):
        def load(self, data: Any) -> Any:
            value = super().load(data)
            return (
                int(value) if isinstance(value, Decimal) and value == value.to_integral() else value
            )

    raw.adapters.register_loader("numeric", IntegralNumericLoader)


def _integrity_error() -> type[Exception]:
    import psycopg

    return psycopg.errors.IntegrityError
