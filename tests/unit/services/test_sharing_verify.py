"""`open_message`: each check of SHARING.md §4 rejects what it must, in memory."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from app.crypto.base58 import address
from app.crypto.bip32 import ExtendedKey
from app.crypto.ecc import PrivateKey
from app.fs import ItemKey, ShareReference
from app.services.errors import NotFoundError, TamperingDetectedError
from app.services.sharing.message import MessageBody
from app.services.sharing.verify import Opened, Rejected, open_message
from app.wire.messages import decode_envelope, encode_envelope, seal, seal_body

ALICE, BOB = "alice#h", "bob#h"
alice_key = PrivateKey.from_bytes(bytes([1]) * 32)
mallory_key = PrivateKey.from_bytes(bytes([2]) * 32)
sink = PrivateKey.from_bytes(bytes([3]) * 32)
SINK_ID = address(sink.public_key.to_bytes())
ITEM = ItemKey(ExtendedKey.from_seed(bytes(32)))


@dataclasses.dataclass
class Identity:
    address: str
    identity_key: Any


def whois_of(keys: dict[str, PrivateKey]) -> Callable[[str], Any]:
    def whois(who: str) -> Any:
        if who not in keys:
            raise NotFoundError(f"{who} is not in the log")
        return Identity(who, keys[who].public_key)

    return whois


def body(**changes: Any) -> MessageBody:
    fields: dict[str, Any] = dict(
        kind="share",
        sender=ALICE,
        recipient=BOB,
        sink_id=SINK_ID,
        sent=1,
        share=ShareReference("h", ITEM.public(), "Docs", "folder").to_bytes(),
    )
    fields.update(changes)
    return MessageBody(**fields)


def envelope(
    message: MessageBody,
    *,
    signer: PrivateKey = alice_key,
    sender: str = ALICE,
    sink_id: str = SINK_ID,
) -> bytes:
    ciphertext = seal_body(sink.public_key, message.to_bytes())
    return encode_envelope(seal(signer, sender, sink_id, ciphertext, timestamp=1))


def opened(raw: bytes) -> Opened | Rejected:
    whois = whois_of({ALICE: alice_key})
    return open_message("1", SINK_ID, 1, raw, 0.0, sink_key=sink, own_address=BOB, whois=whois)


def test_a_genuine_share_opens() -> None:
    result = opened(envelope(body()))
    assert isinstance(result, Opened)
    assert (result.name, result.type, result.access) == ("Docs", "folder", "read")
    assert result.reference is not None and result.reference.item_id == ITEM.item_id


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\x80", "malformed envelope"),
        (envelope(body(), sink_id=address(mallory_key.public_key.to_bytes())), "another inbox"),
        (
            envelope(body(sender="mallory#h"), signer=mallory_key, sender="mallory#h"),
            "not in the log",
        ),
        (envelope(body(), signer=mallory_key), "forged sender"),
        (envelope(body(recipient="carol#h")), "differs from its envelope"),
        (envelope(body(sender="carol#h")), "differs from its envelope"),
        (envelope(body(share=b"\x01\x80")), "malformed share"),
    ],
)
def test_each_failed_check_is_a_rejection(raw: bytes, reason: str) -> None:
    result = opened(raw)
    assert isinstance(result, Rejected) and reason in result.reason


def test_a_changed_body_or_signature_is_a_bad_signature() -> None:
    good = envelope(body())
    parsed = decode_envelope(good)
    other = seal_body(sink.public_key, body(text="changed").to_bytes())
    for changed in (
        dataclasses.replace(parsed, body=other),
        dataclasses.replace(parsed, signature=bytes(64)),
    ):
        result = opened(encode_envelope(changed))
        assert isinstance(result, Rejected) and result.reason.startswith("bad signature")


def test_a_body_for_another_sink_key_does_not_decrypt() -> None:
    ciphertext = seal_body(mallory_key.public_key, body().to_bytes())
    raw = encode_envelope(seal(alice_key, ALICE, SINK_ID, ciphertext, timestamp=1))
    result = opened(raw)
    assert isinstance(result, Rejected) and "does not decrypt" in result.reason


def test_an_unverifiable_sender_is_rejected_with_the_pki_reason() -> None:
    def failing(who: str) -> Any:
        raise TamperingDetectedError("KTConsistencyError: the log forked")

    raw = envelope(body())
    result = open_message("1", SINK_ID, 1, raw, 0.0, sink_key=sink, own_address=BOB, whois=failing)
    assert isinstance(result, Rejected) and "KTConsistencyError" in result.reason
