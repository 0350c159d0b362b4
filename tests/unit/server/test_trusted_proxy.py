"""Client addresses behind a trusted reverse proxy (server_stub/web.py `client_address`).

The forwarding headers are believed only from a configured proxy; the right-most hop
that is not itself a trusted proxy is the client; anything malformed gives the TCP peer.
IPv6 spellings are checked against the C library's `inet_pton`/`inet_ntop` as an
independent oracle. The last tests run the real server process with the setting and
show the login throttle counting per real client behind the proxy (and not at all per
header without the setting).
"""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
import socket
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from hypothesis import given, settings
from hypothesis import strategies as st
from integration.server_harness import ServerProcess, start_server

from app.client.channel import Channel
from app.client.discovery import discover
from app.client.transport import HttpTransport
from app.crypto import kdf, srp
from app.protocol.errors import AlertReceived
from server_stub.throttle import ADDRESS_FACTOR
from server_stub.web import API_PATH, HttpSettings, client_address, create_app, parse_networks

LOOPBACK = parse_networks(["127.0.0.1", "::1"])
PROXIES = parse_networks(["127.0.0.1", "10.0.0.0/8", "2001:db8:ffff::/48"])
PROXY = "10.1.2.3"


def address(peer: str, xff: list[str] | None = None, fwd: list[str] | None = None) -> str:
    return client_address(peer, xff or [], fwd or [], PROXIES)


# ---- untrusted peers: the headers are ignored -------------------------------------------


@pytest.mark.parametrize(
    ("xff", "fwd"),
    [
        (["198.51.100.7"], []),
        ([], ["for=198.51.100.7"]),
        (["198.51.100.7", "203.0.113.1"], ['for="[2001:db8::1]"']),
        (["garbage"], ["for=unknown"]),
    ],
)
def test_an_untrusted_peer_cannot_choose_its_address(xff: list[str], fwd: list[str]) -> None:
    assert address("192.0.2.44", xff, fwd) == "192.0.2.44"
    assert client_address("192.0.2.44", xff, fwd, ()) == "192.0.2.44"  # nothing trusted
    # a trusted proxy's own address, but not from that proxy: still ignored
    assert client_address("127.0.0.1", xff, fwd, parse_networks(["10.0.0.0/8"])) == "127.0.0.1"


def test_without_headers_a_trusted_proxy_is_the_client() -> None:
    assert address(PROXY) == PROXY
    assert address("::ffff:10.1.2.3") == PROXY  # IPv4-mapped peer, matched as IPv4


# ---- trusted peers: the right-most untrusted hop ----------------------------------------


@pytest.mark.parametrize(
    ("xff", "expected"),
    [
        (["198.51.100.7"], "198.51.100.7"),
        (["198.51.100.7, 10.0.0.5"], "198.51.100.7"),  # through a second trusted proxy
        (["  198.51.100.7 ,10.0.0.5,  127.0.0.1 "], "198.51.100.7"),
        (["6.6.6.6, 198.51.100.7"], "198.51.100.7"),  # the client's own prefix is not believed
        (["bogus, 6.6.6.6, 198.51.100.7, 10.9.9.9"], "198.51.100.7"),  # nor parsed
        (["6.6.6.6", "198.51.100.7"], "198.51.100.7"),  # several header lines, in order
        (["6.6.6.6, 198.51.100.7", "10.0.0.5"], "198.51.100.7"),
        (["10.0.0.9, 10.0.0.5"], "10.0.0.9"),  # every hop a proxy: the left-most
        (["198.51.100.7:4711"], "198.51.100.7"),  # a port some proxies append
        (["[2001:db8::7]:4711, 10.0.0.5"], "2001:db8::7"),
        (["2001:DB8:0:0:0:0:0:7"], "2001:db8::7"),
        (["::ffff:198.51.100.7"], "198.51.100.7"),
        (["2001:db8::1, 2001:db8:ffff:1::2"], "2001:db8::1"),  # the /48 of proxies skipped
    ],
)
def test_forwarded_for_from_a_trusted_proxy(xff: list[str], expected: str) -> None:
    assert address(PROXY, xff) == expected
    assert address("127.0.0.1", xff) == expected


