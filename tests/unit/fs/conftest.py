"""Fixed keys and tamper helpers for the app.fs tests."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from app.crypto.bip32 import ExtendedKey
from app.fs import ItemKey

SEED = bytes(range(32))


def counter_randbytes(tag: bytes = b"") -> Callable[[int], bytes]:
    """Deterministic 'randomness' for reproducible objects (tests only)."""
    state = {"n": 0}

    def randbytes(n: int) -> bytes:
        state["n"] += 1
        out = b""
        while len(out) < n:
            out += hashlib.sha256(
                tag + state["n"].to_bytes(4, "big") + len(out).to_bytes(4, "big")
            ).digest()
        return out[:n]

    return randbytes


@pytest.fixture
def root() -> ItemKey:
    """The file-system root folder m/0' of a fixed seed (write access)."""
    return ItemKey(ExtendedKey.from_seed(SEED).derive("m/0'"))


@pytest.fixture
def rand() -> Callable[[int], bytes]:
    return counter_randbytes(b"fs-tests")
