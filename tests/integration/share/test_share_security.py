"""A malicious server against sharing (security-checklist B.9-B.13, issue 6 §5).

The `Rewriter` sits under the services and changes what the real server answered: the
channel's encryption ends at the server, so this is exactly what a malicious server
can do. Every case asserts the named failure, that nothing was sent or shown, and that
the recorded state is unchanged.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

import pytest
from share_world import User
from world import Rewriter

from app.client.objects_api import ObjectsApi
from app.client.sinks_api import SinksApi
from app.crypto.bip32 import ExtendedKey
from app.crypto.ecc import PrivateKey
from app.fs import ItemKey, ShareReference
from app.pki.openpgp import add_sink, emit_keystore, new_keystore, parse_keystore
from app.services import pki
from app.services.account.inbox_keys import sink_key
from app.services.connection import Connector, Pins, ServerLink
from app.services.errors import TamperingDetectedError
from app.services.sharing.message import MessageBody
from app.wire.messages import decode_envelope, encode_envelope, seal, seal_body

pytestmark = pytest.mark.integration


class RewritingConnector(Connector):
    """A connector whose channels pass through a `Rewriter` with the given rules."""

    rules: tuple[Callable[[str, dict[str, Any], Any], Any], ...] = ()

    def connect(self, host: str, pins: Pins, via: ServerLink | None = None) -> ServerLink:
        link = super().connect(host, pins, via)
        caller = Rewriter(link.channel)
        caller.rules.extend(self.rules)
        return dataclasses.replace(link, channel=caller)  # type: ignore[arg-type]


def rewriting(user: User, *rules: Callable[[str, dict[str, Any], Any], Any]) -> Connector:
    connector = RewritingConnector(transport=user.connector.transport, allow_http=True)
    connector.rules = rules
    return connector


def nothing_sent(alice: User, bob: User) -> None:
    assert bob.inbox().read().items == []
    assert alice.sharing().shares().granted == ()


def test_9_a_substituted_recipient_key_is_refused(alice: User, bob: User) -> None:
    alice.files.mkdir("/Secret")
    evil = PrivateKey.generate()
    fake = emit_keystore(new_keystore(evil, bob.address, created=int(time.time())))

    def substitute(method: str, params: dict[str, Any], answer: Any) -> Any:
        if method == "pkiGetKeystore":
            answer["revisions"][-1]["keystore"] = fake
        return answer

    sharing = alice.sharing()
    sharing.connector = rewriting(alice, substitute)
    with pytest.raises(pki.UntrustedIdentityError, match="UntrustedKeyError"):
        sharing.share("/Secret", bob.address)
    nothing_sent(alice, bob)


def test_9_a_complete_substituted_keystore_is_refused_by_the_inclusion_proof(
    alice: User, bob: User
) -> None:
    """A well-formed keystore for bob's address with the server's own identity AND inbox
    key: only the key log's inclusion proof tells it from bob's (app/pki/verify.py)."""
    alice.files.mkdir("/Secret")
    evil, evil_inbox = PrivateKey.generate(), PrivateKey.generate()
    created = int(time.time())
    complete = add_sink(
        new_keystore(evil, bob.address, created=created),
        evil,
        evil_inbox.public_key,
        created=created,
    )
    fake = emit_keystore(complete)
    assert parse_keystore(fake).sink_keys, "the fake has an inbox key"

    def substitute(method: str, params: dict[str, Any], answer: Any) -> Any:
        if method == "pkiGetKeystore":
            answer["revisions"][-1]["keystore"] = fake
        return answer

    sharing = alice.sharing()
    sharing.connector = rewriting(alice, substitute)
    refused = r"^tampering detected .*: inclusion proof does not lead to the tree root$"
    with pytest.raises(pki.UntrustedIdentityError, match=refused):
        sharing.share("/Secret", bob.address)
    nothing_sent(alice, bob)


def test_11_a_rolled_back_key_log_is_refused(
    alice: User, bob: User, new_user: Callable[..., User]
) -> None:
    alice.files.mkdir("/Secret")
    captured: list[Any] = []

    def capture(method: str, params: dict[str, Any], answer: Any) -> Any:
        if method == "pkiGetKeystore":
            captured.append(answer)
        return answer

    pki.whois(
        bob.address,
        connector=rewriting(alice, capture),
        pins=alice.session.vault,
        checkpoints=alice.session.vault,
    )
    new_user("later")  # the log grows
    alice.sharing().share("/Secret", bob.address)  # alice's checkpoint moves past it
    bob.inbox().decline(bob.inbox().read().items[0].message_id)
    old = captured[0]

    def roll_back(method: str, params: dict[str, Any], answer: Any) -> Any:
        return old if method == "pkiGetKeystore" else answer

    sharing = alice.sharing()
    sharing.connector = rewriting(alice, roll_back)
    with pytest.raises(pki.InconsistentLogError, match="KTConsistencyError"):
        sharing.share("/Secret", bob.address, write=True)
    assert bob.inbox().read().items == []


def stored_rewriter(user: User, rule: Callable[[str, dict[str, Any], Any], Any]) -> Any:
    inbox = user.inbox()
    caller = Rewriter(user.session.channel)
    caller.rules.append(rule)
    inbox.sinks = SinksApi(caller)
    return inbox


def rewrite_envelopes(change: Callable[[bytes], bytes]) -> Callable[..., Any]:
    def rule(method: str, params: dict[str, Any], answer: Any) -> Any:
        if method == "messageGet":
            for message in answer["messages"]:
                message["envelope"] = change(message["envelope"])
        return answer

    return rule


def test_a_message_with_a_bad_signature_is_never_shown(alice: User, bob: User) -> None:
    alice.files.mkdir("/Docs")
    alice.sharing().share("/Docs", bob.address)

    def flip_signature(raw: bytes) -> bytes:
        envelope = decode_envelope(raw)
        sig = bytes([envelope.signature[0] ^ 1]) + envelope.signature[1:]
        return encode_envelope(dataclasses.replace(envelope, signature=sig))

    view = stored_rewriter(bob, rewrite_envelopes(flip_signature)).read()
    assert view.items == []
    assert [r.reason.split(":")[0] for r in view.rejected] == ["bad signature"]
    assert [i.name for i in bob.inbox().read().items] == ["Docs"]  # the genuine one


def test_12_a_forged_sender_is_never_shown(
    alice: User, bob: User, new_user: Callable[..., User]
) -> None:
    mallory = new_user("mallory")
    mallory.files.mkdir("/Bait")
    mallory.sharing().share("/Bait", bob.address)
    mallory_key = mallory.session.vault.identity_key.private_key
    assert mallory_key is not None

    def claim_alice(raw: bytes) -> bytes:
        """Mallory's validly signed message relabelled as alice's: body and envelope say
        "from alice", the signature is Mallory's (the server knows nobody else's key)."""
        envelope = decode_envelope(raw)
        body = MessageBody(
            "share",
            alice.address,
            bob.address,
            envelope.sink_id,
            envelope.timestamp,
            "",
            ShareReference(
                alice.address.split("#")[1],
                ItemKey(mallory.session.vault.branch(0)).public(),
                "Bait",
                "folder",
            ).to_bytes(),
        )
        sink_public = sink_key(bob.session.vault).public_key
        ciphertext = seal_body(sink_public, body.to_bytes())
        forged = seal(
            mallory_key, alice.address, envelope.sink_id, ciphertext, timestamp=envelope.timestamp
        )
        return encode_envelope(forged)

    view = stored_rewriter(bob, rewrite_envelopes(claim_alice)).read()
    assert view.items == []
    [rejected] = view.rejected
    assert rejected.claimed_sender == alice.address and "forged sender" in rejected.reason


def test_13_a_replaced_wrapped_key_is_detected(alice: User, bob: User) -> None:
    alice.files.mkdir("/Docs")
    alice.sharing().share("/Docs", bob.address, write=True)
    server_key = ItemKey(ExtendedKey.from_seed(b"\x07" * 32))  # a key the server knows

    def replace_key(raw: bytes) -> bytes:
        """The server re-encrypts a reference to a key it knows under bob's (public)
        inbox key and keeps alice's envelope signature."""
        envelope = decode_envelope(raw)
        reference = ShareReference(alice.address.split("#")[1], server_key, "Docs", "folder")
        body = MessageBody(
            "share",
            alice.address,
            bob.address,
            envelope.sink_id,
            envelope.timestamp,
            "",
            reference.to_bytes(),
        )
        sink_public = sink_key(bob.session.vault).public_key
        return encode_envelope(
            dataclasses.replace(envelope, body=seal_body(sink_public, body.to_bytes()))
        )

    view = stored_rewriter(bob, rewrite_envelopes(replace_key)).read()
    assert view.items == [] and "bad signature" in view.rejected[0].reason
    assert bob.sharing().shares().received == ()


def test_a_tampered_sharing_settings_item_is_detected(alice: User, bob: User) -> None:
    alice.files.mkdir("/Docs")
    alice.sharing().share("/Docs", bob.address)
    sharing = alice.sharing()
    caller = Rewriter(alice.session.channel)

    def flip_extra(method: str, params: dict[str, Any], answer: Any) -> Any:
        if method == "descriptorGet":
            for record in answer["descriptors"]:
                extra = bytearray(record["extra"])
                extra[-1] ^= 1
                record["extra"] = bytes(extra)
        return answer

    caller.rules.append(flip_extra)
    sharing.settings.api = ObjectsApi(caller)
    with pytest.raises(TamperingDetectedError, match="tampering detected"):
        sharing.shares()
