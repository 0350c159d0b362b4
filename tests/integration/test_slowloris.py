"""Slowloris against the real server process, with raw sockets (server_stub/connections.py):
a header block sent byte by byte, a body that trickles, and more connections from one
address than allowed. Limits are lowered through PRIVSHARE_HTTP_* so the test is fast."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from server_harness import ServerProcess, start_server

pytestmark = pytest.mark.integration

HEADER_TIMEOUT, BODY_TIMEOUT, PER_ADDRESS = 2, 2, 6


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServerProcess]:
    monkeypatch.setenv("PRIVSHARE_HTTP_HEADER_TIMEOUT", str(HEADER_TIMEOUT))
    monkeypatch.setenv("PRIVSHARE_HTTP_BODY_TIMEOUT", str(BODY_TIMEOUT))
    monkeypatch.setenv("PRIVSHARE_HTTP_MAX_PER_ADDRESS", str(PER_ADDRESS))
    running = start_server(tmp_path / "data")
    yield running
    assert running.stop() == 0, running.log()[-3000:]


def _connect(server: ServerProcess, source: str = "127.0.0.1") -> socket.socket:
    host, port = server.host.rsplit(":", 1)
    connection = socket.create_connection((host, int(port)), timeout=10, source_address=(source, 0))
    return connection


def _closed_within(
    connection: socket.socket, seconds: float, trickle: Callable[[], None]
) -> tuple[float, bytes]:
    """Keep calling `trickle` every 0.2 s until the server closes; (elapsed, answer)."""
    started = time.monotonic()
    answer = b""
    connection.settimeout(0.2)
    while time.monotonic() - started < seconds:
        try:
            trickle()
            chunk = connection.recv(4096)
        except TimeoutError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            break
        if not chunk:
            break
        answer += chunk
    return time.monotonic() - started, answer


def _healthy(server: ServerProcess) -> bool:
    with _connect(server) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return connection.recv(4096).startswith(b"HTTP/1.1 200")


def test_a_header_block_sent_byte_by_byte_is_cut_off(server: ServerProcess) -> None:
    with _connect(server) as connection:
        connection.sendall(b"POST /privmx/api/v1 HTTP/1.1\r\nHost: x\r\n")
        elapsed, answer = _closed_within(connection, 15, lambda: connection.send(b"X"))
    assert elapsed < HEADER_TIMEOUT + 3, "the server kept a half-sent request open"
    assert answer.startswith(b"HTTP/1.1 408")
    assert _healthy(server)


def test_a_silent_connection_is_cut_off(server: ServerProcess) -> None:
    with _connect(server) as connection:
        elapsed, _ = _closed_within(connection, 15, lambda: None)
    assert elapsed < HEADER_TIMEOUT + 3


def test_a_trickling_body_is_cut_off(server: ServerProcess) -> None:
    with _connect(server) as connection:
        connection.sendall(
            b"POST /privmx/api/v1 HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/octet-stream\r\nContent-Length: 1024\r\n\r\n"
        )
        elapsed, answer = _closed_within(connection, 15, lambda: connection.send(b"B"))
    # body_timeout + 1024 bytes at the minimum rate (16 KiB/s) ~ BODY_TIMEOUT + 0.06 s
    assert elapsed < BODY_TIMEOUT + 3, "the server waited for a trickling body"
    assert answer.startswith(b"HTTP/1.1 408")


def test_one_address_cannot_take_every_connection(server: ServerProcess) -> None:
    held = [_connect(server, "127.0.0.2") for _ in range(PER_ADDRESS)]
    try:
        for connection in held:  # each is served: a kept-alive request
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert connection.recv(4096).startswith(b"HTTP/1.1 200")
        with _connect(server, "127.0.0.2") as extra:
            extra.settimeout(5)
            with pytest.raises((ConnectionResetError, BrokenPipeError)):
                extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                if not extra.recv(4096):
                    raise ConnectionResetError("closed")
        assert _healthy(server), "other addresses are still served"
    finally:
        for connection in held:
            connection.close()
