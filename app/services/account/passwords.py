"""The rules a new password must meet, and a simple strength estimate (GUI and CLI alike).

The estimate is deliberately plain: length times log2 of the alphabet the characters are
drawn from, with penalties for repeats and sequences, and a hard floor on length. It is
a nudge for people, not a guarantee (the server-side SRP verifier and the vault's
Argon2id still have to be attacked offline, at their cost).
"""

from __future__ import annotations

import itertools
import math
import string
from dataclasses import dataclass

__all__ = ["MIN_LENGTH", "Strength", "estimate", "password_problem"]

MIN_LENGTH = 10
_CLASSES = (
    (string.ascii_lowercase, 26),
    (string.ascii_uppercase, 26),
    (string.digits, 10),
    (string.punctuation + " ", 33),
)
_COMMON = {"password", "passw0rd", "123456", "qwerty", "letmein", "privshare", "iloveyou"}


@dataclass(frozen=True)
class Strength:
    bits: float
    level: int  # 0 too short / weak, 1 fair, 2 good, 3 strong
    label: str


def _alphabet(password: str) -> int:
    size = sum(count for chars, count in _CLASSES if any(c in chars for c in password))
    if any(ord(c) > 127 for c in password):
        size += 100
    return max(size, 1)


def _effective_length(password: str) -> float:
    """Length, where repeated and sequential neighbours count for a quarter."""
    length = 1.0 if password else 0.0
    for previous, current in itertools.pairwise(password):
        step = ord(current) - ord(previous)
        length += 0.25 if step in (-1, 0, 1) else 1.0
    return length


def estimate(password: str) -> Strength:
    bits = _effective_length(password) * math.log2(_alphabet(password))
    if any(word in password.lower() for word in _COMMON):
        bits /= 2
    if len(password) < MIN_LENGTH or bits < 40:
        return Strength(bits, 0, "too weak")
    if bits < 60:
        return Strength(bits, 1, "fair")
    if bits < 80:
        return Strength(bits, 2, "good")
    return Strength(bits, 3, "strong")


def password_problem(password: str, again: str) -> str | None:
    """Why this new password cannot be used, in one sentence, or None when it can."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if estimate(password).level == 0:
        return "This password is too easy to guess: make it longer or less predictable."
    if password != again:
        return "The two passwords differ."
    return None
