"""`ProxyTransport` and the Connector's routes, with a scripted home server whose proxy
forwards to a real `server_stub.endpoint.Endpoint` in memory: the tunnel works, the home
server sees no plaintext, and a home server that alters, reroutes or lies is caught."""

from __future__ import annotations

import json
from typing import Any

import pytest
from unit.protocol.protocol_fakes import EndpointTransport, ServerWorld, make_world

from app.cli.errors import EXIT_INTEGRITY, EXIT_UNREACHABLE, exit_code_for
from app.client.channel import Channel
from app.client.discovery import (
    ConfigurationNotFoundError,
    HostUnknownError,
    ServerConfig,
    discover,
)
from app.client.errors import RemoteCallError
from app.client.proxy import ProxyRefusedError, ProxyTransport
from app.client.transport import InvalidResponseError, TransportError, UnreachableError
from app.protocol.errors import RemoteProtocolError, ServerKeyMismatchError
from app.services.boundary import as_service_error
from app.services.connection import Connector, MemoryPins, ServerKeyChangedError, ServerLink
from app.services.errors import ServerUnreachableError

URL = "http://server/privmx/api/v1"
DEST = "b.example:8443"
SECRET = b"the plaintext the home server must never see"


def document_for(world: ServerWorld, **changes: Any) -> bytes:
    document = {
        "defaultEndpoint": f"https://{DEST}/privmx/api/v1",
        "ttl": 600,
        "serverKey": world.key.public_key.to_bytes().hex(),
        "version": 1,
    }
    document.update(changes)
    return json.dumps(document).encode()


class Home:
    """The home server's `proxy`/`proxyDiscover` as a scripted channel: forwards `data` to
    the destination world, optionally altering it; records what it saw."""

    def __init__(self, world: ServerWorld, document: bytes | None = None) -> None:
        self.destination = EndpointTransport(world)
        self.document = document if document is not None else document_for(world)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.alter_request: Any = None
        self.alter_response: Any = None
        self.error: RemoteCallError | None = None

    def call(self, method: str, **params: Any) -> Any:
        self.calls.append((method, params))
        if self.error is not None:
            raise self.error
        if method == "proxyDiscover":
            return {"document": self.document, "url": "https://b.example/x"}
        assert method == "proxy"
        data = params["data"]
        if self.alter_request is not None:
            data = self.alter_request(data)
        answer = self.destination.post(URL, data)
        return self.alter_response(answer) if self.alter_response is not None else answer


def flip(position: int) -> Any:
    def alter(data: bytes) -> bytes:
        index = position % len(data)
        return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]

    return alter


@pytest.fixture
def world() -> ServerWorld:
    return make_world()


def tunnel(home: Home, world: ServerWorld) -> Channel:
    pinned = world.key.public_key.to_bytes()
    return Channel(ProxyTransport(home, DEST), URL, pinned, clock=lambda: world.clock[0])


def test_calls_travel_end_to_end_and_the_home_server_sees_only_ciphertext(world) -> None:
    home = Home(world)
    channel = tunnel(home, world)
    assert channel.call("echo", secret=SECRET) == {"secret": SECRET}
    assert channel.call("echo", n=2) == {"n": 2}
    assert [m for m, _ in home.calls] == ["proxy", "proxy", "proxy"]  # ecdhe, then 2 tickets
    assert {p["destination"] for _, p in home.calls} == {DEST}
    forwarded = b"".join(p["data"] for _, p in home.calls) + b"".join(home.destination.responses)
    assert SECRET not in forwarded
    assert len(world.dispatcher.sessions) == 2


@pytest.mark.parametrize("position", [0, 9, 40, 120, -1])
@pytest.mark.parametrize("side", ["request", "response"])
def test_a_home_server_that_flips_a_byte_is_caught(world, side: str, position: int) -> None:
    home = Home(world)
    channel = tunnel(home, world)
    channel.call("echo", warm=1)  # the tunnel is up; now tamper with the next exchange
    setattr(home, f"alter_{side}", flip(position))
    with pytest.raises(RemoteProtocolError) as caught:
        channel.call("echo", secret=SECRET)
    assert exit_code_for(as_service_error(caught.value)) == EXIT_INTEGRITY
    assert all(s.username is None for s in world.dispatcher.sessions)
    # an altered request never runs; an altered answer is refused by the client
    assert len(world.dispatcher.sessions) == (1 if side == "request" else 2)


@pytest.mark.parametrize("position", [0, 9, 40, -1])
def test_a_flipped_first_handshake_is_caught(world, position: int) -> None:
    home = Home(world)
    home.alter_request = flip(position)
    with pytest.raises(RemoteProtocolError) as caught:
        tunnel(home, world).call("echo", x=1)
    assert exit_code_for(as_service_error(caught.value)) == EXIT_INTEGRITY


def test_a_home_server_that_forwards_to_an_impostor_is_caught(world) -> None:
    impostor = make_world()
    home = Home(impostor)
    with pytest.raises(ServerKeyMismatchError):
        tunnel(home, world).call("echo", x=1)
    assert impostor.dispatcher.sessions == []


