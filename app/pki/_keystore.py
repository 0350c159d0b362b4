"""The keystore model, its signatures, and its strict parser and canonical emitter.

(Public names are re-exported by `app.pki.openpgp`.)

Keystores as OpenPGP transferable public keys (RFC 4880, RFC 6637; SPEC.md §3).

A keystore is, in this exact packet order: the identity key (v4 ECDSA secp256k1) with
an optional key revocation (0x20); one user ID `name#host` with its positive
self-certification (0x13); then each sink key as an ECDH secp256k1 subkey with its
binding signature (0x18) and an optional subkey revocation (0x28). A later revision
carries, inside its self-certification, the notation `continuity@privshare.invalid`:
the SHA-256 of the previous revision's bytes, the previous identity fingerprint and
that key's signature over the new key (SPEC.md §3.3).

`parse_keystore` checks structure *and* every self-signature, and raises one
`KeystoreError` with the reason; `emit_keystore` writes canonical bytes, so
`parse_keystore(emit_keystore(k)) == k` and `emit_keystore(parse_keystore(b)) == b` for
every `b` we emitted.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass, replace

from app.crypto.ecc import PrivateKey, PublicKey
from app.crypto.errors import CryptoError

from ._codec import fields
from ._packets import (
    ALG_ECDH,
    ALG_ECDSA,
    SUB_CREATED,
    SUB_ISSUER,
    SUB_ISSUER_FPR,
    SUB_KEY_FLAGS,
    SUB_NOTATION,
    TAG_PUBLIC_KEY,
    TAG_PUBLIC_SUBKEY,
    TAG_SIGNATURE,
    TAG_USER_ID,
    KeyPacket,
    SignaturePacket,
    Subpacket,
    packet,
    parse_key,
    parse_signature,
    split_packets,
)
from .errors import KeystoreError, PKIUsageError

SIG_BINARY, SIG_POSITIVE, SIG_SUBKEY_BINDING = 0x00, 0x13, 0x18
SIG_KEY_REVOCATION, SIG_SUBKEY_REVOCATION = 0x20, 0x28
FLAGS_CERTIFY_SIGN, FLAGS_ENCRYPT = b"\x03", b"\x0c"
CONTINUITY_NOTATION = b"continuity@privshare.invalid"
CONTINUITY_LABEL = b"privshare/v1/pki/continuity"
MAX_KEYSTORE_SIZE = 1 << 16
MAX_SUBKEYS = 64


@dataclass(frozen=True)
class Continuity:
    """The previous revision's identity key vouching for this revision (SPEC.md §3.3)."""

    prev_keystore_hash: bytes  # SHA-256 of the previous revision's bytes
    prev_fingerprint: bytes  # the previous identity key's v4 fingerprint
    signature: bytes  # r‖s by that key over `continuity_message(...)`

    def encode(self) -> bytes:
        return self.prev_keystore_hash + self.prev_fingerprint + self.signature

    @classmethod
    def decode(cls, value: bytes) -> Continuity:
        if len(value) != 32 + 20 + 64:
            raise KeystoreError("the continuity notation has the wrong length")
        return cls(value[:32], value[32:52], value[52:])


def continuity_message(new_fingerprint: bytes, user_id: str, prev_hash: bytes) -> bytes:
    return fields(CONTINUITY_LABEL, new_fingerprint, user_id.encode(), prev_hash)


@dataclass(frozen=True)
class Subkey:
    key: KeyPacket
    binding: SignaturePacket
    revocation: SignaturePacket | None = None


@dataclass(frozen=True)
class Keystore:
    primary: KeyPacket
    user_id: str
    self_signature: SignaturePacket
    subkeys: tuple[Subkey, ...] = ()
    revocation: SignaturePacket | None = None

    @property
    def fingerprint(self) -> bytes:
        return self.primary.fingerprint

    @property
    def key_id(self) -> bytes:
        return self.primary.key_id

    @property
    def identity_key(self) -> PublicKey:
        return self.primary.public_key

    @property
    def is_revoked(self) -> bool:
        return self.revocation is not None

    @property
    def sink_keys(self) -> tuple[PublicKey, ...]:
        """The sink (inbox) keys that are not revoked, oldest first."""
        return tuple(s.key.public_key for s in self.subkeys if s.revocation is None)

    @property
    def continuity(self) -> Continuity | None:
        value = _notation(self.self_signature, CONTINUITY_NOTATION)
        return None if value is None else Continuity.decode(value)


