"""Assemble and run the server: data directory, key, database, endpoint, HTTP.

DATA_DIR holds `server-key` (keyfile.py) and `privshare.sqlite` (+ its WAL files).
With `database_url` and `blob_store` the rows go to PostgreSQL and the blocks to an S3
bucket instead, shared by any number of processes (server_stub/backends/SPEC.md); the
data directory then holds only the server key, the same file for every process.
`run(options)` serves until SIGINT or SIGTERM, then closes the HTTP side and the
database and returns 0. Once listening it prints exactly one line on stdout,
`READY http://<host>:<port>`, so a parent process can read the port it got.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from aiohttp import web

from app.crypto.ecc import PrivateKey
from app.crypto.kdf import derive_key
from server_stub import keyfile
from server_stub.accounts import SqliteAccounts
from server_stub.backends.fleet import attach_leader, attach_signals, open_fleet
from server_stub.backends.postgres.leader import Leader
from server_stub.backends.postgres.proxy_rates import PgProxyRates
from server_stub.backends.postgres.sinks_state import PgPostRates, PgSinkSignals
from server_stub.connections import ConnectionLimits, GuardedProtocols
from server_stub.database import Database
from server_stub.devices import SqliteDevices
from server_stub.endpoint import Endpoint
from server_stub.federation.client import attach_federation, open_federation
from server_stub.handlers.registry import build_registry
from server_stub.links.routes import attach_links
from server_stub.links.store import LinkStore, open_links
from server_stub.objects import ObjectLimits, ObjectStore, open_objects
from server_stub.pki.service import attach, bind_host, open_pki
from server_stub.ports import SqlDatabase
from server_stub.rendezvous import MAILBOX_TTL, Mailboxes
from server_stub.rpc import Services
from server_stub.sessions import SqlSessions
from server_stub.sinks import SinkStore, attach_sinks, open_sinks
from server_stub.sinks.config import SinkLimits
from server_stub.storage import SqliteTickets, SqliteUsers
from server_stub.throttle import MAX_FAILURES, WINDOW, SqliteLoginThrottle
from server_stub.web import HttpSettings, create_app, parse_networks

__all__ = ["DATABASE_FILE", "KEY_FILE", "Options", "Server", "open_server", "run"]

EXPIRED_SINKS_INTERVAL = 3600.0  # seconds between collections of expired inboxes' messages
KEY_FILE = "server-key"
DATABASE_FILE = "privshare.sqlite"

_log = logging.getLogger("server_stub")


@dataclass(frozen=True)
class Options:
    """Everything the command line can set."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    open_registration: bool = False
    public_url: str | None = None
    bench: bool = False
    db_threads: int = 1
    allow_private_destinations: bool = False  # the proxy may reach loopback/private hosts
    object_env: Mapping[str, str] | None = None  # PRIVSHARE_OBJECTS_* (config.py); None: os.environ
    login_failures: int = MAX_FAILURES  # login throttle (throttle.py), from config.py
    login_window: float = WINDOW
    trusted_proxies: tuple[str, ...] = ()  # whose X-Forwarded-For names the client (web.py)
    database_url: str | None = None  # postgresql://… (backends/): a fleet's shared rows
    blob_store: str | None = None  # s3://BUCKET: a fleet's shared blocks
    s3_endpoint: str | None = None  # the S3 API's URL (None: AWS)
    leader_interval: float = 60.0  # seconds between the fleet leader's rounds


@dataclass
class Server:
    """An assembled server: its aiohttp application and what must be closed after."""

    app: web.Application
    database: SqlDatabase
    users: SqliteUsers
    endpoint: Endpoint
    connection_limits: ConnectionLimits = field(default_factory=ConnectionLimits)


def open_server(options: Options) -> Server:
    """Create the data directory if needed, load or make the key, open the database."""
    options.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = keyfile.load_or_create(options.data_dir / KEY_FILE)
    if options.database_url is not None:
        return _open_fleet_member(options, key)
    database = Database(options.data_dir / DATABASE_FILE, threads=options.db_threads)
    users = SqliteUsers(database)
    services = Services(users, options.open_registration, time.time)
    proof_key = derive_key(key.to_bytes(), "server/account-proof")
    services = replace(services, accounts=SqliteAccounts(database), proof_key=proof_key)
    services = replace(services, pki=open_pki(options.data_dir, key, options.public_url))
    object_env = os.environ if options.object_env is None else options.object_env
    services = replace(
        services, objects=open_objects(database, options.data_dir, environ=object_env)
    )
    services = replace(services, proxy=open_federation(key, options.allow_private_destinations))
    services = replace(services, sinks=open_sinks(database, services.objects, services.pki))
    services = replace(services, links=open_links(database, options.data_dir))
    services = replace(services, rendezvous=Mailboxes(database, ttl=_rendezvous_ttl()))
    sessions = SqlSessions(database)
    services = replace(services, devices=SqliteDevices(database), sessions=sessions)
    dispatcher = build_registry(bench=options.bench).dispatcher(services)
    endpoint = Endpoint(
        key,
        SqliteTickets(database),
        users,
        _throttle(database, options),
        dispatcher,
        sessions=sessions,
    )
    connections = ConnectionLimits.from_environ(os.environ)
    settings = HttpSettings(public_url=options.public_url, bench=options.bench)
    settings = replace(
        settings,
        trusted_proxies=options.trusted_proxies,
        body_timeout=connections.body_timeout,
        min_body_rate=connections.min_body_rate,
    )
    app = attach_federation(attach(create_app(endpoint, settings), services.pki), services.proxy)
    app = attach_sinks(app, services.sinks, collect_every=EXPIRED_SINKS_INTERVAL)
    app = attach_links(app, services.links, options.trusted_proxies)
    return Server(app, database, users, endpoint, connections)


