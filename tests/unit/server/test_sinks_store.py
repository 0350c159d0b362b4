"""SinkStore: creation (proof of possession), ACLs, sender checks against the PKI log,
seq numbers, quotas, attachment blocks through the object store, deletion."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sinks_helpers import (
    HOST,
    LIMITS,
    NOW,
    Sink,
    User,
    World,
    anonymous_post,
    create_sink,
    envelope,
    make_post,
    new_block,
    open_world,
    post,
    post_async,
    run,
)

from app.crypto import base58
from app.crypto.ecc import PrivateKey
from app.pki import openpgp
from app.wire.messages import Envelope, decode_envelope, open_body, sink_create_signed_bytes
from app.wire.objects import block_id
from server_stub.objects import TransferUnknownError
from server_stub.sinks import (
    AccessDeniedError,
    BadSignatureError,
    BlockMissingError,
    EnvelopeInvalidError,
    LimitExceededError,
    MessageNotFoundError,
    NewSink,
    QuotaExceededError,
    RateLimitedError,
    SenderUnverifiedError,
    SinkExistsError,
    SinkNotFoundError,
    SinkStore,
)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    opened = open_world(tmp_path)
    yield opened
    opened.log.close()
    opened.database.close()


@pytest.fixture
def store(world: World) -> SinkStore:
    return world.sinks()


# --- creation ---


def test_create_binds_the_id_to_the_key_and_the_owner(store: SinkStore) -> None:
    sink = create_sink(store, "bob", "public", default=True, data=b"enc-name")
    [info] = run(store.sinks_of("bob"))
    assert info.sink_id == base58.address(sink.key.public_key.to_bytes())
    assert (info.acl, info.data, info.is_default, info.last_seq) == ("public", b"enc-name", True, 0)
    assert run(store.info("bob", sink.sink_id)) == info
    with pytest.raises(SinkNotFoundError):  # another user sees no such sink
        run(store.info("mallory", sink.sink_id))
    assert run(store.sinks_of("mallory")) == []


def _new(key: PrivateKey, owner: str, acl: str, signer: PrivateKey | None = None) -> NewSink:
    sink_id = base58.address(key.public_key.to_bytes())
    signature = (signer or key).sign(sink_create_signed_bytes(sink_id, owner, acl))
    return NewSink(key.public_key.to_bytes(), acl, signature)


def test_create_needs_the_sink_key_signature_for_this_owner_and_acl(store: SinkStore) -> None:
    key = PrivateKey.generate()
    with pytest.raises(BadSignatureError):  # someone else's published key: no squatting
        run(store.create("mallory", _new(key, "mallory", "public", PrivateKey.generate()), NOW))
    with pytest.raises(BadSignatureError):  # signed for bob, replayed by mallory
        run(store.create("mallory", _new(key, "bob", "public"), NOW))
    with pytest.raises(BadSignatureError):  # signed for another ACL
        signed = _new(key, "bob", "private")
        run(store.create("bob", NewSink(signed.public_key, "public", signed.signature), NOW))
    with pytest.raises(EnvelopeInvalidError):
        run(store.create("bob", NewSink(b"\x02" + b"\xff" * 32, "public", bytes(64)), NOW))
    run(store.create("bob", _new(key, "bob", "public"), NOW))
    with pytest.raises(SinkExistsError):
        run(store.create("bob", _new(key, "bob", "public"), NOW))


def test_one_default_sink_and_a_sink_count_limit(store: SinkStore) -> None:
    create_sink(store, "bob", default=True)
    with pytest.raises(SinkExistsError):
        create_sink(store, "bob", default=True)
    for _ in range(LIMITS.max_sinks - 1):
        create_sink(store, "bob")
    with pytest.raises(LimitExceededError):
        create_sink(store, "bob")
    create_sink(store, "carol", default=True)  # other users are not affected


# --- ACLs and senders ---


def test_public_sink_takes_verified_local_and_unverified_foreign_senders(
    world: World, store: SinkStore
) -> None:
    alice, bob = User(world, "alice"), User(world, "bob")
    sink = create_sink(store, bob.name, "public")
    local = post(store, alice.identity, alice.address, sink)
    foreign = post(store, PrivateKey.generate(), "carol#elsewhere.example", sink)
    assert (local.seq, local.verified) == (1, True)
    assert (foreign.seq, foreign.verified) == (2, False)
    with pytest.raises(AccessDeniedError):
        anonymous_post(store, sink)
    [first, second] = run(store.get(bob.name, sink.sink_id, [1, 2]))
    assert first is not None and second is not None
    assert first.verified and not second.verified
    opened = decode_envelope(first.envelope)
    assert opened.sender == alice.address
    assert open_body(sink.key, opened.body) == b"hello"


def test_forged_signature_is_refused(world: World, store: SinkStore) -> None:
    alice = User(world, "alice")
    sink = create_sink(store, "bob")
    good = envelope(alice.identity, alice.address, sink)
    forged = Envelope(**{**good.__dict__, "body": good.body + b"!"})  # signature no longer fits
    with pytest.raises(BadSignatureError):
        run(store.post(make_post(forged), NOW))
    mallory_signed = envelope(PrivateKey.generate(), alice.address, sink)
    claimed = Envelope(**{**mallory_signed.__dict__, "sender_key": good.sender_key})
    with pytest.raises(BadSignatureError):  # alice's key named, mallory's signature
        run(store.post(make_post(claimed), NOW))
    assert run(store.info("bob", sink.sink_id)).last_seq == 0


def test_local_sender_must_sign_with_the_current_identity_key(
    world: World, store: SinkStore
) -> None:
    sink = create_sink(store, "bob")
    with pytest.raises(SenderUnverifiedError):  # mallory's own key under alice's address
        post(store, PrivateKey.generate(), f"alice#{HOST}", sink)
    ghost = User(world, "ghost", publish=False)
    with pytest.raises(SenderUnverifiedError):  # no keystore in the log
        post(store, ghost.identity, ghost.address, sink)
    alice = User(world, "alice")
    new_key = PrivateKey.generate()
    rotated = openpgp.rotate(openpgp.parse_keystore(alice.keystore), new_key, created=int(NOW) + 1)
    successor = openpgp.succeed(alice.keystore, alice.identity, rotated, new_key, now=int(NOW) + 1)
    world.log.publish(openpgp.emit_keystore(successor), now_ms=int(NOW * 1000) + 1000)
    with pytest.raises(SenderUnverifiedError):  # the old key after rotation
        post(store, alice.identity, alice.address, sink)
    assert post(store, new_key, alice.address, sink).verified


def test_revoked_identity_is_refused(world: World, store: SinkStore) -> None:
    alice = User(world, "alice")
    sink = create_sink(store, "bob")
    assert post(store, alice.identity, alice.address, sink).verified
    current = openpgp.parse_keystore(alice.keystore)
    revoked = openpgp.revoke_keystore(current, alice.identity, now=int(NOW) + 5)
    successor = openpgp.succeed(
        alice.keystore, alice.identity, revoked, alice.identity, now=int(NOW) + 5
    )
    world.log.publish(openpgp.emit_keystore(successor), now_ms=int(NOW * 1000) + 5000)
    with pytest.raises(SenderUnverifiedError):
        post(store, alice.identity, alice.address, sink)


def test_private_sink_takes_only_its_owner(world: World, store: SinkStore) -> None:
    alice, bob = User(world, "alice"), User(world, "bob")
    sink = create_sink(store, bob.name, "private")
    with pytest.raises(AccessDeniedError):
        post(store, alice.identity, alice.address, sink, session_user=alice.name)
    with pytest.raises(AccessDeniedError):  # bob's key without bob's session
        post(store, bob.identity, bob.address, sink)
    with pytest.raises(AccessDeniedError):
        anonymous_post(store, sink)
    result = post(store, bob.identity, bob.address, sink, session_user=bob.name)
    assert (result.seq, result.verified) == (1, True)


def test_anonymous_sink_is_a_drop_box(world: World, store: SinkStore) -> None:
    alice = User(world, "alice")
    sink = create_sink(store, "bob", "anonymous")
    first = anonymous_post(store, sink, text=b"a file request answer")
    second = post(store, alice.identity, alice.address, sink)
    assert (first.seq, first.verified, second.seq, second.verified) == (1, False, 2, True)
    [stored] = run(store.get("bob", sink.sink_id, [1]))
    assert stored is not None and decode_envelope(stored.envelope).is_anonymous


def test_unknown_sink(store: SinkStore) -> None:
    stranger = Sink(PrivateKey.generate(), "", "nobody")
    sink_id = base58.address(stranger.key.public_key.to_bytes())
    with pytest.raises(SinkNotFoundError):
        anonymous_post(store, Sink(stranger.key, sink_id, "nobody"))


# --- seq, quota ---


def test_seqs_are_monotonic_and_never_reused(world: World, store: SinkStore) -> None:
    sink = create_sink(store, "bob", "anonymous")
    assert [anonymous_post(store, sink).seq for _ in range(3)] == [1, 2, 3]
    run(store.delete_message("bob", sink.sink_id, 3))
    assert anonymous_post(store, sink).seq == 4
    with pytest.raises(MessageNotFoundError):
        run(store.delete_message("bob", sink.sink_id, 3))
    with pytest.raises(SinkNotFoundError):  # not the owner
        run(store.delete_message("mallory", sink.sink_id, 4))

    async def many() -> list[int]:
        posts = [post_async(store, PrivateKey.generate(), "anonymous", sink) for _ in range(12)]
        return [r.seq for r in await asyncio.gather(*posts)]

    assert sorted(run(many())) == list(range(5, 17))
    assert run(store.info("bob", sink.sink_id)).last_seq == 16


def test_message_count_and_byte_quota(world: World) -> None:
    store = world.sinks(LIMITS)
    sink = create_sink(store, "bob", "anonymous")
    for _ in range(LIMITS.max_messages):
        anonymous_post(store, sink)
    with pytest.raises(QuotaExceededError):
        anonymous_post(store, sink)
    run(store.delete_message("bob", sink.sink_id, 1))
    assert anonymous_post(store, sink).seq == LIMITS.max_messages + 1
    other = create_sink(store, "carol", "anonymous")
    big = [new_block(60_000) for _ in range(3)]
    anonymous_post(store, other, blocks=big, inline=big)
    used = run(store.used_bytes("carol"))
    assert 180_000 < used <= LIMITS.quota
    with pytest.raises(QuotaExceededError):  # the owner's bytes, across all sinks
        more = [new_block(30_000)]
        anonymous_post(store, create_sink(store, "carol", "anonymous"), blocks=more, inline=more)
    assert run(store.used_bytes("carol")) == used


def test_verified_senders_get_through_a_full_unverified_slice(world: World) -> None:
    store = world.sinks(LIMITS)
    alice, bob = User(world, "alice"), User(world, "bob")
    sink = create_sink(store, bob.name, "anonymous")
    big = [new_block(60_000) for _ in range(3)]
    anonymous_post(store, sink, blocks=big, inline=big)
    refusals = []
    for sender in ("anonymous", "mallory#elsewhere.example"):
        more = [new_block(30_000)]
        with pytest.raises(QuotaExceededError) as refused:
            if sender == "anonymous":
                anonymous_post(store, sink, blocks=more, inline=more)
            else:
                post(store, PrivateKey.generate(), sender, sink, blocks=more, inline=more)
        refusals.append(str(refused.value))
    assert not any(char.isdigit() for text in refusals for char in text), refusals
    shared = [new_block(30_000)]
    result = post(store, alice.identity, alice.address, sink, blocks=shared, inline=shared)
    assert result.verified
    for _ in range(LIMITS.max_messages - 1):
        post(store, alice.identity, alice.address, sink)
    with pytest.raises(QuotaExceededError):  # verified senders have their own limits
        post(store, alice.identity, alice.address, sink)


def test_unverified_bytes_per_address_are_rate_limited(world: World) -> None:
    limits = replace(LIMITS, unverified_bytes_per_address=100_000, unverified_quota=10**6)
    store = world.sinks(limits)
    alice, bob = User(world, "alice"), User(world, "bob")
    sink = create_sink(store, bob.name, "anonymous")
    big = [new_block(60_000) for _ in range(2)]
    anonymous_post(store, sink, blocks=big, inline=big)
    with pytest.raises(RateLimitedError, match=r"retry in 60\.0 seconds"):
        anonymous_post(store, sink)
    assert post(store, alice.identity, alice.address, sink).verified


# --- attachments ---


def test_inline_blocks_are_readable_through_their_message_only(
    world: World, store: SinkStore
) -> None:
    sink = create_sink(store, "bob", "anonymous")
    blocks = [new_block(), new_block()]
    result = anonymous_post(store, sink, blocks=blocks, inline=blocks)
    assert world.files() == {block_id(b) for b in blocks}
    assert run(store.read_block("bob", sink.sink_id, result.seq, block_id(blocks[1]))) == blocks[1]
    other = anonymous_post(store, sink)
    with pytest.raises(MessageNotFoundError):  # the block exists, but that message lists none
        run(store.read_block("bob", sink.sink_id, other.seq, block_id(blocks[0])))
    with pytest.raises(SinkNotFoundError):
        run(store.read_block("mallory", sink.sink_id, result.seq, block_id(blocks[0])))
    run(store.delete_message("bob", sink.sink_id, result.seq))
    assert world.files() == set()
    with pytest.raises(MessageNotFoundError):
        run(store.read_block("bob", sink.sink_id, result.seq, block_id(blocks[0])))


def test_missing_or_unlisted_blocks_leave_nothing_behind(world: World, store: SinkStore) -> None:
    sink = create_sink(store, "bob", "anonymous")
    listed, sent = [new_block(), new_block()], [new_block()]
    with pytest.raises(BlockMissingError):
        anonymous_post(store, sink, blocks=listed, inline=listed[:1])
    with pytest.raises(LimitExceededError):
        anonymous_post(store, sink, blocks=listed, inline=[*listed, *sent])
    assert world.files() == set()
    assert run(store.info("bob", sink.sink_id)).last_seq == 0


def test_blocks_from_a_transfer_of_a_logged_in_sender(world: World, store: SinkStore) -> None:
    alice = User(world, "alice")
    sink = create_sink(store, "bob")
    blocks = [new_block(), new_block()]
    transfer, _ = run(world.objects.open_transfer("alice", NOW))
    for data in blocks:
        run(world.objects.put_block("alice", transfer, block_id(data), data, NOW))
    with pytest.raises(TransferUnknownError):  # the transfer is alice's, not mallory's
        post(
            store,
            alice.identity,
            alice.address,
            sink,
            blocks=blocks,
            transfer_id=transfer,
            session_user="mallory",
        )
    result = post(
        store,
        alice.identity,
        alice.address,
        sink,
        blocks=blocks,
        transfer_id=transfer,
        session_user="alice",
    )
    run(world.objects.close_transfer("alice", transfer, NOW))
    assert run(store.read_block("bob", sink.sink_id, result.seq, block_id(blocks[0]))) == blocks[0]
    assert world.files() == {block_id(b) for b in blocks}  # kept: the message holds them


def test_delete_sink_and_delete_all_of_remove_messages_and_blocks(
    world: World, store: SinkStore
) -> None:
    first, second = create_sink(store, "bob", "anonymous"), create_sink(store, "bob", "anonymous")
    kept = create_sink(store, "carol", "anonymous")
    shared = new_block()
    for sink in (first, second, kept):
        anonymous_post(store, sink, blocks=[shared], inline=[shared])
    run(store.delete("bob", first.sink_id))
    with pytest.raises(SinkNotFoundError):
        run(store.info("bob", first.sink_id))
    run(store.delete_all_of("bob"))
    assert run(store.sinks_of("bob")) == [] and run(store.used_bytes("bob")) == 0
    assert world.files() == {block_id(shared)}  # carol's message still holds it
    assert run(store.read_block("carol", kept.sink_id, 1, block_id(shared))) == shared
    run(store.delete_all_of("carol"))
    assert world.files() == set()
    rows = world.database.call(
        lambda c: c.execute("SELECT owner FROM obj_owners WHERE owner LIKE 'sinks:%'").fetchall()
    )
    assert rows == []
