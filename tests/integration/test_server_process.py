"""The real server process: discovery, health, 1,000 malformed requests, restart, shutdown."""

from __future__ import annotations

import random
import struct
from pathlib import Path
from typing import Any

import msgpack
import pytest
import requests
from server_harness import ROOT, ServerProcess

from app.client.channel import Channel
from app.client.discovery import discover
from app.client.transport import HttpStatusError, HttpTransport
from server_stub.keyfile import read_key

pytestmark = pytest.mark.integration

HANDSHAKE, ALERT = 22, 21


def frame(
    content_type: int, payload: bytes, *, version: int = 1, reserved: bytes = b"\0\0"
) -> bytes:
    return struct.pack(">BBI", version, content_type, len(payload)) + reserved + payload


def alert_code(body: bytes) -> int:
    """Parse the response as exactly one plain ALERT frame and return its code."""
    version, content_type, length = struct.unpack(">BBI", body[:6])
    assert (version, content_type, body[6:8]) == (1, ALERT, b"\0\0"), body[:16]
    assert len(body) == 8 + length, "an ALERT response is one frame"
    alert = msgpack.unpackb(body[8:], raw=False)
    assert set(alert) == {"code", "message"} and len(alert["message"]) <= 200
    return int(alert["code"])


def test_discovery_and_health(server: ServerProcess) -> None:
    with HttpTransport() as transport:
        config = discover(server.host, transport)
        assert transport.get_json(server.url + "/healthz") == {"ok": True}
    assert config.endpoint == server.endpoint
    assert config.version == 1 and config.ttl == 600
    key = read_key(server.data_dir / "server-key")
    assert config.server_key == key.public_key.to_bytes()


def _malformed_bodies(rng: random.Random) -> list[tuple[str, bytes, set[int]]]:
    ecdhe = msgpack.packb(
        {"type": "ecdhe", "key": b"\2" + b"\xff" * 32, "client_random": b"r" * 32, "agent": "t"}
    )
    ticket = msgpack.packb(
        {"type": "ticket", "ticket_id": rng.randbytes(32), "client_random": rng.randbytes(32)}
    )
    count = msgpack.packb({"type": "ticket_request", "count": 4})
    return [
        ("empty", b"", {1, 2}),
        ("garbage", rng.randbytes(rng.randint(1, 300)), {1, 9, 10}),
        ("truncated header", frame(HANDSHAKE, b"x" * 40)[:5], {1}),
        ("truncated payload", frame(HANDSHAKE, ecdhe)[:-7], {1}),
        ("oversized length", struct.pack(">BBI", 1, HANDSHAKE, 0xFFFFFFFF) + b"\0\0abc", {9}),
        ("wrong version", frame(HANDSHAKE, ecdhe, version=2), {10}),
        ("unknown content type", frame(99, b"abc"), {1}),
        ("reserved bytes set", frame(HANDSHAKE, ecdhe, reserved=b"\0\1"), {1}),
        ("not msgpack", frame(HANDSHAKE, b"\xc1\xc1\xc1"), {1}),
        ("unknown message", frame(HANDSHAKE, msgpack.packb({"type": "hello"})), {1}),
        ("bad point", frame(HANDSHAKE, ecdhe) + frame(HANDSHAKE, count), {1, 3}),
        ("ecdhe alone", frame(HANDSHAKE, ecdhe), {1, 2, 3}),
        ("unknown ticket", frame(HANDSHAKE, ticket) + frame(20, b""), {5}),
        ("app data first", frame(23, b"\0" * 32), {2}),
        ("ccs first", frame(20, b""), {2}),
    ]


