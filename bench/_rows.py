"""The table rows the bench parsers produce (bench/_figures.py), and their helpers.

Ratios are ours / peer; `better` says which side of 1 favours Privshare. `find` records
an expected line that is absent as missing: never filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HIGHER, LOWER = "> 1", "< 1"  # which ratio favours us: throughput vs time


@dataclass(frozen=True)
class Row:
    figure: str
    ours: str
    peer: str = "no peer measured"
    ratio: float | None = None
    better: str = ""
    target: str = ""
    met: bool | None = None


@dataclass
class Figures:
    rows: list[Row] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    headline: str = ""


def number(text: str) -> float:
    return float(text.replace(",", ""))


def find(pattern: str, text: str, what: str, figures: Figures) -> re.Match[str] | None:
    """The first line matching `pattern`; records `what` as missing when there is none."""
    found = re.search(pattern, text, re.MULTILINE)
    if found is None:
        figures.missing.append(what)
    return found


def ratio_text(row: Row | None) -> str:
    return "?" if row is None or row.ratio is None else f"{row.ratio:.2f}×"


def verdict(row: Row | None) -> str:
    if row is None or row.met is None:
        return ""
    target = re.sub(r" \(issue \d+\)$", "", row.target)
    return f" (target {target}: {'met' if row.met else 'NOT met'})"
