"""No lock-out by anyone: an attacker without an account, guessing a victim's password
from another address (127.0.0.2), cannot stop the victim signing in from their own
address (127.0.0.1), with the password or with their key; the victim's own typos never
block their key login (server_stub/throttle.py)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter
from server_harness import ServerProcess, start_server

from app.client.channel import Channel
from app.client.discovery import discover
from app.client.transport import HttpTransport
from app.crypto.ecc import PrivateKey
from app.protocol.errors import AlertCode, AlertReceived
from app.services import account
from app.services.connection import Connector
from app.vault import KDF_FLOOR, Profile

pytestmark = pytest.mark.integration

FAILURES = 3  # the server's login_failures setting in these tests
ATTACKER = "127.0.0.2"


class _SourceAdapter(HTTPAdapter):
    def __init__(self, source: str) -> None:
        self._source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._source, 0)
        super().init_poolmanager(*args, **kwargs)


class FromAddress:
    """A transport whose connections leave from `source` (another loopback address)."""

    def __init__(self, source: str) -> None:
        self._session = requests.Session()
        self._session.trust_env = False
        self._session.mount("http://", _SourceAdapter(source))

    def post(self, url: str, body: bytes) -> bytes:
        headers = {"Content-Type": "application/octet-stream"}
        response = self._session.post(url, data=body, headers=headers, timeout=30)
        response.raise_for_status()
        return response.content

    def get_json(self, url: str) -> dict[str, Any]:
        response = self._session.get(url, timeout=30)
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

    def close(self) -> None:
        self._session.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    config = tmp_path / "server.toml"
    config.write_text(
        f"[server]\nopen_registration = true\n[rate_limits]\nlogin_failures = {FAILURES}\n",
        encoding="utf-8",
    )
    running = start_server(tmp_path / "data", "--config", str(config))
    yield running
    assert running.stop() == 0, running.log()[-3000:]


def _channel(server: ServerProcess, transport: Any) -> Channel:
    with HttpTransport(use_system_proxy=False) as local:
        config = discover(server.host, local, allow_http=True)
    return Channel(transport, config.endpoint, config.server_key)


def _victim(server: ServerProcess, tmp_path: Path) -> tuple[str, PrivateKey]:
    address = f"v{uuid.uuid4().hex[:10]}#{server.host}"
    made = account.create(
        address,
        "right",
        Profile(tmp_path / "victim"),
        Connector(allow_http=True),
        now=time.time(),
        vault_kdf=KDF_FLOOR,
    )
    with made.session as session:
        identity = session.vault.identity_key.private_key
        assert identity is not None
        return session.address.name, identity


def _refusal(channel: Channel, name: str, password: str) -> AlertCode:
    with pytest.raises(AlertReceived) as info:
        channel.login_srp(name, password)
    return AlertCode(info.value.code)


def test_guessing_from_another_address_does_not_lock_the_victim_out(
    server: ServerProcess, tmp_path: Path
) -> None:
    name, identity = _victim(server, tmp_path)
    attacker = FromAddress(ATTACKER)
    try:
        codes = [_refusal(_channel(server, attacker), name, "guess") for _ in range(FAILURES + 1)]
    finally:
        attacker.close()
    assert codes == [AlertCode.LOGIN_FAILED] * FAILURES + [AlertCode.TOO_MANY_ATTEMPTS]
    with HttpTransport(use_system_proxy=False) as own:
        by_password = _channel(server, own)
        by_password.login_srp(name, "right")
        assert by_password.call("whoami") == {"username": name}
        by_key = _channel(server, own)
        by_key.login_key(identity, name)
        assert by_key.call("whoami") == {"username": name}


def test_password_failures_never_block_key_login(server: ServerProcess, tmp_path: Path) -> None:
    name, identity = _victim(server, tmp_path)
    with HttpTransport(use_system_proxy=False) as own:
        codes = [_refusal(_channel(server, own), name, "typo") for _ in range(FAILURES + 1)]
        assert codes[-1] == AlertCode.TOO_MANY_ATTEMPTS
        by_key = _channel(server, own)
        by_key.login_key(identity, name)
        assert by_key.call("whoami") == {"username": name}
