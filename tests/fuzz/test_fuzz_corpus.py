"""Every fuzz target replays its corpus (seeds plus any findings saved by `make fuzz`):
each input must end in success or the parser's own error (tests/fuzz/targets.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz.targets import TARGETS

CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_the_corpus_replays_cleanly(target: str) -> None:
    inputs = sorted((CORPUS / target).iterdir())
    assert inputs, f"no seed corpus for {target}"
    for path in inputs:
        TARGETS[target](path.read_bytes())


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_a_seed_reaches_past_the_integrity_check(target: str) -> None:
    """Cut seeds still end in the parser's own errors: the harness's recomputed
    checksums and known keys let truncated and flipped inputs through to the decoder."""
    for path in sorted((CORPUS / target).iterdir()):
        data = path.read_bytes()
        for cut in range(0, len(data), max(1, len(data) // 16)):
            TARGETS[target](data[:cut])
            TARGETS[target](data[:cut] + bytes([data[cut] ^ 0x41]) + data[cut + 1 :])