def test_get_json_asks_proxy_discover_for_the_urls_host(world) -> None:
    home = Home(world)
    transport = ProxyTransport(home, DEST)
    assert transport.get_json("https://B.example:8443/privmx/privmx-configuration.json") == (
        json.loads(home.document)
    )
    assert home.calls == [("proxyDiscover", {"destination": "b.example:8443"})]
    config = discover(DEST, transport, now=0.0)
    assert config.server_key == world.key.public_key.to_bytes()
    assert config.endpoint == f"https://{DEST}/privmx/api/v1"


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (1605, UnreachableError),
        (1604, InvalidResponseError),
        (1606, InvalidResponseError),
        (1602, ProxyRefusedError),
        (1603, ProxyRefusedError),
        (1607, ProxyRefusedError),
        (1001, ProxyRefusedError),
        (-32601, ProxyRefusedError),
        (-32602, ProxyRefusedError),
    ],
)
def test_proxy_refusals_become_transport_errors(world, code: int, kind: type) -> None:
    home = Home(world)
    home.error = RemoteCallError(code, "said the server")
    transport = ProxyTransport(home, DEST)
    with pytest.raises(kind, match="said the server") as caught:
        transport.post(URL, b"x")
    assert isinstance(caught.value, TransportError)
    assert exit_code_for(as_service_error(caught.value)) == EXIT_UNREACHABLE
    if kind is ProxyRefusedError:
        assert caught.value.code == code
    with pytest.raises(kind):
        transport.get_json(f"https://{DEST}/privmx/privmx-configuration.json")


def test_discovery_through_a_failing_proxy_costs_one_call(world) -> None:
    home = Home(world)
    home.error = RemoteCallError(1605, "cannot be reached")
    with pytest.raises(HostUnknownError):
        discover("127.0.0.1:9", ProxyTransport(home, "127.0.0.1:9"), now=0.0)
    home.error = RemoteCallError(1604, "no configuration")
    home.calls.clear()
    with pytest.raises(ConfigurationNotFoundError):
        discover(DEST, ProxyTransport(home, DEST), allow_http=True, now=0.0)
    assert len(home.calls) == 1  # six candidate URLs, one proxyDiscover


@pytest.mark.parametrize(
    "answer",
    [
        None,
        [],
        {"document": "text"},
        {"document": b"[1, 2]"},
        {"document": b"{bad"},
        {"document": b" " * (64 * 1024 + 1)},
        {"url": "x"},
    ],
)
def test_malformed_discover_answers(world, answer: Any) -> None:
    home = Home(world)
    home.call = lambda method, **params: answer  # type: ignore[method-assign]
    with pytest.raises(InvalidResponseError):
        ProxyTransport(home, DEST).get_json(f"https://{DEST}/privmx/privmx-configuration.json")


def test_a_proxy_answer_that_is_not_bytes(world) -> None:
    home = Home(world)
    home.call = lambda method, **params: {"not": "bytes"}  # type: ignore[method-assign]
    with pytest.raises(InvalidResponseError):
        ProxyTransport(home, DEST).post(URL, b"x")


# --- the Connector's routes ---


class DeadDirect:
    """A network where no destination can be reached directly."""

    def __init__(self) -> None:
        self.tries = 0

    def post(self, url: str, body: bytes) -> bytes:
        raise UnreachableError("no route")

    def get_json(self, url: str) -> dict[str, Any]:
        self.tries += 1
        raise UnreachableError("no route")


def home_link(home: Home) -> ServerLink:
    config = ServerConfig("a.example", "https://a.example/api", b"\x02" * 33, 600, 1, "u")
    return ServerLink(config, home)  # type: ignore[arg-type]


@pytest.mark.parametrize("route", ["auto", "via-home"])
def test_connector_goes_through_the_home_server(world, route: str) -> None:
    home, direct = Home(world), DeadDirect()
    connector = Connector(direct, route=route, clock=lambda: world.clock[0])
    pins = MemoryPins()
    link = connector.connect(DEST, pins, via=home_link(home))
    assert link.channel.call("echo", x=1) == {"x": 1}
    assert pins.server_key(DEST) == world.key.public_key.to_bytes()
    assert direct.tries == (3 if route == "auto" else 0)  # auto tried every direct URL first


def test_connector_direct_route_never_uses_the_proxy(world) -> None:
    home = Home(world)
    connector = Connector(DeadDirect(), route="direct")
    with pytest.raises(ServerUnreachableError):
        connector.connect(DEST, MemoryPins(), via=home_link(home))
    with pytest.raises(ServerUnreachableError):
        Connector(DeadDirect(), route="via-home").connect(DEST, MemoryPins())  # no home link
    assert home.calls == []
    with pytest.raises(ValueError, match="route"):
        Connector(route="sideways")


def test_the_home_servers_own_host_is_never_proxied(world) -> None:
    home = Home(world)
    with pytest.raises(ServerUnreachableError):
        Connector(DeadDirect(), route="via-home").connect(
            "A.example", MemoryPins(), via=home_link(home)
        )
    assert home.calls == []


def test_a_home_server_lying_about_a_pinned_key_is_refused(world) -> None:
    liar_key = make_world().key.public_key.to_bytes().hex()
    home = Home(world, document_for(world, serverKey=liar_key))
    pins = MemoryPins({DEST: world.key.public_key.to_bytes()})
    with pytest.raises(ServerKeyChangedError) as caught:
        Connector(DeadDirect(), route="via-home").connect(DEST, pins, via=home_link(home))
    assert exit_code_for(as_service_error(caught.value)) == EXIT_INTEGRITY


def test_a_connectors_home_link_stands_in_for_via(world) -> None:
    """`whois` and the sharing services take a connector: its `home` routes them."""
    home = Home(world)
    connector = Connector(DeadDirect(), route="via-home", home=home_link(home))
    link = connector.connect(DEST, MemoryPins())
    assert link.channel.call("echo", y=2) == {"y": 2}
    assert [m for m, _ in home.calls] == ["proxyDiscover", "proxy", "proxy"]