# --- signing and verifying ---------------------------------------------------------------


def _uid_data(primary: KeyPacket, user_id: str) -> bytes:
    uid = user_id.encode()
    return primary.hash_prefix + b"\xb4" + len(uid).to_bytes(4, "big") + uid


def _sign(
    key: PrivateKey,
    issuer: KeyPacket,
    sig_type: int,
    signed_data: bytes,
    created: int,
    extra: tuple[Subpacket, ...] = (),
) -> SignaturePacket:
    if key.public_key.to_bytes(compressed=False) != issuer.point:
        raise PKIUsageError("the private key does not belong to the signing key packet")
    hashed = (
        Subpacket(SUB_CREATED, created.to_bytes(4, "big")),
        Subpacket(SUB_ISSUER_FPR, b"\x04" + issuer.fingerprint),
        *extra,
        Subpacket(SUB_ISSUER, issuer.key_id),
    )
    unsigned = SignaturePacket(sig_type, hashed, (), b"\x00\x00", 0, 0)
    digest = unsigned.digest(signed_data)
    sig = key.sign_digest(digest)
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    return replace(unsigned, left16=digest[:2], r=r, s=s)


def _verify(sig: SignaturePacket, signer: KeyPacket, sig_type: int, signed_data: bytes) -> None:
    if sig.sig_type != sig_type:
        raise KeystoreError(
            f"expected a signature of type {sig_type:#04x}, got {sig.sig_type:#04x}"
        )
    if not hmac.compare_digest(sig.issuer_fingerprint, signer.fingerprint):
        raise KeystoreError(f"a signature of type {sig_type:#04x} was made by another key")
    issuer_id = sig.subpacket(SUB_ISSUER)
    if issuer_id is not None and issuer_id != signer.key_id:
        raise KeystoreError("a signature's issuer key ID contradicts its issuer fingerprint")
    if sig.created < signer.created:
        raise KeystoreError("a signature is older than the key that made it")
    digest = sig.digest(signed_data)
    try:
        if sig.left16 != digest[:2]:
            raise CryptoError
        signer.public_key.verify_digest(
            sig.r.to_bytes(32, "big") + sig.s.to_bytes(32, "big"), digest
        )
    except CryptoError:
        raise KeystoreError(f"a signature of type {sig_type:#04x} does not verify") from None


def _notation(sig: SignaturePacket, name: bytes) -> bytes | None:
    found = None
    for sub in sig.hashed:
        if sub.type != SUB_NOTATION:
            continue
        data = sub.data
        if len(data) < 8:
            raise KeystoreError("a notation subpacket is truncated")
        n, v = int.from_bytes(data[4:6], "big"), int.from_bytes(data[6:8], "big")
        if len(data) != 8 + n + v:
            raise KeystoreError("a notation subpacket has inconsistent lengths")
        if data[8 : 8 + n] == name:
            if found is not None:
                raise KeystoreError("a notation appears twice")
            found = data[8 + n :]
    return found


def _notation_subpacket(name: bytes, value: bytes) -> Subpacket:
    data = bytes(4) + len(name).to_bytes(2, "big") + len(value).to_bytes(2, "big")
    return Subpacket(SUB_NOTATION, data + name + value)


# --- parsing and emitting ----------------------------------------------------------------


class _Packets:
    """A cursor over (tag, body) pairs."""

    def __init__(self, data: bytes) -> None:
        if len(data) > MAX_KEYSTORE_SIZE:
            raise KeystoreError("the keystore is larger than 64 KiB")
        self._items = list(split_packets(data))
        self._pos = 0

    def peek(self) -> int | None:
        return self._items[self._pos][0] if self._pos < len(self._items) else None

    def next(self, tag: int, what: str) -> bytes:
        if self.peek() != tag:
            raise KeystoreError(f"expected {what} (packet tag {tag}), found {self.peek()}")
        self._pos += 1
        return self._items[self._pos - 1][1]

    def optional_signature(self, sig_type: int) -> SignaturePacket | None:
        if self.peek() != TAG_SIGNATURE:
            return None
        sig = parse_signature(self._items[self._pos][1])
        if sig.sig_type != sig_type:
            return None
        self._pos += 1
        return sig


