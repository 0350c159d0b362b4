"""HttpTransport against a real local HTTP server, an HTTP proxy and a SOCKS5 proxy."""

from __future__ import annotations

import gzip
import json
import os
import socket
import socketserver
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from app.client.channel import GatherTransport
from app.client.transport import (
    HostNotFoundError,
    HttpStatusError,
    HttpTransport,
    InvalidResponseError,
    RequestTimeoutError,
    Transport,
    TransportError,
    UnreachableError,
)

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


class Handler(BaseHTTPRequestHandler):
    """Echo POSTs; GET paths choose the answer; records the request lines it saw."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.server.seen.append(f"POST {self.path} {self.headers['Content-Type']}")  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.endswith("/framing"):
            framing = f"{self.headers['Content-Length']} {self.headers['Transfer-Encoding']}"
            self._send(200, framing.encode(), "application/octet-stream")
        elif self.path.endswith("/fail"):
            self._send(400, b"ALERT" + body[:10], "application/octet-stream")
        else:
            self._send(200, body[::-1], "application/octet-stream")

    def do_GET(self) -> None:
        self.server.seen.append(f"GET {self.path}")  # type: ignore[attr-defined]
        answers: dict[str, tuple[int, bytes]] = {
            "/ok": (200, json.dumps({"a": 1}).encode()),
            "/list": (200, b"[1, 2]"),
            "/garbage": (200, b"\xff\xfe not json"),
            "/big": (200, b'{"a": "' + b"x" * 70_000 + b'"}'),
            "/missing": (404, b"nope"),
        }
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/gzip-bomb":
            body = gzip.compress(b"0" * 100_000)
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path == "/slow":
            threading.Event().wait(1.0)
        status, body = answers.get(self.path, (200, b"{}"))
        self._send(status, body)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.seen  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
        monkeypatch.delenv(var.lower(), raising=False)


@pytest.fixture
def transport(no_proxy_env: None) -> Iterator[HttpTransport]:
    with HttpTransport(timeout=(2, 0.5)) as t:
        yield t


def test_is_a_transport() -> None:
    assert isinstance(HttpTransport(), Transport)


def test_post_round_trip_with_octet_stream(
    server: tuple[str, list[str]], transport: HttpTransport
) -> None:
    base, seen = server
    body = bytes(range(256)) * 4096
    assert transport.post(base + "/echo", body) == body[::-1]
    assert seen[-1] == "POST /echo application/octet-stream"


def test_is_a_gather_transport() -> None:
    assert isinstance(HttpTransport(), GatherTransport)


def test_post_parts_sends_the_pieces_as_one_body_of_known_length(
    server: tuple[str, list[str]], transport: HttpTransport
) -> None:
    base, _ = server
    large = os.urandom(300_000)
    parts = [b"\x01\x02", b"head", memoryview(large)[7:], bytearray(b"tail"), b"", b"end"]
    joined = b"".join(parts)
    assert transport.post_parts(base + "/echo", parts) == joined[::-1]
    assert transport.post_parts(base + "/echo", [b"only"]) == b"ylno"


def test_post_parts_is_not_chunked(server: tuple[str, list[str]], transport: HttpTransport) -> None:
    base, _ = server
    parts = [b"a" * 10, os.urandom(100_000), b"z"]
    assert transport.post_parts(base + "/framing", parts) == b"100011 None"


def test_non_2xx_post_carries_status_and_body(
    server: tuple[str, list[str]], transport: HttpTransport
) -> None:
    base, _ = server
    with pytest.raises(HttpStatusError) as info:
        transport.post(base + "/fail", b"0123456789abc")
    assert info.value.status == 400
    assert info.value.body == b"ALERT0123456789"
    assert "\n" not in str(info.value) and "HTTP 400" in str(info.value)


def test_get_json(server: tuple[str, list[str]], transport: HttpTransport) -> None:
    base, _ = server
    assert transport.get_json(base + "/ok") == {"a": 1}


@pytest.mark.parametrize(
    ("path", "error", "fragment"),
    [
        ("/list", InvalidResponseError, "not a JSON object"),
        ("/garbage", InvalidResponseError, "not valid JSON"),
        ("/big", InvalidResponseError, "larger than 64 KiB"),
        ("/missing", HttpStatusError, "HTTP 404"),
        ("/redirect", HttpStatusError, "HTTP 302"),
    ],
)
def test_get_json_failures(
    server: tuple[str, list[str]],
    transport: HttpTransport,
    path: str,
    error: type[Exception],
    fragment: str,
) -> None:
    base, _ = server
    with pytest.raises(error, match=fragment):
        transport.get_json(base + path)


def test_read_timeout(server: tuple[str, list[str]], transport: HttpTransport) -> None:
    base, _ = server
    with pytest.raises(RequestTimeoutError, match="timed out"):
        transport.get_json(base + "/slow")


def test_response_size_limit(server: tuple[str, list[str]], no_proxy_env: None) -> None:
    base, _ = server
    with HttpTransport(max_response=1000) as small:
        with pytest.raises(InvalidResponseError, match="too large"):
            small.post(base + "/echo", b"x" * 1001)


def test_large_bodies_round_trip_exactly(
    server: tuple[str, list[str]], transport: HttpTransport
) -> None:
    base, _ = server
    body = os.urandom(3 * 1024 * 1024 + 7)
    assert transport.post(base + "/echo", body) == body[::-1]


def test_a_compressed_answer_is_limited_after_decompression(
    server: tuple[str, list[str]], no_proxy_env: None
) -> None:
    base, _ = server
    with HttpTransport(max_response=1000) as small:
        with pytest.raises(InvalidResponseError, match="larger than the limit"):
            small.get_json(base + "/gzip-bomb")


def test_closed_port_is_unreachable(transport: HttpTransport) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(UnreachableError, match="cannot connect") as info:
        transport.post(f"http://127.0.0.1:{port}/x", b"")
    assert not isinstance(info.value, HostNotFoundError)


def test_unknown_host_is_host_not_found(transport: HttpTransport) -> None:
    with pytest.raises(HostNotFoundError, match="host name not found"):
        transport.get_json("http://no-such-host.invalid/x")


def test_bad_url_is_a_transport_error(transport: HttpTransport) -> None:
    with pytest.raises(TransportError, match="not a valid URL"):
        transport.get_json("not a url")


# -- proxy settings as requests merges them ----------------------------------------------


def test_environment_proxies_apply(monkeypatch: pytest.MonkeyPatch, no_proxy_env: None) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://plain.corp:8080")
    monkeypatch.setenv("NO_PROXY", "internal.example,127.0.0.1")
    transport = HttpTransport()
    assert transport.effective_proxies("https://example.com/x")["https"] == "http://proxy.corp:3128"
    assert transport.effective_proxies("http://example.com/x")["http"] == "http://plain.corp:8080"
    assert transport.effective_proxies("https://internal.example/x") == {}
    assert transport.effective_proxies("http://127.0.0.1:9/x") == {}


def test_explicit_proxy_overrides_environment(
    monkeypatch: pytest.MonkeyPatch, no_proxy_env: None
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp:3128")
    transport = HttpTransport(proxy="socks5h://127.0.0.1:1080")
    assert transport.effective_proxies("https://example.com/x") == {
        "http": "socks5h://127.0.0.1:1080",
        "https": "socks5h://127.0.0.1:1080",
    }


def test_system_proxy_can_be_ignored(monkeypatch: pytest.MonkeyPatch, no_proxy_env: None) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp:3128")
    assert HttpTransport(use_system_proxy=False).effective_proxies("https://example.com/") == {}


def test_no_proxy_without_environment(no_proxy_env: None) -> None:
    assert HttpTransport().effective_proxies("https://example.com/") == {}


@pytest.mark.parametrize("proxy", ["ftp://p:1", "p:1", "socks4://p:1", "http://"])
def test_bad_proxy_url_is_refused(proxy: str) -> None:
    with pytest.raises(ValueError, match="not a URL like"):
        HttpTransport(proxy=proxy)


# -- real proxies --------------------------------------------------------------------------


class _Socks5(socketserver.StreamRequestHandler):
    """Minimal SOCKS5 (no auth, CONNECT by IPv4 or name) that relays bytes."""

    def handle(self) -> None:
        head = self.connection.recv(2)
        self.connection.recv(head[1])
        self.connection.sendall(b"\x05\x00")
        _ver, _cmd, _rsv, atyp = self.connection.recv(4)
        if atyp == 1:
            host = socket.inet_ntoa(self.connection.recv(4))
        else:
            host = self.connection.recv(self.connection.recv(1)[0]).decode()
        (port,) = struct.unpack(">H", self.connection.recv(2))
        self.server.targets.append((host, port))  # type: ignore[attr-defined]
        upstream = socket.create_connection((host, port))
        self.connection.sendall(b"\x05\x00\x00\x01" + b"\0" * 6)
        _relay(self.connection, upstream)


def _relay(a: socket.socket, b: socket.socket) -> None:
    def pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            dst.close()

    thread = threading.Thread(target=pump, args=(b, a), daemon=True)
    thread.start()
    pump(a, b)
    thread.join(5)


class _HttpProxy(BaseHTTPRequestHandler):
    """Forward proxy for plain http: takes the absolute URI and replays it upstream."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        import urllib.request

        self.server.targets.append(self.path)  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers["Content-Length"]))
        request = urllib.request.Request(self.path, data=body, method="POST")
        request.add_header("Content-Type", self.headers["Content-Type"])
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request) as upstream:
            answer = upstream.read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


