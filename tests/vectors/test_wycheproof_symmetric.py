"""Wycheproof AES-GCM, HMAC, PBKDF2 and HKDF files against app.crypto.aead / app.crypto.kdf.

Cases outside our API (AES-128/192 keys, IVs other than 96 bits, HKDF-SHA512) are
recorded as skips with their reason, in a separate test item, never as passes.
"""

from __future__ import annotations

import functools
import hmac
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import vector_report

from app.crypto import aead, kdf
from app.crypto.errors import DecryptionError

WYCHEPROOF = Path(__file__).parent / "wycheproof"
GCM = "aes_gcm_test.json"


def _cases(name: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    data = json.loads((WYCHEPROOF / name).read_text())
    return [(group, case) for group in data["testGroups"] for case in group["tests"]]


def _where(name: str, case: dict[str, Any]) -> str:
    return f"{name} tcId {case['tcId']} ({case['comment']})"


# --- AES-GCM ----------------------------------------------------------------------------


def _gcm_skip_reason(group: dict[str, Any]) -> str | None:
    if group["keySize"] != 256:
        return "AES-128/192 key: our AEAD is AES-256 only"
    if group["ivSize"] != 96:
        return "IV other than 96 bits: our AEAD takes 12-byte nonces only"
    if group["tagSize"] != 128:
        return "tag other than 128 bits: our AEAD uses 16-byte tags only"
    return None


def _check_gcm_case(case: dict[str, Any]) -> None:
    key, iv = bytes.fromhex(case["key"]), bytes.fromhex(case["iv"])
    aad, msg = bytes.fromhex(case["aad"]), bytes.fromhex(case["msg"])
    sealed = bytes.fromhex(case["ct"] + case["tag"])
    where = _where(GCM, case)
    if case["result"] == "valid":
        assert aead.encrypt(key, iv, msg, aad) == sealed, where
        assert aead.decrypt(key, iv, sealed, aad) == msg, where
        assert aead.Aead(key).decrypt(iv, sealed, aad) == msg, where
    else:
        with pytest.raises(DecryptionError, match=r"^decryption failed$"):
            aead.decrypt(key, iv, sealed, aad)


@functools.cache
def _gcm_skips() -> tuple[str, ...]:
    return tuple(
        reason for group, _ in _cases(GCM) if (reason := _gcm_skip_reason(group)) is not None
    )


def test_wycheproof_aes_gcm() -> None:
    ran = 0
    for group, case in _cases(GCM):
        if _gcm_skip_reason(group) is None:
            _check_gcm_case(case)
            ran += 1
            vector_report.record(GCM, "pass")
    assert ran == 66


def test_wycheproof_aes_gcm_outside_our_api() -> None:
    reasons = _gcm_skips()
    for reason in reasons:
        vector_report.record(GCM, "skip", reason)
    summary = "; ".join(f"{n}x {r}" for r, n in Counter(reasons).most_common())
    pytest.skip(summary)


# --- HMAC -------------------------------------------------------------------------------

HMACS = {"hmac_sha256_test.json": kdf.hmac_sha256, "hmac_sha512_test.json": kdf.hmac_sha512}


@pytest.mark.parametrize("name", sorted(HMACS))
def test_wycheproof_hmac(name: str) -> None:
    mac = HMACS[name]
    for group, case in _cases(name):
        tag = mac(bytes.fromhex(case["key"]), bytes.fromhex(case["msg"]))
        truncated = tag[: group["tagSize"] // 8]  # truncated-tag cases compare the prefix
        matches = hmac.compare_digest(truncated, bytes.fromhex(case["tag"]))
        assert matches == (case["result"] == "valid"), _where(name, case)
        vector_report.record(name, "pass")


# --- PBKDF2 -----------------------------------------------------------------------------

PBKDF2S = {"pbkdf2_hmacsha256_test.json": "sha256", "pbkdf2_hmacsha512_test.json": "sha512"}


@pytest.mark.parametrize("name", sorted(PBKDF2S))
def test_wycheproof_pbkdf2(name: str) -> None:
    for _, case in _cases(name):
        assert case["result"] == "valid", _where(name, case)
        derived = kdf.pbkdf2(
            PBKDF2S[name],
            bytes.fromhex(case["password"]),
            bytes.fromhex(case["salt"]),
            case["iterationCount"],
            case["dkLen"],
        )
        assert derived.hex() == case["dk"], _where(name, case)
        vector_report.record(name, "pass")


# --- HKDF -------------------------------------------------------------------------------

HKDF256 = "hkdf_sha256_test.json"
HKDF512 = "hkdf_sha512_test.json"


def test_wycheproof_hkdf_sha256() -> None:
    for _, case in _cases(HKDF256):
        ikm, salt, info = (bytes.fromhex(case[k]) for k in ("ikm", "salt", "info"))
        if case["result"] == "valid":
            okm = kdf.hkdf_sha256(ikm, salt=salt, info=info, length=case["size"])
            assert okm.hex() == case["okm"], _where(HKDF256, case)
        else:  # the only invalid cases ask for more than 255 * 32 bytes
            with pytest.raises(ValueError, match="length"):
                kdf.hkdf_sha256(ikm, salt=salt, info=info, length=case["size"])
        vector_report.record(HKDF256, "pass")


def test_wycheproof_hkdf_sha512_not_in_our_api() -> None:
    reason = "HKDF-SHA512 is not part of our API (DESIGN §2 uses HKDF-SHA256 only)"
    for _ in _cases(HKDF512):
        vector_report.record(HKDF512, "skip", reason)
    pytest.skip(reason)
