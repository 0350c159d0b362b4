"""BIP-32 against an independent implementation (bip_utils): random seeds, random paths.

bip_utils does its own HMAC, scalar and point arithmetic (its secp256k1 backend), so
agreement on ~2,000 random trees is strong evidence beyond the published vectors.
"""

from __future__ import annotations

import bip_utils
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.crypto.bip32 import HARDENED, ExtendedKey

Reference = getattr(bip_utils, "Bip32Slip10Secp256k1", None) or bip_utils.Bip32Secp256k1

Step = tuple[int, bool, str]  # index, hardened, marker used in the path text

steps = st.tuples(
    st.one_of(st.integers(0, 20), st.integers(0, HARDENED - 1)),
    st.booleans(),
    st.sampled_from(["'", "h", "H"]),
)


def _path(chosen: list[Step], *, reference: bool = False) -> str:
    """ "m/1'/2/3h" with each step's own marker, or with "'" only for bip_utils."""
    parts = []
    for index, hardened, marker in chosen:
        suffix = ("'" if reference else marker) if hardened else ""
        parts.append(f"{index}{suffix}")
    return "/".join(["m", *parts])


@pytest.mark.slow  # 2000 examples against bip-utils
@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.binary(min_size=16, max_size=64), chosen=st.lists(steps, min_size=1, max_size=5))
def test_matches_bip_utils(seed: bytes, chosen: list[Step]) -> None:
    ours = ExtendedKey.from_seed(seed).derive(_path(chosen))
    theirs = Reference.FromSeed(seed).DerivePath(_path(chosen, reference=True))
    assert ours.to_xprv() == theirs.PrivateKey().ToExtended()
    assert ours.to_xpub() == theirs.PublicKey().ToExtended()
    assert ours.fingerprint == bytes(theirs.PublicKey().FingerPrint().ToBytes())
    assert ExtendedKey.parse(theirs.PrivateKey().ToExtended()) == ours

    # The non-hardened tail derived from the last hardened node's xpub, by both sides.
    last_hard = max((n + 1 for n, (_, hard, _) in enumerate(chosen) if hard), default=0)
    if last_hard < len(chosen):
        head, tail = chosen[:last_hard], chosen[last_hard:]
        public_head = ExtendedKey.from_seed(seed).derive(_path(head)).public()
        via_public = public_head.derive("/".join(str(i) for i, _, _ in tail))
        assert via_public.to_xpub() == ours.to_xpub()
        ref_public = Reference.FromExtendedKey(public_head.to_xpub())
        for index, _, _ in tail:
            ref_public = ref_public.ChildKey(index)
        assert ref_public.PublicKey().ToExtended() == ours.to_xpub()
