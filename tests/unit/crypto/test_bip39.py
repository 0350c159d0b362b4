"""BIP-39: errors a person can act on, tolerant input, and the `mnemonic` package as oracle."""

from __future__ import annotations

import unicodedata

import mnemonic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.crypto import bip39
from app.crypto.errors import CryptoError, MnemonicError

ABANDON_12 = " ".join(["abandon"] * 11 + ["about"])
ZOO_24 = " ".join(["zoo"] * 23 + ["vote"])
ABANDON_12_SEED_TREZOR = (
    "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264"
    "c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"
)


def _counter_bytes(start: int) -> bytes:
    return bytes((start + i) % 256 for i in range(32))


# --- generation --------------------------------------------------------------------------


def test_generate_defaults_to_24_words_from_the_injected_source() -> None:
    asked: list[int] = []

    def randbytes(n: int) -> bytes:
        asked.append(n)
        return _counter_bytes(7)[:n]

    phrase = bip39.generate_mnemonic(randbytes=randbytes)
    assert asked == [32]
    assert len(phrase.split(" ")) == 24
    assert bip39.mnemonic_to_entropy(phrase) == _counter_bytes(7)


@pytest.mark.parametrize(("strength", "words"), [(128, 12), (160, 15), (192, 18), (224, 21)])
def test_generate_each_strength(strength: int, words: int) -> None:
    phrase = bip39.generate_mnemonic(strength, randbytes=lambda n: b"\xa5" * n)
    assert len(phrase.split()) == words
    assert bip39.mnemonic_to_entropy(phrase) == b"\xa5" * (strength // 8)


def test_generate_uses_fresh_randomness_by_default() -> None:
    assert bip39.generate_mnemonic() != bip39.generate_mnemonic()


@pytest.mark.parametrize("strength", [0, 96, 127, 129, 288, 512])
def test_generate_rejects_other_strengths(strength: int) -> None:
    with pytest.raises(MnemonicError, match="strength"):
        bip39.generate_mnemonic(strength)


def test_generate_rejects_a_short_random_source() -> None:
    with pytest.raises(MnemonicError, match="random source"):
        bip39.generate_mnemonic(randbytes=lambda n: b"\x00" * (n - 1))


@pytest.mark.parametrize("size", [0, 15, 17, 31, 33, 64])
def test_entropy_length_is_checked(size: int) -> None:
    with pytest.raises(MnemonicError, match=f"not {size}"):
        bip39.entropy_to_mnemonic(b"\x01" * size)


def test_known_phrases() -> None:
    assert bip39.entropy_to_mnemonic(bytes(16)) == ABANDON_12
    assert bip39.entropy_to_mnemonic(b"\xff" * 32) == ZOO_24


# --- validation: tolerant input ------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "  " + ABANDON_12 + "  ",
        ABANDON_12.replace(" ", "\t"),
        ABANDON_12.replace(" ", "\n", 5).replace(" ", "\r\n", 2),
        ABANDON_12.replace(" ", "\u3000"),
        ABANDON_12.replace(" ", "   "),
        ABANDON_12.upper(),
        "Abandon " + ABANDON_12.split(" ", 1)[1],
    ],
)
def test_validate_normalises_what_a_person_types(typed: str) -> None:
    assert bip39.validate_mnemonic(typed) == ABANDON_12
    assert bip39.mnemonic_to_seed(typed, "TREZOR").hex() == ABANDON_12_SEED_TREZOR


def test_validate_returns_nfkd_for_composed_input() -> None:
    entropy = bytes(range(16))
    canonical = bip39.entropy_to_mnemonic(entropy, "spanish")
    composed = unicodedata.normalize("NFC", canonical)
    assert composed != canonical  # the Spanish list has accents, so NFC differs
    assert bip39.validate_mnemonic(composed, "spanish") == canonical
    assert bip39.mnemonic_to_entropy(composed, "spanish") == entropy


# --- validation: errors a person can act on ------------------------------------------------


def test_unknown_word_is_named_with_its_1_based_position() -> None:
    words = ABANDON_12.split()
    words[4] = "abandn"
    words[8] = "zzz"
    with pytest.raises(MnemonicError) as caught:
        bip39.validate_mnemonic(" ".join(words))
    assert str(caught.value) == "word 5 'abandn' is not in the English word list"


