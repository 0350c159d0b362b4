"""The PostgreSQL schema has every table and column of the embedded SQLite one (the
same SQL helpers run on both), plus the tables of the state a fleet shares."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest

from server_stub.backends.postgres.database import PgDatabase
from server_stub.backends.postgres.schema import SCHEMA_VERSION, SchemaError
from server_stub.database import Database
from server_stub.devices import SqliteDevices
from server_stub.objects import parents
from server_stub.pki.log import PKILog
from server_stub.sessions import SqlSessions

SHARED_STATE = {"pending_logins", "seen_randoms", "rate_hits", "proxy_buckets", "schema_version"}


def sqlite_columns(tmp_path: Path) -> dict[str, list[str]]:
    from app.crypto.ecc import PrivateKey

    database = Database(tmp_path / "s.sqlite")
    database.call(parents.ensure_schema)
    SqliteDevices(database)  # makes its table
    SqlSessions(database)  # makes its table
    database.close()
    PKILog(tmp_path / "s.sqlite", PrivateKey.generate(), now_ms=0).close()
    with sqlite3.connect(tmp_path / "s.sqlite") as connection:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {t: [r[1] for r in connection.execute(f"PRAGMA table_info({t})")] for t in tables}


def test_postgres_has_every_sqlite_table_and_column(database_url: str, tmp_path: Path) -> None:
    PgDatabase(database_url, threads=1).close()
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ).fetchall()
    postgres: dict[str, list[str]] = {}
    for table, column in rows:
        postgres.setdefault(table, []).append(column)
    embedded = sqlite_columns(tmp_path)
    assert {t: postgres.get(t) for t in embedded} == embedded  # same names, same order
    assert set(postgres) - set(embedded) == SHARED_STATE


def test_a_newer_schema_is_refused_and_migration_is_idempotent(database_url: str) -> None:
    PgDatabase(database_url, threads=1).close()
    PgDatabase(database_url, threads=1).close()  # a second process starting: no change
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("UPDATE schema_version SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(SchemaError, match="newer than this server"):
        PgDatabase(database_url, threads=1)
