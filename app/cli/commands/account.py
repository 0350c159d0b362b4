"""Account commands: `account create|info|delete`, `login`, `recover`, `passwd`.

    privshare [--profile DIR] account create ADDRESS [--token TOKEN] [--json]
    privshare [--profile DIR] login ADDRESS [--json]   # a new device, with the password
    privshare [--profile DIR] recover ADDRESS [--json] # the phrase, then a new password
    privshare [--profile DIR] recover ADDRESS --from-shares FILE   # K SLIP-39 shares instead
    privshare [--profile DIR] passwd
    privshare [--profile DIR] account info [--json]
    privshare [--profile DIR] account delete [--yes] [--remove-vault]

ADDRESS is name#host[:port]; plain http is used only for loopback hosts. Secrets come
from a prompt or PRIVSHARE_PASSWORD, PRIVSHARE_NEW_PASSWORD, PRIVSHARE_MNEMONIC. A new
password (create, recover, passwd) must pass the desktop app's rule
(app/services/account/passwords.py), else the command exits 2 and changes nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from app.cli.common import (
    MNEMONIC_ENV,
    PASSWORD_ENV,
    add_json_option,
    examples,
    print_json,
    read_new_password,
    read_secret,
)
from app.cli.demo import phrase_grid
from app.cli.session import open_session, profile_session
from app.services import account, pki
from app.services.account.passwords import MIN_LENGTH
from app.services.account.shares import combine_shares

__all__ = ["register"]

INVITATION_ENV = "PRIVSHARE_INVITATION"
ADDRESS_HELP = "your address, name#host[:port] (plain http only for a loopback host)"


def register(commands: Any) -> None:
    """Add `account`, `login`, `recover` and `passwd` to an argparse subparsers object."""
    group = commands.add_parser(
        "account",
        help="create, inspect or delete your account",
        description="Create, inspect or delete the account of this profile.",
        **examples(
            "privshare --profile A account create alice#files.example",
            "privshare account info --json",
            "privshare account delete --yes",
        ),
    )
    actions = group.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create",
        help="register a new account; shows its phrase once",
        description="Register a new account and show its 24-word recovery phrase once. "
        f"The password must have at least {MIN_LENGTH} characters and not be easy to guess.",
        **examples(
            "privshare --profile A account create alice#files.example",
            "PRIVSHARE_INVITATION=TOKEN privshare account create bob#files.example",
        ),
    )
    create.add_argument("address", metavar="ADDRESS", help=ADDRESS_HELP)
    create.add_argument(
        "--token", help=f"invitation token from the server's admin (or {INVITATION_ENV})"
    )
    add_json_option(create)
    create.set_defaults(run=run_create)
    info = actions.add_parser(
        "info",
        help="show the account of this profile",
        description="Show the account, its server and its identity as others see it.",
        **examples("privshare account info", "privshare account info --json"),
    )
    add_json_option(info)
    info.set_defaults(run=run_info)
    delete = actions.add_parser(
        "delete",
        help="delete the account and all its files (permanent)",
        description="Delete the account and all its files from the server; this cannot be undone.",
        **examples("privshare account delete", "privshare account delete --yes --remove-vault"),
    )
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.add_argument(
        "--remove-vault", action="store_true", help="also remove the local vault (the keys)"
    )
    delete.set_defaults(run=run_delete)

    login = commands.add_parser(
        "login",
        help="sign in on this device with your password",
        description="Sign in to an existing account on this device (a new profile).",
        **examples("privshare --profile laptop login alice#files.example"),
    )
    login.add_argument("address", metavar="ADDRESS", help=ADDRESS_HELP)
    add_json_option(login)
    login.set_defaults(run=run_login)
    recover = commands.add_parser(
        "recover",
        help="regain access with the recovery phrase",
        description="Regain access with the 24 words and choose a new password.",
        **examples('PRIVSHARE_MNEMONIC="word1 ... word24" privshare recover alice#files.example'),
    )
    recover.add_argument("address", metavar="ADDRESS", help=ADDRESS_HELP)
    add_json_option(recover)
    recover.add_argument(
        "--from-shares",
        metavar="FILE",
        type=Path,
        help="SLIP-39 shares of the phrase, one per line (from `phrase split`)",
    )
    recover.set_defaults(run=run_recover)
    passwd = commands.add_parser(
        "passwd",
        help="change the account password",
        description="Change the password of the account (on the server and in this vault).",
        **examples("privshare passwd"),
    )
    passwd.set_defaults(run=run_passwd)


def _say(text: str = "") -> None:
    print(text, flush=True)


def run_create(args: argparse.Namespace) -> int:
    token = args.token or os.environ.get(INVITATION_ENV)
    password = read_new_password("Choose a password", PASSWORD_ENV)
    created = profile_session(args).create(args.address, password, token=token)
    with created.session as session:
        if args.json:  # the phrase too: a script that creates an account must keep it
            print_json({**_identity_json(session), "phrase": created.phrase})
            return 0
        _say(f"Account {session.address} created.")
        _say()
        _say("Recovery phrase: WRITE THESE 24 WORDS DOWN and keep them safe. They restore")
        _say("every key and file of the account; they are shown only this once.")
        _say()
        for line in phrase_grid(created.phrase):
            _say(line)
        _say()
        _identity_lines(session)
    return 0


def run_login(args: argparse.Namespace) -> int:
    password = read_secret(PASSWORD_ENV, "Password")
    session = profile_session(args).login(args.address, password)
    with session:
        if args.json:
            print_json(_identity_json(session))
            return 0
        _say(f"Signed in as {session.address} on this device.")
        _identity_lines(session)
    return 0


def run_recover(args: argparse.Namespace) -> int:
    if args.from_shares is not None:
        phrase = combine_shares(args.from_shares.read_text("utf-8", errors="replace").splitlines())
    else:
        phrase = read_secret(MNEMONIC_ENV, "Recovery phrase (the 24 words)")
    new_password = read_new_password()
    session = profile_session(args).recover(args.address, phrase, new_password)
    with session:
        if args.json:
            print_json(_identity_json(session))
            return 0
        _say(f"Recovered {session.address}; the new password is set.")
        _identity_lines(session)
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    old = read_secret(PASSWORD_ENV, "Current password")
    new = read_new_password()
    with open_session(args, password=old) as session:
        account.change_password(session, old, new)
        _say(f"The password of {session.address} is changed.")
    return 0


def run_info(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        if args.json:
            print_json(_identity_json(session))
            return 0
        _say(f"Account:  {session.address}")
        _say(f"Server:   {session.config.endpoint}")
        _say(f"Profile:  {session.vault.profile.root}")
        _identity_lines(session)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        if not args.yes and not _confirmed(session.address.name):
            print("privshare: nothing was deleted", file=sys.stderr)
            return 1
        account.delete_account(session, remove_vault=args.remove_vault)
        _say(f"The account {session.address} and all its files are deleted from the server.")
        if not args.remove_vault:
            _say(f"The local vault (your keys) is kept in {session.vault.profile.root}.")
    return 0


def _confirmed(name: str) -> bool:
    if not sys.stdin.isatty():
        print("privshare: pass --yes to delete without a terminal", file=sys.stderr)
        return False
    answer = input(f"Delete the account {name!r} and ALL its files? Type its name to confirm: ")
    return answer.strip() == name


def _identity_lines(session: account.AccountSession) -> None:
    """The identity as others see it when they look this account up (issue 4 §1)."""
    public = session.vault.identity_key.public_key
    _say(f"Identity key (m/2'): {public.to_bytes().hex()}")
    shown = _identity(session)
    _say(f"Fingerprint:         {shown.fingerprint_text}")
    _say(f"Check words:         {' '.join(shown.check_words)}  (others see these for you)")


def _identity(session: account.AccountSession) -> pki.VerifiedIdentity:
    """This account's identity, checked in its server's key log."""
    public = session.vault.identity_key.public_key
    return pki.check_own_identity(
        session.channel, str(session.address), public, checkpoints=session.vault
    )


def _identity_json(session: account.AccountSession) -> dict[str, object]:
    shown = _identity(session)
    return {
        "address": str(session.address),
        "server": session.config.endpoint,
        "profile": str(session.vault.profile.root),
        "identity_key": session.vault.identity_key.public_key.to_bytes().hex(),
        "fingerprint": shown.fingerprint_text,
        "check_words": list(shown.check_words),
    }