@pytest.mark.parametrize(
    ("fwd", "expected"),
    [
        (["for=192.0.2.60;proto=http;by=203.0.113.43"], "192.0.2.60"),  # RFC 7239 §4
        (['for="[2001:db8:cafe::17]:4711"'], "2001:db8:cafe::17"),  # RFC 7239 §6
        (["For = 192.0.2.60"], "192.0.2.60"),  # names are case-insensitive
        (['for="192.0.2.60"'], "192.0.2.60"),
        (["for=192.0.2.43, for=198.51.100.17"], "198.51.100.17"),  # RFC 7239 §7.1
        (["for=192.0.2.43, for=10.0.0.5;by=10.0.0.6"], "192.0.2.43"),
        (["for=192.0.2.43", "for=10.0.0.5"], "192.0.2.43"),
        (["for=unknown, for=192.0.2.43"], "192.0.2.43"),  # left of the client: not read
        (["for=[2001:db8::7]"], "2001:db8::7"),  # unquoted brackets: lenient, unambiguous
    ],
)
def test_forwarded_header_from_a_trusted_proxy(fwd: list[str], expected: str) -> None:
    assert address(PROXY, fwd=fwd) == expected


def test_both_headers_must_agree() -> None:
    same = address(PROXY, ["198.51.100.7"], ["for=198.51.100.7"])
    assert same == "198.51.100.7"
    # a proxy that sets one header passes the client's own other header along: a
    # disagreement means one of them is the client's word, so neither is taken
    assert address(PROXY, ["198.51.100.7"], ["for=6.6.6.6"]) == PROXY
    assert address(PROXY, ["198.51.100.7"], ["for=_hidden"]) == PROXY


@pytest.mark.parametrize(
    ("xff", "fwd"),
    [
        ([""], []),
        (["   "], []),
        (["garbage"], []),
        (["198.51.100.7, garbage"], []),  # the right-most hop is unreadable
        (["198.51.100.7,"], []),
        (["198.51.100.7", ""], []),
        (["999.1.1.1"], []),
        (["198.51.100.7/32"], []),
        (["fe80::1%eth0"], []),  # a zone means nothing past the proxy
        (["[2001:db8::7"], []),  # unclosed bracket
        (["2001:db8::7]:80"], []),
        (["x" * 4000], []),
        ([], ["for=unknown"]),  # RFC 7239 §6.2
        ([], ["for=_hidden"]),  # §6.3 obfuscated
        ([], ["proto=https;by=10.0.0.1"]),  # no for=
        ([], ["for=198.51.100.7;for=6.6.6.6"]),  # two in one element
        ([], ['for="198.51.100.7']),  # unbalanced quote
        ([], ['for="198.51.100.7,6.6.6.6"']),  # a comma inside quotes
        ([], ["for=198.51.100.7;proto=https, by=10.0.0.1"]),  # right-most has no for=
    ],
)
def test_malformed_headers_give_the_peer(xff: list[str], fwd: list[str]) -> None:
    assert address(PROXY, xff, fwd) == PROXY


def test_peer_spellings_are_normalised() -> None:
    assert address("::ffff:192.0.2.44") == "192.0.2.44"
    assert address("2001:DB8::0:1") == "2001:db8::1"
    assert address("fe80::1%eth0") == "fe80::1"
    assert address("") == "" and address("not-an-ip") == "not-an-ip"  # e.g. a unix socket


# ---- properties -------------------------------------------------------------------------

_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # inet_ntop spells these "::a.b.c.d"


def _v6_untrusted(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    assert isinstance(ip, ipaddress.IPv6Address)
    return ip.ipv4_mapped is None and ip not in _IPV4_COMPATIBLE and _untrusted_ip(ip)


def _untrusted_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return not any(ip in network for network in PROXIES)


_untrusted_v4 = st.ip_addresses(v=4).filter(_untrusted_ip)
_untrusted_v6 = st.ip_addresses(v=6).filter(_v6_untrusted)
_untrusted = _untrusted_v4 | _untrusted_v6
_trusted = st.sampled_from(["10.0.0.1", "10.200.3.4", "127.0.0.1", "2001:db8:ffff::9"])


def _oracle(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """The C library's canonical spelling (RFC 5952 for IPv6)."""
    family = socket.AF_INET if ip.version == 4 else socket.AF_INET6
    return socket.inet_ntop(family, socket.inet_pton(family, str(ip)))


def _spelled(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, upper: bool) -> str:
    text = ip.exploded if ip.version == 6 else str(ip)
    return text.upper() if upper else text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_untrusted, max_size=4),
    _untrusted,
    st.lists(_trusted, max_size=3),
    st.booleans(),
)
def test_the_right_most_untrusted_hop_is_chosen(
    spoofed: list[Any], client: Any, proxies: list[str], upper: bool
) -> None:
    hops = [_spelled(ip, upper) for ip in spoofed] + [_spelled(client, upper)] + proxies
    assert address(PROXY, [", ".join(hops)]) == _oracle(client)
    forwarded = ", ".join(f'for="[{hop}]"' if ":" in hop else f"for={hop}" for hop in hops)
    assert address(PROXY, fwd=[forwarded]) == _oracle(client)


