"""app.services.pki over an in-process log: what a lookup asks for, what it stores, how
each lower error reaches the user, the cache, and publication answers."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.client.discovery import ServerConfig
from app.client.errors import RemoteCallError
from app.client.transport import UnreachableError
from app.crypto.ecc import PrivateKey
from app.pki import heads, openpgp, wire
from app.pki.errors import KTConsistencyError, ProofError, UnknownUserError, UntrustedKeyError
from app.services import pki
from app.services.connection import Connector, MemoryPins, ServerLink
from app.services.errors import NotFoundError, ServerUnreachableError, ServiceError
from server_stub.pki.log import PKILog

T0 = 1_700_000_000
NOW = float(T0 + 10)
HOST = "files.example"
NAME = f"alice#{HOST}"


def key(label: str) -> PrivateKey:
    return PrivateKey.from_bytes(hashlib.sha256(label.encode()).digest())


SERVER, ALICE = key("server"), key("alice")
SERVER_KEY = SERVER.public_key.to_bytes()


def first(identity: PrivateKey = ALICE, user_id: str = NAME) -> bytes:
    return openpgp.emit_keystore(openpgp.new_keystore(identity, user_id, created=T0))


def second(previous: bytes, sink: str = "sink") -> bytes:
    grown = openpgp.add_sink(
        openpgp.parse_keystore(previous), ALICE, key(sink).public_key, created=T0
    )
    return openpgp.emit_keystore(openpgp.succeed(previous, ALICE, grown, ALICE, now=T0 + 1))


class LogChannel:
    """Answers the PKI calls from a real `PKILog`, like the server's handlers do."""

    def __init__(self, log: PKILog, server_key: bytes | None = SERVER_KEY) -> None:
        self.log = log
        self.server_key = server_key
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.rewrite: Callable[[Any], Any] = lambda answer: answer

    def call(self, method: str, **params: Any) -> Any:
        self.calls.append((method, params))
        if method == "pkiGetKeystore":
            answer = self.log.lookup(
                params["name"], since=params["since"], old_size=params["old_size"]
            )
            return self.rewrite(wire.encode_lookup(answer))
        if method == "pkiPublish":
            revision, head = self.log.publish(params["keystore"], now_ms=T0 * 1000 + 5)
            return self.rewrite({"revision": revision, "head": heads.encode_head(head)})
        raise AssertionError(method)


@dataclasses.dataclass
class FakeConnector(Connector):
    channel: Any = None
    connects: int = 0

    def connect(self, host: str, pins: Any) -> ServerLink:
        self.connects += 1
        config = ServerConfig(host, f"https://{host}/privmx/api/v1", b"", 600, 1, "")
        return ServerLink(config, self.channel)


@pytest.fixture
def log(tmp_path: Path) -> Iterator[PKILog]:
    opened = PKILog(tmp_path / "pki.sqlite", SERVER, now_ms=T0 * 1000)
    opened.publish(first(), now_ms=T0 * 1000 + 1)
    yield opened
    opened.close()


@pytest.fixture
def channel(log: PKILog) -> LogChannel:
    return LogChannel(log)


def lookup(channel: LogChannel, points: pki.MemoryCheckpoints, **kw: Any) -> pki.VerifiedIdentity:
    connector = FakeConnector(channel=channel)
    return pki.whois(
        NAME, connector=connector, pins=MemoryPins(), checkpoints=points, now=NOW, **kw
    )


def test_whois_asks_only_for_what_it_does_not_know(log: PKILog, channel: LogChannel) -> None:
    points = pki.MemoryCheckpoints()
    found = lookup(channel, points)
    assert found.revision == 1 and found.identity_key == ALICE.public_key
    assert channel.calls[-1] == ("pkiGetKeystore", {"name": NAME, "since": 1, "old_size": 0})
    stored = wire.decode_checkpoint(points.points[HOST])
    assert stored.head == log.head() and stored.known[NAME].revision == 1

    seen_size = log.size
    log.publish(second(first()), now_ms=T0 * 1000 + 2)
    newer = lookup(channel, points)
    assert newer.revision == 2 and len(newer.sink_keys) == 1
    assert channel.calls[-1][1] == {"name": NAME, "since": 1, "old_size": seen_size}
    again = lookup(channel, points)
    assert channel.calls[-1][1] == {"name": NAME, "since": 2, "old_size": log.size}
    assert again.keystore_bytes == newer.keystore_bytes
    assert {m for m, _ in channel.calls} == {"pkiGetKeystore"}  # reads only
    assert len(found.fingerprint_text.split()) == 10
    assert found.fingerprint_text.replace(" ", "") == found.fingerprint.hex().upper()


def test_the_cache_serves_until_its_ttl(channel: LogChannel) -> None:
    cache = pki.IdentityCache(ttl=60)
    connector = FakeConnector(channel=channel)
    points = pki.MemoryCheckpoints()

    def ask(at: float) -> pki.VerifiedIdentity:
        return pki.whois(
            NAME, connector=connector, pins=MemoryPins(), checkpoints=points, now=at, cache=cache
        )

    one = ask(NOW)
    assert ask(NOW + 59) is one and connector.connects == 1
    assert ask(NOW + 61) is not one and connector.connects == 2
    assert cache.get(NAME, NOW - 1) is None  # a clock that went back does not reuse


