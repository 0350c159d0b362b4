"""app.wire.objects: signed bytes rebuilt by hand from OBJECTS.md / FORMAT.md §7, and
the same bytes from app.fs accepted by the server's check (real BIP-32 item keys)."""

from __future__ import annotations

import hashlib
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.crypto.bip32 import ExtendedKey
from app.fs.descriptor import DescriptorPayload
from app.fs.keys import ItemKey
from app.wire.objects import (
    block_id,
    delete_signed_bytes,
    descriptor_signed_bytes,
    join_block_ids,
    lock_signed_bytes,
    split_block_ids,
    unlock_signed_bytes,
)
from server_stub.objects import BadSignatureError
from server_stub.objects.descriptors import verify


def lp(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def label(purpose: str) -> bytes:
    return lp(b"privshare/v1/" + purpose.encode())


def test_descriptor_bytes_match_the_spec_spelled_out() -> None:
    ids = [hashlib.sha256(b"a").digest(), hashlib.sha256(b"b").digest()]
    expected = (
        b"\x00\x00\x00\x1aprivshare/v1/fs/descriptor"
        + b"\x01"
        + b"\x00\x00\x00\x03id1"
        + b"\x00\x00\x00\x02"
        + ids[0]
        + ids[1]
        + b"\x00\x00\x00\x20"
        + hashlib.sha256(b"extra").digest()
    )
    assert descriptor_signed_bytes("id1", ids, b"extra") == expected


def test_control_bytes_match_the_spec() -> None:
    sig, lock = b"S" * 64, b"L" * 16
    assert delete_signed_bytes("d", sig) == label("objects/descriptor-delete") + lp(b"d") + lp(sig)
    assert lock_signed_bytes("d", lock, 300, sig) == (
        label("objects/descriptor-lock") + lp(b"d") + lp(lock) + struct.pack(">I", 300) + lp(sig)
    )
    assert unlock_signed_bytes("d", lock, sig) == (
        label("objects/descriptor-unlock") + lp(b"d") + lp(lock) + lp(sig)
    )
    distinct = {delete_signed_bytes("d", sig), unlock_signed_bytes("d", b"", sig)}
    assert len(distinct) == 2


def test_fs_payload_signature_verifies_on_the_server() -> None:
    root = ExtendedKey.from_seed(bytes(range(32)))
    item = ItemKey(root).child(7)
    blocks = (block_id(b"chunk 0"), block_id(b"chunk 1"))
    payload = DescriptorPayload(item.item_id, blocks, b"encrypted metadata")
    signature = payload.sign(item)
    assert payload.signed_bytes() == descriptor_signed_bytes(item.item_id, blocks, payload.extra)
    verify(item.public_bytes, signature, payload.signed_bytes())
    changed = descriptor_signed_bytes(item.item_id, blocks[::-1], payload.extra)
    with pytest.raises(BadSignatureError):
        verify(item.public_bytes, signature, changed)
    with pytest.raises(BadSignatureError):
        verify(item.public_bytes, signature[:-1] + bytes([signature[-1] ^ 1]), changed)


@given(st.lists(st.binary(min_size=32, max_size=32), max_size=20))
def test_block_lists_round_trip(ids: list[bytes]) -> None:
    joined = join_block_ids(ids)
    assert len(joined) == 32 * len(ids)
    assert split_block_ids(joined) == tuple(ids)


@given(st.binary().filter(lambda b: len(b) % 32 != 0))
def test_a_ragged_block_list_is_refused(joined: bytes) -> None:
    with pytest.raises(ValueError):
        split_block_ids(joined)


def test_block_ids_are_sha256() -> None:
    assert block_id(b"abc").hex() == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    with pytest.raises(ValueError):
        descriptor_signed_bytes("x", [b"short"], b"")
