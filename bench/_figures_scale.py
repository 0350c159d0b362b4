"""Rows of bench/scale.py: the shared backend (PostgreSQL + SeaweedFS) beside the embedded
one (SQLite + block files), and 1 vs 3 processes behind nginx."""

from __future__ import annotations

import re

from _rows import HIGHER, Figures, Row, find, number


def scale(text: str) -> Figures:
    figures = Figures()
    rates = {}
    for name in ("sqlite+files", "postgres+seaweedfs"):
        found = find(
            rf"^scale {re.escape(name)}: upload ([\d.]+) MiB/s, download ([\d.]+) MiB/s, "
            r"([\d.]+) small files/s",
            text,
            f"{name} transfer rates",
            figures,
        )
        if found:
            rates[name] = tuple(number(found[i]) for i in (1, 2, 3))
    units = ("MiB/s", "MiB/s", "files/s")
    for index, what in enumerate(("upload", "download", "small files")):
        if len(rates) == 2:
            ours, peer = rates["postgres+seaweedfs"][index], rates["sqlite+files"][index]
            figures.rows.append(
                Row(
                    f"{what}, one process on PostgreSQL + SeaweedFS (peer: SQLite + files)",
                    f"{ours:.1f} {units[index]}",
                    f"{peer:.1f} {units[index]}",
                    ours / peer,
                    HIGHER,
                    target=">= 0.5 (issue 13)",
                    met=ours / peer >= 0.5,
                )
            )
    fleet = {}
    for tag in ("1 process", "3 processes"):
        found = find(
            rf"^scale fleet {tag}: ([\d.]+) MiB/s aggregate upload.*?cpu ms/MiB: (.*)$",
            text,
            f"fleet of {tag}",
            figures,
        )
        if found:
            fleet[tag] = number(found[1])
            figures.rows.append(Row(f"CPU ms per MiB uploaded, {tag}", found[2]))
    if len(fleet) == 2:
        figures.rows.append(
            Row(
                "3 clients uploading through nginx: 3 processes (peer: 1 process)",
                f"{fleet['3 processes']:.1f} MiB/s",
                f"{fleet['1 process']:.1f} MiB/s",
                fleet["3 processes"] / fleet["1 process"],
                HIGHER,
            )
        )
    for name in ("sqlite+files", "postgres+seaweedfs"):
        found = re.search(rf"^scale {re.escape(name)} cpu ms/MiB upload: (.*)$", text, re.M)
        if found:
            figures.rows.append(Row(f"CPU ms per MiB uploaded, one process, {name}", found[1]))
    if len(rates) == 2:
        ratio = rates["postgres+seaweedfs"][0] / rates["sqlite+files"][0]
        figures.headline = f"upload on PostgreSQL + SeaweedFS at {ratio:.2f}× SQLite + files"
    return figures
