"""The proxy's pure policy: destinations, allowed addresses, the rate limit, limits from
the environment. Python's `ipaddress` registry tables are the oracle for the ranges."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from hypothesis import given
from hypothesis import strategies as st

from server_stub.federation.policy import (
    Destination,
    ForbiddenAddressError,
    GuardedResolver,
    InvalidDestinationError,
    ProxyLimits,
    RateLimiter,
    address_allowed,
    parse_destination,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("B.example", Destination("b.example")),
        ("b.example:8443", Destination("b.example", 8443)),
        ("127.0.0.1:9000", Destination("127.0.0.1", 9000)),
        ("[::1]:9000", Destination("::1", 9000)),
        ("[2001:db8::1]", Destination("2001:db8::1")),
    ],
)
def test_destinations_that_parse(text: str, expected: Destination) -> None:
    assert parse_destination(text) == expected
    assert parse_destination(str(expected)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://b.example",
        "b.example/privmx/api/v1",
        "b.example:0",
        "b.example:65536",
        "b.example:",
        "-b.example",
        "a..b",
        "[::1",
        "[not-ipv6]",
        "[::1]x",
        "user@b.example",
        "",
        "b.example:80:80",
    ],
)
def test_destinations_that_are_refused(text: str) -> None:
    with pytest.raises(InvalidDestinationError):
        parse_destination(text)


REFUSED_ALWAYS_UNLESS_ALLOWED = [
    "127.0.0.1",
    "127.8.9.10",
    "::1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "fe80::1",
    "fc00::1",
    "100.64.0.1",  # shared address space
    "192.0.2.1",  # documentation
    "::ffff:10.0.0.1",  # IPv4-mapped private
    "2002:c0a8:0101::1",  # 6to4 of 192.168.1.1
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo whose client is 10.0.0.1
    "240.0.0.1",  # reserved
]


EMBEDDED_FORMS = {  # each embeds the IPv4 address given as four octets
    "mapped": lambda a, b, c, d: f"::ffff:{a}.{b}.{c}.{d}",
    "compatible": lambda a, b, c, d: f"::{a}.{b}.{c}.{d}",
    "translated (SIIT)": lambda a, b, c, d: f"::ffff:0:{a}.{b}.{c}.{d}",
    "6to4": lambda a, b, c, d: f"2002:{a:02x}{b:02x}:{c:02x}{d:02x}::1",
    "Teredo": lambda a, b, c, d: (
        f"2001:0:4136:e378:8000:63bf:{255 - a:02x}{255 - b:02x}:{255 - c:02x}{255 - d:02x}"
    ),
    "NAT64 well-known": lambda a, b, c, d: f"64:ff9b::{a}.{b}.{c}.{d}",
    "NAT64 local /48": lambda a, b, c, d: f"64:ff9b:1:{a:02x}{b:02x}:{c:02x}:{d:02x}00::",
    "NAT64 local /96": lambda a, b, c, d: f"64:ff9b:1::{a}.{b}.{c}.{d}",
}
NOT_ROUTABLE_V4 = [
    (10, 0, 0, 1),
    (127, 0, 0, 1),
    (169, 254, 169, 254),
    (192, 168, 1, 1),
    (100, 64, 0, 1),
    (0, 0, 0, 0),
    (192, 0, 0, 9),
    (192, 88, 99, 1),
    (224, 0, 0, 1),
    (240, 0, 0, 1),
]


@pytest.mark.parametrize("form", sorted(EMBEDDED_FORMS))
@pytest.mark.parametrize("octets", NOT_ROUTABLE_V4, ids=lambda o: ".".join(map(str, o)))
def test_every_embedded_ipv4_form_of_a_non_routable_address_is_refused(
    form: str, octets: tuple[int, int, int, int]
) -> None:
    address = EMBEDDED_FORMS[form](*octets)
    assert ipaddress.ip_address(address).version == 6
    assert not address_allowed(address, allow_private=False), address


@pytest.mark.parametrize(
    "address",
    [
        "::8.8.8.8",  # IPv4-compatible: deprecated (RFC 4291), never routed
        "::ffff:0:8.8.8.8",  # IPv4-translated (SIIT): only inside a translator's network
        "64:ff9b:1::808:808",  # local-use NAT64 (RFC 8215): never global
        "192.0.0.9",  # IETF protocol assignments
        "192.88.99.1",  # the retired 6to4 relay anycast
        "fec0::1",  # site-local (deprecated)
    ],
)
def test_forms_that_are_never_globally_routable_are_refused(address: str) -> None:
    assert not address_allowed(address, allow_private=False)


@pytest.mark.parametrize(
    "address", ["::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::8.8.8.8", "2001:4860:4860::8888"]
)
def test_embedded_forms_of_a_global_address_stay_allowed(address: str) -> None:
    assert address_allowed(address, allow_private=False)


@pytest.mark.parametrize("address", REFUSED_ALWAYS_UNLESS_ALLOWED)
def test_non_global_addresses_are_refused(address: str) -> None:
    assert not address_allowed(address, allow_private=False)
    assert address_allowed(address, allow_private=True)


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "224.0.0.1", "ff02::1", "junk"])
def test_unspecified_multicast_and_junk_are_refused_even_when_private_is_allowed(
    address: str,
) -> None:
    assert not address_allowed(address, allow_private=True)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_allowed(address, allow_private=False)


@given(st.ip_addresses())
def test_allowed_implies_global_and_unicast(address: ipaddress.IPv4Address) -> None:
    if address_allowed(str(address), allow_private=False):
        judged = getattr(address, "ipv4_mapped", None) or address  # mapped: its IPv4
        assert judged.is_global
        assert not (judged.is_multicast or judged.is_unspecified or judged.is_link_local)
    if address.is_loopback or address.is_link_local or address.is_private:
        assert not address_allowed(str(address), allow_private=False)


@given(st.ip_addresses(v=4))
def test_an_ipv4_address_is_judged_the_same_when_mapped_into_ipv6(
    address: ipaddress.IPv4Address,
) -> None:
    mapped = f"::ffff:{address}"
    if not address_allowed(str(address), allow_private=False):
        assert not address_allowed(mapped, allow_private=False)


def test_rate_limiter_allows_a_burst_then_refills_with_time() -> None:
    limiter = RateLimiter(burst=3, per_minute=60)
    assert [limiter.admit("alice", 100.0) for _ in range(4)] == [True, True, True, False]
    assert limiter.admit("bob", 100.0)  # per user
    assert not limiter.admit("alice", 100.5)
    assert limiter.admit("alice", 101.6)  # one token per second
    assert not limiter.admit("alice", 101.6)
    assert [limiter.admit("alice", 1000.0) for _ in range(4)] == [True, True, True, False]


def test_rate_limiter_forgets_the_oldest_users_beyond_its_bound() -> None:
    limiter = RateLimiter(burst=1, per_minute=1, max_users=2)
    assert limiter.admit("a", 0.0) and limiter.admit("b", 0.0) and limiter.admit("c", 0.0)
    assert not limiter.admit("c", 0.0)
    assert limiter.admit("a", 0.0)  # "a" was dropped: a fresh bucket


def test_limits_from_the_environment() -> None:
    limits = ProxyLimits.from_environ(
        {"PRIVSHARE_PROXY_BURST": "5", "PRIVSHARE_PROXY_PER_MINUTE": "7", "OTHER": "x"},
        allow_private=True,
    )
    assert (limits.burst, limits.per_minute, limits.allow_private) == (5, 7, True)
    assert limits.max_data == ProxyLimits().max_data
    for bad in ("0", "-1", "many"):
        with pytest.raises(ValueError, match="PRIVSHARE_PROXY_BURST"):
            ProxyLimits.from_environ({"PRIVSHARE_PROXY_BURST": bad}, allow_private=False)


class TableResolver(AbstractResolver):
    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            ResolveResult(hostname=host, host=a, port=port, family=socket.AF_INET, proto=0, flags=0)
            for a in self.table[host]
        ]

    async def close(self) -> None:
        pass


def test_guarded_resolver_refuses_a_name_with_any_private_address() -> None:
    inner = TableResolver(
        {"public.test": ["8.8.8.8"], "mixed.test": ["8.8.8.8", "10.0.0.1"], "none.test": []}
    )
    guard = GuardedResolver(inner, allow_private=False)
    found = asyncio.run(guard.resolve("public.test", 443))
    assert [r["host"] for r in found] == ["8.8.8.8"]
    for name in ("mixed.test", "none.test"):
        with pytest.raises(ForbiddenAddressError):
            asyncio.run(guard.resolve(name, 443))
    assert asyncio.run(GuardedResolver(inner, allow_private=True).resolve("mixed.test", 1))
