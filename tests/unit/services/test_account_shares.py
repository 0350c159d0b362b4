"""The recovery phrase split into SLIP-39 shares and put back (app/services/account/shares.py),
with Trezor's `shamir-mnemonic` as the independent reader and writer of shares."""

from __future__ import annotations

import itertools

import pytest
import shamir_mnemonic
from hypothesis import given, settings
from hypothesis import strategies as st
from shamir_mnemonic import Share

from app.crypto import bip39
from app.services.account.shares import (
    SharesError,
    combine_shares,
    is_same_phrase,
    split_phrase,
)
from app.services.errors import AuthenticationFailedError, InvalidInputError

PHRASE = bip39.entropy_to_mnemonic(bytes(range(32)))
OTHER = bip39.entropy_to_mnemonic(bytes(range(1, 33)))


def test_any_k_of_n_give_the_phrase_back() -> None:
    shares = split_phrase(PHRASE, shares=5, threshold=3)
    assert len(set(shares)) == 5
    for chosen in itertools.combinations(shares, 3):
        assert combine_shares(chosen) == PHRASE
    assert combine_shares(reversed(shares)) == PHRASE  # more than K is fine


def test_the_master_secret_is_the_bip39_entropy_with_no_passphrase() -> None:
    shares = split_phrase(PHRASE, shares=3, threshold=2)
    secret = shamir_mnemonic.combine_mnemonics(shares[1:], b"")
    assert secret == bip39.mnemonic_to_entropy(PHRASE)
    decoded = Share.from_mnemonic(shares[0])
    assert (decoded.group_count, decoded.member_threshold, decoded.extendable) == (1, 2, False)
    assert len(shares[0].split()) == 33  # 256-bit secret: 33 words per share


def test_shares_made_by_the_reference_tool_are_read() -> None:
    entropy = bip39.mnemonic_to_entropy(OTHER)
    groups = shamir_mnemonic.generate_mnemonics(1, [(2, 4)], entropy)  # extendable default
    assert combine_shares([groups[0][3], groups[0][1]]) == OTHER


def test_numbered_lines_blank_lines_case_and_repeats() -> None:
    first, second, _ = split_phrase(PHRASE, shares=3, threshold=2)
    lines = ["", f" 1. {first.upper()} ", "", f"2.  {second}", first]
    assert combine_shares(lines) == PHRASE


def test_too_few_shares() -> None:
    shares = split_phrase(PHRASE, shares=5, threshold=3)
    with pytest.raises(SharesError, match=r"too few shares: 2 given, 3 needed"):
        combine_shares(shares[:2])
    with pytest.raises(SharesError, match="too few shares: 1 given"):
        combine_shares([shares[0], shares[0]])  # a repeated share counts once
    with pytest.raises(SharesError, match="no shares given"):
        combine_shares(["", "  "])


def test_shares_of_different_splits() -> None:
    one = split_phrase(PHRASE, shares=3, threshold=2)
    two = split_phrase(PHRASE, shares=3, threshold=2)  # same phrase, a new identifier
    with pytest.raises(SharesError, match="different splits"):
        combine_shares([one[0], two[1]])


def test_a_mistyped_word_names_its_line() -> None:
    shares = split_phrase(PHRASE, shares=3, threshold=2)
    words = shares[1].split()
    words[10] = "academic" if words[10] != "academic" else "acid"
    with pytest.raises(SharesError, match="share on line 2 is not valid"):
        combine_shares([shares[0], " ".join(words)])
    with pytest.raises(SharesError, match="line 1"):
        combine_shares(["not a share at all"])


def test_a_share_altered_with_a_valid_checksum_fails_the_digest() -> None:
    shares = split_phrase(PHRASE, shares=3, threshold=2)
    decoded = Share.from_mnemonic(shares[1])
    forged = Share(**{**decoded.__dict__, "value": bytes(32)}).mnemonic()
    with pytest.raises(SharesError, match="do not fit together"):
        combine_shares([shares[0], forged])


def test_two_different_shares_with_one_number() -> None:
    shares = split_phrase(PHRASE, shares=3, threshold=2)
    decoded = Share.from_mnemonic(shares[1])
    twin = Share(**{**decoded.__dict__, "value": bytes(32)}).mnemonic()
    with pytest.raises(SharesError, match="number 2"):
        combine_shares([shares[0], shares[1], twin])


@pytest.mark.parametrize(("shares", "threshold"), [(3, 1), (2, 3), (17, 2), (1, 1)])
def test_split_refuses_bad_counts(shares: int, threshold: int) -> None:
    with pytest.raises(InvalidInputError, match="threshold"):
        split_phrase(PHRASE, shares=shares, threshold=threshold)


def test_split_refuses_a_bad_phrase_and_errors_are_authentication_failures() -> None:
    with pytest.raises(SharesError, match="not valid") as refused:
        split_phrase(PHRASE.replace("abandon", "zoo", 1) + " zoo", shares=3, threshold=2)
    assert isinstance(refused.value, AuthenticationFailedError)


@settings(max_examples=15, deadline=None)
@given(
    entropy=st.sampled_from([16, 20, 24, 28, 32]).flatmap(
        lambda n: st.binary(min_size=n, max_size=n)
    ),
    threshold=st.integers(2, 4),
    extra=st.integers(0, 2),
    data=st.data(),
)
def test_round_trip_property(
    entropy: bytes, threshold: int, extra: int, data: st.DataObject
) -> None:
    phrase = bip39.entropy_to_mnemonic(entropy)
    shares = split_phrase(phrase, shares=threshold + extra, threshold=threshold)
    chosen = data.draw(st.permutations(shares))[:threshold]
    assert combine_shares(chosen) == phrase
    assert shamir_mnemonic.combine_mnemonics(chosen) == entropy


def test_the_drill_compares_phrases_not_spelling() -> None:
    assert is_same_phrase(PHRASE, "  " + PHRASE.upper().replace(" ", "   ") + " ")
    assert not is_same_phrase(PHRASE, OTHER)
    assert is_same_phrase(PHRASE, combine_shares(split_phrase(PHRASE, shares=2, threshold=2)))
    with pytest.raises(SharesError, match="not valid"):
        is_same_phrase(PHRASE, "abandon abandon")
