"""Rows of bench/channel.py: the secure channel's calls, bulk payloads and large answers."""

from __future__ import annotations

from dataclasses import replace

from _rows import HIGHER, Figures, Row, find, number, ratio_text, verdict


def channel(text: str) -> Figures:
    figures = Figures()
    for label in ("1 thread", "4 threads"):
        calls = find(rf"^small calls, {label}: ([\d,]+) calls/s", text, label, figures)
        if calls is None:
            continue
        row = Row(f"small-call round trips, {label}, one channel", f"{calls[1]} calls/s")
        if label == "4 threads":
            row = replace(row, target=">= 1,000 calls/s (issue 3)", met=number(calls[1]) >= 1000)
        figures.rows.append(row)
    for pattern, what in (
        (r"new channel: ecdhe \+ tickets \+ first call", "new channel"),
        (r"SRP login \(incl\. PBKDF2 210k\)", "SRP login"),
    ):
        found = find(rf"^({pattern}): median ([\d.]+) ms \(n=(\d+)\)", text, what, figures)
        if found:
            figures.rows.append(Row(f"{found[1]} (median of {found[3]})", f"{found[2]} ms"))
    ours = find(r"^bulk 1 MiB via channel: ([\d,]+) MiB/s", text, "bulk channel", figures)
    plain = find(r"^bulk 1 MiB via plain HTTP POST: ([\d,]+) MiB/s", text, "bulk plain", figures)
    ratio = find(
        r"^bulk ratio channel/plain: (\d+)% \(median of (\d+) interleaved rounds, "
        r"(\d+)%\.\.(\d+)%",
        text,
        "bulk ratio",
        figures,
    )
    bulk = None
    if ours and plain and ratio:
        value = number(ratio[1]) / 100
        bulk = Row(
            f"bulk 1 MiB payloads (ratio: median of {ratio[2]} interleaved rounds, "
            f"{ratio[3]}%..{ratio[4]}%)",
            f"{ours[1]} MiB/s",
            f"plain HTTP POST, same server: {plain[1]} MiB/s",
            value,
            HIGHER,
            ">= 0.70 (issue 3)",
            value >= 0.7,
        )
        figures.rows.append(bulk)
    large = _large_answers(text, figures)
    if large is not None:
        figures.rows.append(large)
    four = next((r for r in figures.rows if "4 threads" in r.figure), None)
    figures.headline = (
        f"secure channel: bulk {bulk.ours if bulk else '?'} = {ratio_text(bulk)} plain "
        f"HTTP POST{verdict(bulk)}; small calls with 4 threads "
        f"{four.ours if four else '?'}{verdict(four)}"
    )
    return figures


def _large_answers(text: str, figures: Figures) -> Row | None:
    ours = find(r"^large answers 8 MiB via channel: ([\d,]+) MiB/s", text, "large", figures)
    plain = find(
        r"^large answers 8 MiB via plain HTTP POST: ([\d,]+) MiB/s", text, "large plain", figures
    )
    ratio = find(
        r"^large-answer ratio channel/plain: (\d+)% \(median of (\d+) interleaved rounds, "
        r"(\d+)%\.\.(\d+)%",
        text,
        "large-answer ratio",
        figures,
    )
    if not (ours and plain and ratio):
        return None
    return Row(
        f"large answers, 8 MiB per call (ratio: median of {ratio[2]} interleaved rounds, "
        f"{ratio[3]}%..{ratio[4]}%)",
        f"{ours[1]} MiB/s",
        f"plain HTTP POST answering the same bytes: {plain[1]} MiB/s",
        number(ratio[1]) / 100,
        HIGHER,
    )
