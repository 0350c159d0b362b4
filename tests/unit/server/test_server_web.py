"""The aiohttp layer with a recording fake endpoint: routes, limits, errors, logs."""

from __future__ import annotations

import asyncio
import logging
import socket
import struct
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer

from server_stub.web import (
    API_PATH,
    CONFIG_PATHS,
    STREAM_MIN,
    HttpSettings,
    create_app,
    read_or_client_gone,
)

KEY = bytes.fromhex("02" + "ab" * 32)


class FakeEndpoint:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[bytes, str, float]] = []
        self.fail = fail

    @property
    def public_key(self) -> bytes:
        return KEY

    async def respond(self, body: bytes, *, peer: str, now: float) -> tuple[int, list[bytes]]:
        if self.fail:
            raise RuntimeError("secret internal detail")
        self.calls.append((body, peer, now))
        return 200, [b"R", body[:3]]


Scenario = Callable[[ClientSession, str], Awaitable[Any]]


def run(scenario: Scenario, endpoint: FakeEndpoint, settings: HttpSettings | None = None) -> Any:
    async def main() -> Any:
        app = create_app(endpoint, settings or HttpSettings(max_body=1000), clock=lambda: 42.0)
        server = TestServer(app)
        await server.start_server()
        try:
            async with ClientSession() as session:
                return await scenario(session, str(server.make_url("")).rstrip("/"))
        finally:
            await server.close()

    return asyncio.run(main())


@pytest.mark.parametrize("path", CONFIG_PATHS)
def test_discovery_document(path: str) -> None:
    async def scenario(session: ClientSession, base: str) -> Any:
        async with session.get(base + path) as response:
            assert response.status == 200
            assert response.headers["Cache-Control"] == "max-age=600"
            return await response.json(), base

    document, base = run(scenario, FakeEndpoint())
    assert document == {
        "defaultEndpoint": base + API_PATH,
        "ttl": 600,
        "serverKey": KEY.hex(),
        "version": 1,
    }


def test_public_url_overrides_host_header() -> None:
    async def scenario(session: ClientSession, base: str) -> Any:
        async with session.get(base + CONFIG_PATHS[0]) as response:
            return await response.json()

    settings = HttpSettings(public_url="https://files.example/")
    document = run(scenario, FakeEndpoint(), settings)
    assert document["defaultEndpoint"] == "https://files.example/privmx/api/v1"


def test_bad_host_header_is_refused() -> None:
    async def scenario(session: ClientSession, base: str) -> Any:
        headers = {"Host": "evil.example/<script>"}
        async with session.get(base + CONFIG_PATHS[0], headers=headers) as response:
            return response.status, await response.text()

    assert run(scenario, FakeEndpoint()) == (400, "bad Host header")


def test_health() -> None:
    async def scenario(session: ClientSession, base: str) -> Any:
        async with session.get(base + "/healthz") as response:
            return response.status, await response.json()

    assert run(scenario, FakeEndpoint()) == (200, {"ok": True})


def test_frames_reach_the_endpoint_with_peer_and_clock() -> None:
    endpoint = FakeEndpoint()

    async def scenario(session: ClientSession, base: str) -> Any:
        headers = {"Content-Type": "application/octet-stream"}
        async with session.post(base + API_PATH, data=b"abcdef", headers=headers) as response:
            return response.status, response.content_type, await response.read()

    assert run(scenario, endpoint) == (200, "application/octet-stream", b"Rabc")
    assert endpoint.calls == [(b"abcdef", "127.0.0.1", 42.0)]


def test_a_body_arriving_in_pieces_reaches_the_endpoint_whole() -> None:
    endpoint = FakeEndpoint()
    payload = bytes(range(256)) * 4096  # 1 MiB

    async def pieces() -> Any:
        for start in range(0, len(payload), 70_001):
            yield payload[start : start + 70_001]

    async def scenario(session: ClientSession, base: str) -> Any:
        headers = {"Content-Type": "application/octet-stream", "Content-Length": str(len(payload))}
        async with session.post(base + API_PATH, data=pieces(), headers=headers) as response:
            return response.status, await response.read()

    assert run(scenario, endpoint, HttpSettings(max_body=2 << 20)) == (200, b"R" + payload[:3])
    assert [call[0] for call in endpoint.calls] == [payload]


