"""SLIP-39 against Trezor's published vectors (tests/vectors/slip39/README.md).

Valid sets must give their master secret through `shamir-mnemonic` (the library the
phrase split uses, passphrase "TREZOR" as the vectors say); sets the vectors mark as
invalid must be refused by the library and by `combine_shares`, each with one
`SharesError` whose message is a single line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shamir_mnemonic
import vector_report

from app.services.account.shares import SharesError, combine_shares

SOURCE = "slip39/vectors.json"
CASES: list[list[object]] = json.loads(
    (Path(__file__).parent / "slip39" / "vectors.json").read_text("utf-8")
)


def test_the_file_is_the_published_one() -> None:
    assert len(CASES) == 40
    assert sum(1 for case in CASES if case[2]) == 10


@pytest.mark.parametrize("case", CASES, ids=[str(case[0]).split(".")[0] for case in CASES])
def test_vector(case: list[object]) -> None:
    description, mnemonics, secret_hex = case
    assert isinstance(mnemonics, list) and isinstance(secret_hex, str)
    if secret_hex:
        assert shamir_mnemonic.combine_mnemonics(mnemonics, b"TREZOR").hex() == secret_hex
    else:
        with pytest.raises(shamir_mnemonic.MnemonicError):
            shamir_mnemonic.combine_mnemonics(mnemonics, b"TREZOR")
        with pytest.raises(SharesError) as refused:
            combine_shares(mnemonics)
        assert "\n" not in str(refused.value), description
    vector_report.record(SOURCE, "pass")
