"""`privshare whois ADDRESS [--export FILE] [--json]` and `privshare sign FILE`.

`whois` looks a person up in their server's key log and prints what was proven: the
address, the identity key's fingerprint (groups of 4 hex digits), its 8 check words,
the sink keys and the log head the proof is against. `--export FILE` writes the
keystore as OpenPGP (binary, or ASCII-armored when FILE ends in `.asc`) for
`gpg --import`. Server pins and log checkpoints come from the profile's vault when it
has one (unlocked by the device key or the password), else they live in memory. The
person's server is reached as the global `--route` says: `direct`; `via-home` logs in to
the profile's account and asks through its server's PrivMX proxy; `auto` asks directly
and, when that server cannot be reached and the profile has an account, through the
proxy. The proof is checked the same way whichever road the answer took.

`sign FILE` writes `FILE.sig`, a detached OpenPGP signature by the account's identity
key, after checking that the server's log shows that key for the account (so the
signature names the fingerprint others get from `whois`); `gpg --verify FILE.sig FILE`
accepts it once the keystore is imported.

A proof that does not hold exits with code 4 (tampering), like every integrity failure.
"""

from __future__ import annotations

import argparse
import datetime
import time
from pathlib import Path
from typing import Any

from app.cli import session as cli_session
from app.cli.common import add_json_option, examples, print_json, write_whole
from app.cli.session import ask_password, profile_session, route_from, unlocked_session
from app.services import pki
from app.services.connection import Connector
from app.services.lookup import whois_from
from app.services.session import Network

__all__ = ["new_connector", "register", "run_sign", "run_whois"]


def register(commands: Any) -> None:
    """Add `whois` and `sign` to an argparse subparsers object."""
    whois = commands.add_parser(
        "whois",
        help="look up a person's verified keys in their server's key log",
        description="Look up ADDRESS (name#host) and check the server's proof of its keys. "
        "Compare the check words with the person by another way (in person, by phone).",
        **examples(
            "privshare whois bob#files.example",
            "privshare whois bob#files.example --json",
            "privshare whois bob#files.example --export bob.asc   # then: gpg --import bob.asc",
        ),
    )
    whois.add_argument("address", metavar="ADDRESS", help="the person's address, name#host")
    whois.add_argument(
        "--export",
        metavar="FILE",
        type=Path,
        help="also write the keystore for gpg --import (armored if FILE ends in .asc)",
    )
    add_json_option(whois)
    whois.set_defaults(run=run_whois)
    sign = commands.add_parser(
        "sign",
        help="write FILE.sig, a detached OpenPGP signature by your identity key",
        description="Sign FILE with the account's identity key; gpg --verify checks it.",
        **examples("privshare sign report.pdf   # writes report.pdf.sig"),
    )
    sign.add_argument("file", metavar="FILE", type=Path, help="the local file to sign")
    sign.set_defaults(run=run_sign)


def new_connector() -> Connector:
    """The connector commands use (tests replace it)."""
    return Connector(transport=cli_session.make_transport(Network()))


def run_whois(args: argparse.Namespace) -> int:
    identity = whois_from(
        profile_session(args),
        args.address,
        route_from(args),
        new_connector=new_connector,
        ask_password=ask_password,
    )
    if args.export is not None:
        _export(identity, args.export)
    if args.json:
        print_json(_identity_json(identity, args.export))
        return 0
    for line in identity_lines(identity):
        print(line)
    if args.export is not None:
        print(f"exported     {args.export}")
    return 0


def run_sign(args: argparse.Namespace) -> int:
    document = args.file.read_bytes()
    unlocked = unlocked_session(args)
    try:
        signature = pki.sign_as_account(
            unlocked.vault(), new_connector(), document, now=time.time()
        )
    finally:
        unlocked.lock()
    target = args.file.with_name(args.file.name + ".sig")
    write_whole(target, signature)
    print(f"wrote {target}")
    return 0


def identity_lines(identity: pki.VerifiedIdentity) -> list[str]:
    sinks = [key.to_bytes(compressed=True).hex() for key in identity.sink_keys] or ["(none)"]
    signed = datetime.datetime.fromtimestamp(identity.head.timestamp / 1000, datetime.UTC)
    lines = [
        f"address      {identity.address}",
        f"fingerprint  {identity.fingerprint_text}",
        f"check words  {' '.join(identity.check_words)}",
        f"revision     {identity.revision}",
        f"sink keys    {sinks[0]}",
        *(f"             {sink}" for sink in sinks[1:]),
        f"log head     size {identity.head.size}, signed {signed:%Y-%m-%d %H:%M:%S} UTC",
    ]
    return lines


def _identity_json(identity: pki.VerifiedIdentity, exported: Path | None) -> dict[str, object]:
    signed = datetime.datetime.fromtimestamp(identity.head.timestamp / 1000, datetime.UTC)
    return {
        "address": identity.address,
        "fingerprint": identity.fingerprint_text,
        "check_words": list(identity.check_words),
        "revision": identity.revision,
        "sink_keys": [key.to_bytes(compressed=True).hex() for key in identity.sink_keys],
        "log_head": {"size": identity.head.size, "signed": signed.isoformat(timespec="seconds")},
        "exported": str(exported) if exported is not None else None,
    }


def _export(identity: pki.VerifiedIdentity, target: Path) -> None:
    write_whole(target, identity.openpgp(armored=target.suffix.lower() == ".asc"))
