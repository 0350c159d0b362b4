"""`privshare ls|mkdir|put|get|mv|rm|versions|restore` as subprocesses (issue 5 §4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from files_world import Device
from server_harness import ROOT
from world import PASSWORD

pytestmark = pytest.mark.integration


def privshare(device: Device, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env["PRIVSHARE_PASSWORD"] = PASSWORD
    command = [sys.executable, "-m", "app", "--profile", str(device.profile), *args]
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
def test_the_file_commands_end_to_end(alice: Device, tmp_path: Path) -> None:
    alice.session.close()  # the commands open the vault themselves
    (tmp_path / "a.txt").write_text("alpha")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "b.bin").write_bytes(os.urandom(3_000_000))

    assert ok(privshare(alice, "mkdir", "/Work")).split() == ["/Work"]
    uploaded = ok(privshare(alice, "put", str(tmp_path / "a.txt"), str(tmp_path / "dir"), "/Work"))
    assert uploaded.split() == ["/Work/a.txt", "/Work/dir/b.bin"]
    listing = json.loads(ok(privshare(alice, "ls", "/Work", "--json")))
    assert [(e["name"], e["type"], e["size"]) for e in listing] == [
        ("a.txt", "file", 5),
        ("dir", "folder", None),
    ]
    table = ok(privshare(alice, "ls", "/Work"))
    assert "dir/" in table and "a.txt" in table and "5" in table

    (tmp_path / "a.txt").write_text("alpha, second")
    ok(privshare(alice, "put", str(tmp_path / "a.txt"), "/Work"))
    versions = ok(privshare(alice, "versions", "/Work/a.txt")).splitlines()[1:]  # the header
    assert len(versions) == 2 and "(current)" in versions[0] and versions[0].split()[0] == "2"
    assert "restored as version 3" in ok(privshare(alice, "restore", "/Work/a.txt", "1"))

    assert ok(privshare(alice, "mv", "/Work/a.txt", "/Work/c.txt")).strip() == "/Work/c.txt"
    out = tmp_path / "out"
    out.mkdir()
    ok(privshare(alice, "get", "/Work/c.txt", str(out)))
    assert (out / "c.txt").read_text() == "alpha"
    ok(privshare(alice, "get", "/Work", str(out)))
    assert (out / "Work" / "dir" / "b.bin").read_bytes() == (
        tmp_path / "dir" / "b.bin"
    ).read_bytes()
    ok(privshare(alice, "rm", "/Work"))
    assert ok(privshare(alice, "ls")).split() == ["SIZE", "MODIFIED", "(UTC)", "NAME"]

    missing = privshare(alice, "get", "/nothing", str(out))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1
    assert "no such file or folder" in missing.stderr and "Traceback" not in missing.stderr
    usage = privshare(alice, "put", str(tmp_path / "a.txt"))
    assert usage.returncode == 2
