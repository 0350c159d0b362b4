"""The link store (LINKS.md): link records, their blocks and drops, grants, failures.

`LinkStore` is the one interface the RPC handlers (server_stub/handlers/links.py) and the
HTTP routes (routes.py) use; its SQL runs on the server's `Database` (tables
`links_*`, migration 4 -> 5; the same tables in a fleet's PostgreSQL, through the
`SqlDatabase` port) and its block bytes go to a `LinkBlobs` store (blobs.py: files under
DATA_DIR/links/<id>/, or a fleet's bucket), synced before the record that serves them
commits. Times are unix seconds passed in by the caller (`now`); nothing here reads a
clock.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from server_stub.links.blobs import LinkBlobs, LinkFiles
from server_stub.links.errors import (
    LinkExistsError,
    LinkGoneError,
    LinkLimitError,
    LinkNotFoundError,
    LinkStateError,
    ThrottledError,
    WrongAccessError,
)
from server_stub.ports import SqlDatabase
from server_stub.throttle import address_bucket

__all__ = [
    "GRANT_SIZE",
    "MIN_PASSWORD_ITERATIONS",
    "LinkLimits",
    "LinkRecord",
    "LinkStore",
    "NewLink",
    "Opened",
    "StoredDrop",
    "open_links",
]

T = TypeVar("T")

MIN_PASSWORD_ITERATIONS = 600_000
GRANT_SIZE = 24
GRANT_LIFETIME = 3600.0
MODES = ("download", "request")


@dataclass(frozen=True)
class LinkLimits:
    """Limits of LINKS.md §5 (per link, per owner, per address)."""

    max_links: int = 1000  # per owner, revoked ones included
    max_link_bytes: int = 4 << 30  # the blocks of one download link
    max_drops: int = 100  # complete or not, per request link
    max_drop_bytes: int = 1 << 30  # all drops of one request link
    max_drop_block: int = (1 << 20) + 26  # the page's 1 MiB chunks
    link_failures: int = 10  # wrong access values per link per window
    address_failures: int = 30  # per address (IPv6 /64) per window, over all links
    failure_window: float = 15 * 60.0


@dataclass(frozen=True)
class NewLink:
    """What `linkCreate` stores (the link is pending until published)."""

    link_id: str
    owner: str
    mode: str
    access_hash: bytes
    note: bytes
    salt: bytes | None = None
    iterations: int | None = None
    expires: int | None = None
    max_downloads: int | None = None


@dataclass(frozen=True)
class LinkRecord:
    """A stored link as its owner lists it."""

    link_id: str
    owner: str
    mode: str
    state: str  # "pending", "live", "revoked"
    created: float
    expires: int | None
    max_downloads: int | None
    downloads: int
    size: int
    drops: int
    note: bytes
    salt: bytes | None
    iterations: int | None

    def status(self, now: float) -> str:
        """What the page says: live, expired, revoked, used-up, or not-found (pending)."""
        if self.state == "revoked":
            return "revoked"
        if self.state != "live":
            return "not-found"
        if self.expires is not None and now >= self.expires:
            return "expired"
        if self.mode == "download" and self.max_downloads is not None:
            if self.downloads >= self.max_downloads:
                return "used-up"
        return "live"


@dataclass(frozen=True)
class Opened:
    """A successful open: the manifest and a fresh grant for the blocks."""

    manifest: bytes
    grant: bytes
    expires: float


@dataclass(frozen=True)
class StoredDrop:
    """A complete drop of a request link."""

    number: int
    header: bytes
    count: int
    size: int
    created: float


_LINK_COLUMNS = (
    "id, owner, mode, state, created, expires, max_downloads, downloads, size, drops, note, "
    "kdf_salt, kdf_iterations"
)


def _record(row: tuple[Any, ...]) -> LinkRecord:
    return LinkRecord(*row)


def _transaction(connection: sqlite3.Connection, work: Callable[[], T]) -> T:
    connection.execute("BEGIN IMMEDIATE")
    try:
        result = work()
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return result


def _grant_hash(grant: bytes) -> bytes:
    return hashlib.sha256(b"privshare/v1/link/grant" + grant).digest()


class LinkStore:
    """Links of one server: owner calls (create, put, publish, list, revoke, drops) and
    anonymous ones (status, open, block, drop upload)."""

    def __init__(
        self,
        database: SqlDatabase,
        blobs: LinkBlobs,
        limits: LinkLimits | None = None,
        *,
        randbytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        self._db = database
        self.blobs = blobs
        self.limits = limits or LinkLimits()
        self._randbytes = randbytes

    # --- owner ---

    async def create(self, link: NewLink, now: float) -> None:
        if link.mode not in MODES:
            raise LinkStateError(f"mode must be one of {', '.join(MODES)}")
        await self._db.run(self._create, link, now)

    def _create(self, connection: sqlite3.Connection, link: NewLink, now: float) -> None:
        def work() -> None:
            (count,) = connection.execute(
                "SELECT COUNT(*) FROM links_links WHERE owner = ?", (link.owner,)
            ).fetchone()
            if count >= self.limits.max_links:
                raise LinkLimitError(f"at most {self.limits.max_links} links per user")
            if connection.execute(
                "SELECT 1 FROM links_links WHERE id = ?", (link.link_id,)
            ).fetchone():
                raise LinkExistsError("a link with this id exists")
            connection.execute(
                "INSERT INTO links_links (id, owner, mode, state, created, expires, "
                "max_downloads, downloads, size, drops, note, kdf_salt, kdf_iterations, "
                "access_hash, counts, manifest, failures, failure_start) "
                "VALUES (?, ?, ?, 'pending', ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, '[]', NULL, 0, 0)",
                (
                    link.link_id,
                    link.owner,
                    link.mode,
                    now,
                    link.expires,
                    link.max_downloads,
                    link.note,
                    link.salt,
                    link.iterations,
                    link.access_hash,
                ),
            )

        _transaction(connection, work)

    async def put_block(self, owner: str, link_id: str, file: int, index: int, data: bytes) -> None:
        record = await self._owned(owner, link_id)
        if record.state != "pending":
            raise LinkStateError("blocks can only be added before the link is published")
        if record.size + len(data) > self.limits.max_link_bytes:
            raise LinkLimitError(f"a link holds at most {self.limits.max_link_bytes} bytes")
        await asyncio.to_thread(self.blobs.write, link_id, f"{file}.{index}", data)
        await self._db.run(_add_block, link_id, file, index, len(data))

    async def publish(self, owner: str, link_id: str, manifest: bytes, counts: list[int]) -> None:
        record = await self._owned(owner, link_id)
        if record.state != "pending":
            raise LinkStateError("the link is published already")
        names = [f"{f}.{i}" for f, count in enumerate(counts) for i in range(count)]
        try:
            await asyncio.to_thread(self.blobs.sync, link_id, names)
        except FileNotFoundError:
            raise LinkStateError("a block of the link is missing") from None
        await self._db.run(_publish, link_id, manifest, counts)

    async def owned(self, owner: str) -> list[LinkRecord]:
        rows = await self._db.run(
            lambda c: c.execute(
                f"SELECT {_LINK_COLUMNS} FROM links_links WHERE owner = ? ORDER BY created",
                (owner,),
            ).fetchall()
        )
        return [_record(row) for row in rows]

    async def revoke(self, owner: str, link_id: str) -> None:
        await self._owned(owner, link_id)
        await self._db.run(_revoke, link_id)
        await asyncio.to_thread(self.blobs.remove_link, link_id)

    async def drops(self, owner: str, link_id: str) -> list[StoredDrop]:
        await self._owned(owner, link_id)
        rows = await self._db.run(
            lambda c: c.execute(
                "SELECT number, header, blocks, size, created FROM links_drops "
                "WHERE link_id = ? AND complete = 1 ORDER BY number",
                (link_id,),
            ).fetchall()
        )
        return [StoredDrop(*row) for row in rows]

    async def drop_block(self, owner: str, link_id: str, number: int, index: int) -> bytes:
        await self._owned(owner, link_id)
        drop = await self._db.run(_drop_row, link_id, number)
        if drop is None or not drop[2] or not 0 <= index < drop[0]:
            raise LinkNotFoundError("no such drop block")
        return await self._read(link_id, f"drop-{number}.{index}")

    async def delete_drop(self, owner: str, link_id: str, number: int) -> None:
        await self._owned(owner, link_id)
        count = await self._db.run(_delete_drop, link_id, number)
        names = [f"drop-{number}.{index}" for index in range(count)]
        await asyncio.to_thread(self.blobs.remove, link_id, names)

    async def _owned(self, owner: str, link_id: str) -> LinkRecord:
        record = await self.get(link_id)
        if record is None or record.owner != owner:
            raise LinkNotFoundError("no such link")
        return record

    # --- anyone with the URL ---

    async def get(self, link_id: str) -> LinkRecord | None:
        row = await self._db.run(
            lambda c: c.execute(
                f"SELECT {_LINK_COLUMNS} FROM links_links WHERE id = ?", (link_id,)
            ).fetchone()
        )
        return None if row is None else _record(row)

    async def live(self, link_id: str, now: float) -> LinkRecord:
        """The link if it is live, else LinkNotFoundError or LinkGoneError(reason)."""
        record = await self.get(link_id)
        status = "not-found" if record is None else record.status(now)
        if status == "not-found" or record is None:
            raise LinkNotFoundError("no such link")
        if status != "live":
            raise LinkGoneError(status)
        return record

    async def open(self, link_id: str, access: bytes, address: str, now: float) -> Opened:
        """Check `access` (throttled), count a download, and hand out a grant."""
        grant = self._randbytes(GRANT_SIZE)
        bucket = address_bucket(address)
        outcome = await self._db.run(self._open, link_id, access, bucket, grant, now)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _open(
        self,
        connection: sqlite3.Connection,
        link_id: str,
        access: bytes,
        bucket: str,
        grant: bytes,
        now: float,
    ) -> Opened | Exception:
        limits = self.limits

        def work() -> Opened | Exception:
            row = connection.execute(
                f"SELECT {_LINK_COLUMNS} FROM links_links WHERE id = ?", (link_id,)
            ).fetchone()
            status = "not-found" if row is None else _record(row).status(now)
            if status == "not-found":
                return LinkNotFoundError("no such link")
            if status != "live":
                return LinkGoneError(status)
            record = _record(row)
            access_hash, manifest, failures, failure_start = connection.execute(
                "SELECT access_hash, manifest, failures, failure_start FROM links_links "
                "WHERE id = ?",
                (link_id,),
            ).fetchone()
            window_open = now - failure_start < limits.failure_window
            since = now - limits.failure_window
            connection.execute("DELETE FROM links_failures WHERE at <= ?", (since,))
            (by_address,) = connection.execute(
                "SELECT COUNT(*) FROM links_failures WHERE address = ?", (bucket,)
            ).fetchone()
            if window_open and failures >= limits.link_failures:
                return ThrottledError(max(1, int(failure_start + limits.failure_window - now)))
            if by_address >= limits.address_failures:
                return ThrottledError(int(limits.failure_window))
            if not hmac.compare_digest(hashlib.sha256(access).digest(), access_hash):
                if window_open:
                    connection.execute(
                        "UPDATE links_links SET failures = failures + 1 WHERE id = ?", (link_id,)
                    )
                else:
                    connection.execute(
                        "UPDATE links_links SET failures = 1, failure_start = ? WHERE id = ?",
                        (now, link_id),
                    )
                connection.execute("INSERT INTO links_failures VALUES (?, ?)", (bucket, now))
                return WrongAccessError("wrong key or password")
            if record.mode == "download":
                connection.execute(
                    "UPDATE links_links SET downloads = downloads + 1 WHERE id = ?", (link_id,)
                )
            connection.execute("DELETE FROM links_grants WHERE expires <= ?", (now,))
            expires = now + GRANT_LIFETIME
            connection.execute(
                "INSERT INTO links_grants VALUES (?, ?, ?)", (_grant_hash(grant), link_id, expires)
            )
            return Opened(manifest, grant, expires)

        return _transaction(connection, work)

    async def check_grant(self, link_id: str, grant: bytes, now: float) -> LinkRecord:
        """The link a valid grant opens (a revoked link refuses even then)."""
        row = await self._db.run(
            lambda c: c.execute(
                "SELECT 1 FROM links_grants WHERE hash = ? AND link_id = ? AND expires > ?",
                (_grant_hash(grant), link_id, now),
            ).fetchone()
        )
        record = await self.get(link_id)
        if record is not None and record.state == "revoked":
            raise LinkGoneError("revoked")
        if row is None or record is None:
            raise WrongAccessError("the download permission is missing or has expired")
        return record

    async def block(self, link_id: str, grant: bytes, file: int, index: int, now: float) -> bytes:
        await self.check_grant(link_id, grant, now)
        counts_text = await self._db.run(
            lambda c: c.execute(
                "SELECT counts FROM links_links WHERE id = ?", (link_id,)
            ).fetchone()
        )
        counts = json.loads(counts_text[0])
        if not 0 <= file < len(counts) or not 0 <= index < counts[file]:
            raise LinkNotFoundError("no such block")
        return await self._read(link_id, f"{file}.{index}")

    async def start_drop(self, link_id: str, grant: bytes, header: bytes, now: float) -> int:
        record = await self.check_grant(link_id, grant, now)
        if record.mode != "request":
            raise LinkStateError("this link takes no uploads")
        if record.status(now) != "live":
            raise LinkGoneError(record.status(now))
        number, stale = await self._db.run(self._start_drop, link_id, header, now)
        names = [f"drop-{old}.{index}" for old, blocks in stale for index in range(blocks)]
        if names:
            await asyncio.to_thread(self.blobs.remove, link_id, names)
        return number

    def _start_drop(
        self, connection: sqlite3.Connection, link_id: str, header: bytes, now: float
    ) -> tuple[int, list[tuple[int, int]]]:
        def work() -> tuple[int, list[tuple[int, int]]]:
            abandoned = "link_id = ? AND complete = 0 AND created <= ?"  # no grant can finish it
            stale = connection.execute(
                f"SELECT number, blocks FROM links_drops WHERE {abandoned}",
                (link_id, now - GRANT_LIFETIME),
            ).fetchall()
            connection.execute(
                f"DELETE FROM links_drops WHERE {abandoned}", (link_id, now - GRANT_LIFETIME)
            )
            (count, last) = connection.execute(
                "SELECT COUNT(*), COALESCE(MAX(number), 0) FROM links_drops WHERE link_id = ?",
                (link_id,),
            ).fetchone()
            if count >= self.limits.max_drops:
                raise LinkLimitError(f"this request takes at most {self.limits.max_drops} files")
            connection.execute(
                "INSERT INTO links_drops VALUES (?, ?, ?, 0, 0, 0, ?)",
                (link_id, last + 1, header, now),
            )
            return int(last) + 1, [(int(n), int(b)) for n, b in stale]

        return _transaction(connection, work)

    async def put_drop_block(
        self, link_id: str, grant: bytes, number: int, index: int, data: bytes, now: float
    ) -> None:
        await self.check_grant(link_id, grant, now)
        if len(data) > self.limits.max_drop_block:
            raise LinkLimitError(f"a block is at most {self.limits.max_drop_block} bytes")
        drop = await self._db.run(_drop_row, link_id, number)
        if drop is None or drop[2]:
            raise LinkNotFoundError("no such unfinished upload")
        if index != drop[0]:
            raise LinkStateError(f"expected block {drop[0]} of this upload")
        used = await self._db.run(
            lambda c: c.execute(
                "SELECT COALESCE(SUM(size), 0) FROM links_drops WHERE link_id = ?", (link_id,)
            ).fetchone()[0]
        )
        if used + len(data) > self.limits.max_drop_bytes:
            raise LinkLimitError("this request has no room left")
        await asyncio.to_thread(self.blobs.write, link_id, f"drop-{number}.{index}", data)
        await self._db.run(
            lambda c: c.execute(
                "UPDATE links_drops SET blocks = blocks + 1, size = size + ? "
                "WHERE link_id = ? AND number = ? AND blocks = ?",
                (len(data), link_id, number, index),
            )
        )

    async def finish_drop(
        self, link_id: str, grant: bytes, number: int, count: int, now: float
    ) -> None:
        await self.check_grant(link_id, grant, now)
        drop = await self._db.run(_drop_row, link_id, number)
        if drop is None or drop[2]:
            raise LinkNotFoundError("no such unfinished upload")
        if drop[0] != count or count < 1:
            raise LinkStateError(f"the upload has {drop[0]} blocks, not {count}")
        names = [f"drop-{number}.{i}" for i in range(count)]
        await asyncio.to_thread(self.blobs.sync, link_id, names)
        await self._db.run(_finish_drop, link_id, number)

    # --- blobs ---

    async def _read(self, link_id: str, name: str) -> bytes:
        try:
            return await asyncio.to_thread(self.blobs.read, link_id, name)
        except FileNotFoundError:
            raise LinkNotFoundError("no such block") from None


def _add_block(
    connection: sqlite3.Connection, link_id: str, file: int, index: int, size: int
) -> None:
    def work() -> None:
        old = connection.execute(
            "SELECT size FROM links_blocks WHERE link_id = ? AND file = ? AND idx = ?",
            (link_id, file, index),
        ).fetchone()
        connection.execute(
            "INSERT INTO links_blocks (link_id, file, idx, size) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (link_id, file, idx) DO UPDATE SET size = excluded.size",
            (link_id, file, index, size),
        )
        grown = size - (old[0] if old else 0)
        connection.execute("UPDATE links_links SET size = size + ? WHERE id = ?", (grown, link_id))

    _transaction(connection, work)


def _publish(
    connection: sqlite3.Connection, link_id: str, manifest: bytes, counts: list[int]
) -> None:
    def work() -> None:
        for file, count in enumerate(counts):
            (present,) = connection.execute(
                "SELECT COUNT(*) FROM links_blocks WHERE link_id = ? AND file = ? AND idx < ?",
                (link_id, file, count),
            ).fetchone()
            if present != count:
                raise LinkStateError(f"file {file} has {present} of its {count} blocks")
        connection.execute(
            "UPDATE links_links SET state = 'live', manifest = ?, counts = ? WHERE id = ?",
            (manifest, json.dumps(counts), link_id),
        )

    _transaction(connection, work)


def _revoke(connection: sqlite3.Connection, link_id: str) -> None:
    def work() -> None:
        connection.execute(
            "UPDATE links_links SET state = 'revoked', manifest = NULL, counts = '[]', size = 0, "
            "drops = 0 WHERE id = ?",
            (link_id,),
        )
        for table in ("links_blocks", "links_drops", "links_grants"):
            connection.execute(f"DELETE FROM {table} WHERE link_id = ?", (link_id,))

    _transaction(connection, work)


def _drop_row(
    connection: sqlite3.Connection, link_id: str, number: int
) -> tuple[int, int, int] | None:
    row = connection.execute(
        "SELECT blocks, size, complete FROM links_drops WHERE link_id = ? AND number = ?",
        (link_id, number),
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def _finish_drop(connection: sqlite3.Connection, link_id: str, number: int) -> None:
    def work() -> None:
        connection.execute(
            "UPDATE links_drops SET complete = 1 WHERE link_id = ? AND number = ?",
            (link_id, number),
        )
        connection.execute("UPDATE links_links SET drops = drops + 1 WHERE id = ?", (link_id,))

    _transaction(connection, work)


def _delete_drop(connection: sqlite3.Connection, link_id: str, number: int) -> int:
    def work() -> int:
        drop = _drop_row(connection, link_id, number)
        if drop is None:
            raise LinkNotFoundError("no such drop")
        connection.execute(
            "DELETE FROM links_drops WHERE link_id = ? AND number = ?", (link_id, number)
        )
        if drop[2]:
            connection.execute("UPDATE links_links SET drops = drops - 1 WHERE id = ?", (link_id,))
        return drop[0]

    return _transaction(connection, work)


def open_links(database: SqlDatabase, data_dir: Path) -> LinkStore:
    """The link store of an embedded server: block files under DATA_DIR/links."""
    return LinkStore(database, LinkFiles(data_dir / "links"))
