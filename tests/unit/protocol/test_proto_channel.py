"""Channel <-> Endpoint in memory: tickets, logins, login binding, replay, failures."""

from __future__ import annotations

import threading
from typing import Any

import msgpack
import pytest
from protocol_fakes import EndpointTransport, ServerWorld, make_world

from app.client.channel import Channel
from app.client.errors import NotLoggedInError, RemoteCallError, SessionExpiredError
from app.crypto.ecc import PrivateKey
from app.protocol import AlertCode, ClientConnection
from app.protocol.errors import AlertReceived, LoginError, ServerKeyMismatchError
from app.protocol.events import EcdhefHello, EndOfExchange, Request, Response, Ticket, TicketHello

URL = "http://server/privmx/api/v1"


def alert_of(body: bytes) -> tuple[int, str]:
    assert body[:2] == bytes([1, 21]), "expected a single ALERT frame"
    assert int.from_bytes(body[2:6], "big") == len(body) - 8
    value = msgpack.unpackb(body[8:])
    return value["code"], value["message"]


def first_message_type(body: bytes) -> str:
    length = int.from_bytes(body[2:6], "big")
    return str(msgpack.unpackb(body[8 : 8 + length])["type"])


@pytest.fixture
def world() -> ServerWorld:
    w = make_world()
    w.users.add_password_user("alice", "correct horse")
    return w


@pytest.fixture
def transport(world: ServerWorld) -> EndpointTransport:
    return EndpointTransport(world)


def new_channel(transport: EndpointTransport, **kwargs: Any) -> Channel:
    kwargs.setdefault("server_key", None)
    return Channel(transport, URL, clock=lambda: transport.world.clock[0], **kwargs)


def test_first_contact_reports_the_key_and_calls_run_anonymously(world, transport) -> None:
    seen: list[bytes] = []
    channel = new_channel(transport, on_new_server_key=seen.append)
    assert channel.call("whoami") is None
    assert seen == [world.key.public_key.to_bytes()]
    assert channel.call("echo", blob=b"\x00\xff", n=3) == {"blob": b"\x00\xff", "n": 3}
    assert [s.username for s in world.dispatcher.sessions] == [None, None]
    assert len({s.session_id for s in world.dispatcher.sessions}) == 1


def test_rpc_errors_are_typed_and_internals_never_leak(world, transport) -> None:
    channel = new_channel(transport)
    with pytest.raises(RemoteCallError) as refused:
        channel.call("fail")
    assert (refused.value.code, refused.value.message) == (7, "refused")
    with pytest.raises(RemoteCallError) as crashed:
        channel.call("crash")
    assert crashed.value.code == -32603
    assert b"internal detail" not in transport.responses[-1]
    assert "internal detail" not in str(crashed.value)
    assert isinstance(world.errors[-1], RuntimeError)


def test_srp_login_binds_the_session(world, transport) -> None:
    channel = new_channel(transport)
    with pytest.raises(RemoteCallError) as anonymous:
        channel.call("user_only")
    assert anonymous.value.code == 401
    channel.login_srp("alice", "correct horse")
    assert channel.username == "alice"
    assert channel.call("whoami") == "alice"
    assert channel.call("user_only") == "secret of alice"
    assert world.throttle.successes == ["alice"]


def test_wrong_password_and_unknown_user_fail_the_same_way(world, transport) -> None:
    channel = new_channel(transport)
    with pytest.raises(AlertReceived) as wrong:
        channel.login_srp("alice", "wrong")
    with pytest.raises(AlertReceived) as unknown:
        channel.login_srp("mallory", "anything")
    assert (wrong.value.code, wrong.value.message) == (AlertCode.LOGIN_FAILED, "login failed")
    assert (unknown.value.code, unknown.value.message) == (wrong.value.code, wrong.value.message)
    assert channel.username is None
    assert world.throttle.failures[("password:alice", "127.0.0.1")] == 1


def test_throttle_refuses_after_the_limit(world, transport) -> None:
    world.throttle.limit = 1
    channel = new_channel(transport)
    with pytest.raises(AlertReceived):
        channel.login_srp("alice", "wrong")
    with pytest.raises(AlertReceived) as refused:
        channel.login_srp("alice", "correct horse")
    assert refused.value.code == AlertCode.TOO_MANY_ATTEMPTS


def test_key_login(world, transport) -> None:
    device = PrivateKey.generate()
    world.users.keys[device.public_key.to_bytes()] = "alice"
    channel = new_channel(transport)
    channel.login_key(device, "alice")
    assert channel.call("whoami") == "alice"


def test_key_login_refusals(world, transport) -> None:
    stranger, bobs = PrivateKey.generate(), PrivateKey.generate()
    world.users.keys[bobs.public_key.to_bytes()] = "bob"
    channel = new_channel(transport)
    with pytest.raises(AlertReceived) as unknown:
        channel.login_key(stranger, "alice")
    assert unknown.value.code == AlertCode.LOGIN_FAILED
    with pytest.raises(LoginError, match="another user"):
        channel.login_key(bobs, "alice")
    assert channel.username is None


def test_logout_revokes_the_login_tickets(world, transport) -> None:
    channel = new_channel(transport)
    channel.login_srp("alice", "correct horse")
    kept: Ticket = channel._pool[-1].ticket  # a login ticket the channel has not spent
    channel.logout()
    assert channel.username is None
    with pytest.raises(NotLoggedInError):
        channel.logout()
    assert channel.call("whoami") is None
    conn = ClientConnection()
    body = conn.send(TicketHello(kept.ticket_id, kept)) + conn.send(Request(1, "whoami", {}))
    assert alert_of(transport.send(body)[1])[0] == AlertCode.UNKNOWN_TICKET


