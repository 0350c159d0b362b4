"""`privshare drop create|list|revoke` and `send drop:KEY#host` as subprocesses; a send
to an expired or full drop inbox gets one line and exit code 1."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from share_world import User
from test_share_cli import ok, privshare

from app.services.sharing.drops import DropService

pytestmark = pytest.mark.integration


@pytest.mark.slow  # several `python -m app` subprocesses
def test_drop_inbox_from_the_command_line(
    bob: User, new_user: Callable[..., User], tmp_path: Path
) -> None:
    carol = new_user("carol")
    bob.session.close()
    carol.session.close()
    made = json.loads(
        ok(privshare(bob, "drop", "create", "--label", "scans", "--max-size", "1M", "--json"))
    )
    assert made["address"].startswith("drop:") and made["max_bytes"] == 1 << 20
    (tmp_path / "scan.png").write_bytes(b"\x89PNG fake")
    ok(privshare(carol, "send", made["address"], str(tmp_path / "scan.png")))

    [item] = json.loads(ok(privshare(bob, "inbox", "--json")))
    assert (item["from"], item["name"], item["drop"], item["size"]) == (
        carol.address,
        "scan.png",
        "scans",
        9,
    )
    out = tmp_path / "out"
    ok(privshare(bob, "accept", item["id"], "--save", str(out)))
    assert (out / "scan.png").read_bytes() == b"\x89PNG fake"
    [listed] = json.loads(ok(privshare(bob, "drop", "list", "--json")))
    assert (listed["label"], listed["address"], listed["waiting"]) == ("scans", made["address"], 0)

    assert "revoked scans" in ok(privshare(bob, "drop", "revoke", "scans"))
    refused = privshare(carol, "send", made["address"], str(tmp_path / "scan.png"))
    assert refused.returncode == 1 and "not found" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    bad = privshare(carol, "send", "drop:nonsense#127.0.0.1:1", str(tmp_path / "scan.png"))
    assert bad.returncode == 2 and "drop inbox address" in bad.stderr, bad.stderr


@pytest.mark.slow  # `python -m app` subprocesses
def test_send_to_an_expired_or_full_drop_inbox_says_so_in_one_line(
    bob: User, new_user: Callable[..., User], tmp_path: Path
) -> None:
    carol = new_user("carol")
    an_hour_ago = time.time() - 3600
    expired = DropService(bob.session, clock=lambda: an_hour_ago).create("old", expires_in=60)
    small = DropService(bob.session).create("small", max_bytes=1000)
    carol.session.close()
    (tmp_path / "big.bin").write_bytes(os.urandom(100_000))
    for address, words in (
        (expired.address, "has expired: ask its owner for a new address"),
        (small.address, "larger than this drop inbox takes: send less at a time"),
    ):
        refused = privshare(carol, "send", address, str(tmp_path / "big.bin"))
        assert refused.returncode == 1 and words in refused.stderr, refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert bob.inbox().read().items == []
