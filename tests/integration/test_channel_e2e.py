"""The client channel against the real server process: register, log in, replay, load."""

from __future__ import annotations

import secrets
import threading
import time
import unicodedata
from collections.abc import Sequence
from typing import Any

import msgpack
import pytest
from server_harness import ServerProcess

from app.client.channel import Channel
from app.client.discovery import discover
from app.client.errors import RemoteCallError
from app.client.transport import HttpTransport
from app.crypto import kdf, srp
from app.crypto.ecc import PrivateKey
from app.protocol import Buffer
from app.protocol.errors import AlertReceived

pytestmark = pytest.mark.integration

ITERATIONS = 210_000
LOGIN_FAILED, TOO_MANY_ATTEMPTS, UNKNOWN_TICKET = 6, 7, 5
LOGIN_REQUIRED, REGISTRATION_REFUSED = 1001, 1002


class RecordingTransport:
    """Wraps a real transport and keeps every request body it POSTs."""

    def __init__(self, inner: HttpTransport) -> None:
        self.inner = inner
        self.bodies: list[bytes] = []

    def post(self, url: str, body: bytes) -> bytes:
        self.bodies.append(body)
        return self.inner.post(url, body)

    def get_json(self, url: str) -> dict[str, Any]:
        return self.inner.get_json(url)


