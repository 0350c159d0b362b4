"""20 trials of `make crash` (tests/crash/crash_run.py): kill -9 of the real server
during put, mkdir, mv, rm, share, unshare and accept, and of `privshare put`/`get`."""

from __future__ import annotations

import pytest
from crash.crash_run import run

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_twenty_kills_lose_nothing_and_leave_no_plaintext() -> None:
    report = run(20, seed=20261207)
    assert report.problems == []
    assert (report.lost, report.plaintext_left) == (0, 0)
    assert report.interrupted >= 3, "the kills must land inside operations to test anything"
    print(report.line())
