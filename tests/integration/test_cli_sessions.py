"""`privshare sessions [--end ID] [--json]` as real processes against a real server
process (server_stub/SESSIONS.md): a second login of the account shows up, `--end`
signs it out at once, and bad ids get one line (another account's attempt:
test_sessions.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from server_harness import ServerProcess
from test_cli_account import assert_failed, privshare
from world import PASSWORD, Account

from app.client.channel import Channel
from app.client.errors import SessionExpiredError
from app.client.transport import HttpTransport

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _listed(profile: Path) -> list[dict[str, Any]]:
    shown = privshare(profile, "sessions", "--json", password=PASSWORD)
    assert shown.returncode == 0, shown.stderr
    rows = json.loads(shown.stdout)
    assert isinstance(rows, list)
    return rows


def test_list_and_end_a_session(server: ServerProcess, new_account: Callable[..., Account]) -> None:
    made = new_account("alice")  # a profile the CLI opens (its vault at the KDF floor: quick)
    alice, profile = made.address, made.profile
    with HttpTransport() as transport:
        browser = Channel(transport, server.endpoint, None)  # another login of alice's
        browser.login_srp(alice.split("#")[0], PASSWORD)
        rows = _listed(profile)
        other = max((r for r in rows if not r["this_session"]), key=lambda r: r["started"])
        assert other["opened_by"] == "password sign-in"
        assert [r["this_session"] for r in rows].count(True) == 1
        assert other["this_session"] is False and other["address"] == "127.0.0.0/24"

        text = privshare(profile, "sessions", password=PASSWORD)
        assert text.returncode == 0, text.stderr
        assert text.stdout.startswith("ID ") and "(this session)" in text.stdout
        assert f"{other['id']}  password sign-in" in text.stdout

        ended = privshare(profile, "sessions", "--end", str(other["id"]), password=PASSWORD)
        assert ended.returncode == 0, ended.stderr
        assert f"Ended session {other['id']}" in ended.stdout
        with pytest.raises(SessionExpiredError):
            browser.call("whoami")
    again = privshare(profile, "sessions", "--end", str(other["id"]), password=PASSWORD)
    assert_failed(again, 1, "no open session")
    bad = privshare(profile, "sessions", "--end", "xyz", password=PASSWORD)
    assert_failed(bad, 2, "16 hex digits")


def test_a_command_ends_its_own_session_when_it_exits(
    server: ServerProcess, new_account: Callable[..., Account]
) -> None:
    """`privshare ls` logs in, lists and logs out on its way out: another session of the
    account does not see it listed afterwards (before, it stayed for 15 minutes)."""
    made = new_account("alice")
    with HttpTransport() as transport:
        browser = Channel(transport, server.endpoint, None)
        browser.login_srp(made.address.split("#")[0], PASSWORD)
        before = {bytes(s["id"]) for s in browser.call("sessionList")["sessions"]}
        listed = privshare(made.profile, "ls", "/", password=PASSWORD)
        assert listed.returncode == 0, listed.stderr
        shown = privshare(made.profile, "sessions", "--json", password=PASSWORD)
        assert shown.returncode == 0, shown.stderr
        assert len([r for r in json.loads(shown.stdout) if r["this_session"]]) == 1
        after = {bytes(s["id"]) for s in browser.call("sessionList")["sessions"]}
        assert after == before  # neither `ls` nor `sessions` is still listed