class GatherRecordingTransport(HttpTransport):
    """A real HttpTransport that keeps the pieces of every body given to `post_parts`."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[list[Buffer]] = []

    def post_parts(self, url: str, parts: Sequence[Buffer]) -> bytes:
        self.pieces.append(list(parts))
        return super().post_parts(url, parts)


def open_channel(server: ServerProcess, transport: Any) -> Channel:
    config = discover(server.host, transport)
    return Channel(transport, config.endpoint, config.server_key)


def registration(username: str, password: str, **extra: Any) -> dict[str, Any]:
    """What a client sends to `register` (SPEC §6.1 secret, RFC 5054 verifier)."""
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
        **extra,
    }


def fresh_name(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


def test_anonymous_ping_and_whoami_refused(server: ServerProcess, transport: HttpTransport) -> None:
    channel = open_channel(server, transport)
    assert channel.call("ping") == "pong"
    with pytest.raises(RemoteCallError) as info:
        channel.call("whoami")
    assert info.value.code == LOGIN_REQUIRED


def test_a_large_value_goes_out_as_its_own_piece_and_arrives_whole(
    server: ServerProcess,
) -> None:
    payload = secrets.token_bytes(3 * 1024 * 1024 + 5)
    with GatherRecordingTransport() as transport:
        channel = open_channel(server, transport)
        assert channel.call("bench.sink", data=payload) == len(payload)
    sizes = [len(piece) for piece in transport.pieces[-1]]
    sealed = len(payload) + 16  # the channel's AES-GCM tag
    assert sealed in sizes  # the ciphertext itself, not copied into one joined body
    assert sum(sizes) > sealed


def test_large_answers_arrive_whole_and_in_order(server: ServerProcess) -> None:
    """Answers with a large piece leave the server piece by piece (web.py); several in a
    row on one kept-alive connection, each checked byte for byte, then a small one."""
    expected = bytes(range(256)) * (8 * 1024 * 1024 // 256)
    with HttpTransport() as transport:
        channel = open_channel(server, transport)
        for size in (8 * 1024 * 1024, 65_536, 1000, 3 * 1024 * 1024 + 7):
            assert channel.call("bench.source", size=size) == expected[:size]
        assert channel.call("ping") == "pong"


def test_register_then_login_with_srp(server: ServerProcess, transport: HttpTransport) -> None:
    name = fresh_name("alice")
    anonymous = open_channel(server, transport)
    assert anonymous.call("register", **registration(name, "correct horse")) == {"username": name}
    with pytest.raises(RemoteCallError) as info:
        anonymous.call("register", **registration(name, "other"))
    assert info.value.code == REGISTRATION_REFUSED and "taken" in info.value.message
    channel = open_channel(server, transport)
    channel.login_srp(name, "correct horse")
    assert channel.username == name
    assert channel.call("whoami") == {"username": name}
    channel.logout()
    with pytest.raises(RemoteCallError):
        channel.call("whoami")


def test_wrong_password_and_unknown_user_look_alike(
    server: ServerProcess, transport: HttpTransport
) -> None:
    name = fresh_name("bob")
    open_channel(server, transport).call("register", **registration(name, "right"))
    outcomes = []
    for user, password in ((name, "wrong"), (fresh_name("ghost"), "whatever")):
        channel = open_channel(server, transport)
        started = time.perf_counter()
        with pytest.raises(AlertReceived) as info:
            channel.login_srp(user, password)
        outcomes.append((info.value.code, info.value.message, time.perf_counter() - started))
    (code_a, text_a, time_a), (code_b, text_b, time_b) = outcomes
    assert (code_a, text_a) == (code_b, text_b) and code_a == LOGIN_FAILED
    assert 0.33 < time_a / time_b < 3, "an unknown user must not answer much faster"


def test_key_login(server: ServerProcess, transport: HttpTransport) -> None:
    name = fresh_name("carol")
    device = PrivateKey.generate()
    params = registration(name, "pw", login_key=device.public_key.to_bytes())
    open_channel(server, transport).call("register", **params)
    channel = open_channel(server, transport)
    channel.login_key(device, name)
    assert channel.call("whoami") == {"username": name}
    stranger = open_channel(server, transport)
    with pytest.raises(AlertReceived) as info:
        stranger.login_key(PrivateKey.generate(), name)
    assert info.value.code == LOGIN_FAILED


def test_replayed_request_is_refused(server: ServerProcess, transport: HttpTransport) -> None:
    recorder = RecordingTransport(transport)
    channel = open_channel(server, recorder)
    assert channel.call("ping") == "pong"
    captured = recorder.bodies[-1]
    answer = transport.post(server.endpoint, captured)
    assert answer[:2] == b"\x01\x15", "a replayed request must get an ALERT frame"
    assert msgpack.unpackb(answer[8:])["code"] == UNKNOWN_TICKET
    assert channel.call("ping") == "pong"


def test_eight_threads_by_200_calls(server: ServerProcess, transport: HttpTransport) -> None:
    channel = open_channel(server, transport)
    errors: list[BaseException] = []
    counts = [0] * 8
    barrier = threading.Barrier(8)

    def worker(slot: int) -> None:
        barrier.wait()
        try:
            for _ in range(200):
                assert channel.call("ping") == "pong"
                counts[slot] += 1
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == [] and counts == [200] * 8


def test_rate_limit_after_16_failures(spawn_server: Any, tmp_path: Any) -> None:
    running: ServerProcess = spawn_server(tmp_path / "data", "--open-registration")
    with HttpTransport() as transport:
        open_channel(running, transport).call("register", **registration("dave", "right"))
        for attempt in range(16):
            with pytest.raises(AlertReceived) as info:
                open_channel(running, transport).login_srp("dave", f"wrong-{attempt}")
            assert info.value.code == LOGIN_FAILED, attempt
        with pytest.raises(AlertReceived) as info:
            open_channel(running, transport).login_srp("dave", "right")
        assert info.value.code == TOO_MANY_ATTEMPTS
        assert "too many attempts" in info.value.message
        with pytest.raises(AlertReceived) as info:
            open_channel(running, transport).login_srp("someone-else", "x")
        assert info.value.code == LOGIN_FAILED, "the address has 4x as many before its pause"


def test_restart_keeps_users_and_key(spawn_server: Any, tmp_path: Any) -> None:
    data_dir = tmp_path / "data"
    first: ServerProcess = spawn_server(data_dir, "--open-registration")
    with HttpTransport() as transport:
        channel = open_channel(first, transport)
        channel.call("register", **registration("erin", "pw"))
        pinned = channel.server_key
        assert first.stop() == 0
        second: ServerProcess = spawn_server(data_dir)
        config = discover(second.host, transport)
        assert config.server_key == pinned
        again = Channel(transport, config.endpoint, pinned)
        again.login_srp("erin", "pw")
        assert again.call("whoami") == {"username": "erin"}
        with pytest.raises(RemoteCallError) as info:
            again.call("register", **registration("frank", "pw"))
        assert "invitation" in info.value.message, "without --open-registration a token is needed"
