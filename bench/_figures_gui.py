"""Rows of bench/gui_latency.py: the window's event loop during an upload."""

from __future__ import annotations

from _rows import Figures, Row, find, number, verdict


def gui_latency(text: str) -> Figures:
    figures = Figures()
    upload = find(
        r"^gui_latency: upload (\d+) MiB through the real services in ([\d.]+) s "
        r"\((\d+) MiB/s\), (\d+) ticks",
        text,
        "upload",
        figures,
    )
    stall = find(
        r"^gui_latency: event-loop stall worst ([\d.]+) ms, p99 ([\d.]+) ms",
        text,
        "event-loop stall",
        figures,
    )
    if upload:
        figures.rows.append(
            Row(
                f"upload {upload[1]} MiB from the GUI (embedded server)",
                f"{upload[3]} MiB/s ({upload[2]} s, {upload[4]} ticks)",
            )
        )
    worst = None
    if stall:
        worst = Row(
            "event loop: worst stall during the upload",
            f"{stall[1]} ms",
            target="<= 50 ms (issue 14)",
            met=number(stall[1]) <= 50,
        )
        figures.rows.append(worst)
        figures.rows.append(Row("event loop: p99 stall during the upload", f"{stall[2]} ms"))
    figures.headline = (
        f"GUI: worst event-loop stall during a {upload[1] if upload else '?'} MiB upload "
        f"{worst.ours if worst else '?'}{verdict(worst)} (no peer)"
    )
    return figures
