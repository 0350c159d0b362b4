"""`privshare share|inbox|accept|shares|send|unshare` as subprocesses (issue 6 §4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from server_harness import ROOT
from share_world import User
from world import PASSWORD

pytestmark = pytest.mark.integration


def privshare(user: User, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env["PRIVSHARE_PASSWORD"] = PASSWORD
    command = [sys.executable, "-m", "app", "--profile", str(user.profile), *args]
    return subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow  # several `python -m app` subprocesses
def test_share_accept_send_and_unshare_from_the_command_line(
    alice: User, bob: User, tmp_path: Path
) -> None:
    alice.session.close()
    bob.session.close()
    (tmp_path / "r.txt").write_text("report")
    ok(privshare(alice, "put", str(tmp_path / "r.txt"), "/Reports"))
    assert "(read)" in ok(privshare(alice, "share", "/Reports", "--to", bob.address))

    [item] = json.loads(ok(privshare(bob, "inbox", "--json")))
    assert {k: item[k] for k in ("from", "name", "type", "access")} == {
        "from": alice.address,
        "name": "Reports",
        "type": "folder",
        "access": "read",
    }
    assert len(item["check_words"]) == 8 and item["id"]
    assert ok(privshare(bob, "accept", item["id"], "--name", "FromAlice")).strip() == (
        "/Shared/FromAlice"
    )
    listing = json.loads(ok(privshare(bob, "ls", "/Shared/FromAlice", "--json")))
    assert [(e["name"], e["path"]) for e in listing] == [("r.txt", "/Shared/FromAlice/r.txt")]
    out = tmp_path / "out"
    out.mkdir()
    ok(privshare(bob, "get", "/Shared/FromAlice/r.txt", str(out)))
    assert (out / "r.txt").read_text() == "report"
    refused = privshare(bob, "put", str(tmp_path / "r.txt"), "/Shared/FromAlice")
    assert refused.returncode == 1 and "read-only" in refused.stderr

    granted = json.loads(ok(privshare(alice, "shares", "--json")))["granted"]
    assert [(g["path"], g["to"], g["access"]) for g in granted] == [
        ("/Reports", bob.address, "read")
    ]
    received = json.loads(ok(privshare(bob, "shares", "--json")))["received"]
    assert [(r["path"], r["from"], r["access"]) for r in received] == [
        ("/Shared/FromAlice", alice.address, "read")
    ]

    (tmp_path / "note.bin").write_bytes(os.urandom(3000))
    ok(privshare(alice, "send", bob.address, str(tmp_path / "note.bin"), "--message", "hi"))
    [delivery] = json.loads(ok(privshare(bob, "inbox", "--json")))
    assert (delivery["type"], delivery["name"], delivery["message"]) == ("files", "note.bin", "hi")
    saved = tmp_path / "saved"
    ok(privshare(bob, "accept", delivery["id"], "--save", str(saved)))
    assert (saved / "note.bin").read_bytes() == (tmp_path / "note.bin").read_bytes()

    assert "re-keyed" in ok(privshare(alice, "unshare", "/Reports", "--from", bob.address))
    gone = privshare(bob, "ls", "/Shared/FromAlice")
    assert gone.returncode == 1 and "no longer shared" in gone.stderr
    unknown = privshare(alice, "share", "/Reports", "--to", f"nobody#{bob.address.split('#')[1]}")
    assert unknown.returncode == 2, unknown.stderr  # a wrong address is the user's to fix
    assert unknown.stderr.startswith("privshare: nobody is called nobody#")
    assert unknown.stderr.count("\n") == 1 and "Traceback" not in unknown.stderr
    assert json.loads(ok(privshare(alice, "shares", "--json")))["granted"] == []
