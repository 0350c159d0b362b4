"""HTTP transport: the only module that uses `requests` (DESIGN §1, §6).

`Transport` is the small interface the channel and discovery use; `HttpTransport`
implements it on a `requests.Session`. Errors (all one line, never a traceback text):

    TransportError                 root of every transport failure
    ├── UnreachableError           no connection (refused, reset, TLS failure, proxy down)
    │   └── HostNotFoundError      the host name did not resolve
    ├── RequestTimeoutError        connect or read timed out
    ├── HttpStatusError            the server answered with a non-2xx status (`.status`)
    └── InvalidResponseError       the answer is too big, or not the JSON object expected

Proxies: the system settings (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) apply unless
an explicit proxy URL is given, which then carries every request (http, https, socks5,
socks5h). They are read once per URL and transport (as are REQUESTS_CA_BUNDLE and
friends); a changed environment needs a new transport. HTTP redirects are never
followed: a 3xx is an `HttpStatusError`. Cookies and .netrc are not used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
from requests.adapters import BaseAdapter

from app.client.errors import ClientError

__all__ = [
    "HostNotFoundError",
    "HttpStatusError",
    "HttpTransport",
    "InvalidResponseError",
    "RequestTimeoutError",
    "Transport",
    "TransportError",
    "UnreachableError",
]

_PROXY_SCHEMES = frozenset({"http", "https", "socks5", "socks5h"})
_ERROR_BODY_LIMIT = 4096
DEFAULT_MAX_RESPONSE = 64 * 1024 * 1024
_JSON_LIMIT = 64 * 1024
_MAX_ROUTES = 256
_BASE_HEADERS = {"User-Agent": "privshare", "Accept-Encoding": "identity"}
_POST_HEADERS = {"Content-Type": "application/octet-stream", "Accept": "application/octet-stream"}
_GET_HEADERS = {"Accept": "application/json"}


@dataclass(frozen=True)
class _Route:
    adapter: BaseAdapter
    proxies: dict[str, str]
    verify: bool | str
    template: requests.PreparedRequest


class TransportError(ClientError):
    """The request did not produce a usable answer."""


class UnreachableError(TransportError):
    """No connection could be made to the server (or to the proxy)."""


class HostNotFoundError(UnreachableError):
    """The server's host name is unknown (DNS lookup failed)."""


class RequestTimeoutError(TransportError):
    """The server did not answer in time."""


class HttpStatusError(TransportError):
    """The server answered with a non-2xx HTTP status.

    `status` is the code; `body` holds at most the first 4 KiB of the answer (a
    protocol ALERT may travel in it).
    """

    def __init__(self, message: str, status: int, body: bytes = b"") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class InvalidResponseError(TransportError):
    """The answer could not be used (too large, or not the JSON object expected)."""


@runtime_checkable
class Transport(Protocol):
    """What the client needs from HTTP: POST bytes, GET a JSON object."""

    def post(self, url: str, body: bytes) -> bytes:
        """POST `body` as application/octet-stream; return the 2xx response body."""
        ...

    def get_json(self, url: str) -> dict[str, Any]:
        """GET `url` and return its JSON object."""
        ...


