"""Inbox (sink) messages: the envelope codec and the exact bytes senders and owners sign
(app/wire/SPEC.md §3 is the contract; the server and the client both use this module).

    envelope    = msgpack map {v: 1, sink: str, from: str, key: bin33, time: int,
                               body: bin, blocks: bin (32 × n), sig: bin64}
    signed      = label("messages/envelope") ‖ u8 1 ‖ lp(sink id) ‖ lp(from) ‖ lp(key)
                  ‖ u64 time ‖ lp(SHA-256(body)) ‖ u32 n ‖ block id × n
    sink create = label("messages/sink-create") ‖ lp(sink id) ‖ lp(owner) ‖ lp(acl)

`lp(x)` = u32 big-endian length ‖ x; `label(p)` = `lp("privshare/v1/" ‖ p)`; strings
are UTF-8. `from` is the sender's address `name#host`, or `anonymous` for a one-off key;
`key` is the sender's identity key (or the one-off key); `time` is the sender's clock in
milliseconds (informational: the server stamps its own time); `body` is the ECIES
ciphertext (label `sink-message`) of the message body to the sink's public key; the
signature is ECDSA secp256k1 (app.crypto.ecc: SHA-256, RFC 6979, low-S) by `key`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.crypto import ecies
from app.crypto.ecc import PrivateKey, PublicKey
from app.crypto.errors import CryptoError
from app.crypto.kdf import LABEL_PREFIX
from app.protocol._codec import pack, unpack
from app.protocol.errors import DecodeError, LocalProtocolError, RemoteProtocolError
from app.wire.objects import BLOCK_ID_SIZE

__all__ = [
    "ACLS",
    "ANONYMOUS",
    "BODY_LABEL",
    "ENVELOPE_VERSION",
    "MAX_ENVELOPE",
    "SENDER_PATTERN",
    "SINK_ID_PATTERN",
    "Envelope",
    "EnvelopeError",
    "EnvelopeSignatureError",
    "decode_envelope",
    "encode_envelope",
    "envelope_signed_bytes",
    "open_body",
    "seal",
    "seal_body",
    "sink_create_signed_bytes",
    "verify_envelope",
]

ENVELOPE_VERSION = 1
ANONYMOUS = "anonymous"
ACLS = ("public", "private", "anonymous")
BODY_LABEL = "sink-message"
MAX_ENVELOPE = 1024 * 1024 + 4096
SINK_ID_PATTERN = r"[1-9A-HJ-NP-Za-km-z]{25,35}"
SENDER_PATTERN = r"[a-z0-9._-]{1,64}#[a-z0-9.:\[\]-]{1,260}|anonymous"
_KEYS = frozenset({"v", "sink", "from", "key", "time", "body", "blocks", "sig"})
_U32_MAX = 2**32 - 1
_U64_MAX = 2**64 - 1


class EnvelopeError(RemoteProtocolError):
    """An envelope that is not the well-formed, version-1 message this module defines."""


class EnvelopeSignatureError(EnvelopeError):
    """The envelope's signature does not verify with the key it names."""


@dataclass(frozen=True)
class Envelope:
    """One sender-signed message to a sink, as it travels and is stored."""

    sink_id: str
    sender: str
    sender_key: bytes
    timestamp: int
    body: bytes
    block_ids: tuple[bytes, ...]
    signature: bytes
    version: int = ENVELOPE_VERSION

    @property
    def is_anonymous(self) -> bool:
        return self.sender == ANONYMOUS

    def signed_bytes(self) -> bytes:
        return envelope_signed_bytes(
            self.sink_id, self.sender, self.sender_key, self.timestamp, self.body, self.block_ids
        )


def envelope_signed_bytes(
    sink_id: str,
    sender: str,
    sender_key: bytes,
    timestamp: int,
    body: bytes,
    block_ids: Sequence[bytes],
) -> bytes:
    """What the sender's key signs for one message (SPEC.md §3)."""
    _check_fields(sink_id, sender, sender_key, timestamp, block_ids, LocalProtocolError)
    return b"".join(
        (
            _label("messages/envelope"),
            bytes([ENVELOPE_VERSION]),
            _lp(sink_id.encode("utf-8")),
            _lp(sender.encode("utf-8")),
            _lp(sender_key),
            timestamp.to_bytes(8, "big"),
            _lp(hashlib.sha256(body).digest()),
            _u32(len(block_ids)),
            *block_ids,
        )
    )


def sink_create_signed_bytes(sink_id: str, owner: str, acl: str) -> bytes:
    """What the sink's own key signs when its owner creates it (proof of possession)."""
    if acl not in ACLS:
        raise LocalProtocolError(f"a sink ACL is one of {', '.join(ACLS)}")
    return b"".join(
        (
            _label("messages/sink-create"),
            _lp(sink_id.encode("utf-8")),
            _lp(owner.encode("utf-8")),
            _lp(acl.encode("ascii")),
        )
    )


