"""`Federation` against small real HTTP servers on loopback (aiohttp TestServer): which
paths it tries, what it accepts, redirects, the self-loop, caching, size caps, and that
refused hosts are refused before any connection. Only 127.0.0.1 is ever contacted."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.test_utils import TestServer

from server_stub.federation.client import Federation
from server_stub.federation.policy import (
    DestinationRefusedError,
    DestinationUnreachableError,
    NotPrivmxError,
    ProxyLimits,
    ResponseTooLargeError,
    SelfProxyError,
)

KEY = "02" + "ab" * 32
OWN_KEY = bytes.fromhex("03" + "cd" * 32)
ALLOWED = ProxyLimits(allow_private=True)


@dataclass
class FakeDestination:
    """A PrivMX-looking server: `documents[path]` is served (a dict as JSON, bytes as is),
    the endpoint answers b"echo:" + body; every request is recorded."""

    documents: dict[str, Any] = field(default_factory=dict)
    endpoint_status: int = 200
    seen: list[tuple[str, str, bytes]] = field(default_factory=list)
    answer_size: int = 0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.seen.append((request.method, request.path, body))
        if request.method == "POST" and request.path == "/api":
            if self.answer_size:
                return web.Response(body=b"x" * self.answer_size)
            return web.Response(status=self.endpoint_status, body=b"echo:" + body)
        document = self.documents.get(request.path)
        if document is None:
            return web.Response(status=404, text="not found")
        raw = document if isinstance(document, bytes) else json.dumps(document).encode()
        return web.Response(body=raw, content_type="application/json")


def config(base: str, **changes: Any) -> dict[str, Any]:
    document = {"defaultEndpoint": base + "/api", "ttl": 600, "serverKey": KEY, "version": 1}
    document.update(changes)
    return {k: v for k, v in document.items() if v is not None}


Scenario = Callable[[list[str]], Awaitable[Any]]


def serve(*destinations: FakeDestination, scenario: Scenario) -> Any:
    """Run `scenario(hosts)` with each fake listening on 127.0.0.1 (host:port strings)."""

    async def main() -> Any:
        servers = [TestServer(d.app(), host="127.0.0.1") for d in destinations]
        for server in servers:
            await server.start_server()
        try:
            return await scenario([f"127.0.0.1:{s.port}" for s in servers])
        finally:
            for server in servers:
                await server.close()

    return asyncio.run(main())


async def with_federation(
    limits: ProxyLimits, work: Callable[[Federation], Awaitable[Any]], **kwargs: Any
) -> Any:
    federation = Federation(OWN_KEY, limits, **kwargs)
    try:
        return await work(federation)
    finally:
        await federation.close()


def test_discovers_on_the_second_path_and_forwards_raw_bytes() -> None:
    dest = FakeDestination()

    async def scenario(hosts: list[str]) -> Any:
        dest.documents["/.well-known/privmx-configuration.json"] = config(f"http://{hosts[0]}")

        async def work(fed: Federation) -> Any:
            found = await fed.discover(hosts[0], 0.0)
            answer = await fed.forward(hosts[0], b"\x01\x16frames", 0.0)
            return found, answer

        return await with_federation(ALLOWED, work)

    found, answer = serve(dest, scenario=scenario)
    assert answer == b"echo:\x01\x16frames"
    assert found.server_key == bytes.fromhex(KEY)
    assert json.loads(found.document)["serverKey"] == KEY
    assert found.source_url.startswith("http://") and "/.well-known/" in found.source_url
    paths = [(method, path) for method, path, _ in dest.seen]
    # the first path over http (https cannot be served by this plain server), then the second
    assert paths == [
        ("GET", "/privmx/privmx-configuration.json"),
        ("GET", "/.well-known/privmx-configuration.json"),
        ("POST", "/api"),  # the forward reused the cached configuration
    ]


def test_cache_holds_for_the_ttl_and_a_failed_forward_drops_it() -> None:
    dest = FakeDestination()

    async def scenario(hosts: list[str]) -> Any:
        dest.documents["/privmx/privmx-configuration.json"] = config(f"http://{hosts[0]}", ttl=60)

        async def work(fed: Federation) -> list[int]:
            counts = []
            for now in (0.0, 59.0, 61.0):
                await fed.discover(hosts[0], now)
                counts.append(sum(method == "GET" for method, _, _ in dest.seen))
            dest.endpoint_status = 503
            with pytest.raises(DestinationUnreachableError, match="HTTP 503"):
                await fed.forward(hosts[0], b"x", 62.0)
            await fed.discover(hosts[0], 63.0)
            counts.append(sum(method == "GET" for method, _, _ in dest.seen))
            return counts

        return await with_federation(ALLOWED, work)

    assert serve(dest, scenario=scenario) == [1, 1, 2, 3]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"version": 2}, "version"),
        ({"version": None}, "version"),
        ({"ttl": -1}, "ttl"),
        ({"ttl": "600"}, "ttl"),
        ({"serverKey": "04" + "ab" * 32}, "serverKey"),
        ({"serverKey": None}, "serverKey"),
        ({"defaultEndpoint": "ftp://x/api"}, "defaultEndpoint"),
        ({"defaultEndpoint": "http://u:p@127.0.0.1:1/api"}, "credentials"),
        ({"defaultEndpoint": 5}, "defaultEndpoint"),
    ],
)
def test_invalid_configurations_are_not_privmx(changes: dict[str, Any], message: str) -> None:
    dest = FakeDestination()

    async def scenario(hosts: list[str]) -> None:
        dest.documents["/privmx/privmx-configuration.json"] = config(
            f"http://{hosts[0]}", **changes
        )
        with pytest.raises(NotPrivmxError, match=message):
            await with_federation(ALLOWED, lambda fed: fed.discover(hosts[0], 0.0))

    serve(dest, scenario=scenario)


def test_a_host_that_is_not_privmx() -> None:
    dest = FakeDestination(documents={"/privmx-configuration.json": b"<html>hello</html>"})

    async def scenario(hosts: list[str]) -> None:
        with pytest.raises(NotPrivmxError, match="no PrivMX configuration"):
            await with_federation(ALLOWED, lambda fed: fed.forward(hosts[0], b"x", 0.0))

    serve(dest, scenario=scenario)
    assert [m for m, _, _ in dest.seen] == ["GET"] * 3  # https fails (plain server); no POST


def test_redirects_are_followed_and_loops_refused() -> None:
    first, second = FakeDestination(), FakeDestination()

    async def scenario(hosts: list[str]) -> None:
        first.documents["/privmx/privmx-configuration.json"] = {"redirect": hosts[1]}
        second.documents["/privmx/privmx-configuration.json"] = config(f"http://{hosts[1]}")
        answer = await with_federation(ALLOWED, lambda fed: fed.forward(hosts[0], b"r", 0.0))
        assert answer == b"echo:r"
        second.documents["/privmx/privmx-configuration.json"] = {"redirect": hosts[0]}
        with pytest.raises(NotPrivmxError, match="loop"):
            await with_federation(ALLOWED, lambda fed: fed.discover(hosts[0], 0.0))

    serve(first, second, scenario=scenario)
    assert [p for m, p, _ in second.seen if m == "POST"] == ["/api"]


def test_a_destination_naming_this_servers_key_is_refused() -> None:
    dest = FakeDestination()

    async def scenario(hosts: list[str]) -> None:
        dest.documents["/privmx/privmx-configuration.json"] = config(
            f"http://{hosts[0]}", serverKey=OWN_KEY.hex()
        )
        with pytest.raises(SelfProxyError):
            await with_federation(ALLOWED, lambda fed: fed.forward(hosts[0], b"x", 0.0))

    serve(dest, scenario=scenario)
    assert all(method == "GET" for method, _, _ in dest.seen)


def test_loopback_is_refused_without_the_operator_flag_before_any_request() -> None:
    dest = FakeDestination()

    async def scenario(hosts: list[str]) -> None:
        for target in (hosts[0], "localhost:" + hosts[0].split(":")[1]):

            async def work(fed: Federation, target: str = target) -> bytes:
                return await fed.forward(target, b"x", 0.0)

            with pytest.raises(DestinationRefusedError):
                await with_federation(ProxyLimits(), work)

    serve(dest, scenario=scenario)
    assert dest.seen == []


def test_endpoint_hosts_are_checked_too() -> None:
    """A configuration may name any endpoint: unspecified, non-loopback http and private
    endpoints are refused before anything is sent to them."""
    dest = FakeDestination()
    resolver = TableResolver({"public.test": ["8.8.8.8"], "intranet.test": ["10.0.0.7"]})

    async def scenario(hosts: list[str]) -> None:
        path = "/privmx/privmx-configuration.json"
        for endpoint in ("http://0.0.0.0:1/api", "http://public.test/api"):
            dest.documents[path] = config("", defaultEndpoint=endpoint)
            with pytest.raises(DestinationRefusedError):
                await with_federation(
                    ALLOWED, lambda fed: fed.forward(hosts[0], b"x", 0.0), resolver=lambda: resolver
                )

    serve(dest, scenario=scenario)
    assert [m for m, _, _ in dest.seen] == ["GET", "GET"]


def test_names_resolving_to_refused_addresses_are_refused_without_connecting() -> None:
    resolver = TableResolver({"intranet.test": ["10.0.0.7"], "mixed.test": ["8.8.8.8", "::1"]})

    async def work(fed: Federation) -> None:
        for name in ("intranet.test", "mixed.test:8443", "169.254.169.254", "[::1]:80"):
            with pytest.raises(DestinationRefusedError):
                await fed.forward(name, b"x", 0.0)

    asyncio.run(with_federation(ProxyLimits(), work, resolver=lambda: resolver))


def test_unreachable_and_unknown_hosts() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    resolver = TableResolver({})

    async def work(fed: Federation) -> None:
        with pytest.raises(DestinationUnreachableError, match="cannot be reached"):
            await fed.forward(f"127.0.0.1:{closed_port}", b"x", 0.0)
        with pytest.raises(DestinationUnreachableError, match="does not resolve"):
            await fed.forward("nowhere.test", b"x", 0.0)

    asyncio.run(with_federation(ALLOWED, work, resolver=lambda: resolver))


def test_answers_larger_than_the_cap_are_refused() -> None:
    dest = FakeDestination(answer_size=5000)

    async def scenario(hosts: list[str]) -> None:
        dest.documents["/privmx/privmx-configuration.json"] = config(f"http://{hosts[0]}")
        small = ProxyLimits(allow_private=True, max_response=4096)
        with pytest.raises(ResponseTooLargeError):
            await with_federation(small, lambda fed: fed.forward(hosts[0], b"x", 0.0))
        assert (
            await with_federation(
                ProxyLimits(allow_private=True, max_response=5000),
                lambda fed: fed.forward(hosts[0], b"x", 0.0),
            )
            == b"x" * 5000
        )

    serve(dest, scenario=scenario)


class TableResolver(AbstractResolver):
    """Names from a table; a missing name does not resolve (nothing is looked up)."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host not in self.table:
            raise OSError(f"{host} not found")
        return [
            ResolveResult(hostname=host, host=a, port=port, family=socket.AF_INET, proto=0, flags=0)
            for a in self.table[host]
        ]

    async def close(self) -> None:
        pass
