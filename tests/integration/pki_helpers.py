"""Helpers of the PKI integration tests (test_pki_e2e.py, test_pki_cli.py): registered
users over raw channels, keystores, and a connector whose answers a test rewrites."""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
import socket
import unicodedata
from collections.abc import Callable
from typing import Any

from server_harness import ServerProcess

from app.client.channel import Channel
from app.client.discovery import discover
from app.client.transport import HttpTransport
from app.crypto import kdf, srp
from app.crypto.ecc import PrivateKey
from app.pki import openpgp, wire
from app.pki.verify import Checkpoint
from app.services import pki
from app.services.connection import Connector, MemoryPins, ServerLink

ITERATIONS = 210_000
PASSWORD = "correct horse battery staple"
LOGIN_REQUIRED = 1001
T0 = 1_700_000_000


def key(label: str) -> PrivateKey:
    return PrivateKey.from_bytes(hashlib.sha256(label.encode()).digest())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def fresh_name(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


def registration(username: str, password: str) -> dict[str, Any]:
    """What a client sends to `register` (protocol SPEC §6.1 secret, RFC 5054 verifier)."""
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
    }


def channel_to(endpoint: str, server_key: bytes, transport: Any) -> Channel:
    return Channel(transport, endpoint, server_key)


def anonymous(server: ServerProcess, transport: Any) -> Channel:
    config = discover(server.host, transport)
    return Channel(transport, server.endpoint, config.server_key)


def register_user(server: ServerProcess, transport: Any, username: str) -> Channel:
    """Register `username` with the bare `register` RPC, then log in with SRP."""
    channel = anonymous(server, transport)
    channel.call("register", **registration(username, PASSWORD))
    channel.login_srp(username, PASSWORD)
    return channel


def login(server: ServerProcess, transport: Any, username: str) -> Channel:
    channel = anonymous(server, transport)
    channel.login_srp(username, PASSWORD)
    return channel


def first_keystore(identity: PrivateKey, user_id: str, sink_label: str = "sink1") -> bytes:
    ks = openpgp.new_keystore(identity, user_id, created=T0)
    sink = key(user_id + sink_label).public_key
    return openpgp.emit_keystore(openpgp.add_sink(ks, identity, sink, created=T0))


def next_keystore(previous: bytes, identity: PrivateKey, sink_label: str) -> bytes:
    grown = openpgp.add_sink(
        openpgp.parse_keystore(previous),
        identity,
        key(sink_label).public_key,
        created=T0 + 10,
    )
    return openpgp.emit_keystore(openpgp.succeed(previous, identity, grown, identity, now=T0 + 10))


@dataclasses.dataclass
class Client:
    """One person's client: its pins, checkpoints and connector."""

    connector: Connector
    pins: MemoryPins = dataclasses.field(default_factory=MemoryPins)
    checkpoints: pki.MemoryCheckpoints = dataclasses.field(default_factory=pki.MemoryCheckpoints)

    def whois(self, address: str) -> pki.VerifiedIdentity:
        return pki.whois(
            address, connector=self.connector, pins=self.pins, checkpoints=self.checkpoints
        )

    def checkpoint(self, host: str) -> Checkpoint:
        stored = self.checkpoints.pki_checkpoint(host)
        assert stored is not None
        return wire.decode_checkpoint(stored)


class RedirectingTransport:
    """Sends every request for one host:port to another (what a DNS hijack does)."""

    def __init__(self, inner: HttpTransport, seen: str, real: str) -> None:
        self.inner, self.seen, self.real = inner, seen, real

    def _map(self, url: str) -> str:
        return url.replace(f"//{self.seen}/", f"//{self.real}/", 1)

    def post(self, url: str, body: bytes) -> bytes:
        return self.inner.post(self._map(url), body)

    def get_json(self, url: str) -> dict[str, Any]:
        return self.inner.get_json(self._map(url))


class RewritingChannel:
    """A channel whose pkiGetKeystore answers pass through `rewrite` (a lying server)."""

    def __init__(self, inner: Channel, rewrite: Callable[[dict[str, Any]], None]) -> None:
        self.inner, self.rewrite = inner, rewrite

    @property
    def server_key(self) -> bytes | None:
        return self.inner.server_key

    def call(self, method: str, **params: Any) -> Any:
        result = self.inner.call(method, **params)
        if method == "pkiGetKeystore":
            self.rewrite(result)
        return result


@dataclasses.dataclass
class RewritingConnector(Connector):
    rewrite: Callable[[dict[str, Any]], None] = lambda answer: None

    def connect(self, host: str, pins: Any) -> ServerLink:
        link = super().connect(host, pins)
        return ServerLink(link.config, RewritingChannel(link.channel, self.rewrite))  # type: ignore[arg-type]


def substitute_keystore(fake: bytes) -> Callable[[dict[str, Any]], None]:
    def rewrite(answer: dict[str, Any]) -> None:
        answer["revisions"][-1]["keystore"] = fake

    return rewrite