def seal(
    sender_key: PrivateKey,
    sender: str,
    sink_id: str,
    body: bytes,
    block_ids: Sequence[bytes] = (),
    *,
    timestamp: int,
) -> Envelope:
    """Sign an already encrypted `body` (see `seal_body`) as `sender` for `sink_id`;
    `timestamp` is the caller's clock in milliseconds."""
    when = timestamp
    public = sender_key.public_key.to_bytes()
    ids = tuple(bytes(b) for b in block_ids)
    signed = envelope_signed_bytes(sink_id, sender, public, when, body, ids)
    return Envelope(sink_id, sender, public, when, body, ids, sender_key.sign(signed))


def verify_envelope(envelope: Envelope) -> None:
    """`EnvelopeSignatureError` unless the signature verifies with `sender_key`."""
    try:
        PublicKey.from_bytes(envelope.sender_key).verify(
            envelope.signature, envelope.signed_bytes()
        )
    except CryptoError:
        raise EnvelopeSignatureError("the message signature does not verify") from None


def seal_body(sink_key: PublicKey, plaintext: bytes) -> bytes:
    """The ECIES ciphertext of a message body to the sink's public key."""
    return ecies.encrypt(sink_key, plaintext, label=BODY_LABEL)


def open_body(sink_key: PrivateKey, ciphertext: bytes) -> bytes:
    """The plaintext of `seal_body`; `app.crypto.errors.DecryptionError` on any failure."""
    return ecies.decrypt(sink_key, ciphertext, label=BODY_LABEL)


def encode_envelope(envelope: Envelope) -> bytes:
    """The envelope's wire bytes (msgpack map with the keys of the module docstring)."""
    return pack(
        {
            "v": envelope.version,
            "sink": envelope.sink_id,
            "from": envelope.sender,
            "key": envelope.sender_key,
            "time": envelope.timestamp,
            "body": envelope.body,
            "blocks": b"".join(envelope.block_ids),
            "sig": envelope.signature,
        }
    )


def decode_envelope(data: bytes, max_size: int = MAX_ENVELOPE) -> Envelope:
    """Parse wire bytes strictly; `EnvelopeError` for anything else. The signature is
    not checked here (`verify_envelope`)."""
    if len(data) > max_size:
        raise EnvelopeError(f"an envelope is at most {max_size} bytes")
    try:
        raw = unpack(data, max_size)
    except DecodeError:
        raise EnvelopeError("the envelope is not msgpack") from None
    if not isinstance(raw, dict) or set(raw) != _KEYS:
        raise EnvelopeError(f"an envelope is a map with exactly the keys {sorted(_KEYS)}")
    if raw["v"] != ENVELOPE_VERSION or isinstance(raw["v"], bool):
        raise EnvelopeError(f"unsupported envelope version {raw['v']!r}")
    sink_id, sender, key = raw["sink"], raw["from"], raw["key"]
    timestamp, body, blocks, signature = raw["time"], raw["body"], raw["blocks"], raw["sig"]
    if not (isinstance(sink_id, str) and isinstance(sender, str) and isinstance(key, bytes)):
        raise EnvelopeError("sink and from are strings, key is binary")
    if not isinstance(body, bytes) or not isinstance(blocks, bytes):
        raise EnvelopeError("body and blocks are binary")
    if not isinstance(signature, bytes) or len(signature) != 64:
        raise EnvelopeError("sig is 64 bytes")
    if len(blocks) % BLOCK_ID_SIZE:
        raise EnvelopeError(f"blocks is a multiple of {BLOCK_ID_SIZE} bytes")
    ids = tuple(blocks[i : i + BLOCK_ID_SIZE] for i in range(0, len(blocks), BLOCK_ID_SIZE))
    _check_fields(sink_id, sender, key, timestamp, ids, EnvelopeError)
    return Envelope(sink_id, sender, key, timestamp, body, ids, signature)


def _check_fields(
    sink_id: str,
    sender: str,
    sender_key: bytes,
    timestamp: object,
    block_ids: Sequence[bytes],
    error: type[Exception],
) -> None:
    if not re.fullmatch(SINK_ID_PATTERN, sink_id):
        raise error("a sink id is a Base58Check address")
    if not re.fullmatch(SENDER_PATTERN, sender):
        raise error("a sender is name#host or anonymous")
    if len(sender_key) != 33 or sender_key[0] not in (2, 3):
        raise error("a sender key is a 33-byte compressed secp256k1 key")
    if not isinstance(timestamp, int) or isinstance(timestamp, bool):
        raise error("time is an integer (milliseconds)")
    if not 0 <= timestamp <= _U64_MAX:
        raise error("time is an unsigned 64-bit integer")
    if any(len(bid) != BLOCK_ID_SIZE for bid in block_ids):
        raise error(f"a block id is {BLOCK_ID_SIZE} bytes")


def _u32(value: int) -> bytes:
    if not 0 <= value <= _U32_MAX:
        raise LocalProtocolError(f"{value} does not fit an unsigned 32-bit field")
    return value.to_bytes(4, "big")


def _lp(data: bytes) -> bytes:
    return _u32(len(data)) + bytes(data)


def _label(purpose: str) -> bytes:
    return _lp(LABEL_PREFIX + purpose.encode("ascii"))
