"""HTTP transport: the only module that uses `requests` (DESIGN §1, §6).

`Transport` is the small interface the channel and discovery use; `HttpTransport`
implements it on a `requests.Session`. Errors (all one line, never a traceback text):

    TransportError                 root of every transport failure
    ├── UnreachableError           no connection (refused, reset, TLS failure)
    │   ├── HostNotFoundError      the host name did not resolve
    │   └── ProxyFailedError       the proxy is down, refused the login, or could not
    │                              reach the server; the message names the proxy
    ├── RequestTimeoutError        connect or read timed out
    ├── HttpStatusError            the server answered with a non-2xx status (`.status`)
    └── InvalidResponseError       the answer is too big, or not the JSON object expected

Proxies: the system settings (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) apply unless
an explicit proxy URL is given, which then carries every request (http, https, socks5,
socks5h). They are read once per URL and transport (as are REQUESTS_CA_BUNDLE and
friends); a changed environment needs a new transport. HTTP redirects are never
followed: a 3xx is an `HttpStatusError`. Cookies and .netrc are not used.

Certificates of https servers are checked against the operating system's trust store
(`truststore`: OpenSSL's default paths on Linux, SSL_CERT_FILE/SSL_CERT_DIR included,
the keychain on macOS, CryptoAPI on Windows), so a company's TLS-inspecting proxy
works when its root is installed on the system. A CA bundle given as `verify` (or by
REQUESTS_CA_BUNDLE) is trusted in addition. The PrivMX channel inside still pins the
server's key, so security does not rest on the certificate.

Every message quotes the URL actually tried (scheme included) and, when a proxy
carried the request, the proxy (never its password).
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

import requests
import socks
import urllib3.exceptions
from requests.adapters import BaseAdapter, HTTPAdapter
from requests.utils import select_proxy

from app.client.errors import ClientError
from app.protocol import Buffer

__all__ = [
    "HostNotFoundError",
    "HttpStatusError",
    "HttpTransport",
    "InvalidResponseError",
    "ProxyFailedError",
    "RequestTimeoutError",
    "Transport",
    "TransportError",
    "UnreachableError",
]

_PROXY_SCHEMES = frozenset({"http", "https", "socks5", "socks5h"})
_ERROR_BODY_LIMIT = 4096
DEFAULT_MAX_RESPONSE = 64 * 1024 * 1024
_JSON_LIMIT = 64 * 1024
_GATHER_MIN = 64 * 1024  # smaller pieces of a body are joined before they are sent
_MAX_ROUTES = 256
_BASE_HEADERS = {"User-Agent": "privshare", "Accept-Encoding": "identity"}
_POST_HEADERS = {"Content-Type": "application/octet-stream", "Accept": "application/octet-stream"}
_GET_HEADERS = {"Accept": "application/json"}
# Privshare servers never ask for HTTP authentication, so through a proxy these answers
# are the proxy's (407, or 401 as tinyproxy sends for forwarded plain-http requests).
_PROXY_LOGIN_STATUSES = frozenset({401, 407})


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


class ProxyFailedError(UnreachableError):
    """The proxy could not be reached, refused the login, or could not reach the server.

    `proxy` is the proxy's URL without credentials.
    """

    def __init__(self, message: str, proxy: str) -> None:
        super().__init__(message)
        self.proxy = proxy


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
        # verify=False (tests only) checks nothing, so it needs no trust store
        adapter_type = _SystemTrustAdapter if verify is not False else HTTPAdapter
        adapter = adapter_type(pool_connections=4, pool_maxsize=16)
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

    def post_parts(self, url: str, parts: Sequence[Buffer]) -> bytes:
        """`post` of the pieces joined, without joining them: a large piece (a block's
        ciphertext) goes to the socket as it is; runs of small ones are joined so the
        body does not leave in tiny writes."""
        return self._send("POST", url, _coalesced(parts))

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

    def _send(self, method: str, url: str, body: bytes | list[Buffer] | None) -> bytes:
        try:
            route = self._route(method, url)
        except requests.exceptions.RequestException as exc:
            raise _translate(exc, url, None) from None
        prepared = route.template.copy()
        if body is not None:
            # with Content-Length set, urllib3 writes a list's pieces one by one, unchunked
            length = len(body) if isinstance(body, bytes) else sum(map(_size, body))
            prepared.body = body  # type: ignore[assignment]  # requests' stubs lack iterables
            prepared.headers["Content-Length"] = str(length)
        try:
            response = route.adapter.send(
                prepared,
                stream=True,
                timeout=self._timeout,
                verify=route.verify,
                proxies=route.proxies,
            )
            with response:
                if response.status_code in _PROXY_LOGIN_STATUSES and route.proxies:
                    raise _proxy_login_refused(url, select_proxy(url, route.proxies))
                return self._read(response, url)
        except requests.exceptions.RequestException as exc:
            raise _translate(exc, url, select_proxy(url, route.proxies)) from None

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


class _SystemTrustAdapter(HTTPAdapter):
    """An HTTPAdapter whose TLS checks use the operating system's trust store.

    The context goes to every https connection pool, direct or through a proxy (through
    a CONNECT tunnel or SOCKS, the server's certificate is checked the same way), and to
    every proxy manager. With `verify=True` requests would load certifi's bundle into
    each connection; only an explicit bundle (a path) is loaded here, on top of the
    system's roots. The context, and `truststore` with it, is made at the first https
    or proxied request: a command against an http server never loads them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._trust: ssl.SSLContext | None = None
        self._trust_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def _trust_context(self) -> ssl.SSLContext:
        with self._trust_lock:
            if self._trust is None:
                import truststore

                self._trust = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            return self._trust

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: bool | str, cert: Any = None
    ) -> tuple[Any, Any]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        if host_params["scheme"] == "https":
            pool_kwargs["ssl_context"] = self._trust_context()
        return host_params, pool_kwargs

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs["ssl_context"] = self._trust_context()
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, verify, cert)  # type: ignore[no-untyped-call]
        if verify is True and url.lower().startswith("https"):
            conn.ca_certs = None
            conn.ca_cert_dir = None