def test_a_thousand_malformed_requests_leave_the_server_healthy(server: ServerProcess) -> None:
    log_start = server.log_size()
    rng = random.Random(20261126)
    session = requests.Session()
    session.trust_env = False
    octet = {"Content-Type": "application/octet-stream"}
    seen: dict[str, int] = {}
    for n in range(1000):
        kind = n % 5
        if kind == 3:
            response = session.post(
                server.endpoint, data=b"x", headers={"Content-Type": "text/plain"}
            )
            assert response.status_code == 415, response.text
            seen["wrong content type"] = seen.get("wrong content type", 0) + 1
            continue
        if kind == 4:
            method = ("GET", "PUT", "DELETE", "PATCH")[n % 4]
            response = session.request(method, server.endpoint, data=b"x", headers=octet)
            assert response.status_code == 405
            seen["wrong method"] = seen.get("wrong method", 0) + 1
            continue
        name, body, codes = rng.choice(_malformed_bodies(rng))
        response = session.post(server.endpoint, data=body, headers=octet)
        assert response.status_code == 200, (name, response.status_code, response.text[:200])
        assert alert_code(response.content) in codes, name
        seen[name] = seen.get(name, 0) + 1
    assert len(seen) >= 15, seen
    assert session.get(server.url + "/healthz").json() == {"ok": True}
    with HttpTransport() as transport:
        config = discover(server.host, transport)
        channel = Channel(transport, config.endpoint, config.server_key)
        assert channel.call("ping") == "pong"
    failures = _lines_around(server.log_since(log_start), ("Traceback", "internal"))
    assert not failures, failures


def _lines_around(log: str, words: tuple[str, ...], context: int = 3) -> str:
    """The lines of `log` that contain one of `words` (any case), with `context` lines
    before and 20 after each, so a failure shows the error rather than the log's tail."""
    lines = log.splitlines()
    hits = [i for i, line in enumerate(lines) if any(w.lower() in line.lower() for w in words)]
    shown = sorted({j for i in hits for j in range(max(0, i - context), min(len(lines), i + 21))})
    return "\n".join(lines[j] for j in shown)


def test_oversized_request_body_is_refused_before_the_endpoint(server: ServerProcess) -> None:
    big = b"\0" * (33 * 1024 * 1024 + 1)
    with HttpTransport() as transport, pytest.raises(HttpStatusError) as info:
        transport.post(server.endpoint, big)
    assert info.value.status == 413


def test_restart_keeps_the_static_key(spawn_server: Any, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first: ServerProcess = spawn_server(data_dir)
    with HttpTransport() as transport:
        key_before = discover(first.host, transport).server_key
    assert first.stop() == 0
    second: ServerProcess = spawn_server(data_dir)
    with HttpTransport() as transport:
        key_after = discover(second.host, transport).server_key
    assert key_after == key_before
    assert (data_dir / "server-key").stat().st_mode & 0o777 == 0o600
    assert second.stop() == 0
    assert "Traceback" not in first.log() + second.log()


def test_sigint_stops_cleanly(spawn_server: Any, tmp_path: Path) -> None:
    import signal

    running: ServerProcess = spawn_server(tmp_path / "data")
    running.process.send_signal(signal.SIGINT)
    assert running.process.wait(10) == 0
    assert "stopping" in running.log()


def test_a_stalled_request_does_not_hold_a_stop(spawn_server: Any, tmp_path: Path) -> None:
    """A request in progress gets a short grace, not aiohttp's 60 s (nor the body deadline)."""
    import signal
    import socket
    import time

    running: ServerProcess = spawn_server(tmp_path / "data")
    host, port = running.host.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as stalled:
        stalled.sendall(
            b"POST /privmx/api/v1 HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n" + b"\0" * 10
        )
        time.sleep(1.0)  # nothing shows the headers were read; if not yet, this only passes
        started = time.monotonic()
        running.process.send_signal(signal.SIGTERM)
        assert running.process.wait(40) == 0
        # the body deadline (30 s) and aiohttp's default grace (60 s) are both far above this
        assert time.monotonic() - started < 25, running.log()[-2000:]


def test_new_invitation_prints_a_token(tmp_path: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "server_stub", "--data-dir", str(tmp_path / "d")]
    done = subprocess.run(
        [*command, "--new-invitation"], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    assert len(token) >= 40 and "\n" not in token
