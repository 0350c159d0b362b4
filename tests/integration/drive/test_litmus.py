"""litmus, the standard WebDAV compliance suite (Debian `litmus`), against the drive of
an account on the real server (issue 17: basic, copymove and props must pass)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from drive_helpers import Drive
from world import Account

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SUITES = ("basic", "copymove", "props", "locks", "http")
SUMMARY = re.compile(r"<- summary for `(\w+)': of (\d+) tests run: (\d+) passed, (\d+) failed")


def test_litmus_passes_basic_copymove_props_locks_and_http(
    new_account: Callable[..., Account], drive_for: Callable[[Account], Drive], tmp_path: Path
) -> None:
    litmus = shutil.which("litmus")
    assert litmus, "litmus is not installed: run scripts/sysdeps.sh (as root) first"
    drive = drive_for(new_account("litmus"))
    user, password = drive.auth
    result = subprocess.run(
        [litmus, drive.base + "/", user, password],
        env={"TESTS": " ".join(SUITES), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,  # litmus writes its debug.log and child.log there
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    output = result.stdout + result.stderr
    summaries = {m[1]: (int(m[2]), int(m[3]), int(m[4])) for m in SUMMARY.finditer(output)}
    assert set(summaries) == set(SUITES), output
    failed = {suite: counts for suite, counts in summaries.items() if counts[2] or not counts[0]}
    assert not failed, output
    assert "WARNING" not in output, output
    assert result.returncode == 0, output
    print("\n".join(line for line in output.splitlines() if "summary for" in line))
