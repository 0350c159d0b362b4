"""Across two real server processes (issue 6 §3): alice on A looks bob#B up in B's log
directly and through A's PrivMX proxy; a home server whose proxy flips a byte is caught
(exit 4 through the CLI); the proxy refuses anonymous callers, private destinations
when not allowed, non-PrivMX hosts, itself, and callers over their rate limit."""

from __future__ import annotations

import http.server
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from federation_helpers import FEDERATED, Blocked, FlippingFederation, InProcessServer, Person
from server_harness import ServerProcess

from app.cli.commands import pki as cmd_pki
from app.cli.errors import EXIT_INTEGRITY, exit_code_for
from app.cli.main import main
from app.client.channel import Channel
from app.client.discovery import discover
from app.client.errors import RemoteCallError
from app.client.transport import HttpTransport
from app.protocol.errors import RemoteProtocolError
from app.services import pki
from app.services.boundary import as_service_error
from app.services.connection import Connector, MemoryPins, ServerLink
from app.services.errors import ServerUnreachableError

pytestmark = pytest.mark.integration

LOGIN_REQUIRED, INVALID_PARAMS = 1001, -32602
REFUSED, SELF, NOT_PRIVMX, UNREACHABLE, RATE_LIMITED = 1602, 1603, 1604, 1605, 1607


class Recorder:
    """A home channel that records which methods the client called on it."""

    def __init__(self, inner: Channel) -> None:
        self.inner = inner
        self.methods: list[str] = []

    @property
    def server_key(self) -> bytes | None:
        return self.inner.server_key

    def call(self, method: str, **params: Any) -> Any:
        self.methods.append(method)
        return self.inner.call(method, **params)


def recorded_home(person: Person) -> tuple[ServerLink, Recorder]:
    recorder = Recorder(person.session.channel)
    return ServerLink(person.session.link.config, recorder), recorder  # type: ignore[arg-type]


def whois(address: str, connector: Connector) -> pki.VerifiedIdentity:
    return pki.whois(
        address, connector=connector, pins=MemoryPins(), checkpoints=pki.MemoryCheckpoints()
    )


def proxy_error(channel: Any, method: str, **params: Any) -> int:
    with pytest.raises(RemoteCallError) as caught:
        channel.call(method, **params)
    return caught.value.code


def test_whois_across_servers_direct_and_through_the_home_proxy(alice: Person, bob: Person):
    direct = whois(bob.address, alice.direct())
    identity = bob.session.vault.identity_key.private_key
    assert identity is not None
    assert direct.identity_key == identity.public_key
    assert direct.host == bob.host

    home, recorder = recorded_home(alice)
    proxied = Connector(transport=alice.transport, allow_http=True, route="via-home", home=home)
    through = whois(bob.address, proxied)
    assert through.fingerprint == direct.fingerprint
    assert through.head.size >= 1
    assert recorder.methods[0] == "proxyDiscover"
    assert recorder.methods.count("proxy") >= 2  # B's ecdhe, then the lookup on a ticket


def test_auto_route_falls_back_to_the_proxy_when_b_is_unreachable(alice: Person, bob: Person):
    home, recorder = recorded_home(alice)
    network = Blocked(alice.transport, bob.host)
    connector = Connector(transport=network, allow_http=True, route="auto", home=home)
    through = whois(bob.address, connector)
    assert through.address == bob.address
    assert network.refused == 6  # every discovery URL was tried directly first
    assert "proxy" in recorder.methods
    with pytest.raises(ServerUnreachableError):
        whois(bob.address, Connector(transport=network, allow_http=True, route="direct", home=home))


# --- a dishonest home server ---------------------------------------------------------------


@pytest.fixture
def carol(
    make_person: Callable[[str, Any], Person], tampering_server: InProcessServer
) -> Iterator[Person]:
    """A user of the tampering server; its proxy is honest unless a test says otherwise."""
    person = make_person("carol", tampering_server)
    yield person
    tampering_server.federation.mode = None


def test_the_tampering_home_server_is_honest_by_default(carol: Person, bob: Person) -> None:
    assert whois(bob.address, carol.via_home()).address == bob.address


@pytest.mark.parametrize("position", [-1, 0, 7, 60])
@pytest.mark.parametrize("mode", ["request", "response"])
def test_a_home_proxy_that_flips_a_byte_makes_whois_exit_4(
    carol: Person,
    bob: Person,
    tampering_server: InProcessServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mode: str,
    position: int,
) -> None:
    federation: FlippingFederation = tampering_server.federation
    federation.mode, federation.position = mode, position
    monkeypatch.setattr(cmd_pki, "new_connector", carol.via_home)
    code = main(["--profile", str(tmp_path / "none"), "--route", "via-home", "whois", bob.address])
    assert code == EXIT_INTEGRITY, capsys.readouterr().err
    assert bob.address not in capsys.readouterr().out  # nothing was shown as verified


