"""One engine pair under test for the contract suite (tests/scale/conftest.py gives it
as the `backend` fixture, once on SQLite + block files and once on PostgreSQL + S3)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from server_stub.backends.postgres.database import PgDatabase
from server_stub.database import Database
from server_stub.ports import BlockStore, SqlDatabase


@dataclass
class Backend:
    """One engine pair under test: where the rows go and where the blocks go."""

    name: str
    database: SqlDatabase
    blocks: BlockStore
    location: str  # the SQLite file, or the PostgreSQL URL

    def reopen(self) -> SqlDatabase:
        """A second, independent handle on the same rows (another process's view)."""
        if self.name == "sqlite":
            return Database(Path(self.location), threads=4)
        return PgDatabase(self.location, threads=4)
