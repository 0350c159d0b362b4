"""Service discovery against a scripted transport: order, schemes, validation, cache, redirects."""

from __future__ import annotations

from typing import Any

import pytest

from app.client.discovery import (
    CONFIG_PATHS,
    ConfigurationNotFoundError,
    DiscoveryCache,
    HostUnknownError,
    InvalidConfigurationError,
    RedirectLoopError,
    discover,
)
from app.client.transport import (
    HostNotFoundError,
    HttpStatusError,
    InvalidResponseError,
    UnreachableError,
)

KEY_HEX = "02" + "11" * 32


def config(host: str = "example.com", **overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "defaultEndpoint": f"https://{host}/privmx/api/v1",
        "ttl": 600,
        "serverKey": KEY_HEX,
        "version": 1,
    }
    document.update(overrides)
    return {key: value for key, value in document.items() if value is not None}


class ScriptedTransport:
    """Answers GETs from a url -> document (or exception) table and records every call."""

    def __init__(self, answers: dict[str, Any], default: Exception | None = None) -> None:
        self.answers = answers
        self.default = default or HttpStatusError("404", 404)
        self.calls: list[str] = []

    def post(self, url: str, body: bytes) -> bytes:
        raise AssertionError("discovery never POSTs")

    def get_json(self, url: str) -> dict[str, Any]:
        self.calls.append(url)
        answer = self.answers.get(url, self.default)
        if isinstance(answer, Exception):
            raise answer
        return dict(answer)


def test_first_path_over_https_wins() -> None:
    transport = ScriptedTransport({f"https://example.com{CONFIG_PATHS[0]}": config()})
    result = discover("example.com", transport, now=0)
    assert transport.calls == [f"https://example.com{CONFIG_PATHS[0]}"]
    assert result.endpoint == "https://example.com/privmx/api/v1"
    assert result.server_key == bytes.fromhex(KEY_HEX)
    assert (result.ttl, result.version, result.host) == (600, 1, "example.com")


def test_paths_tried_in_order_https_only_for_public_hosts() -> None:
    last = f"https://example.com{CONFIG_PATHS[2]}"
    transport = ScriptedTransport({last: config()})
    discover("example.com", transport, now=0)
    assert transport.calls == [f"https://example.com{path}" for path in CONFIG_PATHS]


def test_loopback_tries_http_then_https_per_path() -> None:
    """http first: a failed https attempt costs a TLS context and handshake per command
    (issue 14), and on loopback refusing TLS gets the http fallback anyway."""
    target = f"https://127.0.0.1:8080{CONFIG_PATHS[1]}"
    doc = config(defaultEndpoint="https://127.0.0.1:8080/privmx/api/v1")
    transport = ScriptedTransport({target: doc}, default=UnreachableError("refused"))
    result = discover("127.0.0.1:8080", transport, now=0)
    assert transport.calls == [
        f"http://127.0.0.1:8080{CONFIG_PATHS[0]}",
        f"https://127.0.0.1:8080{CONFIG_PATHS[0]}",
        f"http://127.0.0.1:8080{CONFIG_PATHS[1]}",
        target,
    ]
    assert result.endpoint.startswith("https://127.0.0.1:8080/")


def test_loopback_served_over_http_needs_one_request() -> None:
    target = f"http://localhost:8080{CONFIG_PATHS[0]}"
    doc = config(defaultEndpoint="http://localhost:8080/privmx/api/v1")
    transport = ScriptedTransport({target: doc}, default=UnreachableError("refused"))
    discover("localhost:8080", transport, now=0)
    assert transport.calls == [target]


def test_allow_http_still_tries_https_first_for_public_hosts() -> None:
    target = f"http://example.com{CONFIG_PATHS[0]}"
    transport = ScriptedTransport({target: config()}, default=UnreachableError("refused"))
    discover("example.com", transport, allow_http=True, now=0)
    assert transport.calls == [f"https://example.com{CONFIG_PATHS[0]}", target]


def test_allow_http_opens_plain_http_for_public_hosts() -> None:
    target = f"http://example.com{CONFIG_PATHS[0]}"
    doc = config(defaultEndpoint="http://example.com/privmx/api/v1")
    transport = ScriptedTransport({target: doc})
    with pytest.raises(ConfigurationNotFoundError):
        discover("example.com", ScriptedTransport({target: doc}), now=0)
    assert discover("example.com", transport, allow_http=True, now=0).endpoint.startswith("http:")


def test_http_endpoint_for_public_host_refused_without_permission() -> None:
    doc = config(defaultEndpoint="http://example.com/privmx/api/v1")
    transport = ScriptedTransport({f"https://example.com{CONFIG_PATHS[0]}": doc})
    with pytest.raises(InvalidConfigurationError, match="plain http"):
        discover("example.com", transport, now=0)


def test_unresolvable_host_is_unknown() -> None:
    transport = ScriptedTransport({}, default=HostNotFoundError("no such host"))
    with pytest.raises(HostUnknownError, match="unknown or unreachable"):
        discover("nowhere.invalid", transport, now=0)
    assert len(transport.calls) == 3