_xff_values = st.lists(st.text(max_size=40) | _untrusted.map(str) | _trusted, max_size=3)
_fwd_values = st.lists(st.text(max_size=40) | _untrusted.map(lambda ip: f'for="{ip}"'), max_size=3)


@settings(max_examples=200, deadline=None)
@given(_untrusted, _xff_values, _fwd_values)
def test_an_untrusted_peer_gets_its_own_address_whatever_it_sends(
    peer: Any, xff: list[str], fwd: list[str]
) -> None:
    assert client_address(str(peer), xff, fwd, PROXIES) == _oracle(peer)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=3), st.lists(st.text(max_size=60), max_size=3))
def test_any_header_text_gives_a_valid_address(xff: list[str], fwd: list[str]) -> None:
    result = address(PROXY, xff, fwd)
    assert str(ipaddress.ip_address(result)) == result  # never raises, always normal form


def test_networks_with_host_bits_are_refused() -> None:
    with pytest.raises(ValueError):
        parse_networks(["10.0.0.1/8"])
    with pytest.raises(ValueError):
        parse_networks(["localhost"])


# ---- through the aiohttp application ----------------------------------------------------


class RecordingEndpoint:
    def __init__(self) -> None:
        self.peers: list[str] = []

    @property
    def public_key(self) -> bytes:
        return bytes.fromhex("02" + "ab" * 32)

    async def respond(self, body: bytes, *, peer: str, now: float) -> tuple[int, list[bytes]]:
        self.peers.append(peer)
        return 200, [b"ok"]


def _peers_seen(trusted: tuple[str, ...], headers: list[dict[str, str]]) -> list[str]:
    endpoint = RecordingEndpoint()

    async def main() -> None:
        app = create_app(endpoint, HttpSettings(trusted_proxies=trusted))
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        try:
            async with ClientSession() as session:
                for extra in headers:
                    sent = {"Content-Type": "application/octet-stream", **extra}
                    async with session.post(server.make_url(API_PATH), data=b"x", headers=sent):
                        pass
        finally:
            await server.close()

    asyncio.run(main())
    return endpoint.peers


def test_the_app_hands_the_forwarded_client_to_the_endpoint() -> None:
    requests_ = [
        {"X-Forwarded-For": "6.6.6.6, 198.51.100.7"},
        {"Forwarded": "for=192.0.2.60;proto=https"},
        {"X-Forwarded-For": "junk"},
        {},
    ]
    trusted = _peers_seen(("127.0.0.1", "::1"), requests_)
    assert trusted == ["198.51.100.7", "192.0.2.60", "127.0.0.1", "127.0.0.1"]
    assert _peers_seen((), requests_) == ["127.0.0.1"] * 4


# ---- the real server process: the login throttle behind a proxy -------------------------

ITERATIONS = 210_000
LOGIN_FAILED, TOO_MANY_ATTEMPTS = 6, 7
FAILURES = 3
PER_ADDRESS = FAILURES * ADDRESS_FACTOR  # failures over many names from one address


class ForwardingTransport:
    """What a reverse proxy on loopback does: POSTs with the client's address appended
    to X-Forwarded-For."""

    def __init__(self, inner: HttpTransport, forwarded_for: str) -> None:
        self.inner = inner
        self.forwarded_for = forwarded_for

    def post(self, url: str, body: bytes) -> bytes:
        headers = {"Content-Type": "application/octet-stream"}
        headers["X-Forwarded-For"] = self.forwarded_for
        response = requests.post(url, data=body, headers=headers, timeout=30)
        response.raise_for_status()
        return response.content

    def get_json(self, url: str) -> dict[str, Any]:
        return self.inner.get_json(url)