def tampered(rewrite: Callable[[Any], Any], channel: LogChannel) -> LogChannel:
    channel.rewrite = rewrite
    return channel


def swap_keystore(answer: dict[str, Any]) -> dict[str, Any]:
    answer["revisions"][-1]["keystore"] = first(key("mallory"))
    return answer


def test_errors_reach_the_user_as_service_errors(log: PKILog, channel: LogChannel) -> None:
    cases: list[tuple[Callable[[Any], Any], type[Exception], type[Exception]]] = [
        (swap_keystore, pki.UntrustedIdentityError, UntrustedKeyError),
        (lambda a: {**a, "head": b"junk"}, pki.UntrustedIdentityError, ProofError),
        (lambda a: {**a, "revisions": []}, NotFoundError, UnknownUserError),
    ]
    for rewrite, shown, cause in cases:
        points = pki.MemoryCheckpoints()
        with pytest.raises(shown) as caught:
            lookup(tampered(rewrite, channel), points)
        assert isinstance(caught.value.__cause__, cause)
        assert points.points == {}, "nothing from a failed lookup may be stored"
    stale = r"^tampering detected \(the keys of .*\): UntrustedKeyError: .*stale"
    with pytest.raises(pki.UntrustedIdentityError, match=stale):
        pki.whois(
            NAME,
            connector=FakeConnector(channel=tampered(lambda a: a, channel)),
            pins=MemoryPins(),
            checkpoints=pki.MemoryCheckpoints(),
            now=NOW + 2 * 3600,
        )


def test_a_rollback_or_a_dropped_user_is_inconsistent(log: PKILog, channel: LogChannel) -> None:
    points = pki.MemoryCheckpoints()
    old_answers: list[Any] = []

    def keep(answer: Any) -> Any:
        old_answers.append(answer)
        return answer

    channel.rewrite = keep
    lookup(channel, points)
    saved = dict(points.points)
    channel.rewrite = lambda a: a
    log.publish(second(first()), now_ms=T0 * 1000 + 2)
    lookup(channel, points)
    channel.rewrite = lambda a: old_answers[0]  # the log as it was before revision 2
    with pytest.raises(pki.InconsistentLogError, match="the log went back") as caught:
        lookup(channel, points)
    assert isinstance(caught.value.__cause__, KTConsistencyError)
    channel.rewrite = lambda a: {**a, "revisions": []}
    with pytest.raises(pki.InconsistentLogError, match="dropped"):
        lookup(channel, pki.MemoryCheckpoints(saved))


def test_transport_and_refusals(channel: LogChannel) -> None:
    def fail(error: Exception) -> Callable[[Any], Any]:
        def rewrite(answer: Any) -> Any:
            raise error

        return rewrite

    with pytest.raises(ServerUnreachableError):
        lookup(tampered(fail(UnreachableError("down")), channel), pki.MemoryCheckpoints())
    with pytest.raises(ServiceError, match="refused the lookup"):
        lookup(tampered(fail(RemoteCallError(-32602, "bad")), channel), pki.MemoryCheckpoints())
    with pytest.raises(pki.UntrustedIdentityError, match="no pinned server key"):
        pki.check_own_identity(
            LogChannel(channel.log, server_key=None),
            NAME,
            ALICE.public_key,
            checkpoints=pki.MemoryCheckpoints(),
        )


def test_check_own_identity(channel: LogChannel) -> None:
    points = pki.MemoryCheckpoints()
    mine = pki.check_own_identity(channel, NAME, ALICE.public_key, checkpoints=points, now=NOW)
    assert mine.revision == 1 and HOST in points.points
    with pytest.raises(pki.IdentityMismatchError):
        pki.check_own_identity(channel, NAME, SERVER.public_key, checkpoints=points, now=NOW)
    with pytest.raises(NotFoundError):
        pki.check_own_identity(
            channel, f"bob#{HOST}", ALICE.public_key, checkpoints=points, now=NOW
        )


def test_publish_keystore_checks_the_answer(log: PKILog, channel: LogChannel) -> None:
    done = pki.publish_keystore(channel, second(first()))
    assert done.revision == 2 and done.head == log.head()
    forged = dataclasses.replace(log.head(), signature=key("other").sign(b"x"))
    channel.rewrite = lambda a: {**a, "head": heads.encode_head(forged)}
    with pytest.raises(pki.UntrustedIdentityError):
        pki.publish_keystore(channel, second(second(first()), "sink 3"))
    malformed: list[Any] = [{"revision": 0, "head": b""}, {"revision": 1}, [1]]
    for i, bad in enumerate(malformed):

        def malformed_answer(_answer: Any, bad: Any = bad) -> Any:
            return bad

        channel.rewrite = malformed_answer
        with pytest.raises(pki.UntrustedIdentityError, match="malformed"):
            pki.publish_keystore(channel, first(key(f"user {i}"), f"user{i}#{HOST}"))


class RefusingChannel:
    server_key = SERVER_KEY

    def call(self, method: str, **params: Any) -> Any:
        raise RemoteCallError(1401, "the keystore's user ID must be 'alice#files.example'")


def test_publish_refused() -> None:
    with pytest.raises(pki.PublishRefusedError, match="user ID must be") as caught:
        pki.publish_keystore(RefusingChannel(), first())
    assert isinstance(caught.value.__cause__, RemoteCallError)
