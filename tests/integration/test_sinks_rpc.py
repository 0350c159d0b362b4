"""Inboxes and messages through the real server process and a Channel (server_stub/SINKS.md)."""

from __future__ import annotations

import random
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from server_harness import ServerProcess

from app.client.channel import Channel
from app.client.discovery import discover
from app.client.errors import RemoteCallError
from app.client.transport import HttpTransport
from app.crypto import base58, kdf, srp
from app.crypto.ecc import PrivateKey
from app.pki import openpgp
from app.wire.account_proof import DELETE_ACCOUNT, proof_bytes
from app.wire.messages import (
    ANONYMOUS,
    Envelope,
    decode_envelope,
    encode_envelope,
    open_body,
    seal,
    seal_body,
    sink_create_signed_bytes,
    verify_envelope,
)
from app.wire.objects import block_id

pytestmark = pytest.mark.integration

BAD_SIGNATURE, ACCESS_DENIED, SENDER_UNVERIFIED, RATE_LIMITED = 2103, 2104, 2105, 2106
SINK_NOT_FOUND, MESSAGE_NOT_FOUND, ENVELOPE_INVALID = 2101, 2109, 2111
LOGIN_REQUIRED, INVALID_PARAMS, INTERNAL_ERROR = 1001, -32602, -32603
SINK_METHODS = (
    "sinkLimits sinkCreate sinkList sinkInfo sinkDelete sinkPoll messagePost messageGet "
    "messageDelete messageBlockGet"
).split()


def channel_to(server: ServerProcess, transport: HttpTransport) -> Channel:
    config = discover(server.host, transport)
    return Channel(transport, config.endpoint, config.server_key)


class Account:
    """A registered, logged-in user with a keystore published in the server's PKI."""

    def __init__(self, server: ServerProcess, transport: HttpTransport, prefix: str) -> None:
        self.name = f"{prefix}-{secrets.token_hex(4)}"
        self.address = f"{self.name}#{server.host}"
        self.identity = PrivateKey.generate()
        self.device = device = PrivateKey.generate()
        group, salt, kdf_salt = srp.RFC5054_2048, secrets.token_bytes(16), secrets.token_bytes(16)
        secret = kdf.pbkdf2_sha512(
            unicodedata.normalize("NFC", "pw").encode(), kdf_salt, 210_000, 32
        )
        verifier = srp.make_verifier(group, self.name.encode(), secret, salt)
        channel_to(server, transport).call(
            "register",
            username=self.name,
            group=group.name,
            salt=salt,
            verifier=group.pad(verifier),
            login_key=device.public_key.to_bytes(),
            kdf={"algorithm": "PBKDF2-SHA512", "iterations": 210_000, "salt": kdf_salt},
        )
        self.channel = channel_to(server, transport)
        self.channel.login_key(device, self.name)
        keystore = openpgp.new_keystore(self.identity, self.address, created=int(time.time()))
        self.channel.call("pkiPublish", keystore=openpgp.emit_keystore(keystore))

    def create_sink(self, acl: str = "public", **extra: Any) -> tuple[PrivateKey, str]:
        key = PrivateKey.generate()
        sink_id = base58.address(key.public_key.to_bytes())
        signature = key.sign(sink_create_signed_bytes(sink_id, self.name, acl))
        answer = self.channel.call(
            "sinkCreate",
            public_key=key.public_key.to_bytes(),
            acl=acl,
            signature=signature,
            **extra,
        )
        assert answer["sink_id"] == sink_id
        return key, sink_id


def sealed(
    sender: PrivateKey,
    address: str,
    sink: tuple[PrivateKey, str],
    text: bytes,
    blocks: Sequence[bytes] = (),
) -> Envelope:
    body = seal_body(sink[0].public_key, text)
    ids = [block_id(b) for b in blocks]
    return seal(sender, address, sink[1], body, ids, timestamp=int(time.time() * 1000))


def remote_error(code: int, call: Callable[[], object]) -> RemoteCallError:
    with pytest.raises(RemoteCallError) as info:
        call()
    assert info.value.code == code, info.value.message
    return info.value