class LargeAnswerEndpoint(FakeEndpoint):
    """Answers small pieces around one large one, as a sealed block's answer is."""

    def __init__(self, answer: list[bytes | memoryview]) -> None:
        super().__init__()
        self.answer = answer

    async def respond(
        self, body: bytes, *, peer: str, now: float
    ) -> tuple[int, list[bytes | memoryview]]:
        return 200, self.answer


def test_a_large_answer_leaves_in_its_pieces_and_arrives_whole(
    caplog: pytest.LogCaptureFixture,
) -> None:
    block = bytes(range(256)) * 8192  # 2 MiB
    answer: list[bytes | memoryview] = [b"\x01\x14", b"hdr", memoryview(block), b"tail", b"!"]

    async def scenario(session: ClientSession, base: str) -> Any:
        headers = {"Content-Type": "application/octet-stream"}
        async with session.post(base + API_PATH, data=b"x", headers=headers) as response:
            return response.status, response.headers["Content-Length"], await response.read()

    caplog.set_level(logging.INFO, logger="server_stub.http")
    status, length, body = run(scenario, LargeAnswerEndpoint(answer))
    expected = b"\x01\x14hdr" + block + b"tail!"
    assert (status, length, body) == (200, str(len(expected)), expected)
    assert f"out={len(expected)} " in caplog.text, "the log line counts the bytes sent"


