"""Wycheproof ECDH secp256k1 with DER (X.509 SPKI) public keys against app.crypto.ecc.

valid: `PublicKey.from_der` accepts and `ecdh` gives exactly `shared`.
invalid (twist / off-curve points, wrong curve, bad ASN.1, ...): rejected with
`InvalidKeyError`. acceptable (e.g. compressed points, explicit-but-correct parameters):
either outcome, but an accepted key must still give the published shared secret.
"""

from __future__ import annotations

import json
from pathlib import Path

import vector_report

from app.crypto import ecc
from app.crypto.errors import InvalidKeyError

NAME = "ecdh_secp256k1_test.json"
PATH = Path(__file__).parent / "wycheproof" / NAME


def _shared_or_none(private: ecc.PrivateKey, spki: bytes) -> bytes | None:
    try:
        return private.ecdh(ecc.PublicKey.from_der(spki))
    except InvalidKeyError:
        return None


def test_wycheproof_ecdh_secp256k1() -> None:
    data = json.loads(PATH.read_text())
    outcomes = {"valid": 0, "invalid": 0, "acceptable": 0}
    for group in data["testGroups"]:
        assert group["curve"] == "secp256k1" and group["encoding"] == "asn"
        for case in group["tests"]:
            where = f"{NAME} tcId {case['tcId']} ({case['comment']})"
            scalar = int(case["private"], 16)
            private = ecc.PrivateKey.from_bytes(scalar.to_bytes(32, "big"))
            shared = _shared_or_none(private, bytes.fromhex(case["public"]))
            expected = bytes.fromhex(case["shared"])
            if case["result"] == "valid":
                assert shared == expected, f"{where}: wrong or missing shared secret"
            elif case["result"] == "invalid":
                assert shared is None, f"{where}: invalid public key accepted"
            else:
                assert shared in (None, expected), f"{where}: accepted with a wrong secret"
            outcomes[case["result"]] += 1
            vector_report.record(NAME, "pass")
    assert outcomes["valid"] > 0 and outcomes["invalid"] > 0
