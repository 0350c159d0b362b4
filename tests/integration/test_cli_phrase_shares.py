"""`privshare phrase split` -> `privshare recover --from-shares` with K of N shares on a
fresh profile, against a real server process; refused sets write nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from server_harness import ServerProcess
from test_cli_account import assert_failed, identity_of, new_address, phrase_of, privshare

pytestmark = pytest.mark.integration

SHARE_LINE = re.compile(r"^\s*(\d+)\. ((?:[a-z]+ ){32}[a-z]+)$", re.MULTILINE)


@pytest.mark.slow
def test_split_then_recover_with_k_of_n(server: ServerProcess, tmp_path: Path) -> None:
    address = new_address(server)
    created = privshare(
        tmp_path / "p1", "account", "create", address, password="first pass phrase 1"
    )
    assert created.returncode == 0, created.stderr
    identity, phrase = identity_of(created.stdout), phrase_of(created.stdout)

    split = privshare(
        tmp_path / "p1",
        "phrase",
        "split",
        "--shares",
        "5",
        "--threshold",
        "3",
        password="first pass phrase 1",
    )
    assert split.returncode == 0, split.stderr
    shares = dict((int(n), words) for n, words in SHARE_LINE.findall(split.stdout))
    assert sorted(shares) == [1, 2, 3, 4, 5], split.stdout

    too_few = tmp_path / "two.txt"
    too_few.write_text(f"{shares[1]}\n{shares[4]}\n")
    refused = privshare(
        tmp_path / "p2",
        "recover",
        address,
        "--from-shares",
        str(too_few),
        new_password="third pass phrase 3",
    )
    assert_failed(refused, 3, "too few shares: 2 given, 3 needed")
    assert not (tmp_path / "p2").exists() or not any((tmp_path / "p2").iterdir())

    damaged = tmp_path / "damaged.txt"
    words = shares[5].split()
    words[20] = "acid" if words[20] != "acid" else "academic"
    damaged.write_text(f"{shares[1]}\n{shares[4]}\n{' '.join(words)}\n")
    refused = privshare(
        tmp_path / "p2",
        "recover",
        address,
        "--from-shares",
        str(damaged),
        new_password="third pass phrase 3",
    )
    assert_failed(refused, 3, "share on line 3 is not valid")
    assert not (tmp_path / "p2" / "vault.bin").exists()

    kept = tmp_path / "three.txt"
    kept.write_text(f"5. {shares[5]}\n\n2. {shares[2]}\n4. {shares[4]}\n")
    # the recovery drill: the shares and the phrase restore this account; nothing changes
    vault_before = (tmp_path / "p1" / "vault.bin").read_bytes()
    drill = privshare(
        tmp_path / "p1",
        "phrase",
        "check",
        "--from-shares",
        str(kept),
        password="first pass phrase 1",
    )
    assert drill.returncode == 0 and "These shares restore" in drill.stdout, drill.stderr
    typed = privshare(
        tmp_path / "p1", "phrase", "check", password="first pass phrase 1", mnemonic=phrase
    )
    assert typed.returncode == 0 and f"restores {address}" in typed.stdout, typed.stderr
    other = " ".join(["abandon"] * 23 + ["art"])
    refused = privshare(
        tmp_path / "p1", "phrase", "check", password="first pass phrase 1", mnemonic=other
    )
    assert_failed(refused, 3, "of another account")
    assert (tmp_path / "p1" / "vault.bin").read_bytes() == vault_before
    recovered = privshare(
        tmp_path / "p3",
        "recover",
        address,
        "--from-shares",
        str(kept),
        new_password="second pass phrase 2",
    )
    assert recovered.returncode == 0, recovered.stderr
    assert identity_of(recovered.stdout) == identity
    # the new password now opens the account on yet another device; the old one does not
    assert (
        privshare(tmp_path / "p4", "login", address, password="second pass phrase 2").returncode
        == 0
    )
    assert_failed(
        privshare(tmp_path / "p5", "login", address, password="first pass phrase 1"), 3, ""
    )


def test_split_counts_are_checked_before_the_vault_is_opened(tmp_path: Path) -> None:
    result = privshare(tmp_path / "none", "phrase", "split", "--shares", "3", "--threshold", "4")
    assert_failed(result, 2, "choose 2 <= --threshold <= --shares <= 16")
