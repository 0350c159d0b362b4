"""Move an embedded server (DATA_DIR: SQLite + block files) to PostgreSQL + S3.

`migrate(data_dir, database_url, blob_store, s3_endpoint)` copies every table of
`privshare.sqlite` and `pki.sqlite` into an empty PostgreSQL database (its schema made
by backends/postgres/schema.py, the same tables and columns) and every block file a
row names into the bucket (a packed small block's row, objects/packed.py, becomes an
object like any other: the fleet keeps its `obj_packed_blocks` empty), and the bytes
of every share link (DATA_DIR/links) under the bucket's `links/` prefix; then it
verifies: each table holds the same set of rows on both sides, each block reads back
from the bucket hashing to its id (SHA-256 or BLAKE3), and each link blob reads back equal.
The server must be stopped while it runs; the data directory is only read (it keeps
`server-key`, which every process of the fleet needs). A target database that already
holds rows is refused, so a second run can never mix two servers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server_stub.backends.postgres.database import DatabaseUnavailableError, PgDatabase
from server_stub.backends.postgres.schema import SchemaError
from server_stub.backends.s3.blocks import BlobStoreError, S3Blocks, parse_blob_store
from server_stub.backends.s3.link_blobs import S3LinkBlobs
from server_stub.objects.blockfiles import BlockFiles
from server_stub.objects.errors import BlockUnavailableError

__all__ = ["MigrationError", "MigrationReport", "migrate"]

DATABASE_FILE = "privshare.sqlite"
PACKED_TABLE = "obj_packed_blocks"
PKI_FILE = "pki.sqlite"
BLOCKS_DIR = "blocks"
LINKS_DIR = "links"
_SEQUENCES = {"pki_heads": "seq"}  # identity columns whose sequence must follow the copy


class MigrationError(Exception):
    """The migration cannot run or did not verify (the message says what to do)."""


@dataclass(frozen=True)
class MigrationReport:
    tables: dict[str, int]
    blocks: int
    block_bytes: int
    link_blobs: int = 0

    def summary(self) -> str:
        rows = sum(self.tables.values())
        return (
            f"migrated and verified {rows} rows in {len(self.tables)} tables, "
            f"{self.blocks} blocks ({self.block_bytes} bytes) and {self.link_blobs} "
            "share-link blobs"
        )


def migrate(
    data_dir: Path,
    database_url: str,
    blob_store: str,
    s3_endpoint: str | None,
    *,
    progress: Callable[[str], None] = lambda line: None,
) -> MigrationReport:
    sources = [data_dir / DATABASE_FILE, data_dir / PKI_FILE]
    if not sources[0].is_file():
        raise MigrationError(f"{data_dir} is not a server's data directory (no {DATABASE_FILE})")
    try:
        location = parse_blob_store(blob_store, s3_endpoint)
        blocks = S3Blocks.open(location)
        target = PgDatabase(database_url, threads=1)
    except (BlobStoreError, DatabaseUnavailableError, SchemaError) as exc:
        raise MigrationError(str(exc)) from None
    try:
        if target.call(_holds_rows):
            raise MigrationError("the target database already holds data: give an empty one")
        tables: dict[str, int] = {}
        for source in sources:
            if source.is_file():
                with closing(_read_only(source)) as connection:
                    for table in _tables(connection):
                        tables[table] = _copy(target, connection, table)
                        progress(f"copied {table}: {tables[table]} rows")
        count, size = _copy_blocks(data_dir, blocks, target, progress)
        link_blobs = _copy_link_blobs(data_dir / LINKS_DIR, S3LinkBlobs(location), progress)
        for source in sources:
            if source.is_file():
                with closing(_read_only(source)) as connection:
                    for table in _tables(connection):
                        target.call(_verify_table, connection, table)
        _verify_blocks(blocks, target)
    finally:
        target.close()
    return MigrationReport(tables, count, size, link_blobs)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    names = [str(row[0]) for row in rows if row[0] != PACKED_TABLE]  # rows become objects
    return sorted(names, key=lambda name: name != "users")  # what others reference, first


def _holds_rows(connection: Any) -> bool:
    return any(
        connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None
        for table in ("users", "obj_blocks", "pki_entries", "sink_sinks")
    )


def _copy(target: PgDatabase, source: sqlite3.Connection, table: str) -> int:
    import psycopg

    try:
        count: int = target.call(_copy_table, source, table)
    except psycopg.Error as exc:
        reason = str(exc).splitlines()[0]
        raise MigrationError(f"copying table {table} failed ({reason}); empty the target") from None
    return count


def _copy_table(target: Any, source: sqlite3.Connection, table: str) -> int:
    columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
    placeholders = ", ".join(["%s"] * len(columns))
    names = ", ".join(columns)
    rows = source.execute(f"SELECT {names} FROM {table}").fetchall()
    raw = target.raw
    with raw.transaction():
        if table in _SEQUENCES:  # the target's genesis head goes: the source's come
            raw.execute(f"DELETE FROM {table}")
        with raw.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)
        if table in _SEQUENCES:
            column = _SEQUENCES[table]
            raw.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"(SELECT COALESCE(MAX({column}), 0) + 1 FROM {table}), false)"
            )
    return len(rows)


def _verify_table(target: Any, source: sqlite3.Connection, table: str) -> None:
    columns = ", ".join(row[1] for row in source.execute(f"PRAGMA table_info({table})"))
    here = {_normal(row) for row in source.execute(f"SELECT {columns} FROM {table}")}
    there = {_normal(row) for row in target.raw.execute(f"SELECT {columns} FROM {table}")}
    if here != there:
        raise MigrationError(f"table {table} differs after the copy: nothing was switched over")


def _normal(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)


def _copy_blocks(
    data_dir: Path, blocks: S3Blocks, target: PgDatabase, progress: Callable[[str], None]
) -> tuple[int, int]:
    files = BlockFiles(data_dir / BLOCKS_DIR)
    ids = target.call(_block_ids)
    size = 0
    with closing(_read_only(data_dir / DATABASE_FILE)) as source:
        for number, block_id in enumerate(ids, 1):
            data = _packed_block(source, block_id)
            if data is None:
                try:
                    data = files.read(block_id)
                except BlockUnavailableError:
                    raise MigrationError(
                        f"block {block_id.hex()} is missing or corrupt in {files.root}: "
                        "restore it from a backup first"
                    ) from None
            blocks.write(block_id, data)
            size += len(data)
            if number % 1000 == 0:
                progress(f"copied {number} of {len(ids)} blocks")
    progress(f"copied {len(ids)} blocks")
    return len(ids), size


def _packed_block(source: sqlite3.Connection, block_id: bytes) -> bytes | None:
    """A small block's bytes from its row (schema 10, objects/packed.py), else None."""
    try:
        row = source.execute(
            f"SELECT data FROM {PACKED_TABLE} WHERE id = ?", (block_id,)
        ).fetchone()
    except sqlite3.OperationalError:  # a data directory from before packed blocks
        return None
    return None if row is None else bytes(row[0])


def _block_ids(connection: Any) -> list[bytes]:
    return [bytes(row[0]) for row in connection.execute("SELECT id FROM obj_blocks").fetchall()]


def _verify_blocks(blocks: S3Blocks, target: PgDatabase) -> None:
    for block_id in target.call(_block_ids):
        try:
            blocks.read(block_id)  # re-hashed against the id
        except BlockUnavailableError:
            wrong = block_id.hex()
            raise MigrationError(f"block {wrong} did not read back from the bucket") from None


def _copy_link_blobs(root: Path, target: S3LinkBlobs, progress: Callable[[str], None]) -> int:
    """Every finished link blob (`F.I`, `drop-N.I`; not temp files) into the bucket, each
    read back and compared."""
    count = 0
    for path in sorted(root.glob("*/*")) if root.is_dir() else []:
        if path.name.startswith(".tmp-") or not path.is_file():
            continue
        data = path.read_bytes()
        link_id = path.parent.name
        target.write(link_id, path.name, data)
        if target.read(link_id, path.name) != data:
            raise MigrationError(f"link blob {link_id}/{path.name} did not read back")
        count += 1
    progress(f"copied {count} share-link blobs")
    return count
