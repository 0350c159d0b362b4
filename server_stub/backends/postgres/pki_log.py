"""The key log (server_stub/pki/log.py) with its rows in PostgreSQL, shared by every
process of a fleet (backends/SPEC.md §2): the log's algorithm as on SQLite, over one
connection per process. A snapshot read is a REPEATABLE READ READ ONLY transaction; a
write takes `pg_advisory_xact_lock(PKI_LOCK)`, held to COMMIT or ROLLBACK, so appends
from every process form one gap-free log and one hash chain of heads.
"""

from __future__ import annotations

from app.crypto.ecc import PrivateKey
from server_stub.backends.postgres.database import SqlConnection, connect
from server_stub.pki.log import MerkleKeyLog

__all__ = ["PKI_LOCK", "PgLogRows", "PgPKILog"]

PKI_LOCK = 0x70727603


class PgLogRows:
    """The rows in PostgreSQL (`postgres/schema.py` owns the tables)."""

    def __init__(self, url: str) -> None:
        self._raw = connect(url)
        self.connection = SqlConnection(self._raw)

    def begin_read(self) -> None:
        self._raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def begin_write(self) -> None:
        self._raw.execute("BEGIN")
        self._raw.execute("SELECT pg_advisory_xact_lock(%s)", (PKI_LOCK,))

    def close(self) -> None:
        self._raw.close()


class PgPKILog(MerkleKeyLog):
    """The key log in the PostgreSQL database at `url`."""

    def __init__(self, url: str, server_key: PrivateKey, *, now_ms: int) -> None:
        super().__init__(PgLogRows(url), server_key, now_ms=now_ms)
