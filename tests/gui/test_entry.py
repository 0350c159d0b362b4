"""`python -m app.gui` (what `make run` starts) with no display says so in one line."""

from __future__ import annotations

import os
import subprocess
import sys

from app.gui.__main__ import NO_DISPLAY_STATUS, display_problem


def test_no_display_is_one_plain_line_and_a_non_zero_status(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    ran = subprocess.run(
        [sys.executable, "-m", "app.gui", "--profile", str(tmp_path / "p")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == NO_DISPLAY_STATUS == 3
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "xvfb-run -a make run" in lines[0]
    assert "privshare --help" in lines[0] and ran.stdout == ""
    assert not (tmp_path / "p").exists()  # nothing was started


def test_which_environments_have_a_display() -> None:
    assert display_problem({}, "linux")
    assert not display_problem({"DISPLAY": ":0"}, "linux")
    assert not display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not display_problem({}, "darwin") and not display_problem({}, "win32")