@pytest.mark.slow  # waits out long polls, or a thousand calls
def test_post_poll_read_delete(server: ServerProcess, transport: HttpTransport) -> None:
    alice, bob = Account(server, transport, "alice"), Account(server, transport, "bob")
    sink = bob.create_sink("public", default=True, data=b"encrypted sink name")
    [info] = bob.channel.call("sinkList")["sinks"]
    assert (info["sink_id"], info["default"], info["last_seq"]) == (sink[1], True, 0)

    answers: list[dict[str, Any]] = []
    poller = threading.Thread(
        target=lambda: answers.append(
            bob.channel.call(
                "sinkPoll", sinks=[{"sink_id": sink[1], "after_seq": 0}], wait_ms=15_000
            )
        )
    )
    started = time.monotonic()
    poller.start()
    time.sleep(0.5)
    assert poller.is_alive()  # nothing posted yet: the poll waits
    attachment = secrets.token_bytes(50_000)
    env = sealed(alice.identity, alice.address, sink, b"a share for bob", [attachment])
    posted = alice.channel.call(
        "messagePost", sink_id=sink[1], envelope=encode_envelope(env), blocks=[attachment]
    )
    poller.join(10)
    assert (posted["seq"], posted["sender_verified_by_server"]) == (1, True)
    assert time.monotonic() - started < 8 and answers
    assert answers[0]["sinks"] == [{"sink_id": sink[1], "last_seq": 1, "seqs": [1]}]

    got = bob.channel.call("messageGet", sink_id=sink[1], seqs=[1, 2])
    assert got["missing"] == [2] and got["deferred"] == []
    [message] = got["messages"]
    assert message["sender_verified_by_server"] is True
    received = decode_envelope(message["envelope"])
    verify_envelope(received)
    assert received.sender == alice.address and received.sender_key == env.sender_key
    assert open_body(sink[0], received.body) == b"a share for bob"
    block = bob.channel.call(
        "messageBlockGet", sink_id=sink[1], seq=1, block_id=received.block_ids[0]
    )
    assert block["data"] == attachment

    remote_error(
        SINK_NOT_FOUND, lambda: alice.channel.call("messageGet", sink_id=sink[1], seqs=[1])
    )
    remote_error(
        SINK_NOT_FOUND,
        lambda: alice.channel.call(
            "messageBlockGet", sink_id=sink[1], seq=1, block_id=block_id(attachment)
        ),
    )
    assert bob.channel.call("messageDelete", sink_id=sink[1], seq=1) is True
    remote_error(
        MESSAGE_NOT_FOUND,
        lambda: bob.channel.call(
            "messageBlockGet", sink_id=sink[1], seq=1, block_id=block_id(attachment)
        ),
    )
    assert bob.channel.call("sinkDelete", sink_id=sink[1]) is True
    assert bob.channel.call("sinkList")["sinks"] == []


def test_refusals_forged_private_anonymous(server: ServerProcess, transport: HttpTransport) -> None:
    alice, bob = Account(server, transport, "alice"), Account(server, transport, "bob")
    public, private = bob.create_sink("public"), bob.create_sink("private")
    drop_box = bob.create_sink("anonymous")
    stranger = channel_to(server, transport)  # not logged in at all

    good = sealed(alice.identity, alice.address, public, b"hi")
    forged = Envelope(**{**good.__dict__, "body": seal_body(public[0].public_key, b"evil")})
    remote_error(
        BAD_SIGNATURE,
        lambda: stranger.call("messagePost", sink_id=public[1], envelope=encode_envelope(forged)),
    )
    impostor = sealed(PrivateKey.generate(), alice.address, public, b"I am alice")
    remote_error(
        SENDER_UNVERIFIED,
        lambda: stranger.call("messagePost", sink_id=public[1], envelope=encode_envelope(impostor)),
    )
    remote_error(
        ENVELOPE_INVALID,
        lambda: stranger.call(  # addressed to another inbox
            "messagePost", sink_id=private[1], envelope=encode_envelope(good)
        ),
    )

    to_private = sealed(alice.identity, alice.address, private, b"let me in")
    remote_error(
        ACCESS_DENIED,
        lambda: alice.channel.call(
            "messagePost", sink_id=private[1], envelope=encode_envelope(to_private)
        ),
    )
    note = sealed(bob.identity, bob.address, private, b"note to self")
    assert (
        bob.channel.call("messagePost", sink_id=private[1], envelope=encode_envelope(note))["seq"]
        == 1
    )

    anonymous = sealed(PrivateKey.generate(), ANONYMOUS, public, b"anon")
    remote_error(
        ACCESS_DENIED,
        lambda: stranger.call(
            "messagePost", sink_id=public[1], envelope=encode_envelope(anonymous)
        ),
    )
    dropped = sealed(PrivateKey.generate(), ANONYMOUS, drop_box, b"the requested file")
    answer = stranger.call("messagePost", sink_id=drop_box[1], envelope=encode_envelope(dropped))
    assert (answer["seq"], answer["sender_verified_by_server"]) == (1, False)
    [message] = bob.channel.call("messageGet", sink_id=drop_box[1], seqs=[1])["messages"]
    assert open_body(drop_box[0], decode_envelope(message["envelope"]).body) == (
        b"the requested file"
    )
    assert bob.channel.call("sinkInfo", sink_id=public[1])["last_seq"] == 0
    remote_error(LOGIN_REQUIRED, lambda: stranger.call("sinkList"))


