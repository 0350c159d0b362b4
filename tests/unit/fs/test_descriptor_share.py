"""Descriptor payloads (the object the server checks) and share references."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from app.crypto.ecc import PublicKey
from app.fs import (
    DescriptorPayload,
    FormatVersionError,
    InjectedObjectError,
    IntegrityError,
    ItemKey,
    ListingEntry,
    ShareReference,
    StructureError,
)
from app.wire.objects import block_id

Rand = Callable[[int], bytes]


def payload_for(key: ItemKey) -> DescriptorPayload:
    ids = (block_id(b"block one"), block_id(b"block two"))
    return DescriptorPayload(key.item_id, ids, b"encrypted extra")


def test_signature_checks_with_an_independent_recomputation(root: ItemKey) -> None:
    payload = payload_for(root)
    signature = payload.sign(root)
    label = b"privshare/v1/fs/descriptor"
    expected = (
        len(label).to_bytes(4, "big")
        + label
        + b"\x01"
        + len(root.item_id).to_bytes(4, "big")
        + root.item_id.encode()
        + (2).to_bytes(4, "big")
        + hashlib.sha256(b"block one").digest()
        + hashlib.sha256(b"block two").digest()
        + (32).to_bytes(4, "big")
        + hashlib.sha256(b"encrypted extra").digest()
    )
    assert payload.signed_bytes() == expected
    PublicKey.from_bytes(root.public_bytes).verify(signature, expected)
    payload.verify(root.public(), signature, signer=root.public_bytes)


def test_tampered_descriptor_is_integrity_error(root: ItemKey) -> None:
    payload = payload_for(root)
    signature = payload.sign(root)
    reordered = DescriptorPayload(root.item_id, payload.block_ids[::-1], payload.extra)
    other_extra = DescriptorPayload(root.item_id, payload.block_ids, b"other")
    for bad in (reordered, other_extra):
        with pytest.raises(IntegrityError):
            bad.verify(root, signature)


def test_descriptor_of_another_key_is_injected(root: ItemKey, rand: Rand) -> None:
    _, child = ListingEntry.create(root, "x", "file", randbytes=rand)
    served = payload_for(child)
    with pytest.raises(InjectedObjectError):
        served.verify(root.public(), served.sign(child))
    genuine = payload_for(root)
    with pytest.raises(InjectedObjectError):
        genuine.verify(root, genuine.sign(root), signer=child.public_bytes)


def test_descriptor_codec(root: ItemKey) -> None:
    payload = payload_for(root)
    data = payload.to_bytes()
    assert DescriptorPayload.from_bytes(data) == payload
    with pytest.raises(FormatVersionError):
        DescriptorPayload.from_bytes(b"\x07" + data[1:])
    with pytest.raises(IntegrityError):
        DescriptorPayload.from_bytes(data[:-3])


@pytest.mark.parametrize("write", [False, True])
def test_share_reference_round_trip(root: ItemKey, write: bool) -> None:
    key = root if write else root.public()
    share = ShareReference("example.org:8443", key, "Holiday photos", "folder")
    decoded = ShareReference.from_bytes(share.to_bytes())
    assert decoded == share
    assert decoded.grants_write is write and decoded.item_id == root.item_id


def test_share_reference_with_a_mismatched_id_or_format(root: ItemKey, rand: Rand) -> None:
    import msgpack

    data = ShareReference("h", root.public(), "n", "file").to_bytes()
    body = msgpack.unpackb(data[1:])
    body["id"] = ListingEntry.create(root, "x", "file", randbytes=rand)[1].item_id
    with pytest.raises(StructureError, match="does not match"):
        ShareReference.from_bytes(b"\x01" + msgpack.packb(body))
    with pytest.raises(FormatVersionError):
        ShareReference.from_bytes(b"\x00" + data[1:])
    with pytest.raises(StructureError):
        ShareReference.from_bytes(b"\x01\x90")