def _serve(server: socketserver.BaseServer) -> None:
    server.targets = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()


def test_post_through_socks5_proxy(server: tuple[str, list[str]], no_proxy_env: None) -> None:
    base, _ = server
    socks = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Socks5)
    socks.daemon_threads = True
    _serve(socks)
    try:
        proxy = f"socks5://127.0.0.1:{socks.server_address[1]}"
        with HttpTransport(proxy=proxy) as transport:
            assert transport.post(base + "/echo", b"via socks") == b"skcos aiv"
        port = int(base.rsplit(":", 1)[1])
        assert socks.targets == [("127.0.0.1", port)]  # type: ignore[attr-defined]
    finally:
        socks.shutdown()
        socks.server_close()


def test_post_through_environment_http_proxy(
    server: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch, no_proxy_env: None
) -> None:
    base, _ = server
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _HttpProxy)
    _serve(proxy)
    try:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
        with HttpTransport() as transport:
            assert transport.post(base + "/echo", b"via proxy") == b"yxorp aiv"
        assert proxy.targets == [base + "/echo"]  # type: ignore[attr-defined]
    finally:
        proxy.shutdown()
        proxy.server_close()


def test_dead_proxy_is_unreachable(no_proxy_env: None) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with HttpTransport(proxy=f"http://127.0.0.1:{port}") as transport:
        with pytest.raises(UnreachableError, match="proxy"):
            transport.post("http://example.com/x", b"")
