"""Suite-wide setup: no screen, no real keyring, no real home directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_SANDBOX_HOME = Path(tempfile.mkdtemp(prefix="privshare-test-home-"))
for _var, _sub in (
    ("HOME", ""),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_CACHE_HOME", ".cache"),
):
    (_SANDBOX_HOME / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_var] = str(_SANDBOX_HOME / _sub)

VECTORS = Path(__file__).parent / "vectors"


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    import benchmark_lines
    import vector_report

    lines = vector_report.summary_lines()
    if lines:
        terminalreporter.section("published test vectors")
        for line in lines:
            terminalreporter.write_line(line)
    if benchmark_lines.lines():
        terminalreporter.section("benchmark lines")
        for line in benchmark_lines.lines():
            terminalreporter.write_line(line)
