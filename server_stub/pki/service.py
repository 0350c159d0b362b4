"""The PKI as the running server holds it: the log file, this server's host, the hourly head.

`open_pki(data_dir, key, public_url, now=...)` opens `DATA_DIR/pki.sqlite` (a `PKILog`)
and, in a new log, publishes the server's own keystore as the first entry under the
name `server:` (DESIGN §7; a user name can never contain ':'), then signs a fresh head
if the last one is an hour old. `attach(app, pki)` makes the aiohttp application tick
the log every minute (so a head is never older than an hour) and close it at shutdown;
`bind_host(app, "host:port")` tells it the address it listens on when no public URL
set the host. User IDs published here must be `name#<host>`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from app.crypto.ecc import PrivateKey
from app.pki import openpgp
from app.pki.errors import KeystoreError
from server_stub.pki.log import PKILog
from server_stub.ports import KeyLog

__all__ = ["PKI_FILE", "SERVER_ENTRY", "PKIService", "attach", "bind_host", "open_pki"]

PKI_FILE = "pki.sqlite"
SERVER_ENTRY = "server:"
TICK_SECONDS = 60.0

_log = logging.getLogger("server_stub.pki")
_PKI_KEY = web.AppKey("pki", object)


@dataclass
class PKIService:
    """What the PKI handlers use: the log and the host user IDs must name."""

    log: KeyLog
    host: str | None = None
    clock: Callable[[], float] = field(default=time.time)
    host_from_url: bool = False
    ticks: bool = True  # False: another job signs the hourly heads (the fleet's leader)

    def now_ms(self) -> int:
        return int(self.clock() * 1000)


def host_of_url(public_url: str) -> str:
    """`https://Files.Example:443/x` -> `files.example` (a default port is dropped)."""
    parts = urlsplit(public_url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"https": 443, "http": 80}.get(parts.scheme)
    return host if parts.port in (None, default) else f"{host}:{parts.port}"


def open_pki(
    data_dir: Path,
    key: PrivateKey,
    public_url: str | None = None,
    *,
    clock: Callable[[], float] = time.time,
    shared_log: KeyLog | None = None,
) -> PKIService:
    """With `shared_log` (a log all processes share) nothing is signed at start but the
    server entry of a new log, and the hourly heads are left to the fleet's leader."""
    now = clock()
    log = shared_log or PKILog(data_dir / PKI_FILE, key, now_ms=int(now * 1000))
    if log.latest_revision(SERVER_ENTRY) == 0:
        entry = openpgp.new_keystore(key, SERVER_ENTRY, created=int(now))
        try:
            log.publish(openpgp.emit_keystore(entry), now_ms=int(now * 1000))
        except KeystoreError:
            if shared_log is None or log.latest_revision(SERVER_ENTRY) == 0:
                raise  # else another process starting beside this one published it
    if shared_log is None:
        log.tick(int(now * 1000))
    host = host_of_url(public_url) if public_url else None
    service = PKIService(log, host, clock, host_from_url=host is not None)
    service.ticks = shared_log is None
    return service


def attach(app: web.Application, pki: PKIService | None) -> web.Application:
    """Run the hourly-head task while `app` runs; close the log when it stops."""
    if pki is None:
        return app
    app[_PKI_KEY] = pki

    async def ticking(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(_tick_forever(pki)) if pki.ticks else None
        yield
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        pki.log.close()

    app.cleanup_ctx.append(ticking)
    return app


def bind_host(app: web.Application, host: str) -> None:
    """The host the server listens on (`127.0.0.1:8443`), unless a public URL set it."""
    pki = app.get(_PKI_KEY)
    if isinstance(pki, PKIService) and not pki.host_from_url:
        pki.host = host.lower()


async def _tick_forever(pki: PKIService, interval: float = TICK_SECONDS) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            head = pki.log.tick(pki.now_ms())
        except Exception:
            _log.exception("could not sign the hourly PKI head")
        else:
            if head is not None:
                _log.info("signed PKI head %d at %d", head.size, head.timestamp)
