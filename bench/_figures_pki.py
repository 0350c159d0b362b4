"""Rows of bench/pki.py: key-log lookups, verification and proof sizes."""

from __future__ import annotations

import math
import re

from _rows import Figures, Row, find, verdict


def _pki_size(found: re.Match[str], figures: Figures) -> Row:
    n, rate, inclusion, worst = (int(found[k]) for k in ("n", "rate", "inclusion", "worst"))
    depth = math.ceil(math.log2(n))
    figures.rows.append(
        Row(f"lookup + full verification, log of {n:,} entries", f"{rate:,} lookups/s")
    )
    figures.rows.append(
        Row(
            f"inclusion proof, log of {n:,} entries",
            f"{inclusion} hashes ({inclusion * 32} B)",
            target=f"O(log n) (issue 4): <= ceil(log2 n) = {depth}",
            met=inclusion <= depth,
        )
    )
    figures.rows.append(
        Row(
            f"consistency proof, log of {n:,} entries (sampled worst)",
            f"{worst} hashes",
            target=f"O(log n) (issue 4): <= 2 ceil(log2 n) = {2 * depth}",
            met=worst <= 2 * depth,
        )
    )
    return Row(
        f"{n:,} log entries",
        f"{rate:,} lookups+verifications/s, inclusion proof {inclusion} hashes",
        target=f"<= ceil(log2 n) = {depth}",
        met=inclusion <= depth,
    )


def pki(text: str) -> Figures:
    figures = Figures()
    pattern = (
        r"^pki n=\s*(?P<n>\d+):\s+(?P<rate>\d+) lookups\+verifications/s \| inclusion proof "
        r"(?P<inclusion>\d+) hashes .*?sampled worst (?P<worst>\d+)"
    )
    sizes = [_pki_size(m, figures) for m in re.finditer(pattern, text, re.MULTILINE)]
    if not sizes:
        figures.missing.append("lookups+verifications at any log size")
    for unit, what in (("whois/s", "end to end"), ("lookups/s", "on one warm channel")):
        found = find(
            rf"^pki server:\s+(\d+) {re.escape(unit)} ({re.escape(what)}.*?) \((\d+) in",
            text,
            f"real server {unit} {what}",
            figures,
        )
        if found:
            figures.rows.append(Row(f"real server, {found[2]}", f"{found[1]} {unit}"))
    biggest = sizes[-1] if sizes else None
    figures.headline = (
        f"PKI key log at {biggest.figure if biggest else '?'}: "
        f"{biggest.ours if biggest else '?'}{verdict(biggest)} "
        "(no peer: issue 8 names none for the key log)"
    )
    return figures
