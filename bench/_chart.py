"""The chart of docs/performance.md: every measured ratio ours/peer as a bar, drawn as SVG.

One bar per table row that has a peer, grouped by benchmark, on a logarithmic axis
centred on 1 (as fast as the peer). A bar is green when it lies on the side of 1 that
favours Privshare (`better`), red otherwise; the figure's name and the peer are written
beside it. Plain SVG written here: no plotting library is a dependency of the project.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape

from _rows import HIGHER, Row

_LEFT, _BAR_W, _RIGHT = 450, 360, 70  # label column, bar area, ratio column (pixels)
_ROW_H, _HEAD_H, _TOP = 18, 24, 40
_SPAN = 1.5  # decades each side of 1: 0.03x .. 32x
_GOOD, _BAD = "#2e7d32", "#c62828"


def ratio_chart(groups: Sequence[tuple[str, Sequence[Row]]]) -> str:
    """An SVG document of the rows with a ratio, under a heading per (title, rows) group."""
    shown = [(title, [r for r in rows if r.ratio]) for title, rows in groups]
    shown = [(title, rows) for title, rows in shown if rows]
    height = _TOP + sum(_HEAD_H + _ROW_H * len(rows) for _, rows in shown) + 30
    width = _LEFT + _BAR_W + _RIGHT
    one = _LEFT + _BAR_W / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        '<text x="8" y="18" font-size="13" font-weight="bold">Privshare / peer, same run '
        "(log scale; green: Privshare ahead)</text>",
    ]
    for tick in (0.1, 0.3, 0.6, 1, 3, 10):
        x = _x(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{_TOP - 8}" x2="{x:.1f}" y2="{height - 24}" '
            f'stroke="{"#000" if tick == 1 else "#ddd"}" stroke-width="1"/>'
        )
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle">{tick:g}×</text>')
    y = _TOP
    for title, rows in shown:
        parts.append(f'<text x="8" y="{y + 15}" font-weight="bold">{escape(title)}</text>')
        y += _HEAD_H
        for row in rows:
            assert row.ratio is not None
            ahead = row.ratio >= 1 if row.better == HIGHER else row.ratio <= 1
            x = _x(row.ratio)
            start, end = sorted((one, x))
            label = f"{_bare(row.figure)} — vs {_bare(row.peer.split(':')[0])}"
            parts += [
                f'<text x="{_LEFT - 6}" y="{y + 12}" text-anchor="end">'
                f"{escape(_short(label, 70))}</text>",
                f'<rect x="{start:.1f}" y="{y + 3}" width="{max(end - start, 1):.1f}" '
                f'height="{_ROW_H - 6}" fill="{_GOOD if ahead else _BAD}"/>',
                f'<text x="{_LEFT + _BAR_W + 6}" y="{y + 12}">{row.ratio:.2f}×</text>',
            ]
            y += _ROW_H
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _x(ratio: float) -> float:
    decades = max(-_SPAN, min(_SPAN, math.log10(ratio)))
    return _LEFT + _BAR_W / 2 + decades / _SPAN * (_BAR_W / 2)


def _bare(text: str) -> str:
    """`text` without its parenthesised asides."""
    return re.sub(r" \([^)]*\)", "", text)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
