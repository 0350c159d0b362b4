"""Keystores as OpenPGP transferable public keys (RFC 4880, RFC 6637; SPEC.md §3).

A keystore is, in this exact packet order: the identity key (v4 ECDSA secp256k1) with
an optional key revocation (0x20); one user ID `name#host` with its positive
self-certification (0x13); then each sink key as an ECDH secp256k1 subkey with its
binding signature (0x18) and an optional subkey revocation (0x28). A later revision
carries, inside its self-certification, the notation `continuity@privshare.invalid`:
the SHA-256 of the previous revision's bytes, the previous identity fingerprint and
that key's signature over the new key (SPEC.md §3.3).

Public surface: `parse_keystore`, `emit_keystore` (canonical: `parse(emit(k)) == k`,
`emit(parse(b)) == b` for our output), the builders `new_keystore`, `add_sink`,
`revoke_sink`, `revoke_keystore`, `succeed`, `rotate`; `check_continuity`;
`sign_detached`/`verify_detached` (type 0x00, for `privshare sign FILE`);
`fingerprint`/`key_id` on `Keystore`; `check_words`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace

from app.crypto.bip39 import WORDLIST
from app.crypto.ecc import PrivateKey, PublicKey
from app.crypto.errors import CryptoError

from ._keystore import (
    CONTINUITY_NOTATION,
    FLAGS_CERTIFY_SIGN,
    FLAGS_ENCRYPT,
    SIG_BINARY,
    SIG_KEY_REVOCATION,
    SIG_POSITIVE,
    SIG_SUBKEY_BINDING,
    SIG_SUBKEY_REVOCATION,
    Continuity,
    Keystore,
    Subkey,
    _check_user_id,
    _notation_subpacket,
    _sign,
    _uid_data,
    _verify,
    continuity_message,
    emit_keystore,
    parse_keystore,
)
from ._packets import (
    ALG_ECDH,
    ALG_ECDSA,
    HASH_SHA256,
    SUB_KEY_FLAGS,
    SUB_PREF_HASH,
    SUB_REVOCATION_REASON,
    TAG_SIGNATURE,
    KeyPacket,
    SignaturePacket,
    Subpacket,
    packet,
    parse_signature,
    split_packets,
)
from .errors import KeystoreError, PKIUsageError

__all__ = [
    "CONTINUITY_NOTATION",
    "Continuity",
    "KeyPacket",
    "Keystore",
    "SignaturePacket",
    "Subkey",
    "add_sink",
    "check_continuity",
    "check_words",
    "emit_keystore",
    "new_keystore",
    "parse_keystore",
    "revoke_keystore",
    "revoke_sink",
    "rotate",
    "sign_detached",
    "succeed",
    "verify_detached",
]


# --- building ----------------------------------------------------------------------------


def _self_certify(
    identity: PrivateKey, primary: KeyPacket, user_id: str, now: int, cont: Continuity | None
) -> SignaturePacket:
    extra = [
        Subpacket(SUB_KEY_FLAGS, FLAGS_CERTIFY_SIGN),
        Subpacket(SUB_PREF_HASH, bytes([HASH_SHA256])),
    ]
    if cont is not None:
        extra.append(_notation_subpacket(CONTINUITY_NOTATION, cont.encode()))
    return _sign(identity, primary, SIG_POSITIVE, _uid_data(primary, user_id), now, tuple(extra))


def new_keystore(identity: PrivateKey, user_id: str, *, created: int) -> Keystore:
    """A first-revision keystore: the identity key and its user ID, self-certified."""
    _check_user_id(user_id)
    primary = KeyPacket.from_public_key(identity.public_key, ALG_ECDSA, created)
    return Keystore(primary, user_id, _self_certify(identity, primary, user_id, created, None))


def add_sink(
    keystore: Keystore,
    identity: PrivateKey,
    sink: PublicKey,
    *,
    created: int,
    now: int | None = None,
) -> Keystore:
    """Add a sink (inbox) key as an ECDH subkey (key time `created`), bound by the
    identity key at `now` (default: `created`)."""
    sub = KeyPacket.from_public_key(sink, ALG_ECDH, created)
    if any(s.key.fingerprint == sub.fingerprint for s in keystore.subkeys):
        raise PKIUsageError("this sink key is already in the keystore")
    data = keystore.primary.hash_prefix + sub.hash_prefix
    flags = (Subpacket(SUB_KEY_FLAGS, FLAGS_ENCRYPT),)
    when = created if now is None else now
    binding = _sign(identity, keystore.primary, SIG_SUBKEY_BINDING, data, when, flags)
    return replace(keystore, subkeys=(*keystore.subkeys, Subkey(sub, binding)))


def _reason(code: int, text: str) -> tuple[Subpacket, ...]:
    return (Subpacket(SUB_REVOCATION_REASON, bytes([code]) + text.encode()),)


def revoke_sink(
    keystore: Keystore, identity: PrivateKey, fingerprint: bytes, *, now: int, reason: str = ""
) -> Keystore:
    """Revoke one sink subkey (reason code 0x03: no longer used)."""
    subkeys = list(keystore.subkeys)
    for i, sub in enumerate(subkeys):
        if sub.key.fingerprint == fingerprint and sub.revocation is None:
            data = keystore.primary.hash_prefix + sub.key.hash_prefix
            rev = _sign(
                identity, keystore.primary, SIG_SUBKEY_REVOCATION, data, now, _reason(3, reason)
            )
            subkeys[i] = replace(sub, revocation=rev)
            return replace(keystore, subkeys=tuple(subkeys))
    raise PKIUsageError("no unrevoked subkey has this fingerprint")


def revoke_keystore(
    keystore: Keystore, identity: PrivateKey, *, now: int, reason: str = ""
) -> Keystore:
    """Revoke the identity key itself (reason code 0x02: compromised)."""
    data = keystore.primary.hash_prefix
    rev = _sign(identity, keystore.primary, SIG_KEY_REVOCATION, data, now, _reason(2, reason))
    return replace(keystore, revocation=rev)


def succeed(
    previous: bytes, previous_key: PrivateKey, new: Keystore, identity: PrivateKey, *, now: int
) -> Keystore:
    """Make `new` the next revision after the keystore bytes `previous`.

    `previous_key` (the previous revision's identity key) signs the continuity
    statement; `identity` (the new identity key, often the same) re-certifies the user
    ID carrying it.
    """
    prev_hash = hashlib.sha256(previous).digest()
    prev = parse_keystore(previous)
    message = continuity_message(new.fingerprint, new.user_id, prev_hash)
    cont = Continuity(prev_hash, prev.fingerprint, previous_key.sign(message))
    sig = _self_certify(identity, new.primary, new.user_id, now, cont)
    return replace(new, self_signature=sig)


def rotate(previous: Keystore, new_identity: PrivateKey, *, created: int) -> Keystore:
    """A keystore under a new identity key keeping every sink subkey and revocation
    (still to be passed through `succeed`, signed by the old key)."""
    out = new_keystore(new_identity, previous.user_id, created=created)
    for sub in previous.subkeys:
        key = sub.key
        out = add_sink(out, new_identity, key.public_key, created=key.created, now=created)
        if sub.revocation is not None:
            out = revoke_sink(out, new_identity, out.subkeys[-1].key.fingerprint, now=created)
    return out


# --- key continuity ----------------------------------------------------------------------


def check_continuity(previous: bytes, new: Keystore) -> Keystore:
    """Check that `new` is a lawful next revision of the keystore bytes `previous`.

    The previous identity key, not revoked, must have signed the continuity statement
    over the new identity fingerprint, the same user ID and SHA-256(previous); every
    previous sink subkey must still be there, and no revocation may disappear.
    Returns the parsed previous keystore; raises `KeystoreError` otherwise.
    """
    prev = parse_keystore(previous)
    cont = new.continuity
    if cont is None:
        raise KeystoreError("this revision is not signed by the previous revision's key")
    prev_hash = hashlib.sha256(previous).digest()
    if not hmac.compare_digest(cont.prev_keystore_hash, prev_hash):
        raise KeystoreError("this revision names a different previous revision")
    if cont.prev_fingerprint != prev.fingerprint or prev.is_revoked:
        raise KeystoreError("this revision is not signed by the previous (unrevoked) key")
    if new.user_id != prev.user_id:
        raise KeystoreError("a new revision may not change the user ID")
    message = continuity_message(new.fingerprint, new.user_id, prev_hash)
    try:
        prev.identity_key.verify(cont.signature, message)
    except CryptoError:
        raise KeystoreError("the previous key's continuity signature does not verify") from None
    _check_subkeys_kept(prev, new)
    return prev


def _check_subkeys_kept(prev: Keystore, new: Keystore) -> None:
    now_revoked = {s.key.fingerprint: s.revocation is not None for s in new.subkeys}
    for sub in prev.subkeys:
        fpr = sub.key.fingerprint
        if fpr not in now_revoked:
            raise KeystoreError("a new revision dropped a sink key of the previous one")
        if sub.revocation is not None and not now_revoked[fpr]:
            raise KeystoreError("a new revision un-revoked a sink key")


# --- detached signatures -----------------------------------------------------------------


def sign_detached(
    identity: PrivateKey, signer: Keystore, document: bytes, *, created: int
) -> bytes:
    """A binary-document signature packet (type 0x00) that `gpg --verify` accepts."""
    sig = _sign(identity, signer.primary, SIG_BINARY, document, created)
    return packet(TAG_SIGNATURE, sig.body)


def verify_detached(signer: Keystore, document: bytes, signature: bytes) -> None:
    """Check a detached signature by the keystore's (unrevoked) identity key."""
    packets = list(split_packets(signature))
    if len(packets) != 1 or packets[0][0] != TAG_SIGNATURE:
        raise KeystoreError("a detached signature must be exactly one signature packet")
    if signer.is_revoked:
        raise KeystoreError("the signing key has been revoked")
    _verify(parse_signature(packets[0][1]), signer.primary, SIG_BINARY, document)


# --- check words -------------------------------------------------------------------------


def check_words(fingerprint: bytes) -> list[str]:
    """The first 88 bits of a fingerprint as 8 BIP-39 English words (11 bits each)."""
    if len(fingerprint) < 11:
        raise PKIUsageError("a fingerprint has at least 11 bytes")
    bits = int.from_bytes(fingerprint[:11], "big")
    return [WORDLIST[(bits >> (11 * (7 - i))) & 0x7FF] for i in range(8)]
