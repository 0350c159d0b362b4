"""The recovery phrase split into SLIP-39 shares, and put back together (SHARES.md).

    split_phrase(phrase, shares=5, threshold=3) -> ["word ... word", ...]   (N shares)
    combine_shares(lines) -> "24-word BIP-39 phrase"                          (any K)

The SLIP-39 master secret is the phrase's BIP-39 entropy (32 bytes for 24 words) with
an empty SLIP-39 passphrase, so any SLIP-39 tool (a Trezor, `shamir recover`) gives the
same entropy back. Trezor's reference implementation (`shamir-mnemonic`) does the maths.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterable

import shamir_mnemonic
from shamir_mnemonic import Share

from app.crypto import bip39
from app.crypto.errors import MnemonicError as PhraseError
from app.services.errors import AuthenticationFailedError, InvalidInputError

__all__ = ["MAX_SHARES", "SharesError", "combine_shares", "is_same_phrase", "split_phrase"]

MAX_SHARES = 16
# SLIP-39's own default cost (PBKDF2 with 10,000 x 2^1 iterations in all).
_ITERATION_EXPONENT = 1
# "3." before a share, as `phrase split` prints them.
_NUMBERING = re.compile(r"\d{1,2}\.")


class SharesError(AuthenticationFailedError):
    """The shares given do not put a recovery phrase back together."""


def split_phrase(phrase: str, *, shares: int, threshold: int) -> list[str]:
    """`shares` SLIP-39 mnemonics of which any `threshold` give `phrase` back."""
    if not 2 <= threshold <= shares <= MAX_SHARES:
        raise InvalidInputError(
            f"choose 2 <= threshold <= shares <= {MAX_SHARES} (got {threshold} of {shares})"
        )
    try:
        entropy = bip39.mnemonic_to_entropy(bip39.validate_mnemonic(phrase))
    except PhraseError as error:
        raise SharesError(f"the recovery phrase is not valid: {error}") from None
    # Not "extendable": shares of the original SLIP-39 format, which every tool reads.
    groups = shamir_mnemonic.generate_mnemonics(
        1,
        [(threshold, shares)],
        entropy,
        b"",
        extendable=False,
        iteration_exponent=_ITERATION_EXPONENT,
    )
    return list(groups[0])


def combine_shares(lines: Iterable[str]) -> str:
    """The BIP-39 phrase from at least K shares of one split (blank lines and a
    leading "3." ignored).

    More than K distinct shares are fine (the first K are used); a repeated share counts
    once. Raises `SharesError` with one line that says what is wrong.
    """
    decoded = _decode(lines)
    first = decoded[0]
    if any(_split_of(share) != _split_of(first) for share in decoded):
        raise SharesError(
            "these shares come from different splits: use shares that begin with the same words"
        )
    if first.group_count != 1:
        raise SharesError("shares split into several groups are not supported")
    distinct: dict[int, Share] = {}
    for share in decoded:
        known = distinct.setdefault(share.index, share)
        if known.value != share.value:
            raise SharesError(f"two different shares claim number {share.index + 1}")
    needed = first.member_threshold
    if len(distinct) < needed:
        raise SharesError(
            f"too few shares: {len(distinct)} given, {needed} needed; nothing was changed"
        )
    chosen = [share.mnemonic() for share in list(distinct.values())[:needed]]
    try:
        entropy = shamir_mnemonic.combine_mnemonics(chosen, b"")
    except shamir_mnemonic.MnemonicError:
        raise SharesError(
            "the shares do not fit together (one is damaged or from another split)"
        ) from None
    try:
        return bip39.entropy_to_mnemonic(entropy)
    except PhraseError:
        raise SharesError("the shares hold a secret that is not a recovery phrase") from None


def is_same_phrase(expected: str, candidate: str) -> bool:
    """The recovery drill: does `candidate` (typed, or put back from shares) restore the
    same account as `expected`? Compares the BIP-39 entropy in constant time; a phrase
    that is not valid BIP-39 is a `SharesError`. Nothing is stored or sent."""
    try:
        given = bip39.mnemonic_to_entropy(bip39.validate_mnemonic(candidate))
    except PhraseError as error:
        raise SharesError(f"the recovery phrase is not valid: {error}") from None
    return hmac.compare_digest(given, bip39.mnemonic_to_entropy(expected))


def _decode(lines: Iterable[str]) -> list[Share]:
    decoded = []
    for number, line in enumerate(lines, start=1):
        words = line.lower().split()
        if words and _NUMBERING.fullmatch(words[0]):
            words = words[1:]
        if not words:
            continue
        try:
            decoded.append(Share.from_mnemonic(" ".join(words)))
        except shamir_mnemonic.MnemonicError as error:
            raise SharesError(f"share on line {number} is not valid: {error}") from None
    if not decoded:
        raise SharesError("no shares given: one share per line")
    return decoded


def _split_of(share: Share) -> tuple[int, bool, int, int, int, int]:
    return (
        share.identifier,
        share.extendable,
        share.iteration_exponent,
        share.group_threshold,
        share.group_count,
        share.member_threshold,
    )
