"""Wire forms: lookup answers through msgpack and back, strict decoding of what a server
sends, checkpoint bytes; and the OpenPGP ASCII armor (CRC-24 check value, gpg as oracle)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto.ecc import PrivateKey
from app.pki import armor, heads, openpgp, wire
from app.pki.errors import KeystoreError, ProofError
from app.pki.verify import Checkpoint, KnownRevision, LookupResponse
from server_stub.pki.log import PKILog

T0 = 1_700_000_000
SERVER = PrivateKey.from_bytes(hashlib.sha256(b"wire server").digest())
GPG = shutil.which("gpg")


def key(label: str) -> PrivateKey:
    return PrivateKey.from_bytes(hashlib.sha256(label.encode()).digest())


@pytest.fixture(scope="module")
def lookup(tmp_path_factory: pytest.TempPathFactory) -> LookupResponse:
    log = PKILog(tmp_path_factory.mktemp("wire") / "pki.sqlite", SERVER, now_ms=T0 * 1000)
    for i in range(5):
        ident = key(f"user{i}")
        ks = openpgp.new_keystore(ident, f"user{i}#example.org", created=T0)
        log.publish(openpgp.emit_keystore(ks), now_ms=T0 * 1000 + i)
    answer = log.lookup("user2#example.org", old_size=2)
    log.close()
    return answer


def through_msgpack(value: Any) -> Any:
    return msgpack.unpackb(msgpack.packb(value, use_bin_type=True), raw=False)


def test_lookup_round_trip_through_msgpack(lookup: LookupResponse) -> None:
    assert lookup.revisions and lookup.consistency  # the fixture exercises both lists
    assert wire.decode_lookup(through_msgpack(wire.encode_lookup(lookup))) == lookup


def mutations(encoded: dict[str, Any]) -> list[tuple[str, Any]]:
    rev = encoded["revisions"][0]

    def changed(**top: Any) -> dict[str, Any]:
        return {**encoded, **top}

    def changed_rev(**fields: Any) -> dict[str, Any]:
        return changed(revisions=[{**rev, **fields}])

    return [
        ("not a map", [encoded]),
        ("missing key", {k: v for k, v in encoded.items() if k != "consistency"}),
        ("extra key", changed(more=1)),
        ("name not text", changed(name=b"user2")),
        ("empty name", changed(name="")),
        ("head not bytes", changed(head="x")),
        ("head garbage", changed(head=b"\x00" * 40)),
        ("short hash", changed(consistency=[b"\x00" * 31])),
        ("hash as text", changed(consistency=["00" * 32])),
        ("too many hashes", changed(consistency=[b"\x00" * 32] * 129)),
        ("revisions not a list", changed(revisions={})),
        ("too many revisions", changed(revisions=[rev] * 257)),
        ("revision is bool", changed_rev(revision=True)),
        ("negative index", changed_rev(leaf_index=-1)),
        ("huge index", changed_rev(leaf_index=1 << 63)),
        ("keystore too big", changed_rev(keystore=bytes(65537))),
        ("revision missing key", changed(revisions=[{"revision": 1}])),
    ]


def test_decode_lookup_refuses_malformed_answers(lookup: LookupResponse) -> None:
    encoded = wire.encode_lookup(lookup)
    for what, bad in mutations(encoded):
        with pytest.raises(ProofError):
            wire.decode_lookup(bad)
            pytest.fail(f"accepted: {what}")


msgpack_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.binary(max_size=40) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    value=msgpack_values,
    field=st.sampled_from(["name", "head", "consistency", "revisions"]),
)
def test_decode_lookup_only_raises_proof_error(
    lookup: LookupResponse, value: Any, field: str
) -> None:
    for candidate in (value, {**wire.encode_lookup(lookup), field: value}):
        try:
            wire.decode_lookup(candidate)
        except ProofError:
            pass


def test_checkpoint_round_trip(lookup: LookupResponse) -> None:
    assert wire.decode_checkpoint(wire.encode_checkpoint(Checkpoint())) == Checkpoint()
    known = {
        "b#x": KnownRevision(3, b"\x01" * 32),
        "a#x": KnownRevision(1, b"\x02" * 32),
        "é#x": KnownRevision(2, b"\x03" * 32),
    }
    full = Checkpoint(lookup.head, known)
    data = wire.encode_checkpoint(full)
    assert wire.decode_checkpoint(data) == full
    assert wire.encode_checkpoint(Checkpoint(lookup.head, dict(reversed(known.items())))) == data
    for bad in (data[:-1], data + b"\x00", b"", data.replace(b"checkpoint", b"checkpoinX")):
        with pytest.raises(ProofError):
            wire.decode_checkpoint(bad)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decode_checkpoint_only_raises_proof_error(data: bytes) -> None:
    try:
        wire.decode_checkpoint(data)
    except ProofError:
        pass


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=20),
        st.tuples(st.integers(1, 2**63 - 1), st.binary(min_size=32, max_size=32)),
        max_size=5,
    )
)
def test_checkpoint_round_trip_property(entries: dict[str, tuple[int, bytes]]) -> None:
    head = heads.sign_head(SERVER, size=1, root=b"\x07" * 32, timestamp=5, prev_head_hash=bytes(32))
    checkpoint = Checkpoint(head, {n: KnownRevision(r, h) for n, (r, h) in entries.items()})
    assert wire.decode_checkpoint(wire.encode_checkpoint(checkpoint)) == checkpoint


# --- ASCII armor -------------------------------------------------------------------------------


def test_crc24_check_value() -> None:
    # CRC-24/OPENPGP in the CRC catalogue (reveng): check value over "123456789".
    assert armor.crc24(b"123456789") == 0x21CF02
    assert armor.crc24(b"") == 0xB704CE  # the initial value, RFC 4880 §6.1


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=500))
def test_armor_round_trip(data: bytes) -> None:
    text = armor.armor(data)
    assert all(len(line) <= 64 for line in text.splitlines())
    assert armor.dearmor(text) == data


def test_dearmor_refusals() -> None:
    good = armor.armor(b"some keystore bytes")
    lines = good.splitlines()
    broken = {
        "checksum": good.replace(lines[-2], "=AAAA"),
        "base64": good.replace(lines[2], lines[2][:-2] + "!!"),
        "no end": "\n".join(lines[:-1]),
        "wrong kind": good.replace("PUBLIC KEY BLOCK", "SIGNATURE"),
        "no blank line": "\n".join(line for line in lines if line),
    }
    for what, text in broken.items():
        with pytest.raises(KeystoreError):
            armor.dearmor(text)
            pytest.fail(what)


@pytest.mark.skipif(GPG is None, reason="GnuPG (gpg) IS NOT INSTALLED: armor oracle NOT run")
def test_gpg_reads_our_armor_and_we_read_gpgs(tmp_path: Path) -> None:
    assert GPG is not None
    data = bytes(range(256)) * 3 + b"tail"
    env = {**os.environ, "GNUPGHOME": str(tmp_path), "LC_ALL": "C"}
    ours = subprocess.run(
        [GPG, "--batch", "--dearmor"],
        input=armor.armor(data).encode(),
        capture_output=True,
        env=env,
        check=True,
    )
    assert ours.stdout == data
    theirs = subprocess.run(
        [GPG, "--batch", "--enarmor"], input=data, capture_output=True, env=env, check=True
    )
    assert armor.dearmor(theirs.stdout.decode(), "PGP ARMORED FILE") == data