def _rendezvous_ttl() -> float:
    """Seconds a link code lives: PRIVSHARE_RENDEZVOUS_TTL (for tests), else 10 minutes."""
    text = os.environ.get("PRIVSHARE_RENDEZVOUS_TTL", "")
    return float(text) if text.replace(".", "", 1).isdigit() else MAILBOX_TTL


def _open_fleet_member(options: Options, key: PrivateKey) -> Server:
    """`open_server` on PostgreSQL + S3: nothing is swept or signed at start (the
    fleet's leader does it), and every piece of state between requests is shared."""
    assert options.database_url is not None and options.blob_store is not None
    fleet = open_fleet(
        options.database_url,
        options.blob_store,
        options.s3_endpoint,
        key,
        threads=options.db_threads,
    )
    database = fleet.database
    users = SqliteUsers(database)
    services = Services(users, options.open_registration, time.time)
    services = replace(services, accounts=SqliteAccounts(database))
    pki = open_pki(options.data_dir, key, options.public_url, shared_log=fleet.log)
    object_env = os.environ if options.object_env is None else options.object_env
    objects = ObjectStore(database, fleet.blocks, ObjectLimits.from_environ(object_env))
    services = replace(services, pki=pki, objects=objects)
    proxy = open_federation(
        key,
        options.allow_private_destinations,
        lambda limits: PgProxyRates(database, limits.burst, limits.per_minute),
    )
    services = replace(services, proxy=proxy)
    limits = SinkLimits.from_environ(os.environ)
    signals = PgSinkSignals(database, options.database_url)
    rates = PgPostRates(database, limits.rate_per_key, limits.rate_per_address, limits.rate_window)
    sinks = SinkStore(database, objects, limits, pki, signals=signals, rates=rates)
    sessions = SqlSessions(database)
    services = replace(services, sinks=sinks, devices=SqliteDevices(database), sessions=sessions)
    services = replace(services, rendezvous=Mailboxes(database, ttl=_rendezvous_ttl()))
    services = replace(services, links=LinkStore(database, fleet.link_blobs))
    dispatcher = build_registry(bench=options.bench).dispatcher(services)
    throttle = _throttle(database, options)
    endpoint = Endpoint(
        key,
        fleet.tickets,
        users,
        throttle,
        dispatcher,
        pending=fleet.pending,
        replays=fleet.replays,
        sessions=sessions,
    )
    connections = ConnectionLimits.from_environ(os.environ)
    settings = HttpSettings(public_url=options.public_url, bench=options.bench)
    settings = replace(
        settings,
        trusted_proxies=options.trusted_proxies,
        body_timeout=connections.body_timeout,
        min_body_rate=connections.min_body_rate,
    )
    app = attach_federation(attach(create_app(endpoint, settings), pki), services.proxy)
    app = attach_sinks(app, services.sinks)
    app = attach_links(app, services.links, options.trusted_proxies)
    leader = Leader(
        options.database_url,
        objects,
        fleet.blocks,
        tick_heads=pki.log.tick,
        collect_sinks=sinks.collect_expired,
        interval=options.leader_interval,
    )
    app = attach_leader(attach_signals(app, signals), leader)
    return Server(app, database, users, endpoint, connections)


def _throttle(database: SqlDatabase, options: Options) -> SqliteLoginThrottle:
    window = options.login_window
    return SqliteLoginThrottle(database, max_failures=options.login_failures, window=window)


# A stop waits this long for requests in progress (aiohttp's default is 60 s); a client
# whose request is cut off retries it, as after any lost connection.
SHUTDOWN_GRACE_SECONDS = 5.0


async def _serve(server: Server, options: Options) -> None:
    limits = server.connection_limits
    runner = web.AppRunner(
        server.app,
        access_log=None,
        handle_signals=False,
        keepalive_timeout=limits.keepalive_timeout,
        shutdown_timeout=SHUTDOWN_GRACE_SECONDS,
    )
    await runner.setup()
    listener: asyncio.Server | None = None
    try:
        assert runner.server is not None
        guarded = GuardedProtocols(runner.server, limits, parse_networks(options.trusted_proxies))
        loop = asyncio.get_running_loop()
        listener = await loop.create_server(
            guarded, options.host, options.port, reuse_address=True, backlog=128
        )
        stop = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        port = listener.sockets[0].getsockname()[1]
        shown = f"[{options.host}]" if ":" in options.host else options.host
        bind_host(server.app, f"{shown}:{port}")
        print(f"READY http://{shown}:{port}", flush=True)
        _log.info("serving on %s:%d, data in %s", shown, port, options.data_dir)
        await stop.wait()
        _log.info("stopping")
    finally:
        if listener is not None:
            listener.close()
        await runner.cleanup()


def run(options: Options) -> int:
    """Serve until a signal; return the exit status."""
    server = open_server(options)
    try:
        asyncio.run(_serve(server, options))
    finally:
        server.database.close()
    return 0
