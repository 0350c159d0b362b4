"""Run one fuzz target with atheris (coverage-guided, libFuzzer) for a while:

    .venv/bin/python tests/fuzz/run.py TARGET SECONDS [libFuzzer options...]

Starts from the seeds in tests/fuzz/corpus/TARGET plus what earlier runs kept in
tests/fuzz/work/TARGET (new interesting inputs go there; not committed) and writes
crashing inputs to tests/fuzz/findings/TARGET/ (add a finding to the corpus once fixed,
so `make test` replays it). `make fuzz FUZZ_MINUTES=N` runs
every target in turn, N minutes each, on one core at low priority.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

with atheris.instrument_imports():
    from fuzz.targets import TARGETS  # the project's modules, instrumented for coverage


def main() -> int:
    target, seconds, *extra = sys.argv[1:]
    findings = HERE / "findings" / target
    findings.mkdir(parents=True, exist_ok=True)
    work = HERE / "work" / target
    work.mkdir(parents=True, exist_ok=True)
    options = [
        sys.argv[0],
        str(work),
        str(HERE / "corpus" / target),
        f"-max_total_time={int(seconds)}",
        f"-artifact_prefix={findings}/",
        "-print_final_stats=1",
        "-timeout=10",
        "-rss_limit_mb=2048",
        *extra,
    ]
    atheris.Setup(options, TARGETS[target])
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