def _size(piece: Buffer) -> int:
    return piece.nbytes if isinstance(piece, memoryview) else len(piece)


def _coalesced(parts: Sequence[Buffer]) -> list[Buffer]:
    """`parts` with each run of pieces under `_GATHER_MIN` bytes joined into one."""
    out: list[Buffer] = []
    run: list[Buffer] = []
    for piece in parts:
        if _size(piece) >= _GATHER_MIN:
            if run:
                out.append(b"".join(run))
                run = []
            out.append(piece)
        else:
            run.append(piece)
    if run:
        out.append(b"".join(run))
    return out


def _check_proxy_url(proxy: str) -> None:
    parts = urlsplit(proxy)
    if parts.scheme not in _PROXY_SCHEMES or not parts.hostname:
        raise ValueError(
            f"proxy {proxy!r} is not a URL like http://host:port or socks5h://host:port"
        )


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _translate(
    exc: requests.exceptions.RequestException, url: str, proxy: str | None
) -> TransportError:
    where = _where(url)
    if proxy is not None and not isinstance(exc, requests.exceptions.ReadTimeout):
        failure = _proxy_failure(exc, where, _shown_proxy(proxy))
        if failure is not None:
            return failure
    if isinstance(exc, requests.exceptions.Timeout):
        return RequestTimeoutError(f"{where}: timed out")
    if isinstance(exc, requests.exceptions.SSLError):
        return UnreachableError(f"{where}: TLS failed (certificate or protocol)")
    if isinstance(exc, requests.exceptions.ConnectionError):
        if _is_name_failure(exc):
            return HostNotFoundError(f"{where}: host name not found")
        return UnreachableError(f"{where}: cannot connect")
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return TransportError(f"{url!r} is not a valid URL")
    return TransportError(f"{where}: request failed ({type(exc).__name__})")


def _proxy_failure(
    exc: requests.exceptions.RequestException, where: str, proxy: str
) -> ProxyFailedError | None:
    """What the proxy did wrong, when it was the proxy (HTTP CONNECT or SOCKS)."""
    causes = list(_causes(exc))
    if any(isinstance(c, socks.SOCKS5AuthError | socks.SOCKS4Error) for c in causes):
        return ProxyFailedError(
            f"the proxy {proxy} refused the login (check its user name and password) for {where}",
            proxy,
        )
    if any(isinstance(c, socks.ProxyConnectionError) for c in causes):
        return ProxyFailedError(
            f"cannot connect to the proxy {proxy} (is it running? check the proxy setting) "
            f"for {where}",
            proxy,
        )
    if any(isinstance(c, socks.ProxyError) for c in causes):
        return ProxyFailedError(
            f"the proxy {proxy} could not reach {where} ({_socks_reason(causes)})", proxy
        )
    if isinstance(exc, requests.exceptions.ConnectTimeout) and proxy.startswith("socks"):
        return ProxyFailedError(f"the proxy {proxy} did not answer in time for {where}", proxy)
    if isinstance(exc, requests.exceptions.ProxyError):
        return ProxyFailedError(
            f"the proxy {proxy} refused or could not be reached for {where} "
            f"({_http_proxy_reason(exc)})",
            proxy,
        )
    return None


def _proxy_login_refused(url: str, proxy: str | None) -> ProxyFailedError:
    shown = _shown_proxy(proxy or "")
    return ProxyFailedError(
        f"the proxy {shown} refused the login (check its user name and password) for {_where(url)}",
        shown,
    )


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and everything it wraps: causes, contexts and urllib3's `reason`s."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        wrapped = [arg for arg in current.args if isinstance(arg, BaseException)]
        for attribute in ("reason", "socket_err"):  # urllib3's and PySocks' wrapping
            inner = getattr(current, attribute, None)
            if isinstance(inner, BaseException):
                wrapped.append(inner)
        wrapped += [e for e in (current.__cause__, current.__context__) if e is not None]
        pending.extend(reversed(wrapped))


def _socks_reason(causes: list[BaseException]) -> str:
    """The SOCKS server's reply ("Connection refused"), without PySocks' code prefix."""
    for cause in causes:
        text = str(getattr(cause, "msg", "") or cause)
        if isinstance(cause, socks.SOCKS5Error) and ": " in text:
            return text.split(": ", 1)[1]
    return "the connection through it failed"


def _http_proxy_reason(exc: BaseException) -> str:
    for cause in _causes(exc):
        text = str(cause)
        if "Tunnel connection failed:" in text:
            answer = text.split("Tunnel connection failed:", 1)[1].strip(" ')\"")
            if answer.startswith(("401", "407")):
                return f"it refused the login, {answer}: check its user name and password"
            return f"it answered {answer}"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused: is it running?"
    return "check the proxy setting"


def _shown_proxy(proxy: str) -> str:
    """The proxy URL as shown to people: scheme, host and port, never the password."""
    parts = urlsplit(proxy)
    host = parts.hostname or "?"
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


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