@pytest.mark.parametrize("mode", ["request", "response"])
def test_a_flipped_byte_on_a_warm_tunnel_fails_the_call(
    carol: Person, bob: Person, tampering_server: InProcessServer, mode: str
) -> None:
    link = carol.via_home().connect(bob.host, MemoryPins())
    assert link.channel.call("ping") == "pong"  # the tunnel works and holds tickets
    tampering_server.federation.mode = mode
    with pytest.raises(RemoteProtocolError) as caught:
        link.channel.call("pkiGetHead")
    assert exit_code_for(as_service_error(caught.value)) == EXIT_INTEGRITY


# --- what the proxy refuses ----------------------------------------------------------------


def test_the_proxy_serves_only_logged_in_users(server_a: ServerProcess, bob: Person) -> None:
    with HttpTransport() as transport:
        config = discover(server_a.host, transport)
        anonymous = Channel(transport, config.endpoint, config.server_key)
        assert proxy_error(anonymous, "proxy", destination=bob.host, data=b"x") == LOGIN_REQUIRED
        assert proxy_error(anonymous, "proxyDiscover", destination=bob.host) == LOGIN_REQUIRED


class _NotPrivmx(http.server.BaseHTTPRequestHandler):
    """Answers every request with an error status (the base class's 501) and logs no line."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that resets its connection (the proxy giving up) is no error here."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def not_privmx() -> Iterator[str]:
    """A plain web server on loopback that is no PrivMX server."""
    httpd = _QuietServer(("127.0.0.1", 0), _NotPrivmx)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_proxy_refuses_arbitrary_destinations(
    alice: Person, server_a: ServerProcess, not_privmx: str
) -> None:
    home = alice.session.channel
    assert proxy_error(home, "proxy", destination=not_privmx, data=b"x") == NOT_PRIVMX
    assert proxy_error(home, "proxyDiscover", destination=not_privmx) == NOT_PRIVMX
    assert proxy_error(home, "proxy", destination=server_a.host, data=b"x") == SELF
    closed = server_a.host.rsplit(":", 1)[0] + ":1"
    assert proxy_error(home, "proxy", destination=closed, data=b"x") == UNREACHABLE
    for url_like in (f"http://{not_privmx}/", f"{not_privmx}/privmx/api/v1", "a b"):
        assert proxy_error(home, "proxy", destination=url_like, data=b"x") == INVALID_PARAMS
    with pytest.raises(ServerUnreachableError, match="no PrivMX configuration"):
        alice.via_home().connect(not_privmx, MemoryPins())


def test_a_server_without_the_flag_refuses_private_destinations(
    server: ServerProcess,
    server_b: ServerProcess,
    make_person: Callable[[str, Any], Person],
    bob: Person,
) -> None:
    dave = make_person("dave", server)  # on the shared server, started without the flag
    port = bob.host.rsplit(":", 1)[1]
    seen_by_b = server_b.log().count("\n")
    for destination in (bob.host, f"localhost:{port}", f"[::1]:{port}"):
        channel = dave.session.channel
        assert proxy_error(channel, "proxyDiscover", destination=destination) == REFUSED
        assert proxy_error(channel, "proxy", destination=destination, data=b"x") == REFUSED
    with pytest.raises(ServerUnreachableError, match="refuses to proxy"):
        whois(bob.address, dave.via_home())
    assert server_b.log().count("\n") == seen_by_b  # refused before any connection to B


def test_the_proxy_rate_limits_each_user(
    spawn_server: Callable[..., ServerProcess],
    make_person: Callable[[str, Any], Person],
    bob: Person,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRIVSHARE_PROXY_BURST", "3")
    monkeypatch.setenv("PRIVSHARE_PROXY_PER_MINUTE", "1")
    limited = spawn_server(tmp_path / "limited", *FEDERATED)
    erin, frank = make_person("erin", limited), make_person("frank", limited)
    for _ in range(3):
        erin.session.channel.call("proxyDiscover", destination=bob.host)
    assert proxy_error(erin.session.channel, "proxyDiscover", destination=bob.host) == (
        RATE_LIMITED
    )
    assert proxy_error(erin.session.channel, "proxy", destination=bob.host, data=b"x") == (
        RATE_LIMITED
    )
    frank.session.channel.call("proxyDiscover", destination=bob.host)  # per user
    with pytest.raises(ServerUnreachableError, match="rate limit"):
        whois(bob.address, erin.via_home())