def _parse_user_id(body: bytes) -> str:
    try:
        user_id = body.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise KeystoreError("the user ID is not UTF-8") from None
    _check_user_id(user_id)
    return user_id


def _check_user_id(user_id: str) -> None:
    if not 0 < len(user_id.encode()) <= 255 or any(ord(c) < 32 or ord(c) == 127 for c in user_id):
        raise KeystoreError("a user ID must be 1-255 bytes of printable text")


def _parse_subkeys(cursor: _Packets, primary: KeyPacket) -> Iterator[Subkey]:
    seen = {primary.fingerprint}
    while cursor.peek() is not None:
        key = parse_key(cursor.next(TAG_PUBLIC_SUBKEY, "a sink subkey"))
        if key.algorithm != ALG_ECDH:
            raise KeystoreError("sink subkeys must be ECDH keys")
        if key.fingerprint in seen or len(seen) > MAX_SUBKEYS:
            raise KeystoreError("a subkey is repeated, or there are too many subkeys")
        seen.add(key.fingerprint)
        binding = parse_signature(cursor.next(TAG_SIGNATURE, "a subkey binding signature"))
        revocation = cursor.optional_signature(SIG_SUBKEY_REVOCATION)
        yield Subkey(key, binding, revocation)


def _check_signatures(ks: Keystore) -> None:
    primary = ks.primary
    if ks.revocation is not None:
        _verify(ks.revocation, primary, SIG_KEY_REVOCATION, primary.hash_prefix)
    _verify(ks.self_signature, primary, SIG_POSITIVE, _uid_data(primary, ks.user_id))
    if ks.self_signature.subpacket(SUB_KEY_FLAGS) != FLAGS_CERTIFY_SIGN:
        raise KeystoreError("the identity key must be flagged certify+sign")
    ks.continuity  # noqa: B018 -- decodes (and so checks) the continuity notation
    for sub in ks.subkeys:
        data = primary.hash_prefix + sub.key.hash_prefix
        _verify(sub.binding, primary, SIG_SUBKEY_BINDING, data)
        if sub.binding.subpacket(SUB_KEY_FLAGS) != FLAGS_ENCRYPT:
            raise KeystoreError("a sink subkey must be flagged for encryption")
        if sub.revocation is not None:
            _verify(sub.revocation, primary, SIG_SUBKEY_REVOCATION, data)


def parse_keystore(data: bytes) -> Keystore:
    """Parse and check a keystore; `KeystoreError` says what is wrong."""
    cursor = _Packets(data)
    primary = parse_key(cursor.next(TAG_PUBLIC_KEY, "the identity key"))
    if primary.algorithm != ALG_ECDSA:
        raise KeystoreError("the identity key must be an ECDSA key")
    revocation = cursor.optional_signature(SIG_KEY_REVOCATION)
    user_id = _parse_user_id(cursor.next(TAG_USER_ID, "the user ID"))
    self_sig = parse_signature(cursor.next(TAG_SIGNATURE, "the self-certification"))
    subkeys = tuple(_parse_subkeys(cursor, primary))
    ks = Keystore(primary, user_id, self_sig, subkeys, revocation)
    _check_signatures(ks)
    return ks


def emit_keystore(ks: Keystore) -> bytes:
    """The canonical bytes of a keystore (new-format headers, minimal lengths)."""
    parts = [packet(TAG_PUBLIC_KEY, ks.primary.body)]
    if ks.revocation is not None:
        parts.append(packet(TAG_SIGNATURE, ks.revocation.body))
    parts += [
        packet(TAG_USER_ID, ks.user_id.encode()),
        packet(TAG_SIGNATURE, ks.self_signature.body),
    ]
    for sub in ks.subkeys:
        parts += [packet(TAG_PUBLIC_SUBKEY, sub.key.body), packet(TAG_SIGNATURE, sub.binding.body)]
        if sub.revocation is not None:
            parts.append(packet(TAG_SIGNATURE, sub.revocation.body))
    return b"".join(parts)
