"""RFC known answers: RFC 4231 HMAC-SHA256/512, and the PBKDF2 set (RFC 6070, RFC 7914, BIP-39).

The two PBKDF2 entries with c = 16,777,216 take ~10 s each: they run only in the slow suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import vector_report

from app.crypto import kdf

VECTORS = Path(__file__).parent
RFC4231 = "rfc4231_hmac_sha2.json"
PBKDF2_KAT = "pbkdf2_kat.json"
PRF_NAMES = {"HMAC-SHA-1": "sha1", "HMAC-SHA-256": "sha256", "HMAC-SHA-512": "sha512"}


def test_rfc4231_hmac_sha256_and_sha512() -> None:
    cases = json.loads((VECTORS / "hmac" / RFC4231).read_text())["cases"]
    assert [case["test_case"] for case in cases] == list(range(1, 8))
    for case in cases:
        key, data = bytes.fromhex(case["key"]), bytes.fromhex(case["data"])
        keep = case.get("truncate_to_bytes")
        ours_256 = kdf.hmac_sha256(key, data)[:keep]
        ours_512 = kdf.hmac_sha512(key, data)[:keep]
        assert ours_256.hex() == case["hmac_sha256"], f"RFC 4231 case {case['test_case']}"
        assert ours_512.hex() == case["hmac_sha512"], f"RFC 4231 case {case['test_case']}"
        vector_report.record(RFC4231, "pass")


def _pbkdf2_vectors(slow: bool) -> list[dict[str, Any]]:
    vectors = json.loads((VECTORS / "pbkdf2" / PBKDF2_KAT).read_text())["vectors"]
    return [v for v in vectors if bool(v.get("slow")) == slow]


def _check_pbkdf2(vector: dict[str, Any]) -> None:
    derived = kdf.pbkdf2(
        PRF_NAMES[vector["prf"]],
        bytes.fromhex(vector["P_hex"]),
        bytes.fromhex(vector["S_hex"]),
        vector["c"],
        vector["dkLen"],
    )
    assert derived.hex() == vector["DK"].lower(), f"{vector['source']} c={vector['c']}"
    vector_report.record(PBKDF2_KAT, "pass")


def test_pbkdf2_known_answers() -> None:
    vectors = _pbkdf2_vectors(slow=False)
    assert len(vectors) == 18
    for vector in vectors:
        _check_pbkdf2(vector)


@pytest.mark.slow
@pytest.mark.parametrize("vector", _pbkdf2_vectors(slow=True), ids=lambda v: v["prf"])
def test_pbkdf2_known_answers_16m_iterations(vector: dict[str, Any]) -> None:
    _check_pbkdf2(vector)
