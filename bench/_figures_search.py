"""Rows of bench/search.py: `find` over a 100,000-entry encrypted index."""

from __future__ import annotations

import re

from _rows import LOWER, Figures, Row, find, number

TARGET_MS = 200.0


def search(text: str) -> Figures:
    figures = Figures()
    opened = find(
        r"^search n=(\d+): index file ([\d,]+) B, open ([\d.]+) ms",
        text,
        "opening the index",
        figures,
    )
    if opened is not None:
        figures.rows.append(
            Row(
                f"open the encrypted index, {int(opened[1]):,} entries",
                f"{opened[3]} ms ({int(number(opened[2])) // 1024:,} KiB file)",
            )
        )
    peer = find(
        r"^search n=\d+ peer sqlite LIKE 'invoice': query ([\d.]+) ms",
        text,
        "the SQLite LIKE peer",
        figures,
    )
    pattern = r"^search n=(\d+) (.+?): (\d+) hits, query ([\d.]+) ms, open\+query ([\d.]+) ms"
    queries = list(re.finditer(pattern, text, re.MULTILINE))
    if not queries:
        figures.missing.append("any timed query")
    for found in queries:
        query_ms, whole_ms = number(found[4]), number(found[5])
        with_peer = peer is not None and "invoice" in found[2]
        figures.rows.append(
            Row(
                f"find {found[2]}, {int(found[1]):,} entries ({found[3]} hits)",
                f"query {query_ms} ms; open+query {whole_ms} ms",
                f"SQLite LIKE, in memory: {peer[1]} ms" if with_peer and peer else "no peer",
                query_ms / number(peer[1]) if with_peer and peer else None,
                LOWER if with_peer else "",
                target=f"open+query < {TARGET_MS:.0f} ms (issue 16)",
                met=whole_ms < TARGET_MS,
            )
        )
    return figures