async def _until(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        await asyncio.sleep(0.005)


async def _on_a_real_port(
    app: web.Application, scenario: Callable[[web.Server, str, int], Awaitable[Any]]
) -> Any:
    """`scenario(server, host, port)` against `app` on a port of its own. The runner lets
    handlers run on when their client goes, as the real server's does (aiohttp's
    TestServer would cancel them instead)."""
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        assert runner.server is not None
        return await scenario(runner.server, host, port)
    finally:
        await runner.cleanup()


def test_a_client_gone_before_a_streamed_answers_headers_is_no_internal_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A raw socket asks for an answer large enough to be streamed and closes when the
    server is about to write the headers: the server is held at that point (the prepare
    signal, just before the headers go out) until it has seen the connection go."""
    answer: list[bytes | memoryview] = [b"hdr", bytes(STREAM_MIN), b"tail"]
    streamed = sum(map(len, answer))
    at_headers = asyncio.Event()

    async def hold_headers(request: web.Request, response: web.StreamResponse) -> None:
        if response.content_length == streamed and not at_headers.is_set():
            at_headers.set()
            await _until(lambda: request.transport is None)

    async def gone_then_again(server: web.Server, host: str, port: int) -> Any:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(
            f"POST {API_PATH} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: application/octet-stream\r\nContent-Length: 1\r\n\r\nx".encode()
        )
        await writer.drain()
        await asyncio.wait_for(at_headers.wait(), 30)
        writer.close()
        await writer.wait_closed()
        assert await reader.read() == b"", "no byte of the answer left the server"
        await _until(lambda: server.connections == [])  # done with the client gone
        base = f"http://{host}:{port}"
        async with ClientSession() as session:
            async with session.get(base + "/healthz") as health:
                healthy = health.status, await health.json()
            headers = {"Content-Type": "application/octet-stream"}
            async with session.post(base + API_PATH, data=b"x", headers=headers) as again:
                return healthy, again.status, len(await again.read())

    app = create_app(LargeAnswerEndpoint(answer), HttpSettings(max_body=1000))
    app.on_response_prepare.append(hold_headers)
    caplog.set_level(logging.INFO)
    outcome = asyncio.run(_on_a_real_port(app, gone_then_again))
    assert outcome == ((200, {"ok": True}), 200, streamed), "the server answers the next ones"
    failures = [r for r in caplog.records if r.exc_info or r.levelno >= logging.WARNING]
    assert failures == [], [r.getMessage() for r in failures]
    assert "unhandled error" not in caplog.text


def test_a_client_gone_in_the_middle_of_a_streamed_answer_is_no_internal_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A raw socket reads the headers of a 16 MiB answer and resets the connection while
    the server still waits for the socket to drain (far more than the socket buffers
    hold): the write fails with "Connection lost", and nobody is left to answer."""
    answer: list[bytes | memoryview] = [b"hdr", bytes(16 << 20), b"tail"]
    streamed = sum(map(len, answer))

    async def reset_midway(server: web.Server, host: str, port: int) -> Any:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(
            f"POST {API_PATH} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: application/octet-stream\r\nContent-Length: 1\r\n\r\nx".encode()
        )
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        assert head.startswith(b"HTTP/1.1 200"), head
        raw = writer.get_extra_info("socket")
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.close()  # with the answer unread and no linger: a reset
        await _until(lambda: server.connections == [])  # done with the client gone
        base = f"http://{host}:{port}"
        async with ClientSession() as session:
            headers = {"Content-Type": "application/octet-stream"}
            async with session.post(base + API_PATH, data=b"x", headers=headers) as again:
                return again.status, len(await again.read())

    app = create_app(LargeAnswerEndpoint(answer), HttpSettings(max_body=1000))
    caplog.set_level(logging.INFO)
    outcome = asyncio.run(_on_a_real_port(app, reset_midway))
    assert outcome == (200, streamed), "the server answers the next one whole"
    failures = [r for r in caplog.records if r.exc_info or r.levelno >= logging.WARNING]
    assert failures == [], [r.getMessage() for r in failures]
    assert "unhandled error" not in caplog.text


ECHO_PATH = "/echo"  # a route reading its body as the links routes do


async def _echo(request: web.Request) -> web.Response:
    return web.Response(body=await read_or_client_gone(request))


@pytest.mark.parametrize("path", [API_PATH, ECHO_PATH], ids=["frames", "read_or_client_gone"])
@pytest.mark.parametrize(
    "framing",
    [f"Content-Length: {1 << 20}\r\n\r\n", f"Transfer-Encoding: chunked\r\n\r\n{1 << 20:x}\r\n"],
    ids=["content-length", "chunked"],
)
def test_a_client_gone_in_the_middle_of_its_request_body_is_no_internal_error(
    path: str, framing: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A raw socket announces a body of 1 MiB, sends half of it and resets the
    connection: the server's read of the body ends with "Connection lost", and nobody
    is left to answer (before, this was an "unhandled error" with a traceback)."""
    endpoint = FakeEndpoint()

    async def reset_midway(server: web.Server, host: str, port: int) -> Any:
        _, writer = await asyncio.open_connection(host, port)
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Type: application/octet-stream\r\n{framing}".encode()
            + bytes(1 << 19)
        )
        await writer.drain()
        await _until(lambda: server.requests_count == 1)  # the handler reads the body
        raw = writer.get_extra_info("socket")
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.close()
        await _until(lambda: server.connections == [])
        base = f"http://{host}:{port}"
        async with ClientSession() as session:
            headers = {"Content-Type": "application/octet-stream"}
            async with session.post(base + API_PATH, data=b"x", headers=headers) as again:
                return again.status, await again.read()

    app = create_app(endpoint, HttpSettings(max_body=2 << 20))
    app.router.add_post(ECHO_PATH, _echo)
    caplog.set_level(logging.INFO)
    status, _ = asyncio.run(_on_a_real_port(app, reset_midway))
    assert status == 200, "the server answers the next one"
    assert [body for body, _, _ in endpoint.calls] == [b"x"], "no half body reached it"
    failures = [r for r in caplog.records if r.exc_info or r.levelno >= logging.WARNING]
    assert failures == [], [r.getMessage() for r in failures]
    assert "unhandled error" not in caplog.text
    assert "status=499" in caplog.text, "the log line says the client closed the request"


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "status", "reason"),
    [
        ("POST", API_PATH, {"Content-Type": "text/plain"}, b"x", 415, "expected Content-Type"),
        ("POST", API_PATH, {"Content-Type": "application/json"}, b"{}", 415, "expected Content"),
        (
            "POST",
            API_PATH,
            {"Content-Type": "application/octet-stream"},
            b"x" * 1001,
            413,
            "too large",
        ),
        ("GET", API_PATH, {}, b"", 405, "Method Not Allowed"),
        ("PUT", "/healthz", {}, b"", 405, "Method Not Allowed"),
        ("GET", "/nowhere", {}, b"", 404, "Not Found"),
    ],
)
def test_bad_requests_get_short_4xx(
    method: str, path: str, headers: dict[str, str], body: bytes, status: int, reason: str
) -> None:
    endpoint = FakeEndpoint()

    async def scenario(session: ClientSession, base: str) -> Any:
        async with session.request(method, base + path, data=body, headers=headers) as response:
            return response.status, await response.text()

    got_status, text = run(scenario, endpoint)
    assert got_status == status
    assert reason in text and len(text) < 200 and "Traceback" not in text
    assert endpoint.calls == []


def test_missing_content_type_is_refused() -> None:
    endpoint = FakeEndpoint()

    async def scenario(session: ClientSession, base: str) -> Any:
        async with session.post(
            base + API_PATH, data=b"x", skip_auto_headers=["Content-Type"]
        ) as response:
            return response.status

    assert run(scenario, endpoint) == 415
    assert endpoint.calls == []


def test_oversized_chunked_body_is_refused() -> None:
    endpoint = FakeEndpoint()

    async def chunks() -> Any:
        for _ in range(20):
            yield b"y" * 100

    async def scenario(session: ClientSession, base: str) -> Any:
        headers = {"Content-Type": "application/octet-stream"}
        async with session.post(base + API_PATH, data=chunks(), headers=headers) as response:
            return response.status

    assert run(scenario, endpoint) == 413
    assert endpoint.calls == []


def test_unexpected_exception_is_a_generic_500(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario(session: ClientSession, base: str) -> Any:
        headers = {"Content-Type": "application/octet-stream"}
        async with session.post(base + API_PATH, data=b"x", headers=headers) as response:
            return response.status, await response.text()

    with caplog.at_level(logging.INFO, logger="server_stub.http"):
        status, text = run(scenario, FakeEndpoint(fail=True))
    assert (status, text) == (500, "internal server error")
    assert "secret internal detail" in caplog.text, "the traceback belongs in the server log"
    assert any(r.exc_info for r in caplog.records)


def test_one_log_line_per_request_without_body(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario(session: ClientSession, base: str) -> Any:
        headers = {"Content-Type": "application/octet-stream"}
        async with session.post(base + API_PATH, data=b"SECRETBODY", headers=headers) as r:
            await r.read()
        async with session.get(base + "/healthz") as r:
            await r.read()

    with caplog.at_level(logging.INFO, logger="server_stub.http"):
        run(scenario, FakeEndpoint())
    lines = [r.getMessage() for r in caplog.records if r.name == "server_stub.http"]
    assert len(lines) == 2
    assert lines[0].startswith(f"method=POST route={API_PATH} status=200 in=10 out=4 ms=")
    assert lines[1].startswith("method=GET route=/healthz status=200 ")
    assert "SECRET" not in caplog.text


def test_bench_route_only_when_enabled() -> None:
    async def scenario(session: ClientSession, base: str) -> Any:
        async with session.post(base + "/bench/sink", data=b"z" * 500) as response:
            return response.status, (await response.json() if response.status == 200 else None)

    assert run(scenario, FakeEndpoint())[0] == 404
    assert run(scenario, FakeEndpoint(), HttpSettings(bench=True)) == (200, {"length": 500})


def test_bench_source_answers_the_size_asked_only_when_enabled() -> None:
    async def scenario(session: ClientSession, base: str) -> Any:
        answers = []
        for asked in (b"300000", b"0", b"33554433", b"-1"):
            async with session.post(base + "/bench/source", data=asked) as response:
                answers.append((response.status, len(await response.read())))
        return answers

    assert run(scenario, FakeEndpoint())[0][0] == 404
    ok = run(scenario, FakeEndpoint(), HttpSettings(bench=True))
    assert ok[:2] == [(200, 300_000), (200, 0)]
    assert [status for status, _ in ok[2:]] == [400, 400]


def test_app_is_an_aiohttp_application() -> None:
    assert isinstance(create_app(FakeEndpoint(), HttpSettings()), web.Application)