def test_deleting_the_account_removes_its_inboxes(
    server: ServerProcess, transport: HttpTransport
) -> None:
    bob = Account(server, transport, "bob")
    sink = bob.create_sink("anonymous")
    stranger = channel_to(server, transport)
    attachment = secrets.token_bytes(1000)
    env = sealed(PrivateKey.generate(), ANONYMOUS, sink, b"x", [attachment])
    stranger.call(
        "messagePost", sink_id=sink[1], envelope=encode_envelope(env), blocks=[attachment]
    )
    challenge = bob.channel.call("accountChallenge")["challenge"]
    signature = bob.device.sign(proof_bytes(DELETE_ACCOUNT, bob.name, challenge))
    deleted = bob.channel.call("deleteAccount", challenge=challenge, signature=signature)
    assert deleted == {"username": bob.name}
    again = sealed(PrivateKey.generate(), ANONYMOUS, sink, b"y")
    remote_error(
        SINK_NOT_FOUND,
        lambda: stranger.call("messagePost", sink_id=sink[1], envelope=encode_envelope(again)),
    )
    files = [p for p in (server.data_dir / "blocks").rglob("*") if p.is_file()]
    assert not any(p.name == block_id(attachment).hex() for p in files)


def garbage_value(rng: random.Random) -> object:
    choices: list[Callable[[], object]] = [
        lambda: rng.randbytes(rng.choice([0, 1, 16, 32, 33, 63, 64, 65, 300])),
        lambda: rng.choice(["", "1" * 30, "0OIl" * 8, "public", "x" * 5000, "🙂"]),
        lambda: rng.choice([-1, 0, 1, 2**31, 2**63 - 1, -(2**63)]),
        lambda: rng.choice([None, True, False, 1.5]),
        lambda: [
            rng.choice([{"sink_id": "1" * 30, "after_seq": 0}, 7, b"x", []])
            for _ in range(rng.randint(0, 3))
        ],
        lambda: {"nested": rng.randbytes(4)},
    ]
    return rng.choice(choices)()


