"""Measurements a test reports instead of asserting (wall-clock times on shared machines
are not pass/fail facts), printed in a "benchmark lines" section at the end of the run."""

from __future__ import annotations

_lines: list[str] = []


def note(line: str) -> None:
    _lines.append(line)


def lines() -> list[str]:
    return list(_lines)
