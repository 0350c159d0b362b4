"""The shared backend of a fleet of server processes: PostgreSQL + an S3 bucket.

`open_fleet(database_url, blob_store, s3_endpoint, key, threads)` connects to both (and
migrates the schema), or raises one `BackendError` saying what is wrong, having closed
whatever it had opened: a process never half-starts. `attach_leader(app, leader)` runs
the leader's rounds while the application runs (backends/postgres/leader.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from app.crypto.ecc import PrivateKey
from server_stub.backends.postgres.database import DatabaseUnavailableError, PgDatabase
from server_stub.backends.postgres.leader import Leader
from server_stub.backends.postgres.pki_log import PgPKILog
from server_stub.backends.postgres.schema import SchemaError
from server_stub.backends.postgres.shared_state import PgPendingLogins, PgReplayCache
from server_stub.backends.postgres.sinks_state import PgSinkSignals
from server_stub.backends.postgres.tickets import PgTickets
from server_stub.backends.s3.blocks import BlobStoreError, S3Blocks, parse_blob_store
from server_stub.backends.s3.link_blobs import S3LinkBlobs
from server_stub.pki.log import LogCorruptedError

__all__ = ["BackendError", "Fleet", "attach_leader", "attach_signals", "open_fleet"]

MIN_THREADS = 4  # a network round trip per query: more workers than SQLite's one


class BackendError(Exception):
    """The database or the bucket cannot be used (the message says which and why)."""


@dataclass
class Fleet:
    database: PgDatabase
    blocks: S3Blocks
    log: PgPKILog
    tickets: PgTickets
    pending: PgPendingLogins
    replays: PgReplayCache
    link_blobs: S3LinkBlobs


def open_fleet(
    database_url: str,
    blob_store: str,
    s3_endpoint: str | None,
    key: PrivateKey,
    *,
    threads: int = MIN_THREADS,
) -> Fleet:
    try:
        location = parse_blob_store(blob_store, s3_endpoint)
    except BlobStoreError as exc:
        raise BackendError(str(exc)) from None
    try:
        database = PgDatabase(database_url, threads=max(threads, MIN_THREADS))
    except (DatabaseUnavailableError, SchemaError) as exc:
        raise BackendError(str(exc)) from None
    try:
        blocks = S3Blocks.open(location)
        log = PgPKILog(database_url, key, now_ms=int(time.time() * 1000))
    except (BlobStoreError, DatabaseUnavailableError, LogCorruptedError) as exc:
        database.close()
        raise BackendError(str(exc)) from None
    except BaseException:
        database.close()
        raise
    secret = key.to_bytes()
    return Fleet(
        database,
        blocks,
        log,
        PgTickets(database),
        PgPendingLogins(database, secret),
        PgReplayCache(database),
        S3LinkBlobs(blocks.location),
    )


def attach_leader(app: web.Application, leader: Leader) -> web.Application:
    """Run the leader's rounds while `app` runs."""
    return _while_running(app, leader.run)


def attach_signals(app: web.Application, signals: PgSinkSignals) -> web.Application:
    """Listen for the other processes' posts while `app` runs."""
    return _while_running(app, signals.listen)


def _while_running(
    app: web.Application, job: Callable[[], Coroutine[Any, Any, None]]
) -> web.Application:
    async def running(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(job())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.cleanup_ctx.append(running)
    return app