def test_unknown_word_in_another_language_names_that_list() -> None:
    # "abandon" is a French word too; "about" is not.
    with pytest.raises(MnemonicError, match="word 12 'about' is not in the French word list"):
        bip39.validate_mnemonic(ABANDON_12, "french")


@pytest.mark.parametrize("count", [0, 1, 11, 13, 14, 16, 23, 25, 48])
def test_bad_word_count(count: int) -> None:
    phrase = " ".join(["abandon"] * count)
    with pytest.raises(MnemonicError) as caught:
        bip39.validate_mnemonic(phrase)
    assert str(caught.value) == (f"the phrase has {count} words; it must have 12, 15, 18, 21 or 24")


@pytest.mark.parametrize(
    "phrase",
    [
        " ".join(["abandon"] * 12),
        " ".join(["about"] + ["abandon"] * 11),  # two words swapped
        " ".join(["zoo"] * 24),
    ],
)
def test_bad_checksum(phrase: str) -> None:
    with pytest.raises(MnemonicError) as caught:
        bip39.mnemonic_to_entropy(phrase)
    assert str(caught.value) == "the checksum is wrong: a word is mistyped or in the wrong order"


def test_unknown_language() -> None:
    with pytest.raises(MnemonicError, match="klingon"):
        bip39.validate_mnemonic(ABANDON_12, "klingon")


def test_errors_share_the_crypto_root() -> None:
    assert issubclass(MnemonicError, CryptoError)


def test_english_word_list() -> None:
    assert len(bip39.WORDLIST) == 2048
    assert bip39.WORDLIST[0] == "abandon"
    assert bip39.WORDLIST[-1] == "zoo"
    assert list(bip39.WORDLIST) == sorted(bip39.WORDLIST)


# --- seed ------------------------------------------------------------------------------------


def test_seed_does_not_validate() -> None:
    seed = bip39.mnemonic_to_seed("not a bip39 phrase at all")
    assert seed == mnemonic.Mnemonic.to_seed("not a bip39 phrase at all")
    assert len(seed) == 64


def test_passphrase_is_nfkd_but_keeps_case_and_spaces() -> None:
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    assert bip39.mnemonic_to_seed(ABANDON_12, composed) == bip39.mnemonic_to_seed(
        ABANDON_12, decomposed
    )
    assert bip39.mnemonic_to_seed(ABANDON_12, "A") != bip39.mnemonic_to_seed(ABANDON_12, "a")
    assert bip39.mnemonic_to_seed(ABANDON_12, "a ") != bip39.mnemonic_to_seed(ABANDON_12, "a")


# --- the `mnemonic` package (trezor/python-mnemonic) as an independent oracle ------------


_REFERENCE = {language: mnemonic.Mnemonic(language) for language in bip39.LANGUAGES}


@settings(max_examples=300, deadline=None)
@given(
    strength=st.sampled_from(bip39.STRENGTHS),
    data=st.data(),
    language=st.sampled_from(bip39.LANGUAGES),
    passphrase=st.text(max_size=12),
)
def test_matches_the_reference_package(
    strength: int, data: st.DataObject, language: str, passphrase: str
) -> None:
    entropy = data.draw(st.binary(min_size=strength // 8, max_size=strength // 8))
    reference = _REFERENCE[language]
    theirs = reference.to_mnemonic(entropy)
    ours = bip39.entropy_to_mnemonic(entropy, language)
    assert ours == " ".join(unicodedata.normalize("NFKD", theirs).split())
    assert bip39.validate_mnemonic(theirs, language) == ours
    assert bip39.mnemonic_to_entropy(ours, language) == entropy
    assert bip39.mnemonic_to_seed(ours, passphrase) == reference.to_seed(theirs, passphrase)


@settings(max_examples=200, deadline=None)
@given(entropy=st.binary(min_size=16, max_size=16), position=st.integers(0, 11))
def test_one_changed_word_is_caught_as_the_reference_sees_it(entropy: bytes, position: int) -> None:
    words = bip39.entropy_to_mnemonic(entropy).split()
    words[position] = bip39.WORDLIST[(bip39.WORDLIST.index(words[position]) + 1) % 2048]
    altered = " ".join(words)
    reference_accepts = _REFERENCE["english"].check(altered)
    try:
        bip39.validate_mnemonic(altered)
    except MnemonicError as error:
        assert not reference_accepts
        assert "checksum" in str(error)
    else:
        assert reference_accepts