def test_reachable_host_without_config() -> None:
    transport = ScriptedTransport({}, default=HttpStatusError("HTTP 404", 404))
    with pytest.raises(ConfigurationNotFoundError, match="no PrivMX configuration found"):
        discover("example.com", transport, now=0)


def test_non_json_answers_count_as_not_found() -> None:
    transport = ScriptedTransport({}, default=InvalidResponseError("not JSON"))
    with pytest.raises(ConfigurationNotFoundError):
        discover("example.com", transport, now=0)


def test_bad_host_text_is_reported() -> None:
    with pytest.raises(HostUnknownError, match="not a valid host"):
        discover("exa mple.com", ScriptedTransport({}), now=0)


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"version": 2}, "unsupported version"),
        ({"version": "1"}, "'version' must be a int"),
        ({"version": True}, "'version' must be a int"),
        ({"version": None}, "'version' is missing"),
        ({"ttl": -1}, "'ttl'"),
        ({"ttl": 10**9}, "'ttl'"),
        ({"ttl": 1.5}, "'ttl' must be a int"),
        ({"defaultEndpoint": None}, "'defaultEndpoint' is missing"),
        ({"defaultEndpoint": "ftp://example.com/x"}, "not an http(s) URL"),
        ({"defaultEndpoint": "//example.com/x"}, "not an http(s) URL"),
        ({"defaultEndpoint": "https://u:p@example.com/x"}, "credentials"),
        ({"defaultEndpoint": 5}, "must be a str"),
        ({"serverKey": None}, "'serverKey' is missing"),
        ({"serverKey": "04" + "11" * 32}, "33-byte compressed"),
        ({"serverKey": "02" + "11" * 31}, "33-byte compressed"),
        ({"serverKey": "02" + "zz" * 32}, "33-byte compressed"),
        ({"redirect": 7}, "'redirect' must be a host"),
        ({"redirect": "bad host"}, "bad 'redirect'"),
    ],
)
def test_invalid_configuration_is_named(overrides: dict[str, Any], fragment: str) -> None:
    url = f"https://example.com{CONFIG_PATHS[0]}"
    transport = ScriptedTransport({url: config(**overrides)})
    with pytest.raises(InvalidConfigurationError) as info:
        discover("example.com", transport, now=0)
    assert fragment in str(info.value)
    assert url in str(info.value)


def test_cache_holds_for_ttl_then_refetches() -> None:
    url = f"https://example.com{CONFIG_PATHS[0]}"
    transport = ScriptedTransport({url: config(ttl=100)})
    cache = DiscoveryCache()
    first = discover("example.com", transport, now=1000, cache=cache)
    assert discover("example.com", transport, now=1099.9, cache=cache) is first
    assert len(transport.calls) == 1
    discover("example.com", transport, now=1100, cache=cache)
    assert len(transport.calls) == 2


def test_zero_ttl_is_never_cached() -> None:
    url = f"https://example.com{CONFIG_PATHS[0]}"
    transport = ScriptedTransport({url: config(ttl=0)})
    cache = DiscoveryCache()
    discover("example.com", transport, now=0, cache=cache)
    discover("example.com", transport, now=0, cache=cache)
    assert len(transport.calls) == 2


def test_cache_is_per_host() -> None:
    a = f"https://a.example{CONFIG_PATHS[0]}"
    b = f"https://b.example{CONFIG_PATHS[0]}"
    transport = ScriptedTransport({a: config("a.example"), b: config("b.example")})
    cache = DiscoveryCache()
    assert "a.example" in discover("a.example", transport, now=0, cache=cache).endpoint
    assert "b.example" in discover("b.example", transport, now=0, cache=cache).endpoint
    assert len(transport.calls) == 2


def _chain(length: int) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for hop in range(length):
        answers[f"https://h{hop}.example{CONFIG_PATHS[0]}"] = {"redirect": f"h{hop + 1}.example"}
    answers[f"https://h{length}.example{CONFIG_PATHS[0]}"] = config(f"h{length}.example")
    return answers


def test_five_redirects_are_followed() -> None:
    transport = ScriptedTransport(_chain(5))
    cache = DiscoveryCache()
    result = discover("h0.example", transport, now=0, cache=cache)
    assert result.host == "h5.example"
    assert len(transport.calls) == 6
    discover("h0.example", transport, now=1, cache=cache)
    assert len(transport.calls) == 6


def test_sixth_redirect_is_refused() -> None:
    with pytest.raises(RedirectLoopError, match="more than 5"):
        discover("h0.example", ScriptedTransport(_chain(6)), now=0)


def test_redirect_loop_is_refused() -> None:
    answers = {
        f"https://a.example{CONFIG_PATHS[0]}": {"redirect": "b.example"},
        f"https://b.example{CONFIG_PATHS[0]}": {"redirect": "A.example"},
    }
    with pytest.raises(RedirectLoopError, match="loop"):
        discover("a.example", ScriptedTransport(answers), now=0)
