"""`name#host[:port]` parsing: valid forms, and one clear error per kind of mistake."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.client.address import (
    Address,
    AddressError,
    ServerHost,
    is_loopback,
    parse_address,
    parse_host,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alice#example.com", Address("alice", ServerHost("example.com"))),
        ("Alice#Example.COM", Address("alice", ServerHost("example.com"))),
        ("bob.smith_2-x#127.0.0.1:8443", Address("bob.smith_2-x", ServerHost("127.0.0.1", 8443))),
        ("carol#[::1]:9000", Address("carol", ServerHost("::1", 9000))),
        ("dave#[2001:db8::1]", Address("dave", ServerHost("2001:db8::1"))),
        ("erin#localhost:1", Address("erin", ServerHost("localhost", 1))),
        ("f#a-b.c-d.example:65535", Address("f", ServerHost("a-b.c-d.example", 65535))),
    ],
)
def test_valid_addresses(text: str, expected: Address) -> None:
    assert parse_address(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("alice.example.com", "lacks '#'"),
        ("#example.com", "empty user name"),
        ("al ice#example.com", "user name"),
        ("a" * 65 + "#example.com", "user name"),
        ("alice#", "host is empty"),
        ("alice#:80", "host is empty"),
        ("alice#exa_mple.com", "not a valid host name"),
        ("alice#-example.com", "not a valid host name"),
        ("alice#example..com", "not a valid host name"),
        ("alice#999.1.1.1", "not a valid IPv4"),
        ("alice#[::g]", "not a valid IPv6"),
        ("alice#[::1", "unclosed"),
        ("alice#[::1]x", "junk after"),
        ("alice#example.com:0", "port '0'"),
        ("alice#example.com:65536", "port '65536'"),
        ("alice#example.com:http", "port 'http'"),
        ("alice#example.com:", "port ''"),
        ("alice#example.com:+80", "port '+80'"),
    ],
)
def test_invalid_addresses_say_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_address(text)
    assert fragment in str(info.value), str(info.value)


def test_str_round_trips() -> None:
    for text in ("alice#example.com", "bob#127.0.0.1:8080", "carol#[::1]:9000"):
        assert str(parse_address(text)) == text


@given(
    name=st.from_regex(r"[a-z0-9._-]{1,64}", fullmatch=True),
    port=st.none() | st.integers(1, 65535),
    labels=st.lists(st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True), min_size=1, max_size=4),
)
def test_parse_inverts_str(name: str, port: int | None, labels: list[str]) -> None:
    address = Address(name, ServerHost(".".join(labels), port))
    assert parse_address(str(address)) == address


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.255.3.4", True),
        ("::1", True),
        ("128.0.0.1", False),
        ("example.com", False),
        ("localhost.example.com", False),
        ("10.0.0.1", False),
    ],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_parse_host_alone() -> None:
    assert parse_host("Example.com:443") == ServerHost("example.com", 443)
