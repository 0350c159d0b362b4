"""`privshare phrase split`: the recovery phrase as SLIP-39 shares (app/services/account/SHARES.md).

    privshare [--profile DIR] phrase split --shares N --threshold K
    privshare [--profile DIR] phrase check [--from-shares FILE]   # the recovery drill

Prints N share mnemonics, one per line after its number; any K of them give the phrase
back (`privshare recover ADDRESS --from-shares FILE`, or any SLIP-39 tool). `check`
tells whether a phrase (PRIVSHARE_MNEMONIC or a prompt) or a file of shares still
restores this account, changing nothing. Only the vault is opened: nothing is sent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.common import MNEMONIC_ENV, read_secret
from app.cli.errors import EXIT_AUTH, EXIT_USAGE
from app.cli.session import unlocked_session
from app.services.account.shares import (
    MAX_SHARES,
    combine_shares,
    is_same_phrase,
    split_phrase,
)

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add `phrase split` to an argparse subparsers object."""
    group = commands.add_parser("phrase", help="work with the recovery phrase")
    actions = group.add_subparsers(dest="phrase_command", metavar="ACTION", required=True)
    split = actions.add_parser(
        "split", help="split the recovery phrase into SLIP-39 shares (any K of N restore it)"
    )
    split.add_argument("--shares", type=int, required=True, metavar="N", help="how many shares")
    split.add_argument(
        "--threshold", type=int, required=True, metavar="K", help="how many restore the phrase"
    )
    split.set_defaults(run=run_split)
    check = actions.add_parser(
        "check", help="check that your phrase or shares still restore this account"
    )
    check.add_argument(
        "--from-shares", metavar="FILE", type=Path, help="SLIP-39 shares, one per line"
    )
    check.set_defaults(run=run_check)


def run_split(args: argparse.Namespace) -> int:
    if not 2 <= args.threshold <= args.shares <= MAX_SHARES:
        print(
            f"privshare: choose 2 <= --threshold <= --shares <= {MAX_SHARES} "
            f"(got {args.threshold} of {args.shares})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    unlocked = unlocked_session(args)
    try:
        mnemonic = unlocked.vault().mnemonic
        shares = split_phrase(mnemonic, shares=args.shares, threshold=args.threshold)
    finally:
        unlocked.lock()
    print(
        f"{args.shares} shares of your recovery phrase: any {args.threshold} of them restore "
        "the account. Keep each in a different place; fewer tell nothing.",
        flush=True,
    )
    for number, share in enumerate(shares, start=1):
        print(f"{number:2d}. {share}", flush=True)
    return 0


def run_check(args: argparse.Namespace) -> int:
    if args.from_shares is not None:
        text = args.from_shares.read_text("utf-8", errors="replace").splitlines()
        candidate, what = combine_shares(text), "These shares restore"
    else:
        candidate = read_secret(MNEMONIC_ENV, "Recovery phrase (the 24 words)")
        what = "This phrase restores"
    unlocked = unlocked_session(args)
    try:
        vault = unlocked.vault()
        same = is_same_phrase(vault.mnemonic, candidate)
        account = vault.address or "this profile's keys"
    finally:
        unlocked.lock()
    if not same:
        print(
            f"privshare: this is a valid phrase, but of another account, not {account}",
            file=sys.stderr,
        )
        return EXIT_AUTH
    print(f"{what} {account}. Nothing was changed.", flush=True)
    return 0
