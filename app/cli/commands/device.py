"""Device commands (app/services/devices/DEVICES.md):

    privshare [--profile DIR] device add [--name NAME] [--yes]   # on a signed-in device
    privshare [--profile DIR] device join ADDRESS CODE            # on the new device
    privshare [--profile DIR] device list
    privshare [--profile DIR] device remove NAME

`add` shows a code such as 7-guitar-ocean (10 minutes, one try); `join` on the new device
meets it through the account's server. Both then show the same verification words;
`add` asks to confirm them (`--yes` when there is no terminal) before the account moves.
The new device's vault password comes from PRIVSHARE_NEW_PASSWORD or a prompt.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from datetime import UTC, datetime
from typing import Any

from app.cli.common import NEW_PASSWORD_ENV, read_secret
from app.cli.session import open_session, profile_session
from app.services import devices

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add `device add|join|list|remove` to an argparse subparsers object."""
    group = commands.add_parser("device", help="link, list or remove your devices")
    actions = group.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="show a code that links a new device to this account")
    add.add_argument("--name", help="the new device's name (default: device-XXXX)")
    add.add_argument(
        "--yes", action="store_true", help="do not ask to confirm the verification words"
    )
    add.set_defaults(run=run_add)
    join = actions.add_parser("join", help="link this new device with the code from `add`")
    join.add_argument("address", metavar="ADDRESS", help="name#host[:port]")
    join.add_argument("code", metavar="CODE", help="the code the other device shows")
    join.set_defaults(run=run_join)
    listing = actions.add_parser("list", help="the devices linked to this account")
    listing.set_defaults(run=run_list)
    remove = actions.add_parser("remove", help="stop a device's key from working")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=run_remove)


def _say(text: str) -> None:
    print(text, flush=True)


def run_add(args: argparse.Namespace) -> int:
    name = args.name or f"device-{secrets.token_hex(2)}"
    with open_session(args) as session:

        def show_code(code: str) -> None:
            _say(f"Code: {code}")
            _say(f"On the new device run:  privshare device join {session.address} {code}")
            _say("The code works once and for 10 minutes. Waiting for the new device...")

        def approve(words: tuple[str, ...]) -> bool:
            _say(f"Verification words: {' '.join(words)}")
            if args.yes:
                return True
            if not sys.stdin.isatty():
                print("privshare: pass --yes to link without a terminal", file=sys.stderr)
                return False
            answer = input("Does the new device show the same words? [y/N] ")
            return answer.strip().lower() in ("y", "yes")

        devices.add_device(session, name, show_code=show_code, approve=approve)
        _say(f"Linked {name!r} to {session.address}.")
    return 0


def run_join(args: argparse.Namespace) -> int:
    devices.LinkCode.parse(args.code)  # a mistyped code fails before any prompt
    password = read_secret(NEW_PASSWORD_ENV, "Password for this device", confirm=True)

    def show_words(words: tuple[str, ...]) -> None:
        _say(f"Verification words: {' '.join(words)}")
        _say("Check that the other device shows the same words, and confirm there.")

    session = profile_session(args).join_device(
        args.address, args.code, password, show_words=show_words
    )
    with session:
        device = session.vault.device
        named = f" as {device[1]!r}" if device else ""
        _say(f"This device is linked to {session.address}{named}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        found = devices.list_devices(session)
        if not found:
            _say("No linked devices (only the one that holds the recovery phrase).")
        for device in found:
            added = datetime.fromtimestamp(device.added, UTC).strftime("%Y-%m-%d %H:%M UTC")
            mark = "  (this device)" if device.this_device else ""
            _say(f"{device.name:<24} added {added}  key {device.login_key.hex()[:16]}{mark}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        devices.remove_device(session, args.name)
        _say(f"Removed {args.name!r}: its key no longer works at {session.address.server}.")
    return 0
