"""The signed, encrypted envelope that carries file metadata and folder listings
(a descriptor's `extra`, FORMAT.md §4).

    extra = u8 format ‖ u8 kind ‖ signer public key (33) ‖ nonce (12) ‖ AES-256-GCM(body)
    aad   = u8 format ‖ u8 kind ‖ signer public key ‖ lp(item id)
    body  = msgpack map of the fields plus "sig": ECDSA over the kind's canonical signed bytes

The signature sits inside the ciphertext (the server cannot test guesses against it);
the signer's public key sits outside so a foreign signer is named before decryption.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import msgpack

from app.crypto import aead
from app.crypto.errors import DecryptionError
from app.fs.errors import (
    FormatVersionError,
    InjectedObjectError,
    MetadataIntegrityError,
    StructureError,
)
from app.fs.keys import ItemKey
from app.wire.encoding import FORMAT_V1, lp_str, pack, u8, unpack_map

KIND_FILE = 0x01
KIND_FOLDER = 0x02
KIND_NAMES = {KIND_FILE: "file", KIND_FOLDER: "folder"}
_PUB_SIZE = 33
_HEAD = 2 + _PUB_SIZE
_MIN_SIZE = _HEAD + aead.NONCE_SIZE + aead.TAG_SIZE
SIG_SIZE = 64


def _aad(kind: int, signer: bytes, item_id: str) -> bytes:
    return u8(FORMAT_V1) + u8(kind) + signer + lp_str(item_id)


def seal(
    key: ItemKey,
    kind: int,
    fields: dict[str, Any],
    signed: bytes,
    randbytes: Callable[[int], bytes] = secrets.token_bytes,
) -> bytes:
    """Sign `signed` with the item key, then encrypt `fields` + signature for this item."""
    body = pack({**fields, "sig": key.sign(signed)})
    enc_key = key.metadata_key if kind == KIND_FILE else key.listing_key
    nonce = randbytes(aead.NONCE_SIZE)
    head = u8(FORMAT_V1) + u8(kind) + key.public_bytes
    aad = _aad(kind, key.public_bytes, key.item_id)
    return head + nonce + aead.encrypt(enc_key, nonce, body, aad)


def open_fields(
    extra: bytes,
    key: ItemKey,
    kind: int,
    names: frozenset[str],
    optional: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Check the header, decrypt, and decode the body map: exactly `names`, plus any of
    `optional` (signature not yet checked)."""
    what = KIND_NAMES[kind]
    if len(extra) < _MIN_SIZE:
        raise MetadataIntegrityError(f"the {what}'s metadata is too short to be genuine")
    if extra[0] != FORMAT_V1:
        raise FormatVersionError(f"the {what}'s metadata", extra[0])
    if extra[1] not in KIND_NAMES:
        raise FormatVersionError(f"the {what}'s metadata kind", extra[1])
    if extra[1] != kind:
        raise StructureError(f"a {KIND_NAMES[extra[1]]} was found where a {what} was expected")
    signer = bytes(extra[2:_HEAD])
    if signer != key.public_bytes:
        raise InjectedObjectError(
            f"the {what} {key.item_id} is signed by a key it was never given: it was injected"
        )
    enc_key = key.metadata_key if kind == KIND_FILE else key.listing_key
    nonce, sealed = extra[_HEAD : _HEAD + aead.NONCE_SIZE], extra[_HEAD + aead.NONCE_SIZE :]
    try:
        body = aead.decrypt(enc_key, nonce, sealed, _aad(kind, signer, key.item_id))
        return unpack_map(body, names | {"sig"}, optional)
    except (DecryptionError, ValueError, TypeError, msgpack.UnpackException):
        raise MetadataIntegrityError(f"the {what}'s metadata was changed") from None


def check_signature(key: ItemKey, kind: int, signature: Any, signed: bytes) -> None:
    if not isinstance(signature, bytes) or not key.verifies(signature, signed):
        what = KIND_NAMES[kind]
        raise MetadataIntegrityError(f"the {what}'s metadata is not signed by its key")
