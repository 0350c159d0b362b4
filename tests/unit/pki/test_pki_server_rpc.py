"""The PKI as the server runs it: the `server:` entry, its host, the hourly head task and
the RPC handlers (params, refusals, answers a client verifies)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.crypto.ecc import PrivateKey
from app.pki import heads, merkle, openpgp, wire
from app.pki.verify import Checkpoint, verify_lookup
from server_stub.handlers import pki as handlers_pki
from server_stub.handlers.pki import PKI_REFUSED, PKI_UNAVAILABLE, register_pki
from server_stub.pki import service
from server_stub.pki.log import HEAD_INTERVAL_MS
from server_stub.pki.service import SERVER_ENTRY, PKIService, host_of_url, open_pki
from server_stub.ports import RpcError, Session
from server_stub.rpc import INVALID_PARAMS, LOGIN_REQUIRED, Registry, Services

T0 = 1_700_000_000.0
HOST = "files.example"
ALICE = Session(b"a" * 16, "alice", "127.0.0.1")
ANONYMOUS = Session(b"n" * 16, None, "127.0.0.1")


def key(label: str) -> PrivateKey:
    return PrivateKey.from_bytes(hashlib.sha256(label.encode()).digest())


SERVER = key("server")


def keystore(identity: PrivateKey, user_id: str) -> bytes:
    return openpgp.emit_keystore(openpgp.new_keystore(identity, user_id, created=int(T0)))


def successor(previous: bytes, identity: PrivateKey, label: str) -> bytes:
    grown = openpgp.add_sink(
        openpgp.parse_keystore(previous), identity, key(label).public_key, created=int(T0)
    )
    return openpgp.emit_keystore(openpgp.succeed(previous, identity, grown, identity, now=int(T0)))


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


class Harness:
    def __init__(self, pki: PKIService | None) -> None:
        registry = Registry()
        register_pki(registry)
        services = Services(None, False, lambda: T0, pki=pki)  # type: ignore[arg-type]
        self.dispatch = registry.dispatcher(services)

    def call(self, method: str, session: Session = ANONYMOUS, **params: Any) -> Any:
        async def once() -> Any:
            return await self.dispatch(session, method, params)

        return asyncio.run(once())

    def error(self, method: str, session: Session = ANONYMOUS, **params: Any) -> RpcError:
        with pytest.raises(RpcError) as info:
            self.call(method, session, **params)
        return info.value


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def pki(tmp_path: Path, clock: Clock) -> Iterator[PKIService]:
    opened = open_pki(tmp_path, SERVER, f"https://{HOST}", clock=clock)
    yield opened
    opened.log.close()


@pytest.fixture
def rpc(pki: PKIService) -> Harness:
    return Harness(pki)


def test_a_new_log_starts_with_the_servers_own_key(tmp_path: Path, pki: PKIService) -> None:
    assert pki.log.size == 1
    answer = pki.log.lookup(SERVER_ENTRY)
    entry = verify_lookup(
        SERVER_ENTRY, answer, server_key=SERVER.public_key, checkpoint=Checkpoint(), now_ms=0
    )
    assert entry.keystore.identity_key == SERVER.public_key
    pki.log.close()
    reopened = open_pki(tmp_path, SERVER, None, clock=lambda: T0 + 5)
    assert reopened.log.size == 1  # not published twice
    assert reopened.host is None and not reopened.host_from_url
    reopened.log.close()


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://Files.Example", "files.example"),
        ("https://files.example:443/base/", "files.example"),
        ("http://files.example:80", "files.example"),
        ("https://files.example:8443", "files.example:8443"),
        ("http://127.0.0.1:5000", "127.0.0.1:5000"),
        ("https://[::1]:8443", "[::1]:8443"),
    ],
)
def test_host_of_url(url: str, host: str) -> None:
    assert host_of_url(url) == host


def test_bind_host_only_when_no_public_url(tmp_path: Path, pki: PKIService) -> None:
    from aiohttp import web

    app = service.attach(web.Application(), pki)
    service.bind_host(app, "127.0.0.1:9999")
    assert pki.host == HOST  # the public URL wins
    bare = PKIService(pki.log)
    service.bind_host(service.attach(web.Application(), bare), "127.0.0.1:9999")
    assert bare.host == "127.0.0.1:9999"


def test_the_tick_task_signs_a_chained_head_each_hour(pki: PKIService, clock: Clock) -> None:
    before = pki.log.head()

    async def run_ticks() -> None:
        task = asyncio.create_task(service._tick_forever(pki, interval=0.001))
        await asyncio.sleep(0.02)
        assert pki.log.head() == before  # less than an hour: nothing new
        clock.now += HEAD_INTERVAL_MS / 1000 + 1
        await asyncio.sleep(0.02)
        task.cancel()

    asyncio.run(run_ticks())
    after = pki.log.head()
    assert after.size == before.size and after.timestamp == int(clock.now * 1000)
    heads.verify_chain([before, after], [[]], SERVER.public_key)


def test_publish_then_lookup_verifies(rpc: Harness) -> None:
    alice = key("alice")
    rev1 = keystore(alice, f"alice#{HOST}")
    published = rpc.call("pkiPublish", ALICE, keystore=rev1)
    assert published["revision"] == 1
    head = heads.decode_head(published["head"])
    heads.verify_head(head, SERVER.public_key)
    rev2 = successor(rev1, alice, "sink")
    assert rpc.call("pkiPublish", ALICE, keystore=rev2)["revision"] == 2

    everything = wire.decode_lookup(rpc.call("pkiGetKeystore", name=f"alice#{HOST}"))
    assert [r.keystore for r in everything.revisions] == [rev1, rev2]
    checkpoint = Checkpoint(head)
    answer = wire.decode_lookup(
        rpc.call("pkiGetKeystore", name=f"alice#{HOST}", since=1, old_size=head.size)
    )
    found = verify_lookup(
        f"alice#{HOST}", answer, server_key=SERVER.public_key, checkpoint=checkpoint, now_ms=0
    )
    assert (found.revision, found.keystore_bytes) == (2, rev2)
    only_first = wire.decode_lookup(rpc.call("pkiGetKeystore", name=f"alice#{HOST}", revision=1))
    assert [r.revision for r in only_first.revisions] == [1]
    history = wire.decode_lookup(rpc.call("pkiGetHistory", name=f"alice#{HOST}"))
    assert [r.keystore for r in history.revisions] == [rev1, rev2]
    latest = heads.decode_head(rpc.call("pkiGetHead")["head"])
    proof = rpc.call("pkiGetConsistency", old_size=head.size, new_size=latest.size)["proof"]
    merkle.verify_consistency(head.size, latest.size, head.root, latest.root, proof)


def test_publish_refusals(rpc: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    alice = key("alice")
    assert rpc.error("pkiPublish", keystore=keystore(alice, "x")).code == LOGIN_REQUIRED
    for wrong in (f"bob#{HOST}", "alice#elsewhere.example", "alice"):
        refused = rpc.error("pkiPublish", ALICE, keystore=keystore(alice, wrong))
        assert refused.code == PKI_REFUSED and f"'alice#{HOST}'" in refused.message
    assert rpc.error("pkiPublish", ALICE, keystore=b"\x01\x02").code == PKI_REFUSED
    too_big = rpc.error("pkiPublish", ALICE, keystore=bytes(64 * 1024 + 1))
    assert too_big.code == INVALID_PARAMS
    rev1 = keystore(alice, f"alice#{HOST}")
    rpc.call("pkiPublish", ALICE, keystore=rev1)
    again = rpc.error("pkiPublish", ALICE, keystore=keystore(key("mallory"), f"alice#{HOST}"))
    assert again.code == PKI_REFUSED and "previous" in again.message
    monkeypatch.setattr(wire, "MAX_REVISIONS", 1)
    capped = rpc.error("pkiPublish", ALICE, keystore=successor(rev1, alice, "s"))
    assert capped.code == PKI_REFUSED and "limit" in capped.message


def test_parameter_checks(rpc: Harness, pki: PKIService) -> None:
    bad: list[tuple[str, dict[str, Any]]] = [
        ("pkiGetKeystore", {"name": "Alice#x"}),
        ("pkiGetKeystore", {"name": "alice"}),
        ("pkiGetKeystore", {"name": f"alice#{HOST}", "extra": 1}),
        ("pkiGetKeystore", {"name": f"alice#{HOST}", "old_size": 99}),
        ("pkiGetKeystore", {"name": f"alice#{HOST}", "revision": 0}),
        ("pkiGetKeystore", {"name": f"alice#{HOST}", "since": -1}),
        ("pkiGetHistory", {}),
        ("pkiGetHead", {"x": 1}),
        ("pkiGetConsistency", {"old_size": 2, "new_size": 1}),
        ("pkiGetConsistency", {"old_size": 0, "new_size": 5}),
        ("pkiGetConsistency", {"old_size": True, "new_size": 1}),
    ]
    for method, params in bad:
        assert rpc.error(method, **params).code == INVALID_PARAMS, (method, params)
    nobody = wire.decode_lookup(rpc.call("pkiGetKeystore", name=f"nobody#{HOST}"))
    assert nobody.revisions == () and nobody.head == pki.log.head()


def test_without_a_log_or_a_host(pki: PKIService) -> None:
    assert Harness(None).error("pkiGetHead").code == PKI_UNAVAILABLE
    hostless = Harness(PKIService(pki.log))
    refused = hostless.error("pkiPublish", ALICE, keystore=keystore(key("a"), "alice#x"))
    assert refused.code == PKI_UNAVAILABLE


def test_name_pattern_admits_user_ids_and_the_server_entry() -> None:
    import re

    for name in ("alice#files.example", "a.b-c_d#127.0.0.1:8443", "x#[::1]:80", "server:"):
        assert re.fullmatch(handlers_pki.NAME_PATTERN, name), name
    for name in ("server", "alice", "Alice#x", "a#b#c", "server:x", "a b#c"):
        assert not re.fullmatch(handlers_pki.NAME_PATTERN, name), name
