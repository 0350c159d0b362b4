"""Stored objects read without a server: the two object reads an export needs,
answered from what a server stored (EXPORT.md §2, §2b), and the data-directory source.

`StoredObjects` is an RPC caller for `ObjectsApi` that knows `descriptorGet`, `blockGet`
and `blockGetMany` and answers them in the shapes OBJECTS.md gives them, so the client's own
parsing and checks run on stored rows exactly as on a server's answer. It reads through
an `ObjectSource`: the current-version row of a descriptor (`CURRENT_VERSION`, the same
columns on every engine) and a block's bytes. `ServerDataDir` is the source of a
server's data directory (SQLite file and block files); `fleet.FleetData` that of a
fleet's PostgreSQL and bucket. The data directory is never written: the database is
copied (with its WAL, if any) into a private temporary folder and opened there, and
block files are only read.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from app.services.errors import ServiceError, TamperingDetectedError
from app.wire.objects import split_block_ids

__all__ = [
    "CURRENT_VERSION",
    "DamagedDataDirError",
    "DataDirError",
    "ObjectSource",
    "ServerDataDir",
    "StoredObjects",
]

DATABASE_FILE = "privshare.sqlite"
BLOCKS_DIR = "blocks"
PACKED_BLOCK = "SELECT data FROM obj_packed_blocks WHERE id = ?"
# Schema 3 added the object tables (server_stub/database.py); later ones only add tables.
OLDEST_SCHEMA = 3

CURRENT_VERSION = (
    "SELECT d.public_key, d.seq, d.lock_expires, v.blocks, v.extra, v.signature, "
    "v.server_time FROM obj_descriptors d JOIN obj_versions v "
    "ON v.descriptor_id = d.id AND v.seq = d.seq WHERE d.id = ?"
)


class DataDirError(ServiceError):
    """The folder is not a readable Privshare server data directory."""


class DamagedDataDirError(TamperingDetectedError):
    """Something a row of the data directory points to is missing."""


class ObjectSource(Protocol):
    """Where stored objects are read from."""

    def current_version(self, descriptor_id: str) -> Any:
        """The `CURRENT_VERSION` row of the descriptor, or None."""

    def block(self, block_id: bytes) -> bytes:
        """The block's bytes (`DamagedDataDirError` when it is missing)."""


class StoredObjects:
    """`descriptorGet`, `blockGet` and `blockGetMany` answered from an `ObjectSource`,
    read-only."""

    def __init__(self, source: ObjectSource) -> None:
        self.source = source

    def call(self, method: str, **params: Any) -> Any:
        """`descriptorGet{ids}`, `blockGet{descriptor_id, block_id}` and
        `blockGetMany{descriptor_id, ids}` (OBJECTS.md; every block asked is answered)."""
        if method == "descriptorGet":
            return self._descriptor_get(params["ids"])
        if method == "blockGet":
            return {"data": self.source.block(params["block_id"])}
        if method == "blockGetMany":
            return {"data": [self.source.block(bid) for bid in split_block_ids(params["ids"])]}
        raise DataDirError(f"an export only reads: {method} is not available")

    def _descriptor_get(self, ids: list[str]) -> dict[str, Any]:
        found, missing = [], []
        for descriptor_id in ids:
            row = self.source.current_version(descriptor_id)
            if row is None:
                missing.append(descriptor_id)
                continue
            public_key, seq, lock_expires, blocks, extra, signature, server_time = row
            found.append(
                {
                    "id": descriptor_id,
                    "public_key": bytes(public_key),
                    "blocks": bytes(blocks),
                    "extra": bytes(extra),
                    "signature": bytes(signature),
                    "seq": int(seq),
                    "server_time": float(server_time),
                    "lock_expires": None if lock_expires is None else float(lock_expires),
                }
            )
        return {"descriptors": found, "missing": missing, "deferred": []}


class ServerDataDir:
    """The object source of a data directory (use `ServerDataDir.open`)."""

    def __init__(self, root: Path, database: sqlite3.Connection) -> None:
        self.root = root
        self._db = database
        self._db_lock = threading.Lock()  # blocks are read from the download threads
        packs = database.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'obj_packed_blocks'"
        )
        self._packed = packs.fetchone() is not None  # schema 10: small blocks are rows

    @classmethod
    @contextmanager
    def open(cls, root: Path) -> Iterator[StoredObjects]:
        """The objects of the data directory at `root`; its database is read from a
        private copy."""
        source = root / DATABASE_FILE
        if not source.is_file() or not (root / BLOCKS_DIR).is_dir():
            raise DataDirError(
                f"{root} is not a Privshare server data directory (it needs "
                f"{DATABASE_FILE} and {BLOCKS_DIR}/): give the server's --data-dir or a copy"
            )
        with tempfile.TemporaryDirectory(prefix="privshare-export-") as scratch:
            database = _private_copy(source, Path(scratch))
            try:
                _check_schema(database, source)
                yield StoredObjects(cls(root, database))
            finally:
                database.close()

    def current_version(self, descriptor_id: str) -> Any:
        try:
            with self._db_lock:
                return self._db.execute(CURRENT_VERSION, (descriptor_id,)).fetchone()
        except sqlite3.Error as error:
            raise DataDirError(f"the database of {self.root} cannot be read: {error}") from None

    def block(self, block_id: bytes) -> bytes:
        if self._packed:
            try:
                with self._db_lock:
                    row = self._db.execute(PACKED_BLOCK, (block_id,)).fetchone()
            except sqlite3.Error as error:
                raise DataDirError(f"the database of {self.root} cannot be read: {error}") from None
            if row is not None:
                return bytes(row[0])
        name = block_id.hex()
        path = self.root / BLOCKS_DIR / name[:2] / name[2:4] / name
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise DamagedDataDirError(
                f"the data directory is damaged: block {name[:16]}… is missing "
                f"({BLOCKS_DIR}/{name[:2]}/{name[2:4]}/)"
            ) from None
        except OSError as error:
            raise DataDirError(f"cannot read a block file of {self.root}: {error}") from None


def _private_copy(source: Path, scratch: Path) -> sqlite3.Connection:
    copy = scratch / DATABASE_FILE
    try:
        shutil.copyfile(source, copy)
        wal = source.with_name(DATABASE_FILE + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, copy.with_name(DATABASE_FILE + "-wal"))
        return sqlite3.connect(copy, check_same_thread=False)  # used under a lock
    except (OSError, sqlite3.Error) as error:
        raise DataDirError(f"cannot read {source}: {error}") from None


def _check_schema(database: sqlite3.Connection, source: Path) -> None:
    try:
        (version,) = database.execute("PRAGMA user_version").fetchone()
        tables = {
            name
            for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    except sqlite3.Error as error:
        raise DataDirError(f"{source} is not a Privshare server database: {error}") from None
    if version < OLDEST_SCHEMA or not {"obj_descriptors", "obj_versions"} <= tables:
        raise DataDirError(
            f"{source} is not a Privshare server database with files (schema {version})"
        )
