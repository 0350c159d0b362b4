"""Rows of bench/memory.py: peak RSS of the client and the server during a huge transfer."""

from __future__ import annotations

from _rows import Figures, Row, find, number


def memory(text: str) -> Figures:
    figures = Figures()
    rows: dict[str, Row] = {}
    for verb in ("upload", "download"):
        found = find(
            rf"^memory: {verb} (\d+) MiB at (\d+) MiB/s: client peak RSS (\d+) MB \(growth "
            r"(-?\d+) MB\), server peak RSS (\d+) MB(?: \(growth (-?\d+) MB\))?",
            text,
            f"the {verb}'s peak RSS",
            figures,
        )
        if found is None:
            continue
        upload = verb == "upload"
        rows[verb] = Row(
            f"client peak RSS, {found[1]} MiB {verb} ({found[2]} MiB/s)",
            f"{found[3]} MB, growth {found[4]} MB",
            target="growth <= 60 MB (issue 14)" if upload else "",
            met=number(found[4]) <= 60 if upload else None,
        )
        figures.rows.append(rows[verb])
        growth = f", growth {found[6]} MB" if found[6] is not None else ""
        figures.rows.append(
            Row(f"server peak RSS, {found[1]} MiB {verb}", f"{found[5]} MB{growth}")
        )
    up = rows.get("upload")
    figures.headline = (
        f"memory: {up.figure if up else 'client peak RSS of a huge upload'} "
        f"{up.ours if up else '?'}"
        f"{'' if up is None else (': met' if up.met else ': NOT met')} (target growth <= 60 MB)"
    )
    return figures