class HttpTransport:
    """`Transport` over a pooled `requests.Session` (thread-safe for concurrent posts)."""

    def __init__(
        self,
        proxy: str | None = None,
        timeout: tuple[float, float] = (5, 60),
        verify: bool | str = True,
        *,
        max_response: int = DEFAULT_MAX_RESPONSE,
        use_system_proxy: bool = True,
    ) -> None:
        """`proxy`: an explicit http(s)/socks5(h) proxy URL for every request.
        `use_system_proxy`: honour HTTP(S)_PROXY/NO_PROXY (and the CA bundle variables)
        when no explicit proxy is set; False is the settings' "no proxy"."""
        if proxy is not None:
            _check_proxy_url(proxy)
        self._proxies = {"http": proxy, "https": proxy} if proxy else {}
        self._timeout = timeout
        self._verify = verify
        self._max_response = max_response
        self._routes: dict[tuple[str, str], _Route] = {}
        self._session = requests.Session()
        self._session.trust_env = use_system_proxy
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=16)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    def close(self) -> None:
        """Close pooled connections."""
        self._session.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def effective_proxies(self, url: str) -> dict[str, str]:
        """The proxies a request to `url` would use (explicit proxy, else environment)."""
        settings = self._session.merge_environment_settings(
            url, dict(self._proxies), None, self._verify, None
        )
        return {key: value for key, value in settings["proxies"].items() if value}

    def post(self, url: str, body: bytes) -> bytes:
        return self._send("POST", url, body)

    def get_json(self, url: str) -> dict[str, Any]:
        raw = self._send("GET", url, None)
        if len(raw) > _JSON_LIMIT:
            raise InvalidResponseError(f"{_where(url)}: JSON answer larger than 64 KiB")
        try:
            value = json.loads(raw)
        except (UnicodeDecodeError, ValueError):
            raise InvalidResponseError(f"{_where(url)}: answer is not valid JSON") from None
        if not isinstance(value, dict):
            raise InvalidResponseError(f"{_where(url)}: answer is not a JSON object")
        return value

    def _route(self, method: str, url: str) -> _Route:
        """Proxy, TLS and header settings for `url`, worked out once per URL.

        Session.request would re-read the environment on every call (about a third of
        the cost of a small request); the settings are the same ones it would use.
        """
        route = self._routes.get((method, url))
        if route is None:
            settings = self._session.merge_environment_settings(
                url, dict(self._proxies), True, self._verify, None
            )
            headers = dict(_BASE_HEADERS)
            headers.update(_POST_HEADERS if method == "POST" else _GET_HEADERS)
            template = requests.Request(method, url, headers=headers).prepare()
            proxies = {key: value for key, value in settings["proxies"].items() if value}
            adapter = self._session.get_adapter(url)
            verify = True if settings["verify"] is None else settings["verify"]
            route = _Route(adapter, proxies, verify, template)
            if len(self._routes) < _MAX_ROUTES:
                self._routes[(method, url)] = route
        return route

    def _send(self, method: str, url: str, body: bytes | None) -> bytes:
        try:
            route = self._route(method, url)
            prepared = route.template.copy()
            if body is not None:
                prepared.body = body
                prepared.headers["Content-Length"] = str(len(body))
            response = route.adapter.send(
                prepared,
                stream=True,
                timeout=self._timeout,
                verify=route.verify,
                proxies=route.proxies,
            )
            with response:
                return self._read(response, url)
        except requests.exceptions.RequestException as exc:
            raise _translate(exc, url) from None

    def _read(self, response: requests.Response, url: str) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > self._max_response:
            raise InvalidResponseError(f"{_where(url)}: answer of {declared} bytes is too large")
        if not 200 <= response.status_code < 300:
            body = response.raw.read(_ERROR_BODY_LIMIT, decode_content=True) or b""
            reason = response.reason or "error"
            raise HttpStatusError(
                f"{_where(url)}: HTTP {response.status_code} {reason}", response.status_code, body
            )
        try:
            encoding = response.headers.get("Content-Encoding", "identity").lower()
            if declared is not None and declared.isdigit() and encoding == "identity":
                # the exact length is known (and within the limit): one read, no
                # preallocated buffer of the limit's size and no copy out of it
                data = response.raw.read(decode_content=True) or b""
            else:
                data = response.raw.read(self._max_response + 1, decode_content=True) or b""
        except urllib3.exceptions.HTTPError as exc:
            raise _translate_urllib3(exc, url) from None
        if len(data) > self._max_response:
            raise InvalidResponseError(f"{_where(url)}: answer larger than the limit")
        return data


def _check_proxy_url(proxy: str) -> None:
    parts = urlsplit(proxy)
    if parts.scheme not in _PROXY_SCHEMES or not parts.hostname:
        raise ValueError(
            f"proxy {proxy!r} is not a URL like http://host:port or socks5h://host:port"
        )


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _translate(exc: requests.exceptions.RequestException, url: str) -> TransportError:
    where = _where(url)
    if isinstance(exc, requests.exceptions.Timeout):
        return RequestTimeoutError(f"{where}: timed out")
    if isinstance(exc, requests.exceptions.ProxyError):
        return UnreachableError(f"{where}: the proxy refused or could not be reached")
    if isinstance(exc, requests.exceptions.SSLError):
        return UnreachableError(f"{where}: TLS failed (certificate or protocol)")
    if isinstance(exc, requests.exceptions.ConnectionError):
        if _is_name_failure(exc):
            return HostNotFoundError(f"{where}: host name not found")
        return UnreachableError(f"{where}: cannot connect")
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return TransportError(f"{url!r} is not a valid URL")
    return TransportError(f"{where}: request failed ({type(exc).__name__})")


def _translate_urllib3(exc: urllib3.exceptions.HTTPError, url: str) -> TransportError:
    if isinstance(exc, urllib3.exceptions.TimeoutError):
        return RequestTimeoutError(f"{_where(url)}: timed out while reading")
    return UnreachableError(f"{_where(url)}: connection lost while reading")


def _is_name_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, urllib3.exceptions.NameResolutionError):
            return True
        for arg in current.args:
            if isinstance(arg, urllib3.exceptions.MaxRetryError) and isinstance(
                arg.reason, urllib3.exceptions.NameResolutionError
            ):
                return True
        current = current.__cause__ or current.__context__
    return False
