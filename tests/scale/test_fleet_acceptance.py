"""Acceptance of the scale-out (issue 13): three server processes on one PostgreSQL and
one SeaweedFS bucket behind nginx round-robin (no stickiness), driven only by the CLI
through the balancer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from engines import REPO, Postgres, SeaweedFS
from fleet import Fleet, start_fleet

pytestmark = [pytest.mark.slow, pytest.mark.integration]
PASSWORD = "correct horse battery staple"


def privshare(profile: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env["PRIVSHARE_PASSWORD"] = PASSWORD
    command = [sys.executable, "-m", "app", "--profile", str(profile), *args]
    return subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, (result.args[5:], result.stdout[-2000:], result.stderr[-2000:])
    return result.stdout


@pytest.fixture(scope="module")
def fleet(
    postgres: Postgres, seaweedfs: SeaweedFS, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Fleet]:
    running = start_fleet(tmp_path_factory.mktemp("fleet"), postgres.url, seaweedfs.endpoint)
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def member_logs_on_failure(request: pytest.FixtureRequest, fleet: Fleet) -> Iterator[None]:
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for number, member in enumerate(fleet.members):
            print(f"--- member {number} ---\n{member.log()[-3000:]}")


def address(fleet: Fleet) -> str:
    return f"u{uuid.uuid4().hex[:10]}#{fleet.balancer.host}"


def test_the_whole_cli_flow_through_the_balancer(fleet: Fleet, tmp_path: Path) -> None:
    alice, bob = address(fleet), address(fleet)
    ok(privshare(tmp_path / "a1", "account", "create", alice))
    ok(privshare(tmp_path / "b1", "account", "create", bob))
    ok(privshare(tmp_path / "a2", "login", alice))  # a new device, other processes
    tree = tmp_path / "Reports"
    (tree / "sub").mkdir(parents=True)
    (tree / "r.txt").write_text("report")
    (tree / "sub" / "data.bin").write_bytes(os.urandom(300_000))
    ok(privshare(tmp_path / "a2", "put", str(tree), "/"))
    out = tmp_path / "out"
    out.mkdir()
    ok(privshare(tmp_path / "a1", "get", "/Reports/sub/data.bin", str(out)))
    assert (out / "data.bin").read_bytes() == (tree / "sub" / "data.bin").read_bytes()
    for _ in range(3):  # each lookup may reach another process: every one knows bob
        assert bob in ok(privshare(tmp_path / "a1", "whois", bob))
    assert "(read)" in ok(privshare(tmp_path / "a1", "share", "/Reports", "--to", bob))
    [item] = json.loads(ok(privshare(tmp_path / "b1", "inbox", "--json")))
    assert item["from"] == alice and item["name"] == "Reports"
    ok(privshare(tmp_path / "b1", "accept", item["id"], "--name", "FromAlice"))
    got = tmp_path / "got"
    got.mkdir()
    ok(privshare(tmp_path / "b1", "get", "/Shared/FromAlice/r.txt", str(got)))
    assert (got / "r.txt").read_text() == "report"
    assert "re-keyed" in ok(privshare(tmp_path / "a2", "unshare", "/Reports", "--from", bob))
    gone = privshare(tmp_path / "b1", "ls", "/Shared/FromAlice")
    assert gone.returncode == 1 and "no longer shared" in gone.stderr
