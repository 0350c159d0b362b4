"""The login machines against a malicious server (checklist 4-8) and each other."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from proto_pairs import det_rand

from app.crypto import srp
from app.crypto.ecc import PrivateKey
from app.protocol._codec import pack
from app.protocol.errors import (
    LocalProtocolError,
    LoginError,
    SRPProtocolError,
    SRPServerProofError,
    StretchingDowngradeError,
    UntrustedGroupError,
)
from app.protocol.events import HandshakeMessage
from app.protocol.login import KeyLogin, SrpLogin, stretch_password
from app.protocol.login_server import ServerKeyLogin, ServerSrpLogin, SrpAccount, fake_account

FAMILY = b"F" * 32
GROUP = srp.RFC5054_2048
ITERATIONS = 210_000


@functools.cache
def account(password: str = "pw") -> SrpAccount:
    kdf_salt, salt = b"k" * 16, b"s" * 32
    secret = stretch_password(password.encode(), kdf_salt, ITERATIONS)
    verifier = srp.make_verifier(GROUP, b"alice", secret, salt)
    return SrpAccount(salt, verifier, GROUP.name, ITERATIONS, kdf_salt)


def as_received(message: dict[str, Any]) -> HandshakeMessage:
    return HandshakeMessage(message, pack(message))


class CountingStretch:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, password: bytes, salt: bytes, iterations: int) -> bytes:
        self.calls += 1
        return stretch_password(password, salt, iterations)


def honest_challenge(server: ServerSrpLogin, client: SrpLogin) -> dict[str, Any]:
    return server.challenge(as_received(client.init_message()))


def run_srp(password: str, server_rand: bytes = b"server") -> tuple[Any, Any]:
    server = ServerSrpLogin("alice", account(), FAMILY, randbytes=det_rand(server_rand))
    client = SrpLogin("alice", password, FAMILY)
    challenge = honest_challenge(server, client)
    exchange = client.exchange_message(as_received(challenge), 8)
    proof, master = server.verify(as_received(exchange))
    reply = {"type": "srp_exchange", "M2": proof, "tickets": [b"t" * 32], "ttl": 60}
    return client.finish(as_received(reply)), master


def test_srp_login_agrees_on_the_login_master() -> None:
    result, server_master = run_srp("pw")
    assert result.family_master == server_master
    assert result.username == "alice" and result.tickets == (b"t" * 32,)
    assert result.family_master != FAMILY


def test_wrong_password_is_a_uniform_login_error() -> None:
    with pytest.raises(LoginError, match=r"^login failed$"):
        run_srp("not the password")


def test_two_logins_against_identical_server_messages_get_different_keys() -> None:
    first, first_server = run_srp("pw", server_rand=b"same")
    second, second_server = run_srp("pw", server_rand=b"same")
    assert first.family_master != second.family_master
    assert (first.family_master, second.family_master) == (first_server, second_server)


def mutated_challenge(**changes: Any) -> tuple[SrpLogin, CountingStretch, dict[str, Any]]:
    server = ServerSrpLogin("alice", account(), FAMILY)
    stretch = CountingStretch()
    client = SrpLogin("alice", "pw", FAMILY, stretch=stretch)
    challenge = honest_challenge(server, client)
    for name, value in changes.items():
        if name.startswith("kdf_"):
            challenge["kdf"] = {**challenge["kdf"], name[4:]: value}
        else:
            challenge[name] = value
    return client, stretch, challenge


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"kdf_iterations": ITERATIONS - 1}, StretchingDowngradeError),
        ({"kdf_iterations": 1000}, StretchingDowngradeError),
        ({"kdf_algorithm": "PBKDF2-SHA1"}, StretchingDowngradeError),
        ({"group": "rfc5054-1024"}, UntrustedGroupError),
        ({"group": "my-own-prime"}, UntrustedGroupError),
        ({"B": bytes(GROUP.byte_length)}, SRPProtocolError),
        ({"B": GROUP.pad(GROUP.N)}, SRPProtocolError),
        ({"B": (2 * GROUP.N).to_bytes(GROUP.byte_length + 1, "big")}, SRPProtocolError),
        ({"B": b"\x01"}, SRPProtocolError),
    ],
    ids=[
        "iterations-1",
        "iterations-1000",
        "sha1",
        "1024-bit",
        "custom",
        "B=0",
        "B=N",
        "B=2N",
        "B-short",
    ],
)
def test_refused_before_the_password_is_touched(changes: dict[str, Any], error: type) -> None:
    client, stretch, challenge = mutated_challenge(**changes)
    with pytest.raises(error):
        client.exchange_message(as_received(challenge), 8)
    assert stretch.calls == 0


def test_honest_parameters_do_stretch_once() -> None:
    client, stretch, challenge = mutated_challenge()
    client.exchange_message(as_received(challenge), 8)
    assert stretch.calls == 1


def test_wrong_m2_and_no_key_is_used() -> None:
    server = ServerSrpLogin("alice", account(), FAMILY)
    client = SrpLogin("alice", "pw", FAMILY)
    exchange = client.exchange_message(as_received(honest_challenge(server, client)), 8)
    proof, _ = server.verify(as_received(exchange))
    wrong = bytes([proof[0] ^ 1]) + proof[1:]
    reply = {"type": "srp_exchange", "M2": wrong, "tickets": [b"t" * 32], "ttl": 60}
    with pytest.raises(SRPServerProofError):
        client.finish(as_received(reply))
    assert client._client is not None
    with pytest.raises(ValueError):
        client._client.session_key  # noqa: B018 - the key is not available
    with pytest.raises(LocalProtocolError):
        client.finish(as_received({**reply, "M2": proof}))  # no second try


def test_unknown_user_gets_a_stable_realistic_challenge_then_fails() -> None:
    secret = b"S" * 32
    challenges = []
    for _ in range(2):
        fake = fake_account(secret, "mallory")
        server = ServerSrpLogin("mallory", fake, FAMILY, known=False)
        challenges.append(server.challenge(as_received({"type": "srp_init", "I": "mallory"})))
    assert challenges[0]["salt"] == challenges[1]["salt"]
    assert challenges[0]["kdf"] == challenges[1]["kdf"]
    assert challenges[0]["kdf"]["iterations"] == ITERATIONS
    assert len(challenges[0]["B"]) == GROUP.byte_length
    assert challenges[0]["salt"] != fake_account(secret, "mallory2").salt
    client = SrpLogin("mallory", "guess", FAMILY)
    client.init_message()
    exchange = client.exchange_message(as_received(challenges[1]), 8)  # looks usable
    with pytest.raises(LoginError):
        server.verify(as_received(exchange))
    assert challenges[0]["B"] != challenges[1]["B"]  # fresh b per attempt


def run_key_login(registered: str | None, client_family: bytes = FAMILY) -> tuple[Any, bytes]:
    key = PrivateKey.generate()
    server = ServerKeyLogin(registered, FAMILY)
    client = KeyLogin(key, "alice", client_family)
    challenge = server.challenge(as_received(client.init_message()))
    exchange = client.exchange_message(as_received(challenge), 4)
    master = server.verify(as_received(exchange))
    reply = {"type": "key_exchange", "username": "alice", "tickets": [b"t" * 32], "ttl": 60}
    return client.finish(as_received(reply)), master


def test_key_login_agrees_on_the_login_master() -> None:
    result, master = run_key_login("alice")
    assert result.family_master == master != FAMILY


def test_key_login_refusals() -> None:
    with pytest.raises(LoginError):
        run_key_login(None)  # nobody registered the key
    with pytest.raises(LoginError):
        run_key_login("alice", client_family=b"G" * 32)  # signature bound to another family
