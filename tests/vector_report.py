"""Per-file counts of published test vectors, printed at the end of the run.

A vector test calls `record(source, "pass")` after its assertions hold, or
`record(source, "skip", reason)` (and then `pytest.skip(reason)`) for a case the API
cannot express. Skips are never counted as passes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Literal

_counts: dict[str, Counter[str]] = defaultdict(Counter)
_reasons: dict[str, Counter[str]] = defaultdict(Counter)


def record(source: str, outcome: Literal["pass", "skip"], reason: str = "") -> None:
    _counts[source][outcome] += 1
    if outcome == "skip":
        _reasons[source][reason] += 1


def summary_lines() -> list[str]:
    lines = []
    for source in sorted(_counts):
        c = _counts[source]
        line = f"{source}: {c['pass']} passed, {c['skip']} skipped"
        if _reasons[source]:
            why = "; ".join(f"{n}x {r}" for r, n in _reasons[source].most_common())
            line += f" ({why})"
        lines.append(line)
    return lines
