"""Two real server processes A and B (each started with --allow-private-destinations, so
their proxies may reach each other on loopback), alice on A and bob on B made with the
account services, and an in-process server whose proxy flips a byte (the malicious home
server of the tampering tests). Every address used is on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator

import pytest
from aiohttp import web
from federation_helpers import FEDERATED, FlippingFederation, InProcessServer, Person
from server_harness import ServerProcess, start_server
from world import create_account

from app.client.transport import HttpTransport
from server_stub import server as server_module
from server_stub.federation.client import Federation
from server_stub.federation.policy import ProxyLimits
from server_stub.pki.service import bind_host
from server_stub.server import Options, open_server


@pytest.fixture(scope="session")
def server_a(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    running = start_server(tmp_path_factory.mktemp("fed-a") / "data", *FEDERATED)
    yield running
    assert running.stop() == 0, running.log()[-3000:]


@pytest.fixture(scope="session")
def server_b(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    running = start_server(tmp_path_factory.mktemp("fed-b") / "data", *FEDERATED)
    yield running
    assert running.stop() == 0, running.log()[-3000:]


@pytest.fixture(scope="session")
def shared_transport() -> Iterator[HttpTransport]:
    with HttpTransport() as transport:
        yield transport


@pytest.fixture(scope="session")
def make_person(
    tmp_path_factory: pytest.TempPathFactory, shared_transport: HttpTransport
) -> Iterator[Callable[[str, ServerProcess], Person]]:
    made: list[Person] = []

    def make(name: str, server: ServerProcess) -> Person:
        profile = tmp_path_factory.mktemp(f"profile-{name}")
        new = create_account(name, server, shared_transport, profile)
        person = Person(new.address, profile, new.session, new.connector, shared_transport)
        made.append(person)
        return person

    yield make
    for person in made:
        person.session.close()


@pytest.fixture(scope="session")
def alice(make_person: Callable[[str, ServerProcess], Person], server_a: ServerProcess) -> Person:
    return make_person("alice", server_a)


@pytest.fixture(scope="session")
def bob(make_person: Callable[[str, ServerProcess], Person], server_b: ServerProcess) -> Person:
    return make_person("bob", server_b)


@pytest.fixture(scope="session")
def tampering_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    """`open_server` with a `FlippingFederation`, served on 127.0.0.1 from a thread."""
    made: list[FlippingFederation] = []

    def flipping(key: object, allow_private: bool) -> Federation:
        public = key.public_key.to_bytes()  # type: ignore[attr-defined]
        made.append(FlippingFederation(public, ProxyLimits(allow_private=True)))
        return made[0]

    original = server_module.open_federation
    server_module.open_federation = flipping  # type: ignore[assignment]
    try:
        options = Options(tmp_path_factory.mktemp("fed-evil") / "data", open_registration=True)
        built = open_server(options)
    finally:
        server_module.open_federation = original
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(built.app, access_log=None, handle_signals=False)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    host = f"127.0.0.1:{runner.addresses[0][1]}"
    bind_host(built.app, host)
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield InProcessServer(host, made[0])
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.run_until_complete(runner.cleanup())
    loop.close()
    built.database.close()
