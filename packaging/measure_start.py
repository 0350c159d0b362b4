"""Time from process start to the first window shown, offscreen (target <= 1.5 s).

    python packaging/measure_start.py [--runs 5] [--source | EXECUTABLE] [--limit SECONDS]
                                      [--drop-caches]

Starts the bundle (default dist/privshare/privshare) or, with --source, `python
packaging/entry.py`, on a fresh profile in a temporary folder, with
QT_QPA_PLATFORM=offscreen and PRIVSHARE_REPORT_FIRST_SHOW=1: the program prints
`FIRST_SHOW <monotonic time>` at the first Show event of a top-level window and quits
(packaging/first_show.py). The figure is that time minus the monotonic time taken just
before the process was spawned (Linux shares CLOCK_MONOTONIC between processes). The
first run is the coldest (a new profile; with --drop-caches, run as root, the kernel's
file cache is emptied before every run: a cold start as after a reboot); the median of
all runs is the typical figure. Exits 1 if a run shows no
window, or if --limit is given and the median exceeds it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "privshare" / "privshare"
TARGET = 1.5
RUN_TIMEOUT = 60.0


def _command(executable: Path | None, source: bool) -> list[str]:
    if source:
        return [sys.executable, str(ROOT / "packaging" / "entry.py")]
    return [str(executable or BUNDLE)]


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVSHARE_")}
    env.update(QT_QPA_PLATFORM="offscreen", PRIVSHARE_REPORT_FIRST_SHOW="1", HOME=str(home))
    for variable, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share")):
        env[variable] = str(home / sub)
    env["XDG_CACHE_HOME"] = str(home / ".cache")
    return env


def drop_caches() -> None:
    """Empty the kernel's page cache (root only; slows the whole machine for a moment)."""
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def measure_once(command: list[str]) -> float:
    """Seconds from spawning `command` on a new profile to its first window's Show event."""
    with tempfile.TemporaryDirectory(prefix="privshare-start-") as folder:
        home = Path(folder)
        started = time.monotonic()
        result = subprocess.run(
            [*command, "--profile", str(home / "profile")],
            env=_environment(home),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
    for line in result.stdout.splitlines():
        if line.startswith("FIRST_SHOW "):
            return float(line.split()[1]) - started
    tail = (result.stderr.strip().splitlines() or ["(nothing on stderr)"])[-1]
    raise RuntimeError(f"no window was shown (exit {result.returncode}): {tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable", nargs="?", type=Path, help=f"default {BUNDLE}")
    parser.add_argument("--source", action="store_true", help="run from source, not the bundle")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=float, help="fail if the median exceeds this")
    parser.add_argument("--drop-caches", action="store_true", help="cold starts (root)")
    args = parser.parse_args(argv)
    command = _command(args.executable, args.source)
    try:
        times = []
        for _ in range(max(1, args.runs)):
            if args.drop_caches:
                drop_caches()
            times.append(measure_once(command))
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        print(f"measure_start: {' '.join(command)}: {error}", file=sys.stderr)
        return 1
    median = statistics.median(times)
    verdict = "within" if median <= TARGET else "ABOVE"
    what = "source" if args.source else command[0]
    cold = "cold " if args.drop_caches else ""
    print(
        f"{cold}start to first window, offscreen ({what}): "
        f"first run {times[0]:.2f} s, median {median:.2f} s of {len(times)} "
        f"(min {min(times):.2f}, max {max(times):.2f}); {verdict} the {TARGET} s target"
    )
    return 1 if args.limit is not None and median > args.limit else 0


if __name__ == "__main__":
    sys.exit(main())