def test_anonymous_tickets_are_dropped_after_login(world, transport) -> None:
    channel = new_channel(transport)
    channel.call("whoami")
    anonymous = channel._pool[-1].ticket
    channel.login_srp("alice", "correct horse")
    assert all(p.ticket.family_master != anonymous.family_master for p in channel._pool)
    assert all(
        p.ticket.family_master == channel._pool[0].ticket.family_master for p in channel._pool
    )


def test_replayed_request_body_is_refused(world, transport) -> None:
    channel = new_channel(transport)
    channel.call("echo", x=1)
    replay = transport.requests[-1]
    assert first_message_type(replay) == "ticket"
    assert alert_of(transport.send(replay)[1])[0] == AlertCode.UNKNOWN_TICKET
    assert len(world.dispatcher.sessions) == 1  # the replay never reached the dispatcher


def test_pool_refills_with_a_spare_ticket(world, transport) -> None:
    channel = new_channel(transport, batch=4)
    for i in range(10):
        assert channel.call("echo", i=i) == {"i": i}
    kinds = [first_message_type(body) for body in transport.requests]
    assert kinds.count("ecdhe") == 1
    assert len(kinds) > 10  # refills happened, all under tickets


def test_unknown_ticket_runs_a_fresh_handshake_once(world, transport) -> None:
    channel = new_channel(transport)
    channel.call("whoami")
    world.tickets.records.clear()  # the server forgot (restart, expiry)
    assert channel.call("echo", again=True) == {"again": True}
    kinds = [first_message_type(body) for body in transport.requests]
    assert kinds.count("ecdhe") == 2


def test_lost_login_tickets_end_the_session(world, transport) -> None:
    channel = new_channel(transport)
    channel.login_srp("alice", "correct horse")
    world.tickets.records.clear()
    with pytest.raises(SessionExpiredError):
        channel.call("whoami")
    assert channel.username is None


def test_expired_tickets_are_not_used(world, transport) -> None:
    channel = new_channel(transport)
    channel.call("whoami")
    world.clock[0] += 10_000
    assert channel.call("whoami") is None
    assert [first_message_type(b) for b in transport.requests].count("ecdhe") == 2


def test_pinned_key_mismatch_is_never_silent(world, transport) -> None:
    seen: list[bytes] = []
    other = PrivateKey.generate().public_key.to_bytes()
    channel = new_channel(transport, server_key=other, on_new_server_key=seen.append)
    with pytest.raises(ServerKeyMismatchError) as mismatch:
        channel.call("whoami")
    assert mismatch.value.expected == other
    assert mismatch.value.received == world.key.public_key.to_bytes()
    assert seen == []
    assert world.dispatcher.sessions == []


def test_many_threads_each_spend_their_own_ticket(world, transport) -> None:
    channel = new_channel(transport, batch=8)
    results: dict[int, Any] = {}
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for j in range(4):
                results[n * 10 + j] = channel.call("echo", v=n * 10 + j)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    assert results == {k: {"v": k} for k in results} and len(results) == 24


def test_store_failure_becomes_a_generic_alert(world, transport) -> None:
    channel = new_channel(transport)
    channel.call("whoami")
    world.tickets.fail_next = OSError("disk /var/secret full")
    with pytest.raises(AlertReceived) as failed:
        channel.call("whoami")
    assert (failed.value.code, failed.value.message) == (AlertCode.INTERNAL_ERROR, "internal error")
    assert b"secret" not in transport.responses[-1]
    assert isinstance(world.errors[-1], OSError)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"garbage",
        bytes(8),
        bytes([1, 22, 0, 0, 0, 1, 0, 0]) + b"\xc1",
        b"\x01\x16" + b"\xff" * 6,
    ],
)
def test_garbage_gets_an_alert_never_an_exception(world, body: bytes) -> None:
    status, response = EndpointTransport(world).send(body)
    assert status == 200
    code, _ = alert_of(response)
    assert code in {
        AlertCode.DECODE_ERROR,
        AlertCode.UNEXPECTED_MESSAGE,
        AlertCode.RECORD_OVERFLOW,
        AlertCode.UNSUPPORTED_VERSION,
    }
    assert world.errors == []


def _ecdhef_body(
    world: ServerWorld, time_ms: int, key: bytes | None = None
) -> tuple[ClientConnection, bytes]:
    conn = ClientConnection()
    hello = EcdhefHello(key or world.key.public_key.to_bytes(), time_ms)
    return conn, conn.send(hello) + conn.send(Request(5, "echo", {"one": "pass"}))


def test_ecdhef_one_pass_request(world, transport) -> None:
    conn, body = _ecdhef_body(world, int(world.clock[0] * 1000))
    _, response = transport.send(body)
    conn.receive_data(response)
    conn.receive_data(b"")
    assert conn.next_event() == Response(5, {"one": "pass"})
    assert conn.next_event() is EndOfExchange
    assert alert_of(transport.send(body)[1])[0] == AlertCode.STALE_REQUEST  # replayed


def test_ecdhef_refusals(world, transport) -> None:
    _, stale = _ecdhef_body(world, int(world.clock[0] * 1000) - 600_000)
    assert alert_of(transport.send(stale)[1])[0] == AlertCode.STALE_REQUEST
    other = PrivateKey.generate().public_key.to_bytes()
    _, wrong_key = _ecdhef_body(world, int(world.clock[0] * 1000), other)
    assert alert_of(transport.send(wrong_key)[1])[0] == AlertCode.HANDSHAKE_FAILURE
    assert world.dispatcher.sessions == []