def mutated(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(3)
        if choice == 0 and out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        elif choice == 1:
            del out[rng.randrange(len(out)) :]
        else:
            out.insert(rng.randrange(len(out) + 1), rng.randrange(256))
    return bytes(out)


@pytest.mark.slow  # waits out long polls, or a thousand calls
def test_rate_limit_and_a_thousand_malformed_sink_calls(
    spawn_server: Callable[..., ServerProcess],
    tmp_path: Any,
    transport: HttpTransport,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRIVSHARE_SINKS_RATE_PER_KEY", "3")
    monkeypatch.setenv("PRIVSHARE_SINKS_RATE_PER_ADDRESS", "100000")
    server = spawn_server(tmp_path / "sinks-data", "--open-registration")
    bob = Account(server, transport, "bob")
    sink = bob.create_sink("anonymous")
    assert bob.channel.call("sinkLimits")["rate_per_key"] == 3
    sender = PrivateKey.generate()
    for _ in range(3):
        bob.channel.call(
            "messagePost",
            sink_id=sink[1],
            envelope=encode_envelope(sealed(sender, ANONYMOUS, sink, b"x")),
        )
    error = remote_error(
        RATE_LIMITED,
        lambda: bob.channel.call(
            "messagePost",
            sink_id=sink[1],
            envelope=encode_envelope(sealed(sender, ANONYMOUS, sink, b"x")),
        ),
    )
    assert "seconds" in error.message

    valid = encode_envelope(sealed(PrivateKey.generate(), ANONYMOUS, sink, b"template"))
    rng = random.Random(20261126)
    names = [
        "sink_id",
        "sinks",
        "seqs",
        "seq",
        "envelope",
        "blocks",
        "transfer_id",
        "acl",
        "public_key",
        "signature",
        "data",
        "default",
        "wait_ms",
        "block_id",
        "unknown",
    ]
    codes: dict[int, int] = {}
    for n in range(1000):
        if n % 4 == 0:  # a damaged envelope for a real sink
            method, params = "messagePost", {"sink_id": sink[1], "envelope": mutated(rng, valid)}
        else:
            method = rng.choice(SINK_METHODS)
            params = {name: garbage_value(rng) for name in rng.sample(names, rng.randint(0, 5))}
        try:
            bob.channel.call(method, **params)
        except RemoteCallError as exc:
            codes[exc.code] = codes.get(exc.code, 0) + 1
            assert exc.code != INTERNAL_ERROR, f"an internal error for {method} {params!r}"
    assert codes.get(INVALID_PARAMS, 0) > 400, codes
    refused = (ENVELOPE_INVALID, BAD_SIGNATURE, RATE_LIMITED)
    assert sum(codes.get(code, 0) for code in refused) > 150, codes
    assert bob.channel.call("ping") == "pong"
    fresh = sealed(PrivateKey.generate(), ANONYMOUS, sink, b"still serving")
    answer = bob.channel.call("messagePost", sink_id=sink[1], envelope=encode_envelope(fresh))
    assert answer["seq"] >= 4
    assert bob.channel.call("sinkInfo", sink_id=sink[1])["last_seq"] == answer["seq"]


@pytest.mark.slow  # waits out long polls, or a thousand calls
def test_a_waiting_poll_does_not_hold_up_shutdown(
    spawn_server: Callable[..., ServerProcess], tmp_path: Any, transport: HttpTransport
) -> None:
    server = spawn_server(tmp_path / "shutdown-data", "--open-registration")
    bob = Account(server, transport, "bob")
    sink = bob.create_sink("public")
    outcome: list[object] = []

    def poll() -> None:
        try:
            outcome.append(
                bob.channel.call(
                    "sinkPoll", sinks=[{"sink_id": sink[1], "after_seq": 0}], wait_ms=25_000
                )
            )
        except Exception as exc:  # the answer or a closed connection: both end the wait
            outcome.append(exc)

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.5)
    started = time.monotonic()
    assert server.stop(timeout=8) == 0
    assert time.monotonic() - started < 5
    poller.join(5)
    assert outcome and not poller.is_alive()


QUOTA_EXCEEDED = 2107


def test_an_anonymous_flood_cannot_keep_verified_senders_out(
    spawn_server: Callable[..., ServerProcess],
    tmp_path: Any,
    transport: HttpTransport,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fresh keys under made-up foreign names fill only the unverified slice; a sender the
    server verifies still gets through, and no refusal tells the owner's usage or quota."""
    monkeypatch.setenv("PRIVSHARE_SINKS_QUOTA", str(4 * 2**20))
    monkeypatch.setenv("PRIVSHARE_SINKS_UNVERIFIED_QUOTA", str(2**20))
    server = spawn_server(tmp_path / "flood-data", "--open-registration")
    alice, bob = Account(server, transport, "alice"), Account(server, transport, "bob")
    sink = bob.create_sink("anonymous", default=True)
    flooder = channel_to(server, transport)
    refusals: list[str] = []
    for attempt in range(40):  # 256 KiB each: 4 MiB, today's whole quota, in 16
        attachment = secrets.token_bytes(256 * 1024)
        sender = ANONYMOUS if attempt % 2 else f"x{attempt}#elsewhere.example"
        env = sealed(PrivateKey.generate(), sender, sink, b"flood", [attachment])
        try:
            flooder.call(
                "messagePost", sink_id=sink[1], envelope=encode_envelope(env), blocks=[attachment]
            )
        except RemoteCallError as refused:
            assert refused.code == QUOTA_EXCEEDED, refused.message
            refusals.append(refused.message)
    assert len(refusals) >= 30, "the unverified slice (1 MiB) is full after 4 posts"
    assert not any(char.isdigit() for text in refusals for char in text), refusals[0]
    share = secrets.token_bytes(256 * 1024)
    env = sealed(alice.identity, alice.address, sink, b"a share", [share])
    posted = alice.channel.call(
        "messagePost", sink_id=sink[1], envelope=encode_envelope(env), blocks=[share]
    )
    assert posted["sender_verified_by_server"] is True
