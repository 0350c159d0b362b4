"""OpenPGP keystores: canonical form, strict parsing, signatures, continuity, check words."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

from app.crypto.bip39 import WORDLIST
from app.crypto.ecc import PrivateKey
from app.pki import _packets, openpgp
from app.pki.errors import KeystoreError, PKIUsageError

T0 = 1_700_000_000


def key(label: str) -> PrivateKey:
    return PrivateKey.from_bytes(hashlib.sha256(label.encode()).digest())


ID, SINK1, SINK2, NEW_ID, MALLORY = (key(n) for n in ("id", "sink1", "sink2", "new id", "mallory"))


def alice() -> openpgp.Keystore:
    ks = openpgp.new_keystore(ID, "alice#example.org", created=T0)
    ks = openpgp.add_sink(ks, ID, SINK1.public_key, created=T0 + 1)
    return openpgp.add_sink(ks, ID, SINK2.public_key, created=T0 + 2)


ALICE = alice()
ALICE_BYTES = openpgp.emit_keystore(ALICE)


def _packets_of(data: bytes) -> list[tuple[int, bytes]]:
    return list(_packets.split_packets(data))


def _join(pkts: list[tuple[int, bytes]]) -> bytes:
    return b"".join(_packets.packet(t, b) for t, b in pkts)


def test_round_trip_is_canonical() -> None:
    assert openpgp.parse_keystore(ALICE_BYTES) == ALICE
    assert openpgp.emit_keystore(openpgp.parse_keystore(ALICE_BYTES)) == ALICE_BYTES
    assert [t for t, _ in _packets_of(ALICE_BYTES)] == [6, 13, 2, 14, 2, 14, 2]
    assert ALICE.sink_keys == (SINK1.public_key, SINK2.public_key)
    assert ALICE.identity_key == ID.public_key


def test_key_packet_layout_and_fingerprint() -> None:
    body = _packets_of(ALICE_BYTES)[0][1]
    point = ID.public_key.to_bytes(compressed=False)
    expected = b"\x04" + T0.to_bytes(4, "big") + b"\x13" + b"\x05\x2b\x81\x04\x00\x0a"
    expected += b"\x02\x03" + point  # MPI of 0x04‖x‖y: 515 bits
    assert body == expected
    fpr = hashlib.sha1(b"\x99" + len(body).to_bytes(2, "big") + body).digest()
    assert ALICE.fingerprint == fpr
    assert ALICE.key_id == fpr[-8:]
    sub_body = _packets_of(ALICE_BYTES)[3][1]
    assert sub_body[5] == 18 and sub_body.endswith(b"\x03\x01\x08\x09")  # ECDH, SHA256/AES256


def test_signatures_verify_under_an_independent_ecdsa() -> None:
    pkts = _packets_of(ALICE_BYTES)
    key_body, uid, sig_body = pkts[0][1], pkts[1][1], pkts[2][1]
    hashed_len = int.from_bytes(sig_body[4:6], "big")
    hashed_part = sig_body[: 6 + hashed_len]
    signed = b"\x99" + len(key_body).to_bytes(2, "big") + key_body
    signed += b"\xb4" + len(uid).to_bytes(4, "big") + uid
    digest = hashlib.sha256(
        signed + hashed_part + b"\x04\xff" + len(hashed_part).to_bytes(4, "big")
    ).digest()
    sig = _packets.parse_signature(sig_body)
    assert sig.sig_type == 0x13 and sig.left16 == digest[:2]
    pub = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256K1(), ID.public_key.to_bytes(compressed=False)
    )
    der = utils.encode_dss_signature(sig.r, sig.s)
    pub.verify(der, digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))


def test_check_words() -> None:
    words = openpgp.check_words(ALICE.fingerprint)
    bits = bin(int.from_bytes(ALICE.fingerprint, "big"))[2:].zfill(160)[:88]
    assert words == [WORDLIST[int(bits[i : i + 11], 2)] for i in range(0, 88, 11)]
    assert len(words) == 8
    assert openpgp.check_words(openpgp.parse_keystore(ALICE_BYTES).fingerprint) == words
    assert openpgp.check_words(bytes(20)) == ["abandon"] * 8
    assert openpgp.check_words(b"\xff" * 20) == ["zoo"] * 8
    with pytest.raises(PKIUsageError):
        openpgp.check_words(b"short")


def test_old_format_headers_are_accepted() -> None:
    def old(tag: int, body: bytes) -> bytes:
        return bytes([0x80 | tag << 2 | 1]) + len(body).to_bytes(2, "big") + body

    data = b"".join(old(t, b) for t, b in _packets_of(ALICE_BYTES))
    assert openpgp.parse_keystore(data) == ALICE
    assert openpgp.emit_keystore(openpgp.parse_keystore(data)) == ALICE_BYTES


def _resign_self_sig(ks: openpgp.Keystore, hashed: tuple[_packets.Subpacket, ...]) -> bytes:
    unsigned = dataclasses.replace(ks.self_signature, hashed=hashed)
    primary = ks.primary
    uid = ks.user_id.encode()
    digest = unsigned.digest(primary.hash_prefix + b"\xb4" + len(uid).to_bytes(4, "big") + uid)
    raw = ID.sign_digest(digest)
    sig = dataclasses.replace(
        unsigned,
        left16=digest[:2],
        r=int.from_bytes(raw[:32], "big"),
        s=int.from_bytes(raw[32:], "big"),
    )
    return openpgp.emit_keystore(dataclasses.replace(ks, self_signature=sig))


def test_subpacket_rules() -> None:
    base = ALICE.self_signature.hashed
    unknown_noncritical = _resign_self_sig(ALICE, (*base, _packets.Subpacket(100, b"x")))
    assert openpgp.parse_keystore(unknown_noncritical).self_signature.hashed[-1].type == 100
    for bad, reason in (
        ((*base, _packets.Subpacket(100, b"x", critical=True)), "unknown critical"),
        ((*base, _packets.Subpacket(9, b"\x00\x00\x00\x10")), "expiring"),
        ((*base, _packets.Subpacket(2, b"\x00\x00")), "wrong length"),
        ((*base, base[0]), "twice"),
        ((base[0], *base[2:]), "issuer fingerprint"),
        (tuple(s for s in base if s.type != 27), "certify"),
    ):
        with pytest.raises(KeystoreError, match=reason):
            openpgp.parse_keystore(_resign_self_sig(ALICE, bad))


def test_structural_damage_is_one_clear_keystore_error() -> None:
    pkts = _packets_of(ALICE_BYTES)
    key_body = pkts[0][1]
    bad_point = key_body[:-1] + bytes([key_body[-1] ^ 1])
    cases = {
        "trailing": ALICE_BYTES + b"\x00",
        "truncated": ALICE_BYTES[:-1],
        "partial length": bytes([0xC6, 0xE1]) + key_body,
        "no identity key": _join(pkts[1:]),
        "no user id": _join([pkts[0], *pkts[2:]]),
        "extra packet": _join([*pkts, pkts[1]]),
        "secret key packet": _join([(5, key_body), *pkts[1:]]),
        "other curve": _join([(6, key_body[:7] + b"\x2a" + key_body[8:]), *pkts[1:]]),
        "bad point": _join([(6, bad_point), *pkts[1:]]),
        "v3 key": _join([(6, b"\x03" + key_body[1:]), *pkts[1:]]),
        "mpi bit count": _join([(6, key_body[:11] + b"\x02\x04" + key_body[13:]), *pkts[1:]]),
        "empty": b"",
        "junk": b"\x00\x01\x02",
        "tampered last binding signature": ALICE_BYTES[:-3]
        + bytes([ALICE_BYTES[-3] ^ 1])
        + ALICE_BYTES[-2:],
        "subkey as primary": _join([(6, pkts[3][1]), *pkts[1:]]),
        "swapped binding": _join([*pkts[:3], pkts[3], pkts[6], pkts[5], pkts[4]]),
        "non-utf8 user id": _join([pkts[0], (13, b"\xff\xfe"), *pkts[2:]]),
    }
    for name, data in cases.items():
        with pytest.raises(KeystoreError):
            openpgp.parse_keystore(data)
            pytest.fail(f"accepted: {name}")


def test_user_id_must_be_signed_as_it_is() -> None:
    pkts = _packets_of(ALICE_BYTES)
    renamed = _join([pkts[0], (13, b"mallory#example.org"), *pkts[2:]])
    with pytest.raises(KeystoreError, match="does not verify"):
        openpgp.parse_keystore(renamed)


def test_foreign_subkey_binding_rejected() -> None:
    mallory = openpgp.add_sink(
        openpgp.new_keystore(MALLORY, "m#x", created=T0), MALLORY, SINK1.public_key, created=T0
    )
    pkts, evil = _packets_of(ALICE_BYTES), _packets_of(openpgp.emit_keystore(mallory))
    with pytest.raises(KeystoreError, match="another key"):
        openpgp.parse_keystore(_join([*pkts[:3], evil[3], evil[4]]))


def test_revocations() -> None:
    revoked_sink = openpgp.revoke_sink(ALICE, ID, ALICE.subkeys[0].key.fingerprint, now=T0 + 5)
    data = openpgp.emit_keystore(revoked_sink)
    parsed = openpgp.parse_keystore(data)
    assert parsed == revoked_sink and parsed.sink_keys == (SINK2.public_key,)
    assert [p[0] for p in _packets_of(data)] == [6, 13, 2, 14, 2, 2, 14, 2]
    assert _packets.parse_signature(_packets_of(data)[5][1]).sig_type == 0x28
    revoked = openpgp.revoke_keystore(ALICE, ID, now=T0 + 6, reason="lost laptop")
    assert openpgp.parse_keystore(openpgp.emit_keystore(revoked)).is_revoked
    with pytest.raises(PKIUsageError):
        openpgp.revoke_sink(ALICE, ID, b"\x00" * 20, now=T0)
    with pytest.raises(PKIUsageError):
        openpgp.revoke_keystore(ALICE, MALLORY, now=T0)


def test_continuity_same_key() -> None:
    grown = openpgp.add_sink(
        openpgp.parse_keystore(ALICE_BYTES), ID, key("sink3").public_key, created=T0 + 9
    )
    rev2 = openpgp.succeed(ALICE_BYTES, ID, grown, ID, now=T0 + 10)
    rev2_bytes = openpgp.emit_keystore(rev2)
    parsed = openpgp.parse_keystore(rev2_bytes)
    assert parsed.continuity is not None
    assert parsed.continuity.prev_keystore_hash == hashlib.sha256(ALICE_BYTES).digest()
    assert openpgp.check_continuity(ALICE_BYTES, parsed) == ALICE
    with pytest.raises(KeystoreError, match="not signed by the previous"):
        openpgp.check_continuity(ALICE_BYTES, grown)
    with pytest.raises(KeystoreError, match="different previous"):
        openpgp.check_continuity(openpgp.emit_keystore(alice_other()), parsed)


def alice_other() -> openpgp.Keystore:
    return openpgp.add_sink(ALICE, ID, key("x").public_key, created=T0 + 3)


def test_continuity_rotation_and_forgeries() -> None:
    rotated = openpgp.rotate(ALICE, NEW_ID, created=T0 + 20)
    rev2 = openpgp.succeed(ALICE_BYTES, ID, rotated, NEW_ID, now=T0 + 20)
    openpgp.check_continuity(ALICE_BYTES, openpgp.parse_keystore(openpgp.emit_keystore(rev2)))
    # The server (or anyone) swaps in its own key, signing continuity with its own key.
    swap = openpgp.new_keystore(MALLORY, "alice#example.org", created=T0 + 20)
    for k in ALICE.subkeys:
        swap = openpgp.add_sink(swap, MALLORY, k.key.public_key, created=k.key.created, now=T0 + 20)
    forged = openpgp.succeed(ALICE_BYTES, MALLORY, swap, MALLORY, now=T0 + 21)
    with pytest.raises(KeystoreError):
        openpgp.check_continuity(ALICE_BYTES, forged)
    # Dropping a sink key, un-revoking one, renaming, or continuing a revoked key.
    dropped = openpgp.succeed(
        ALICE_BYTES, ID, dataclasses.replace(ALICE, subkeys=ALICE.subkeys[:1]), ID, now=T0 + 22
    )
    with pytest.raises(KeystoreError, match="dropped"):
        openpgp.check_continuity(ALICE_BYTES, dropped)
    revoked_bytes = openpgp.emit_keystore(
        openpgp.revoke_sink(ALICE, ID, ALICE.subkeys[0].key.fingerprint, now=T0 + 23)
    )
    unrevoked = openpgp.succeed(revoked_bytes, ID, ALICE, ID, now=T0 + 24)
    with pytest.raises(KeystoreError, match="un-revoked"):
        openpgp.check_continuity(revoked_bytes, unrevoked)
    eve = openpgp.new_keystore(ID, "eve#x", created=T0)
    renamed = openpgp.succeed(ALICE_BYTES, ID, eve, ID, now=T0 + 25)
    with pytest.raises(KeystoreError, match="user ID"):
        openpgp.check_continuity(ALICE_BYTES, renamed)
    dead = openpgp.emit_keystore(openpgp.revoke_keystore(ALICE, ID, now=T0 + 26))
    after_dead = openpgp.succeed(dead, ID, ALICE, ID, now=T0 + 27)
    with pytest.raises(KeystoreError, match="unrevoked"):
        openpgp.check_continuity(dead, after_dead)


def test_detached_signatures() -> None:
    doc = b"the quarterly report\n" * 100
    sig = openpgp.sign_detached(ID, ALICE, doc, created=T0 + 30)
    openpgp.verify_detached(ALICE, doc, sig)
    with pytest.raises(KeystoreError, match="does not verify"):
        openpgp.verify_detached(ALICE, doc + b".", sig)
    mallory = openpgp.new_keystore(MALLORY, "alice#example.org", created=T0)
    with pytest.raises(KeystoreError, match="another key"):
        openpgp.verify_detached(mallory, doc, sig)
    with pytest.raises(KeystoreError, match="revoked"):
        openpgp.verify_detached(openpgp.revoke_keystore(ALICE, ID, now=T0 + 31), doc, sig)
    with pytest.raises(KeystoreError):
        openpgp.verify_detached(ALICE, doc, sig + sig)
    assert _packets.parse_signature(_packets_of(sig)[0][1]).sig_type == 0x00
