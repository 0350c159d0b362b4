"""BIP-32 against published vectors: the official vectors 1-5 and the bitcoinjs fixtures."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import vector_report

from app.crypto.bip32 import HARDENED, ExtendedKey
from app.crypto.errors import ExtendedKeyError

HERE = Path(__file__).parent / "bip32"
OFFICIAL = "bip32_official_vectors.json"
BITCOINJS = "bitcoinjs_bip32_fixtures.json"
OFFICIAL_DATA: dict[str, Any] = json.loads((HERE / OFFICIAL).read_text("utf-8"))
BITCOINJS_DATA: dict[str, Any] = json.loads((HERE / BITCOINJS).read_text("utf-8"))


def _steps(path: str) -> list[tuple[int, bool]]:
    """(index, hardened) of each step of "m/0H/1" (H or ' marks hardened)."""
    parts = path.split("/")
    assert parts[0] == "m", path
    return [(int(part.rstrip("H'")), part[-1] in "H'") for part in parts[1:]]


# --- official vectors 1-4 --------------------------------------------------------------------


def _check_chain(vector: int, master: ExtendedKey, chain: dict[str, str]) -> None:
    path, xprv, xpub = chain["path"], chain["ext_prv"], chain["ext_pub"]
    where = f"vector {vector} {path}"
    key = master.derive(path)
    assert key.to_xprv() == xprv, f"{where}: xprv"
    assert key.to_xpub() == xpub, f"{where}: xpub"
    assert key.public().to_xpub() == xpub, f"{where}: neutered xpub"
    assert not key.public().is_private
    parsed_private, parsed_public = ExtendedKey.parse(xprv), ExtendedKey.parse(xpub)
    assert parsed_private == key, f"{where}: parse(xprv)"
    assert parsed_public == key.public(), f"{where}: parse(xpub)"
    assert parsed_private.to_xprv() == xprv and parsed_public.to_xpub() == xpub
    steps = _steps(path)
    assert key.depth == len(steps), where
    if steps:
        index, hardened = steps[-1]
        assert key.child_number == index + (HARDENED if hardened else 0), where


def _check_public_derivation(vector: int, chains: list[dict[str, str]]) -> None:
    """Each non-hardened step taken from the parent's xpub gives the child's xpub."""
    by_path = {chain["path"]: chain for chain in chains}
    for chain in chains[1:]:
        parent_path, _, last = chain["path"].rpartition("/")
        index, hardened = _steps("m/" + last)[0]
        parent = ExtendedKey.parse(by_path[parent_path]["ext_pub"])
        if hardened:
            with pytest.raises(ExtendedKeyError):
                parent.child(index, hardened=True)
        else:
            child = parent.child(index, hardened=False)
            assert child.to_xpub() == chain["ext_pub"], f"vector {vector} {chain['path']}: CKDpub"


@pytest.mark.parametrize("vector", OFFICIAL_DATA["valid"], ids=lambda v: f"vector{v['vector']}")
def test_official_vectors_1_to_4(vector: dict[str, Any]) -> None:
    master = ExtendedKey.from_seed(bytes.fromhex(vector["seed_hex"]))
    _check_public_derivation(vector["vector"], vector["chains"])
    for chain in vector["chains"]:
        _check_chain(vector["vector"], master, chain)
        vector_report.record(OFFICIAL, "pass")


def test_official_vectors_hold_17_chains_and_16_invalid_keys() -> None:
    assert sum(len(vector["chains"]) for vector in OFFICIAL_DATA["valid"]) == 17
    assert len(OFFICIAL_DATA["invalid"]) == 16


# What each published rejection reason must look like in our error message.
WHY = [
    ("pubkey version / prvkey mismatch", "compressed point"),
    ("prvkey version / pubkey mismatch", "0x00 followed by the private key"),
    ("invalid pubkey prefix", "compressed point"),
    ("invalid prvkey prefix", "0x00 followed by the private key"),
    ("zero depth with non-zero parent fingerprint", "cannot have a parent fingerprint"),
    ("zero depth with non-zero index", "cannot have a child number"),
    ("unknown extended key version", "unknown extended key version"),
    ("private key", "not in 1..n-1"),
    ("invalid pubkey 02", "not a point on secp256k1"),
    ("invalid checksum", "checksum does not match"),
    ("Invalid buffer length", "has 78 bytes, not"),
    ("Invalid parent fingerprint", "cannot have a parent fingerprint"),
    ("Invalid private key", "0x00 followed by the private key"),
    ("Invalid index", "cannot have a child number"),
    ("Invalid network version", "unknown extended key version"),
    ("Point is not on the curve", "not a point on secp256k1"),
]


def _why(reason: str) -> str:
    matches = [message for prefix, message in WHY if reason.lower().startswith(prefix.lower())]
    assert matches, f"no expected message for {reason!r}"
    return matches[0]


def test_official_vector_5_invalid_keys_are_rejected() -> None:
    for case in OFFICIAL_DATA["invalid"]:
        with pytest.raises(ExtendedKeyError, match=re.escape(_why(case["reason"]))):
            ExtendedKey.parse(case["key"])
            pytest.fail(f"vector 5 accepted a key with {case['reason']}: {case['key']}")
        vector_report.record(OFFICIAL, "pass")


# --- bitcoinjs fixtures ----------------------------------------------------------------------


def _check_node(key: ExtendedKey, node: dict[str, Any], where: str) -> None:
    assert key.private_key is not None
    assert key.private_key.to_bytes().hex() == node["privKey"], f"{where}: privKey"
    assert key.public_key.to_bytes(compressed=True).hex() == node["pubKey"], f"{where}: pubKey"
    assert key.chain_code.hex() == node["chainCode"], f"{where}: chainCode"
    assert key.identifier.hex() == node["identifier"], f"{where}: identifier"
    assert key.fingerprint.hex() == node["fingerprint"], f"{where}: fingerprint"
    if "depth" in node:
        assert key.depth == node["depth"], f"{where}: depth"
    if "index" in node:
        assert key.child_number == node["index"], f"{where}: index"


def _master_of(fixture: dict[str, Any]) -> ExtendedKey:
    master = fixture["master"]
    if "seed" in master:
        return ExtendedKey.from_seed(bytes.fromhex(master["seed"]))
    return ExtendedKey.parse(master["base58Priv"])  # the fixture without a seed


def _nodes(fixture: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [("m", fixture["master"])] + [(child["path"], child) for child in fixture["children"]]


BITCOIN = [f for f in BITCOINJS_DATA["valid"] if f["network"] == "bitcoin"]
OTHER_NETWORKS = [f for f in BITCOINJS_DATA["valid"] if f["network"] != "bitcoin"]


@pytest.mark.parametrize("fixture", BITCOIN, ids=[f"fixture{i}" for i in range(len(BITCOIN))])
def test_bitcoinjs_valid_bitcoin_nodes(fixture: dict[str, Any]) -> None:
    master = _master_of(fixture)
    for path, node in _nodes(fixture):
        key = master.derive(path)
        _check_node(key, node, path)
        assert key.to_xprv() == node["base58Priv"], f"{path}: base58Priv"
        assert key.to_xpub() == node["base58"], f"{path}: base58"
        assert ExtendedKey.parse(node["base58"]) == key.public()
        vector_report.record(BITCOINJS, "pass")


def test_bitcoinjs_valid_other_networks() -> None:
    """Key material is checked; the Ltpv/Ltub serialisation is not ours, so it is refused."""
    reason = "litecoin version bytes (Ltpv/Ltub): Privshare serialises bitcoin xprv/xpub only"
    assert OTHER_NETWORKS
    for fixture in OTHER_NETWORKS:
        master = _master_of(fixture)
        for path, node in _nodes(fixture):
            _check_node(master.derive(path), node, path)
            for foreign in (node["base58"], node["base58Priv"]):
                with pytest.raises(ExtendedKeyError, match="version"):
                    ExtendedKey.parse(foreign)
            vector_report.record(BITCOINJS, "skip", reason)
    pytest.skip(reason)


def test_bitcoinjs_wif_fields() -> None:
    reason = "WIF is not exposed: Privshare never exports single keys in wallet format"
    count = sum(1 for f in BITCOINJS_DATA["valid"] for _, node in _nodes(f) if "wif" in node)
    assert count
    for _ in range(count):
        vector_report.record(BITCOINJS, "skip", reason)
    pytest.skip(reason)


def test_bitcoinjs_invalid_base58_keys_are_rejected() -> None:
    cases = BITCOINJS_DATA["invalid"]["fromBase58"]
    assert len(cases) == 13
    for case in cases:
        with pytest.raises(ExtendedKeyError, match=re.escape(_why(case["exception"]))):
            ExtendedKey.parse(case["string"])
            pytest.fail(f"accepted ({case['exception']}): {case['string']}")
        vector_report.record(BITCOINJS, "pass")


def test_bitcoinjs_invalid_seeds_are_rejected() -> None:
    for case in BITCOINJS_DATA["invalid"]["fromSeed"]:
        with pytest.raises(ExtendedKeyError, match="16 to 64 bytes"):
            ExtendedKey.from_seed(bytes.fromhex(case["seed"]))
        vector_report.record(BITCOINJS, "pass")


def test_bitcoinjs_invalid_indices_are_rejected() -> None:
    master = ExtendedKey.from_seed(bytes(range(16)))
    groups = (("deriveHardened", True), ("derive", False))
    for group, hardened in groups:
        for case in BITCOINJS_DATA["invalid"][group]:
            index: Any = case["index"]  # out of range, negative, None or a string
            with pytest.raises(ExtendedKeyError):
                master.child(index, hardened=hardened)
            vector_report.record(BITCOINJS, "pass")


def test_bitcoinjs_invalid_paths_are_rejected() -> None:
    master = ExtendedKey.from_seed(bytes(range(16)))
    for case in BITCOINJS_DATA["invalid"]["derivePath"]:
        path: Any = case["derivationPath"]
        with pytest.raises(ExtendedKeyError):
            master.derive(path)
        vector_report.record(BITCOINJS, "pass")
