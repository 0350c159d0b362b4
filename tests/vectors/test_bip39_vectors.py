"""BIP-39 against published vectors: trezor/python-mnemonic and the Japanese set of BIP-39.

Each case: entropy -> mnemonic, mnemonic -> entropy (validated), mnemonic + passphrase
-> seed, seed -> BIP-32 master xprv (through app.crypto.bip32).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest
import vector_report

from app.crypto import bip32, bip39

HERE = Path(__file__).parent / "bip39"
TREZOR = "trezor_vectors.json"
JAPANESE = "japanese_test_JP_BIP39.json"
TREZOR_CASES: dict[str, list[list[str]]] = json.loads((HERE / TREZOR).read_text("utf-8"))
# Not official BIP-39 lists: the `mnemonic` package ships them, so they are checked as its.
UNOFFICIAL = {"russian", "turkish"}


def _nfkd(text: str) -> str:
    return unicodedata.normalize("NFKD", text)


def _check_case(
    language: str, entropy_hex: str, phrase: str, passphrase: str, seed_hex: str, xprv: str
) -> None:
    entropy = bytes.fromhex(entropy_hex)
    canonical = " ".join(_nfkd(phrase).split())
    made = bip39.entropy_to_mnemonic(entropy, language)
    assert made == canonical, f"{language} {entropy_hex}: entropy -> mnemonic"
    assert bip39.validate_mnemonic(phrase, language) == canonical
    assert bip39.mnemonic_to_entropy(phrase, language) == entropy
    seed = bip39.mnemonic_to_seed(phrase, passphrase)
    assert seed.hex() == seed_hex, f"{language} {entropy_hex}: seed"
    assert bip39.mnemonic_to_seed(made, passphrase) == seed
    master = bip32.ExtendedKey.from_seed(seed)
    assert master.to_xprv() == xprv, f"{language} {entropy_hex}: master xprv"


def test_trezor_file_covers_every_shipped_language() -> None:
    assert set(TREZOR_CASES) == set(bip39.LANGUAGES)
    assert all(len(cases) == 24 for cases in TREZOR_CASES.values())


@pytest.mark.parametrize("language", sorted(TREZOR_CASES))
def test_trezor_vectors(language: str) -> None:
    if language not in bip39.LANGUAGES:  # pragma: no cover - every list is shipped today
        reason = f"the mnemonic package ships no {language} word list"
        for _ in TREZOR_CASES[language]:
            vector_report.record(TREZOR, "skip", reason)
        pytest.skip(reason)
    for entropy_hex, phrase, seed_hex, xprv in TREZOR_CASES[language]:
        _check_case(language, entropy_hex, phrase, "TREZOR", seed_hex, xprv)
        vector_report.record(TREZOR, "pass")


def test_japanese_vectors_with_ideographic_spaces_and_nfkd_passphrases() -> None:
    cases = json.loads((HERE / JAPANESE).read_text("utf-8"))
    assert len(cases) == 24
    for case in cases:
        assert "\u3000" in case["mnemonic"]
        assert _nfkd(case["passphrase"]) != case["passphrase"]
        _check_case(
            "japanese",
            case["entropy"],
            case["mnemonic"],
            case["passphrase"],
            case["seed"],
            case["bip32_xprv"],
        )
        vector_report.record(JAPANESE, "pass")


@pytest.mark.parametrize(
    ("file_name", "language", "sha256"),
    [
        (
            "wordlist_english.txt",
            "english",
            "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda",
        ),
        (
            "wordlist_japanese.txt",
            "japanese",
            "2eed0aef492291e061633d7ad8117f1a2b03eb80a29d0e4e3117ac2528d05ffd",
        ),
    ],
)
def test_shipped_word_lists_are_the_official_ones(
    file_name: str, language: str, sha256: str
) -> None:
    raw = (HERE / file_name).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == sha256
    official = [_nfkd(word) for word in raw.decode("utf-8").split("\n") if word]
    assert len(official) == 2048
    assert bip39.wordlist(language) == tuple(official)
    if language == "english":
        assert tuple(official) == bip39.WORDLIST
    vector_report.record(file_name, "pass")