def _registration(username: str, password: str) -> dict[str, Any]:
    """What a client sends to `register` (as in tests/integration/test_channel_e2e.py)."""
    group = srp.RFC5054_2048
    salt, kdf_salt = secrets.token_bytes(16), secrets.token_bytes(16)
    normalized = unicodedata.normalize("NFC", password).encode()
    secret = kdf.pbkdf2_sha512(normalized, kdf_salt, ITERATIONS, 32)
    verifier = srp.make_verifier(group, username.encode(), secret, salt)
    return {
        "username": username,
        "group": group.name,
        "salt": salt,
        "verifier": group.pad(verifier),
        "kdf": {"algorithm": "PBKDF2-SHA512", "iterations": ITERATIONS, "salt": kdf_salt},
    }


def _start(tmp_path: Path, trusted: list[str]) -> ServerProcess:
    config = tmp_path / "server.toml"
    quoted = ", ".join(f'"{entry}"' for entry in trusted)
    config.write_text(
        f"[server]\nopen_registration = true\ntrusted_proxies = [{quoted}]\n"
        f"[rate_limits]\nlogin_failures = {FAILURES}\n",
        encoding="utf-8",
    )
    return start_server(tmp_path / "data", "--config", str(config))


@pytest.fixture
def http() -> Iterator[HttpTransport]:
    with HttpTransport() as transport:
        yield transport


def _channel(server: ServerProcess, http: HttpTransport, client: str) -> Channel:
    transport = ForwardingTransport(http, client)
    config = discover(server.host, transport)
    return Channel(transport, config.endpoint, config.server_key)


def _login_alert(server: ServerProcess, http: HttpTransport, client: str, name: str) -> int:
    with pytest.raises(AlertReceived) as info:
        _channel(server, http, client).login_srp(name, "wrong")
    return info.value.code


def _register(server: ServerProcess, http: HttpTransport, name: str, password: str) -> None:
    registered = _channel(server, http, "192.0.2.1").call(
        "register", **_registration(name, password)
    )
    assert registered == {"username": name}


@pytest.mark.integration
def test_login_throttle_counts_per_real_client_behind_the_proxy(
    tmp_path: Path, http: HttpTransport
) -> None:
    server = _start(tmp_path, ["127.0.0.1", "::1"])
    try:
        _register(server, http, "dave", "right")
        attacker = "203.0.113.5"
        for attempt in range(PER_ADDRESS):  # unknown names: only the address count grows
            assert _login_alert(server, http, attacker, f"ghost-{attempt}") == LOGIN_FAILED
        # the attacker's address is paused, even for a right password and a new name...
        with pytest.raises(AlertReceived) as info:
            _channel(server, http, attacker).login_srp("dave", "right")
        assert info.value.code == TOO_MANY_ATTEMPTS
        # ...and prepending a made-up hop does not escape (the proxy appended the real one)
        assert _login_alert(server, http, f"198.51.100.99, {attacker}", "x") == TOO_MANY_ATTEMPTS
        # another client behind the same proxy is not affected
        channel = _channel(server, http, "198.51.100.7")
        channel.login_srp("dave", "right")
        assert channel.call("whoami") == {"username": "dave"}
        # IPv6 clients are normalised and counted per /64 by the throttle
        for attempt in range(PER_ADDRESS):
            code = _login_alert(server, http, f"2001:db8:1:2::{attempt + 1}", f"v6-{attempt}")
            assert code == LOGIN_FAILED
        assert _login_alert(server, http, "2001:DB8:1:2:0::99", "other") == TOO_MANY_ATTEMPTS
        assert _login_alert(server, http, "2001:db8:1:3::1", "other") == LOGIN_FAILED
    finally:
        assert server.stop() == 0, server.log()[-3000:]


@pytest.mark.integration
def test_without_the_setting_the_header_is_ignored(tmp_path: Path, http: HttpTransport) -> None:
    server = _start(tmp_path, [])
    try:
        for attempt in range(PER_ADDRESS):  # a new "address" each time: all one address really
            code = _login_alert(server, http, f"203.0.113.{attempt + 1}", f"ghost-{attempt}")
            assert code == LOGIN_FAILED
        assert _login_alert(server, http, "198.51.100.7", "someone") == TOO_MANY_ATTEMPTS
    finally:
        assert server.stop() == 0, server.log()[-3000:]
